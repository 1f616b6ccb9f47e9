/**
 * Experience replay D of Algorithm 1: a ring buffer of (s, a, c, s') tuples on
 * preallocated typed arrays. Full states are kept (not observations) because
 * the Eq. 19 targets roll the model out from s'.
 */
import type { RandomStream } from './rng';

export class ReplayBuffer {
  readonly states: Float64Array; // [capacity, ns]
  readonly actions: Float64Array; // [capacity, na]
  readonly costs: Float64Array; // [capacity]
  readonly nextStates: Float64Array; // [capacity, ns]
  /** Index the next tuple is written to. */
  ptr = 0;
  /** Tuples held (≤ capacity). */
  size = 0;

  constructor(
    readonly capacity: number,
    readonly stateDim: number,
    readonly actionDim: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`replay capacity must be a positive integer, got ${capacity}`);
    this.states = new Float64Array(capacity * stateDim);
    this.actions = new Float64Array(capacity * actionDim);
    this.costs = new Float64Array(capacity);
    this.nextStates = new Float64Array(capacity * stateDim);
  }

  /** Stores one tuple, overwriting the oldest when full. Rows are read at offset `o`. */
  add(s: Float64Array, so: number, a: Float64Array, ao: number, c: number, s2: Float64Array, s2o: number): void {
    const ns = this.stateDim;
    const na = this.actionDim;
    const i = this.ptr;
    this.states.set(s.subarray(so, so + ns), i * ns);
    this.actions.set(a.subarray(ao, ao + na), i * na);
    this.costs[i] = c;
    this.nextStates.set(s2.subarray(s2o, s2o + ns), i * ns);
    this.ptr = (i + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Writes `k` indices drawn uniformly with replacement into out. */
  sampleIndices(rng: RandomStream, k: number, out: Int32Array): void {
    if (this.size === 0) throw new Error('cannot sample from an empty replay buffer');
    for (let j = 0; j < k; j++) out[j] = rng.int(this.size);
  }
}
