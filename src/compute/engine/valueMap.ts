/**
 * The pendulum's soft value V(θ, θ̇) from a Q-function (a cost-to-go): the
 * soft-min over actions at temperature λ (Eq. 7 with H = 1 and uniform
 * sampling over a grid of torques),
 *   V(s) = −λ log (1/A) Σ_a exp(−Q(s, a)/λ),
 * computed with the log-sum-exp shift by min_a Q so that no exponential
 * overflows. Low V = a good state.
 */
import type { QFunction } from '../../core/qfunction';
import type { TaskSpec } from '../../core/task';
import type { ValueMap } from './protocol';

/** Torques the soft-min runs over, evenly from the lowest to the highest. */
export const VALUE_MAP_TORQUES = 41;
export const THETA_RANGE: readonly [number, number] = [-Math.PI, Math.PI];
export const OMEGA_RANGE: readonly [number, number] = [-8, 8];

const grid = (lo: number, hi: number, n: number, i: number): number => lo + ((hi - lo) * i) / (n - 1);

/** Lets the event loop turn (a worker's heartbeat goes out) between grid rows. */
const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * V on a resolution × resolution grid; rows θ̇, columns θ (task: the pendulum,
 * state [θ, θ̇], one action). One Q forward pass per grid row, with the event
 * loop let through between rows: the whole map is 41³ Q evaluations, seconds
 * on a busy CPU, and a worker silent that long is taken for dead.
 */
export async function pendulumValueMap(
  task: TaskSpec,
  q: QFunction,
  lambda: number,
  resolution: number,
): Promise<ValueMap> {
  if (task.id !== 'pendulum') throw new Error(`the value map is drawn for the pendulum only, not ${task.id}`);
  const A = VALUE_MAP_TORQUES;
  const inDim = task.obsDim + task.actionDim;
  const rows = resolution * A; // one grid row of θ̇: every θ × every torque
  const inputs = new Float32Array(rows * inDim);
  const qOut = new Float64Array(rows);
  const state = new Float64Array(task.stateDim);
  const values = new Float32Array(resolution * resolution);
  const [uLo, uHi] = [task.actionLow[0], task.actionHigh[0]];
  for (let iw = 0; iw < resolution; iw++) {
    if (iw > 0) await turn();
    state[1] = grid(OMEGA_RANGE[0], OMEGA_RANGE[1], resolution, iw);
    for (let ith = 0; ith < resolution; ith++) {
      state[0] = grid(THETA_RANGE[0], THETA_RANGE[1], resolution, ith);
      for (let a = 0; a < A; a++) {
        const o = (ith * A + a) * inDim;
        task.observe(state, 0, inputs, o);
        inputs[o + task.obsDim] = grid(uLo, uHi, A, a);
      }
    }
    q.evaluate(inputs, rows, qOut);
    for (let ith = 0; ith < resolution; ith++) {
      let m = Infinity;
      for (let a = 0; a < A; a++) m = Math.min(m, qOut[ith * A + a]);
      let sum = 0;
      for (let a = 0; a < A; a++) sum += Math.exp(-(qOut[ith * A + a] - m) / lambda);
      values[iw * resolution + ith] = m - lambda * Math.log(sum / A);
    }
  }
  return {
    thetaRange: [THETA_RANGE[0], THETA_RANGE[1]],
    omegaRange: [OMEGA_RANGE[0], OMEGA_RANGE[1]],
    resolution,
    values,
    method: `V = −λ log mean_a exp(−Q(s,a)/λ) over ${A} torques in [${uLo}, ${uHi}] N·m, λ = ${lambda} (log-sum-exp shifted by min_a Q)`,
  };
}
