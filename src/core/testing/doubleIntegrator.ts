/**
 * A task that exists only for tests: a cart of mass m on a frictionless line
 * pushed by a bounded force F, state (x, ẋ), the quadratic cost
 * x² + 0.1·ẋ² + 0.01·F². Its physics has a closed form: under a force held for
 * a time t, x(t) = x₀ + ẋ₀·t + F·t²/(2m) and ẋ(t) = ẋ₀ + F·t/m, which `step`
 * computes exactly (so the result does not depend on the substeps). Tests
 * register it at run time to run a task that is in no list through every layer
 * (the CLI's train and eval, reproduce, the lab engine, the page's fallbacks);
 * a WGSL twin can be added to the GPU layer's table under its id like any task's.
 */
import type { RandomStream } from '../rng';
import type { TaskSpec } from '../task';

/** Control step (s). */
export const DI_DT = 0.1;
/** Substeps per control step: several, to show the exact step composes. */
export const DI_SUBSTEPS = 4;
/** |F| ≤ DI_MAX_FORCE (N). */
export const DI_MAX_FORCE = 1;
/** Success: |x| and |ẋ| both below this at the episode's end. */
export const DI_SUCCESS_TOL = 0.1;

const H = DI_DT / DI_SUBSTEPS;

export const doubleIntegrator: TaskSpec<'double-integrator'> = {
  id: 'double-integrator',
  title: 'Double integrator (test task)',
  label: 'Double integrator',
  doc:
    'A cart of mass m on a frictionless line pushed by a force |F| ≤ 1 N, to be brought to rest at x = 0. ' +
    'Exact zero-order-hold steps: x += ẋ·h + F·h²/(2m), ẋ += F·h/m. The mass is the only parameter (true 1 kg).',
  intro: {
    system: 'A cart on a frictionless rail, pushed left or right by a small motor.',
    goal: 'Bring the cart to rest at the centre of the rail.',
    traced: 'the cart',
    goalMarker: 'the centre of the rail',
  },
  // Not from the paper (the paper has no such task): small settings in its shape, for tests.
  paper: {
    samples: 32,
    sigma: 0.25,
    lambda: 0.1,
    alpha: 0.5,
    gamma: 0.9,
    mpqHorizon: 5,
    longHorizon: 20,
    targetIterations: 1,
    trainEpisodes: 3,
    experiments: ['fig2'],
    fig3Horizons: [1, 5, 20],
    metric: 'return',
  },
  stateDim: 2,
  stateNames: ['x_m', 'v_m_per_s'],
  actionDim: 1,
  actionNames: ['force_N'],
  actionLow: [-DI_MAX_FORCE],
  actionHigh: [DI_MAX_FORCE],
  obsDim: 2,
  obsNames: ['x_m', 'v_m_per_s'],
  controlDtSec: DI_DT,
  substeps: DI_SUBSTEPS,
  episodeSteps: 50,
  paramNames: ['mass_kg'],
  trueParams: [1],
  biased: { low: [0.8], high: [1.5] },
  dr: { low: [0.5], high: [2] },
  costTerms: [
    { name: 'position', doc: 'x² (m²)', weight: 1, range: [0, 5] },
    { name: 'velocity', doc: 'ẋ² ((m/s)²)', weight: 0.1, range: [0, 1] },
    { name: 'force', doc: 'F² (N²)', weight: 0.01, range: [0, 0.1] },
  ],
  successRule: { kind: 'final' },

  step(states, actions, params, paramStride, count) {
    for (let r = 0; r < count; r++) {
      const a = actions[r] / params[r * paramStride];
      let x = states[2 * r];
      let v = states[2 * r + 1];
      for (let k = 0; k < DI_SUBSTEPS; k++) {
        x += v * H + 0.5 * a * H * H;
        v += a * H;
      }
      states[2 * r] = x;
      states[2 * r + 1] = v;
    }
  },

  evalCostTerms(s, so, a, ao, out) {
    out[0] = s[so] * s[so];
    out[1] = s[so + 1] * s[so + 1];
    out[2] = a[ao] * a[ao];
  },

  observe(s, so, out, oo) {
    out[oo] = s[so];
    out[oo + 1] = s[so + 1];
  },

  isSuccess(s, so) {
    return Math.abs(s[so]) < DI_SUCCESS_TOL && Math.abs(s[so + 1]) < DI_SUCCESS_TOL;
  },

  sampleInitialState(rng: RandomStream, out, o) {
    out[o] = rng.uniformIn(-1, 1);
    out[o + 1] = rng.uniformIn(-0.5, 0.5);
  },

  keyPoint(s, so, out) {
    out[0] = s[so];
    out[1] = 0;
    out[2] = 0;
  },
};
