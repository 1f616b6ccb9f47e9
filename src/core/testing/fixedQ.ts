/**
 * Q-functions for core tests without tfjs: an MLP with seeded random weights
 * through the TypeScript forward pass, and a learner around it that records
 * what it is trained on (and does not learn), so tests can compare targets.
 */
import { MlpForward, type DenseWeights } from '../mlp';
import type { QFunction, QLearner } from '../qfunction';
import { keyFromSeed, RandomStream } from '../rng';

/** Dense layers [inputDim, …hidden, 1] with weights uniform in ±1/√fan-in and biases in ±0.1, from `seed`. */
export function randomLayers(inputDim: number, hidden: readonly number[], seed: number): DenseWeights[] {
  const rng = new RandomStream(keyFromSeed(seed));
  const widths = [inputDim, ...hidden, 1];
  return widths.slice(1).map((outDim, i) => {
    const inDim = widths[i];
    const lim = 1 / Math.sqrt(inDim);
    const kernel = Float32Array.from({ length: inDim * outDim }, () => rng.uniformIn(-lim, lim));
    const bias = Float32Array.from({ length: outDim }, () => rng.uniformIn(-0.1, 0.1));
    return { inDim, outDim, kernel, bias };
  });
}

/** A fixed MLP Q-function (TypeScript forward pass) that also hands out its weights. */
export function fixedQ(layers: DenseWeights[], maxRows = 4096): QFunction & { weights(): DenseWeights[] } {
  const mlp = new MlpForward(layers, maxRows);
  return {
    inputDim: layers[0].inDim,
    evaluate: (inputs, count, out) => mlp.forward(inputs, count, out),
    weights: () => layers,
  };
}

/** A learner that keeps Q fixed and records every minibatch's targets; its "loss" is their mean. */
export function recordingLearner(q: QFunction): QLearner & { seen: number[][] } {
  const seen: number[][] = [];
  return {
    inputDim: q.inputDim,
    evaluate: (inputs, count, out) => q.evaluate(inputs, count, out),
    weights: q.weights && (() => q.weights!()),
    seen,
    async trainStep(_inputs, targets, count) {
      const y = Array.from(targets.subarray(0, count));
      seen.push(y);
      return y.reduce((a, b) => a + b, 0) / count;
    },
  };
}
