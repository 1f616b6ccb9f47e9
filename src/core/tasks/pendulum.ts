/**
 * Pendulum swing-up (paper §4.1; the classic gym pendulum, which the authors'
 * MPPI code also uses).
 *
 * A uniform rod of mass m and length l on a motorised hinge, θ = 0 upright:
 *   θ̈ = 3g/(2l)·sin θ + 3/(m l²)·u,  g = 10 m/s², one semi-implicit Euler step of
 *   0.05 s per control step, θ̇ clipped to ±8 rad/s, θ wrapped to [−π, π].
 * m and l are the model-bias parameters: the planner's model draws them from
 * U[0.9, 1.5] (Table 1) while the real pendulum has m = 1 kg, l = 1 m.
 *
 * State  [0] θ (rad)  [1] θ̇ (rad/s)
 * Obs    [0] cos θ  [1] sin θ  [2] θ̇ (rad/s)            (App. B, 3 dims)
 * Params [0] m (kg)  [1] l (m)
 */
import type { RandomStream } from '../rng';
import type { TaskSpec } from '../task';

export const PENDULUM_GRAVITY = 10;
export const PENDULUM_MAX_SPEED = 8;
export const PENDULUM_MAX_TORQUE = 2;
/** Upright tolerance (rad) of the success test. */
export const PENDULUM_UPRIGHT_RAD = 0.3;

/**
 * Wraps an angle to [−π, π): ((x + π) mod 2π) − π with the remainder's sign
 * fixed as `%` leaves it. The division behind `%` is skipped where one
 * subtraction gives the same bits: for y = x + π in [2π, 4π), y − 2π is exact
 * (Sterbenz) and equals y % 2π; in (−2π, 2π), y % 2π is y itself. A physics
 * step moves θ by at most 0.4 rad, so the `%` is never reached there.
 */
export function wrapAngle(x: number): number {
  const twoPi = 2 * Math.PI;
  let y = x + Math.PI;
  if (y >= twoPi) y = y < 2 * twoPi ? y - twoPi : y % twoPi;
  else if (y <= -twoPi) y %= twoPi;
  if (y < 0) y += twoPi;
  return y - Math.PI;
}

/** Mechanical energy (J) of the rod: ½·(m l²/3)·θ̇² + m g (l/2) cos θ. */
export function pendulumEnergy(thetaRad: number, omegaRadPerSec: number, m: number, l: number): number {
  return (
    0.5 * ((m * l * l) / 3) * omegaRadPerSec * omegaRadPerSec + m * PENDULUM_GRAVITY * (l / 2) * Math.cos(thetaRad)
  );
}

const DT = 0.05;

export const pendulum: TaskSpec<'pendulum'> = {
  id: 'pendulum',
  title: 'Pendulum swing-up',
  label: 'Pendulum',
  intro: {
    system:
      'A rod on a motorised hinge. The motor is too weak to lift the rod straight up, so it has to swing back and forth to build up energy first.',
    goal: 'Swing the rod up and keep it balanced upright (θ = 0) for the rest of the episode.',
    traced: 'the tip of the rod',
    goalMarker: 'the upright position',
  },
  paper: {
    samples: 24,
    sigma: 4.0,
    lambda: 0.15,
    alpha: 0.5,
    gamma: 0.9,
    mpqHorizon: 8,
    longHorizon: 32,
    targetIterations: 3,
    trainEpisodes: 50,
    experiments: ['fig2'],
    fig3Horizons: [1, 4, 8, 16, 32],
    // The paper reports the pendulum's returns only (a dense cost).
    metric: 'return',
  },
  doc:
    'A rod on a motorised hinge must be swung up and held upright with a torque too weak to lift it directly. ' +
    'Dynamics θ̈ = 3g/(2l)·sin θ + 3u/(m l²), g = 10, one semi-implicit Euler step of 0.05 s, |θ̇| ≤ 8 (as the gym pendulum). ' +
    'Nothing is simplified from the paper, which also uses these equations. ' +
    'The mass m and length l are the biased parameters: the model draws them from U[0.9, 1.5], the real rod has m = 1 kg, l = 1 m.',
  stateDim: 2,
  stateNames: ['theta_rad', 'omega_rad_per_s'],
  actionDim: 1,
  actionNames: ['torque_Nm'],
  actionLow: [-PENDULUM_MAX_TORQUE],
  actionHigh: [PENDULUM_MAX_TORQUE],
  obsDim: 3,
  obsNames: ['cos_theta', 'sin_theta', 'omega_rad_per_s'],
  controlDtSec: DT,
  substeps: 1,
  episodeSteps: 200,
  paramNames: ['mass_kg', 'length_m'],
  trueParams: [1, 1],
  biased: { low: [0.9, 0.9], high: [1.5, 1.5] },
  dr: { low: [0.5, 0.5], high: [2, 2] },
  costTerms: [
    { name: 'angle', doc: 'θ² (rad²), 0 when upright', weight: 1, range: [0, 5] },
    { name: 'speed', doc: 'θ̇² ((rad/s)²)', weight: 0.1, range: [0, 1] },
  ],
  successRule: { kind: 'allOfLast', steps: 20 },

  step(states, actions, params, paramStride, count) {
    for (let r = 0; r < count; r++) {
      const so = r * 2;
      const po = r * paramStride;
      const m = params[po];
      const l = params[po + 1];
      const th = states[so];
      let u = actions[r];
      u = u < -PENDULUM_MAX_TORQUE ? -PENDULUM_MAX_TORQUE : u > PENDULUM_MAX_TORQUE ? PENDULUM_MAX_TORQUE : u;
      let w = states[so + 1] + (((3 * PENDULUM_GRAVITY) / (2 * l)) * Math.sin(th) + (3 / (m * l * l)) * u) * DT;
      w = w < -PENDULUM_MAX_SPEED ? -PENDULUM_MAX_SPEED : w > PENDULUM_MAX_SPEED ? PENDULUM_MAX_SPEED : w;
      states[so] = wrapAngle(th + w * DT);
      states[so + 1] = w;
    }
  },

  evalCostTerms(s, so, _a, _ao, out) {
    const th = s[so];
    const w = s[so + 1];
    out[0] = th * th;
    out[1] = w * w;
  },

  observe(s, so, out, oo) {
    out[oo] = Math.cos(s[so]);
    out[oo + 1] = Math.sin(s[so]);
    out[oo + 2] = s[so + 1];
  },

  isSuccess(s, so) {
    return Math.abs(s[so]) < PENDULUM_UPRIGHT_RAD;
  },

  sampleInitialState(rng: RandomStream, out, o) {
    out[o] = rng.uniformIn(-Math.PI, Math.PI);
    out[o + 1] = rng.uniformIn(-1, 1);
  },

  keyPoint(s, so, out) {
    // Tip of a 1 m rod in the x–z plane, z up.
    out[0] = Math.sin(s[so]);
    out[1] = 0;
    out[2] = Math.cos(s[so]);
  },
};
