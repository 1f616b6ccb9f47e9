/**
 * The Q-network as tfjs tensor ops, for the GPU planner: the same MLP as
 * TfQNetwork (dense → tanh → dense → tanh → dense) applied to a [rows, obs + na]
 * tensor that never leaves the GPU.
 *
 * For now it holds its own copy of the weights (from TfQNetwork.layers()), to be
 * refreshed after training steps; TfQNetwork keeps its apply() private.
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseWeights } from '../../core/mlp';

/** Q on tensors: [rows, inputDim] → [rows, 1]. */
export interface TensorQ {
  readonly inputDim: number;
  apply(x: tf.Tensor2D): tf.Tensor2D;
}

export class TensorMlp implements TensorQ {
  readonly inputDim: number;
  private readonly kernels: tf.Variable[];
  private readonly biases: tf.Variable[];

  constructor(layers: readonly DenseWeights[]) {
    if (layers.length === 0) throw new Error('TensorMlp needs at least one layer');
    this.inputDim = layers[0].inDim;
    this.kernels = layers.map((l) => tf.variable(tf.tensor2d(l.kernel, [l.inDim, l.outDim]), false));
    this.biases = layers.map((l) => tf.variable(tf.tensor1d(l.bias), false));
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      const L = this.kernels.length;
      for (let i = 0; i < L; i++) {
        h = tf.add(tf.matMul(h, this.kernels[i] as tf.Tensor2D), this.biases[i]);
        if (i < L - 1) h = tf.tanh(h);
      }
      return h;
    });
  }

  /** Replaces the weights in place (same shapes): no tensors are added. */
  setLayers(layers: readonly DenseWeights[]): void {
    if (layers.length !== this.kernels.length) throw new Error(`expected ${this.kernels.length} layers, got ${layers.length}`);
    tf.tidy(() =>
      layers.forEach((l, i) => {
        this.kernels[i].assign(tf.tensor2d(l.kernel, [l.inDim, l.outDim]));
        this.biases[i].assign(tf.tensor1d(l.bias));
      }),
    );
  }

  dispose(): void {
    for (const v of [...this.kernels, ...this.biases]) v.dispose();
  }
}
