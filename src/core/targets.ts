/**
 * Eq. 19 targets for a minibatch, batched: y_i = c_i + γ·F(s'_i), where F is the
 * free energy after K MPPI iterations from s'_i (mean started at zero) with the
 * current Q at the horizon's end. All B problems are rolled out together so the
 * terminal Q is one batched call per iteration.
 */
import { usesQ, type AgentConfig } from './config';
import { PlannerModel } from './model';
import { numericsOf } from './numerics';
import { MppiWorkspace, mppiIteration } from './mppi';
import type { QFunction } from './qfunction';
import type { ReplayBuffer } from './replay';
import { deriveKey, RandomStream, type Key } from './rng';
import type { TaskSpec } from './task';
import { WasmQ } from './wasmMlp';
import { terminalFor } from './agent';

/**
 * Copies the minibatch's next states s′ into `starts` [B, ns] and writes the
 * Q-network inputs (observation of s, then a) into `inputs` [B, obsDim + na].
 */
export function gatherMinibatch(
  task: TaskSpec,
  buffer: ReplayBuffer,
  indices: Int32Array,
  B: number,
  starts: Float64Array | Float32Array,
  inputs: Float32Array,
): void {
  const ns = task.stateDim;
  const na = task.actionDim;
  const inDim = task.obsDim + na;
  for (let b = 0; b < B; b++) {
    const i = indices[b];
    starts.set(buffer.nextStates.subarray(i * ns, (i + 1) * ns), b * ns);
    task.observe(buffer.states, i * ns, inputs, b * inDim);
    for (let d = 0; d < na; d++) inputs[b * inDim + task.obsDim + d] = buffer.actions[i * na + d];
  }
}

/**
 * One minibatch of Eq. 19 problems (or a slice of one): the next states s′ and
 * running costs c of its tuples, and the key of its random draws.
 */
export interface TargetBatch {
  /** Next states s′ [count, stateDim]. */
  readonly starts: Float64Array;
  /** Running costs c [count]. */
  readonly costs: Float64Array;
  /** Tuples in the batch. */
  readonly count: number;
  /** The minibatch's key: model parameters from deriveKey(key, 1, it), noise from deriveKey(key, 2, it). */
  readonly key: Key;
  /**
   * Index of the first tuple within its minibatch (default 0). A slice draws
   * exactly what the whole minibatch draws for its tuples, so targets do not
   * depend on how a minibatch is split.
   */
  readonly first?: number;
}

/**
 * Where a Trainer's Eq. 19 targets are computed: on this thread
 * (TargetGenerator), in a pool of workers, or on the GPU. A source may finish
 * asynchronously; the Trainer awaits it before the Adam step.
 */
export interface TargetSource {
  /**
   * Writes y_b = c_b + γ·F(s′_b) for b < batch.count into targets[0..count), with
   * `q` at the horizon's end (MPQ: the current Q; SoftQ: its target network).
   * Throws (or rejects) if a target is not finite.
   */
  compute(batch: TargetBatch, q: QFunction, targets: Float32Array): void | Promise<void>;
  /** Releases what the source holds (workers, GPU buffers); the source is not used afterwards. */
  dispose(): void;
}

/** Makes the target source of a run: minibatches of up to `maxBatch` tuples, `iterations` MPPI iterations each. */
export type TargetSourceFactory = (
  task: TaskSpec,
  cfg: AgentConfig,
  maxBatch: number,
  iterations: number,
) => TargetSource;

/** Eq. 19 targets on this thread, in TypeScript (behind the default target source, `localTargets`). */
export class TargetGenerator {
  private readonly ws: MppiWorkspace;
  private readonly model: PlannerModel;
  private readonly starts: Float64Array;
  private readonly costs: Float64Array;
  private readonly means: Float64Array;
  private readonly params: Float64Array;
  private readonly fe: Float64Array;
  private readonly weights: Float64Array;
  /** Numerics 'v2''s terminal Q (its weights reloaded when they change). */
  private readonly wasmQ = new WasmQ();
  /** Inputs [B, obsDim + na] = (obs(s), a) of the last minibatch given to `compute`. */
  readonly inputs: Float32Array;
  /** Targets y [B] of the last minibatch given to `compute`. */
  readonly targets: Float32Array;
  /** Free energies F(s') [B] of the last batch. */
  readonly freeEnergies: Float64Array;

