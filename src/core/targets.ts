/**
 * Eq. 19 targets for a minibatch, batched: y_i = c_i + γ·F(s'_i), where F is the
 * free energy after K MPPI iterations from s'_i (mean started at zero) with the
 * current Q at the horizon's end. All B problems are rolled out together so the
 * terminal Q is one batched call per iteration.
 */
import { usesQ, type AgentConfig } from './config';
import { PlannerModel } from './model';
import { MppiWorkspace, mppiIteration } from './mppi';
import type { QFunction } from './qfunction';
import type { ReplayBuffer } from './replay';
import { deriveKey, RandomStream, type Key } from './rng';
import type { TaskSpec } from './task';
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

export class TargetGenerator {
  private readonly ws: MppiWorkspace;
  private readonly model: PlannerModel;
  private readonly starts: Float64Array;
  private readonly means: Float64Array;
  private readonly params: Float64Array;
  private readonly fe: Float64Array;
  private readonly weights: Float64Array;
  /** Inputs [B, obsDim + na] = (obs(s), a) of the last minibatch. */
  readonly inputs: Float32Array;
  /** Targets y [B] of the last minibatch. */
  readonly targets: Float32Array;
  /** Free energies F(s') [B] of the last minibatch. */
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
    const { task, cfg } = this;
    const na = task.actionDim;
    gatherMinibatch(task, buffer, indices, B, this.starts, this.inputs);
    this.means.fill(0, 0, B * cfg.mppi.horizon * na);
    const terminal = usesQ(cfg.agent) ? terminalFor(q) : null;
    for (let it = 0; it < this.iterations; it++) {
      const stride = this.model.fill(new RandomStream(deriveKey(key, 1, it)), B, this.params);
      mppiIteration(
        this.ws,
        cfg.mppi,
        this.weights,
        this.starts,
        this.means,
        B,
        this.params,
        stride,
        deriveKey(key, 2, it),
        terminal,
        this.fe,
      );
    }
    for (let b = 0; b < B; b++) {
      const y = buffer.costs[indices[b]] + cfg.mppi.gamma * this.fe[b];
      if (!Number.isFinite(y)) throw new Error(`Eq. 19 target ${b} is not finite (free energy ${this.fe[b]})`);
      this.targets[b] = y;
    }
    return B;
  }
}
