/**
 * The soft Q-network of MPQ (paper App. B): an MLP over [obs(s), a] with two
 * hidden layers of 100 tanh units and a linear output, trained with Adam
 * (lr 1e-3) on the mean squared error to Eq. 19 targets. No target network.
 *
 * Training runs in TensorFlow.js; the planner evaluates Q through a plain
 * TypeScript copy of the same weights (core/mlp.ts), refreshed after every
 * step. Weights are initialised from the run's seed (Glorot-uniform kernels,
 * zero biases) so a run is reproducible without tfjs's own random initialisers.
 */
import * as tf from '@tensorflow/tfjs';
import { MlpForward, type DenseWeights } from '../core/mlp';
import { PolyakTarget } from '../core/polyak';
import { TensorMlp } from './tensorMlp';
import type { QLearner } from '../core/qfunction';
import { RandomStream, type Key } from '../core/rng';

export interface QNetworkOptions {
  inputDim: number;
  /** Hidden widths (App. B: [100, 100]). */
  hidden: readonly number[];
  /** Adam learning rate (App. B: 1e-3). */
  learningRate: number;
  /** Seeds the initial weights. */
  initKey: Key;
  /** Most rows one planner call evaluates (sizes the CPU forward's buffers). */
  maxRows?: number;
  /** Keep a Polyak target network with this τ (SoftQ); none when absent (MPQ). */
  targetTau?: number;
}

/** Glorot-uniform kernels and zero biases drawn from `key`. */
export function initialLayers(inputDim: number, hidden: readonly number[], key: Key): DenseWeights[] {
  const rng = new RandomStream(key);
  const widths = [inputDim, ...hidden, 1];
  const layers: DenseWeights[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const inDim = widths[i];
    const outDim = widths[i + 1];
    const limit = Math.sqrt(6 / (inDim + outDim));
    const kernel = new Float32Array(inDim * outDim);
    for (let j = 0; j < kernel.length; j++) kernel[j] = rng.uniformIn(-limit, limit);
    layers.push({ inDim, outDim, kernel, bias: new Float32Array(outDim) });
  }
  return layers;
}

export class TfQNetwork implements QLearner {
  readonly inputDim: number;
  /** The trainable network (also what the GPU planner applies to tensors). */
  readonly net: TensorMlp;
  private optimizer: tf.AdamOptimizer;
  private readonly cpu: MlpForward;
  /** The weights as last read back (what `evaluate` applies). */
  private current: DenseWeights[];
  /** The lagging copy used for SoftQ's targets, when configured. */
  readonly target?: PolyakTarget;
  /** Optimiser steps taken. */
  steps = 0;

  constructor(readonly opts: QNetworkOptions) {
    this.inputDim = opts.inputDim;
    const layers = initialLayers(opts.inputDim, opts.hidden, opts.initKey);
    this.net = new TensorMlp(layers, true);
    this.optimizer = tf.train.adam(opts.learningRate);
    this.cpu = new MlpForward(layers, opts.maxRows ?? 4096);
    this.current = layers;
    if (opts.targetTau !== undefined) this.target = new PolyakTarget(layers, opts.maxRows ?? 4096);
  }

  /** Q through the TypeScript forward pass (what the planner uses). */
  evaluate(inputs: Float32Array, count: number, out: Float64Array): void {
    this.cpu.forward(inputs, count, out);
  }

  /** Q through tfjs (for checks and for the GPU path). */
  async predict(inputs: Float32Array, count: number): Promise<Float32Array> {
    const y = tf.tidy(() =>
      this.net.apply(tf.tensor2d(inputs.subarray(0, count * this.inputDim), [count, this.inputDim])),
    );
    const data = (await y.data()) as Float32Array;
    y.dispose();
    return data;
  }