  constructor(
    readonly task: TaskSpec,
    readonly cfg: AgentConfig,
    readonly maxBatch: number,
    readonly iterations: number,
  ) {
    const { samples, horizon } = cfg.mppi;
    this.ws = new MppiWorkspace(task, samples, horizon, maxBatch);
    this.model = new PlannerModel(task, cfg.model, 'per-sample-per-step', samples, {
      box: cfg.modelBox,
      trueParams: cfg.modelTrueParams,
    });
    this.starts = new Float64Array(maxBatch * task.stateDim);
    this.costs = new Float64Array(maxBatch);
    this.means = new Float64Array(maxBatch * horizon * task.actionDim);
    this.params = new Float64Array(maxBatch * samples * task.paramNames.length);
    this.fe = new Float64Array(maxBatch);
    this.weights = Float64Array.from(cfg.costWeights);
    this.inputs = new Float32Array(maxBatch * (task.obsDim + task.actionDim));
    this.targets = new Float32Array(maxBatch);
    this.freeEnergies = this.fe;
  }

  /**
   * Fills `inputs` and `targets` for the tuples `indices[0..B)` of the buffer,
   * using `q` at the horizon's end (MPQ: the current Q; SoftQ: its target network). Returns B. Throws if a target is not finite
   * (nothing non-finite may reach the network).
   */
  compute(buffer: ReplayBuffer, indices: Int32Array, B: number, key: Key, q: QFunction): number {
    gatherMinibatch(this.task, buffer, indices, B, this.starts, this.inputs);
    for (let b = 0; b < B; b++) this.costs[b] = buffer.costs[indices[b]];
    this.computeBatch({ starts: this.starts, costs: this.costs, count: B, key }, q, this.targets);
    return B;
  }

  /** Targets of a batch (or a slice of one) into `targets` (TargetSource.compute, synchronously). */
  computeBatch(batch: TargetBatch, q: QFunction, targets: Float32Array): void {
    const { task, cfg } = this;
    const B = batch.count;
    if (B > this.maxBatch) throw new Error(`a batch of ${B} tuples exceeds this generator's ${this.maxBatch}`);
    const first = batch.first ?? 0;
    const { samples: N, horizon: H } = cfg.mppi;
    this.means.fill(0, 0, B * H * task.actionDim);
    const numerics = numericsOf(cfg);
    const terminal = usesQ(cfg.agent) ? terminalFor(q, numerics, this.wasmQ) : null;
    for (let it = 0; it < this.iterations; it++) {
      // The slice's rows start at row first·N of the minibatch's parameter stream.
      const paramRng = new RandomStream(deriveKey(batch.key, 1, it), first * N * this.model.paramDim);
      const stride = this.model.fill(paramRng, B, this.params);
      mppiIteration(
        this.ws,
        cfg.mppi,
        this.weights,
        batch.starts,
        this.means,
        B,
        this.params,
        stride,
        deriveKey(batch.key, 2, it),
        terminal,
        this.fe,
        { firstProblem: first, numerics },
      );
    }
    for (let b = 0; b < B; b++) {
      const y = batch.costs[b] + cfg.mppi.gamma * this.fe[b];
      if (!Number.isFinite(y)) throw new Error(`Eq. 19 target ${first + b} is not finite (free energy ${this.fe[b]})`);
      targets[b] = y;
    }
  }
}

/** The default target source: a TargetGenerator on this thread. */
export const localTargets: TargetSourceFactory = (task, cfg, maxBatch, iterations) => {
  const gen = new TargetGenerator(task, cfg, maxBatch, iterations);
  return { compute: (batch, q, targets) => gen.computeBatch(batch, q, targets), dispose: () => {} };
};
