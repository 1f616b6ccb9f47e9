/**
 * What the core needs of a Q-function (a cost-to-go, lower is better). The core
 * never sees tfjs: the compute layer implements these.
 */

import type { DenseWeights } from './mlp';

/** Q(s, a) for rows of [observation, action]. */
export interface QFunction {
  /** Input width: obsDim + actionDim. */
  readonly inputDim: number;
  /** Writes Q of `count` rows of `inputs` ([count, inputDim]) into out[0..count). Synchronous. */
  evaluate(inputs: Float32Array, count: number, out: Float64Array): void;
  /**
   * The MLP weights `evaluate` applies now, for whatever evaluates Q elsewhere
   * (numerics 'v2''s WebAssembly pass, a worker pool, the GPU); absent where
   * there are none to hand out. The same arrays until the weights change and
   * new ones after, so a copy can be kept by identity. Callers must not modify them.
   */
  weights?(): readonly DenseWeights[];
}

/** A Q-function that can also learn. */
export interface QLearner extends QFunction {
  /** A lagging copy used for targets (SoftQ); absent when targets use the current Q (MPQ has no target network). */
  readonly target?: QFunction;
  /** One optimiser step on the mean squared error to `targets`; resolves to the loss before the step. */
  trainStep(inputs: Float32Array, targets: Float32Array, count: number): Promise<number>;
  /** Replaces the weights (shapes must match); Alg. 1 line 9's best-on-validation θ is put back with it. */
  setLayers?(layers: readonly DenseWeights[]): void;
}