  async trainStep(inputs: Float32Array, targets: Float32Array, count: number): Promise<number> {
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(targets[i])) throw new Error(`refusing to train on a non-finite target at row ${i}`);
    }
    for (let i = 0; i < count * this.inputDim; i++) {
      if (!Number.isFinite(inputs[i])) throw new Error(`refusing to train on a non-finite input at value ${i}`);
    }
    const loss = tf.tidy((): tf.Scalar => {
      const x = tf.tensor2d(inputs.subarray(0, count * this.inputDim), [count, this.inputDim]);
      const y = tf.tensor2d(targets.subarray(0, count), [count, 1]);
      const l = this.optimizer.minimize(() => tf.losses.meanSquaredError(y, this.net.apply(x)) as tf.Scalar, true);
      if (!l) throw new Error('the optimiser returned no loss');
      return l;
    });
    const value = (await loss.data())[0];
    loss.dispose();
    this.steps++;
    const layers = await this.layers();
    this.current = layers;
    this.cpu.setLayers(layers);
    this.target?.update(layers, this.opts.targetTau!);
    return value;
  }

  /** The weights `evaluate` applies (read back after every step). */
  weights(): readonly DenseWeights[] {
    return this.current;
  }

  /** The current weights as plain arrays. */
  layers(): Promise<DenseWeights[]> {
    return this.net.layers();
  }

  /** Replaces the weights (e.g. loaded from a file); shapes must match. */
  setLayers(layers: readonly DenseWeights[]): void {
    this.net.setLayers(layers);
    this.current = layers.map((l) => ({ ...l, kernel: l.kernel.slice(), bias: l.bias.slice() }));
    this.cpu.setLayers([...layers]);
    this.target?.update(layers, 1);
  }

  /** Adam's step count and moments (first moments, then second, in the variables' order) and the SoftQ target's weights. */
  async trainState(): Promise<QTrainState> {
    // getWeights makes a fresh scalar for the step count (ours to dispose); the moments are Adam's own variables.
    const [iter, ...moments] = await this.optimizer.getWeights();
    const adamIterations = (await iter.tensor.data())[0];
    iter.tensor.dispose();
    return {
      adamIterations,
      moments: await Promise.all(moments.map(async (m) => Float32Array.from(await m.tensor.data()))),
      target: this.target?.weights() ?? null,
    };
  }

  /** Puts back a trainState() of a network of the same shape (after setLayers); throws naming what does not fit. */
  async setTrainState(s: QTrainState): Promise<void> {
    const sizes = [...this.net.kernels, ...this.net.biases].map((v) => v.size);
    if (!Number.isInteger(s.adamIterations) || s.adamIterations < 0)
      throw new Error(`Adam's step count ${s.adamIterations} is not a whole number ≥ 0`);
    if (s.moments.length !== 0 && s.moments.length !== 2 * sizes.length)
      throw new Error(`Adam holds ${s.moments.length} moment arrays, expected 0 or ${2 * sizes.length}`);
    s.moments.forEach((m, i) => {
      if (!(m instanceof Float32Array) || m.length !== sizes[i % sizes.length])
        throw new Error(`Adam moment ${i} has ${m?.length} values, expected ${sizes[i % sizes.length]}`);
      if (!m.every(Number.isFinite)) throw new Error(`Adam moment ${i} holds a non-finite value`);
    });
    if ((s.target === null) !== (this.target === undefined))
      throw new Error(s.target === null ? 'the SoftQ target network is missing' : 'this agent keeps no target network');
    const vars = [...this.net.kernels, ...this.net.biases];
    if (s.target) {
      const k = this.net.kernels;
      if (s.target.length !== k.length)
        throw new Error(`the target network has ${s.target.length} layers, expected ${k.length}`);
      s.target.forEach((l, i) => {
        if (l.kernel.length !== k[i].size || l.bias.length !== this.net.biases[i].size)
          throw new Error(`target layer ${i} is ${l.inDim}×${l.outDim}, expected ${k[i].shape.join('×')}`);
      });
    }
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.opts.learningRate);
    const tensors = [
      { name: 'iter', tensor: tf.scalar(s.adamIterations) },
      ...s.moments.map((m, i) => ({ name: `moment${i}`, tensor: tf.tensor(m, vars[i % vars.length].shape) })),
    ];
    await this.optimizer.setWeights(tensors);
    tensors.forEach((t) => t.tensor.dispose());
    if (s.target) this.target!.update(s.target, 1);
  }

  dispose(): void {
    this.net.dispose();
    this.optimizer.dispose();
  }
}

/** What training has learnt besides the weights: Adam's state and the SoftQ target network. */
export interface QTrainState {
  readonly adamIterations: number;
  readonly moments: readonly Float32Array[];
  readonly target: DenseWeights[] | null;
}
