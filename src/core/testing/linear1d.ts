/**
 * A one-dimensional linear system for tests with known answers:
 * x' = x + u·dt, cost q·x² (no action cost), wide action bounds.
 * Not registered as a task.
 */
import type { TaskSpec } from '../task';

export function linear1d(dt = 0.1, q = 1, bound = 100): TaskSpec {
  return {
    id: 'linear1d',
    title: 'linear 1-D (test)',
    label: 'Linear 1-D',
    doc: 'x′ = x + u·dt, cost q·x².',
    intro: {
      system: 'A point on a line moved by its velocity.',
      goal: 'Reach x = 0.',
      traced: 'the point',
      goalMarker: 'x = 0',
    },
    paper: {
      samples: 64,
      sigma: 1,
      lambda: 1,
      alpha: 1,
      gamma: 1,
      mpqHorizon: 4,
      longHorizon: 8,
      targetIterations: 1,
      trainEpisodes: 1,
      experiments: [],
      fig3Horizons: [1],
      metric: 'return',
    },
    stateDim: 1,
    stateNames: ['x_m'],
    actionDim: 1,
    actionNames: ['u_m_per_s'],
    actionLow: [-bound],
    actionHigh: [bound],
    obsDim: 1,
    obsNames: ['x_m'],
    controlDtSec: dt,
    substeps: 1,
    episodeSteps: 10,
    paramNames: ['gain'],
    trueParams: [1],
    biased: { low: [1], high: [1] },
    dr: { low: [1], high: [1] },
    costTerms: [{ name: 'x2', doc: 'x² (m²)', weight: q, range: [0, 10] }],
    successRule: { kind: 'final' },
    step(states, actions, params, stride, count) {
      for (let r = 0; r < count; r++) states[r] += params[r * stride] * actions[r] * dt;
    },
    evalCostTerms(s, so, _a, _ao, out) {
      out[0] = s[so] * s[so];
    },
    observe(s, so, out, oo) {
      out[oo] = s[so];
    },
    isSuccess(s, so) {
      return Math.abs(s[so]) < 0.05;
    },
    sampleInitialState(rng, out, o) {
      out[o] = rng.uniformIn(-1, 1);
    },
    keyPoint(s, so, out) {
      out[0] = s[so];
      out[1] = 0;
      out[2] = 0;
    },
  };
}
