/**
 * The Q-network's MLP as tfjs tensor ops (dense → tanh → … → linear) over
 * variables: used by TfQNetwork for training and by the GPU planner on tensors
 * that never leave the GPU.
 */
import * as tf from '@tensorflow/tfjs';
import type { DenseWeights } from '../core/mlp';

/** Q on tensors: [rows, inputDim] → [rows, 1]. */
export interface TensorQ {
  readonly inputDim: number;
  apply(x: tf.Tensor2D): tf.Tensor2D;
}

export class TensorMlp implements TensorQ {
  readonly inputDim: number;
  readonly kernels: tf.Variable[];
  readonly biases: tf.Variable[];

  /** `trainable` variables are what an optimiser's minimize() updates. */
  constructor(layers: readonly DenseWeights[], trainable = false) {
    if (layers.length === 0) throw new Error('TensorMlp needs at least one layer');
    this.inputDim = layers[0].inDim;
    // In a tidy: the initial values are copied into the variables and freed (variables outlive a tidy).
    this.kernels = layers.map((l) => tf.tidy(() => tf.variable(tf.tensor2d(l.kernel, [l.inDim, l.outDim]), trainable)));
    this.biases = layers.map((l) => tf.tidy(() => tf.variable(tf.tensor1d(l.bias), trainable)));
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

  /** The current weights as plain arrays. */
  async layers(): Promise<DenseWeights[]> {
    const out: DenseWeights[] = [];
    for (let i = 0; i < this.kernels.length; i++) {
      const [inDim, outDim] = this.kernels[i].shape;
      out.push({
        inDim,
        outDim,
        kernel: (await this.kernels[i].data()) as Float32Array,
        bias: (await this.biases[i].data()) as Float32Array,
      });
    }
    return out;
  }

  /** Replaces the weights in place (same shapes): no tensors are added. */
  setLayers(layers: readonly DenseWeights[]): void {
    if (layers.length !== this.kernels.length)
      throw new Error(`expected ${this.kernels.length} layers, got ${layers.length}`);
    layers.forEach((l, i) => {
      const [inDim, outDim] = this.kernels[i].shape;
      if (l.inDim !== inDim || l.outDim !== outDim)
        throw new Error(`layer ${i} is ${l.inDim}×${l.outDim}, expected ${inDim}×${outDim}`);
    });
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
