/**
 * core/tasks/pendulum.ts in WGSL for the rollout kernel (see WgslTask).
 * State [θ (rad), θ̇ (rad/s)], action [u (N m)], params [m (kg), l (m)],
 * obs [cos θ, sin θ, θ̇], key point (x, y, z) = (sin θ, 0, cos θ): the tip of a 1 m rod.
 */
import { pendulum, PENDULUM_GRAVITY, PENDULUM_MAX_SPEED, PENDULUM_MAX_TORQUE } from '../../core/tasks/pendulum';
import { wgslFloat as f, type WgslTask } from './wgslMppi';

export const pendulumWgsl: WgslTask = {
  stateDim: pendulum.stateDim,
  actionDim: pendulum.actionDim,
  obsDim: pendulum.obsDim,
  paramDim: pendulum.paramNames.length,
  costTerms: pendulum.costTerms.length,
  wgsl: /* wgsl */ `
const PEND_G: f32 = ${f(PENDULUM_GRAVITY)};
const PEND_DT: f32 = ${f(pendulum.controlDtSec)};
const PEND_MAX_SPEED: f32 = ${f(PENDULUM_MAX_SPEED)};
const PEND_MAX_TORQUE: f32 = ${f(PENDULUM_MAX_TORQUE)};

// wrapAngle: to [−π, π).
fn pend_wrap(x: f32) -> f32 {
  var y = x + MPQ_PI;
  y = y - MPQ_TWO_PI * floor(y / MPQ_TWO_PI);
  return y - MPQ_PI;
}

// One semi-implicit Euler step: θ̈ = 3g/(2l)·sin θ + 3/(m l²)·u, |θ̇| ≤ 8.
fn task_step(s: ptr<function, array<f32, 2>>, a: ptr<function, array<f32, 1>>, po: u32) {
  let m = params[po];
  let l = params[po + 1u];
  let th = (*s)[0];
  let u = clamp((*a)[0], -PEND_MAX_TORQUE, PEND_MAX_TORQUE);
  var w = (*s)[1] + ((3.0 * PEND_G) / (2.0 * l) * mpq_sincos(th).x + (3.0 / (m * l * l)) * u) * PEND_DT;
  w = clamp(w, -PEND_MAX_SPEED, PEND_MAX_SPEED);
  (*s)[0] = pend_wrap(th + w * PEND_DT);
  (*s)[1] = w;
}

// angle θ² and speed θ̇² terms.
fn task_running_cost(s: ptr<function, array<f32, 2>>, a: ptr<function, array<f32, 1>>) -> f32 {
  let th = (*s)[0];
  let w = (*s)[1];
  return cost_weight(0u) * (th * th) + cost_weight(1u) * (w * w);
}

fn task_observe(s: ptr<function, array<f32, 2>>, o: u32) {
  let sc = mpq_sincos((*s)[0]);
  qIn[o] = sc.y;
  qIn[o + 1u] = sc.x;
  qIn[o + 2u] = (*s)[1];
}

fn task_key_point(s: ptr<function, array<f32, 2>>) -> vec3<f32> {
  let sc = mpq_sincos((*s)[0]);
  return vec3<f32>(sc.x, 0.0, sc.y);
}
`,
};
