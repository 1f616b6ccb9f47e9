/**
 * The WGSL twin of the test-only double integrator (core/testing/doubleIntegrator.ts),
 * for the rollout kernel (see WgslTask): state [x (m), ẋ (m/s)], action [F (N)],
 * params [m (kg)], obs [x, ẋ], key point (x, 0, 0). Test-only like its task: the
 * GPU parity page registers both at run time, to show that a task added to the
 * registry plans on the GPU path once it has a twin.
 */
import { wgslFloat as f, type WgslTask } from '../compute/gpu/wgslMppi';
import { DI_DT, DI_SUBSTEPS, doubleIntegrator } from '../core/testing/doubleIntegrator';

export const doubleIntegratorWgsl: WgslTask = {
  stateDim: doubleIntegrator.stateDim,
  actionDim: doubleIntegrator.actionDim,
  obsDim: doubleIntegrator.obsDim,
  paramDim: doubleIntegrator.paramNames.length,
  costTerms: doubleIntegrator.costTerms.length,
  wgsl: /* wgsl */ `
const DI_H: f32 = ${f(DI_DT / DI_SUBSTEPS)};
const DI_SUBSTEPS: u32 = ${DI_SUBSTEPS}u;

// Exact zero-order hold over each substep: x += ẋ·h + ½(F/m)·h², ẋ += (F/m)·h.
fn task_step(s: ptr<function, array<f32, 2>>, a: ptr<function, array<f32, 1>>, po: u32) {
  let acc = (*a)[0] / params[po];
  var x = (*s)[0];
  var v = (*s)[1];
  for (var k = 0u; k < DI_SUBSTEPS; k++) {
    x = x + v * DI_H + 0.5 * acc * DI_H * DI_H;
    v = v + acc * DI_H;
  }
  (*s)[0] = x;
  (*s)[1] = v;
}

// position x², velocity ẋ², force F² terms.
fn task_running_cost(s: ptr<function, array<f32, 2>>, a: ptr<function, array<f32, 1>>) -> f32 {
  let x = (*s)[0];
  let v = (*s)[1];
  let u = (*a)[0];
  return cost_weight(0u) * (x * x) + cost_weight(1u) * (v * v) + cost_weight(2u) * (u * u);
}

fn task_observe(s: ptr<function, array<f32, 2>>, o: u32) {
  qIn[o] = (*s)[0];
  qIn[o + 1u] = (*s)[1];
}

fn task_key_point(s: ptr<function, array<f32, 2>>) -> vec3<f32> {
  return vec3<f32>((*s)[0], 0.0, 0.0);
}
`,
};
