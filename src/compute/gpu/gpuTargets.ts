/**
 * Eq. 19 targets on the GPU: the twin of core/targets.ts's TargetGenerator.
 * For a minibatch of B tuples (s, a, c, s′), y = c + γ·F(s′), where F is the
 * free energy of the K-th MPPI iteration from s′ with the mean started at zero
 * and the terminal Q at the horizon's end.
 *
 * All B problems are one GpuMppi of P = maxBatch problems: per iteration one
 * rollout dispatch, the terminal Q in tfjs-webgpu, the reduction dispatches, so
 * a minibatch costs K·3 GPU submissions and one readback of [P, na + 1] floats
 * (u_0 and F per problem; the targets are formed from F on the CPU in float64).
 *
 * Same keys and draws as the CPU TargetGenerator, all made on the GPU: the
 * model's parameters from deriveKey(key, 1, it) (uniform r·np + j for row r, as
 * PlannerModel.fill draws them), the noise from deriveKey(key, 2, it) (index
 * ((p·N + n)·H + t)·na + d, as mppiIteration draws it); a slice of a minibatch
 * (TargetBatch.first) takes the rows the whole minibatch would give it. A batch
 * with B < maxBatch pads the unused problems with copies of problem 0's start
 * (their results are ignored; the padding keeps them finite).
 */
/// <reference types="@webgpu/types" />
import { usesQ, type AgentConfig } from '../../core/config';
import { modelDraw } from '../../core/model';
import type { ReplayBuffer } from '../../core/replay';
import { gatherMinibatch, type TargetBatch } from '../../core/targets';
import { deriveKey, type Key } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import type { TensorQ } from '../tensorMlp';
import type { TfWebGpuBridge } from './bridge';
import { GpuMppi } from './gpuMppi';
import { wgslFor } from './wgslTasks';

export class GpuTargetGenerator {
  private readonly starts: Float64Array;
  private readonly costs: Float64Array;
  private busy = false;
  /** Inputs [B, obsDim + na] = (obs(s), a) of the last minibatch (float32, as the CPU twin's). */
  readonly inputs: Float32Array;
  /** Targets y [B] of the last minibatch. */
  readonly targets: Float32Array;
  /** Free energies F(s′) [B] of the last minibatch (float32 from the GPU). */
  readonly freeEnergies: Float32Array;

  private constructor(
    readonly task: TaskSpec,
    readonly cfg: AgentConfig,
    readonly maxBatch: number,
    readonly iterations: number,
    /** The GPU planner of maxBatch problems (exposed for tests: buffers.count). */
    readonly engine: GpuMppi,
  ) {
    this.starts = new Float64Array(maxBatch * task.stateDim);
    this.costs = new Float64Array(maxBatch);
    this.inputs = new Float32Array(maxBatch * (task.obsDim + task.actionDim));
    this.targets = new Float32Array(maxBatch);
    this.freeEnergies = new Float32Array(maxBatch);
  }

  /**
   * A generator for minibatches of up to `maxBatch` tuples, K = `iterations` MPPI
   * iterations each. `q` is the terminal Q on tensors (MPQ: the current Q; SoftQ:
   * its target network; keep its weights current with TensorMlp.setLayers); it
   * must be given exactly when cfg.agent plans with Q.
   */
  static async create(
    bridge: TfWebGpuBridge,
    task: TaskSpec,
    cfg: AgentConfig,
    maxBatch: number,
    iterations: number,
    q: TensorQ | null,
  ): Promise<GpuTargetGenerator> {
    if (!Number.isInteger(maxBatch) || maxBatch < 1)
      throw new RangeError(`maxBatch must be an integer ≥ 1, got ${maxBatch}`);
    if (!Number.isInteger(iterations) || iterations < 1)
      throw new RangeError(`iterations must be an integer ≥ 1, got ${iterations}`);
    if (usesQ(cfg.agent) !== (q !== null))
      throw new Error(`agent ${cfg.agent} ${usesQ(cfg.agent) ? 'needs' : 'takes no'} terminal Q`);
    const wgsl = wgslFor(task.id);
    if (!wgsl) throw new Error(`the ${task.id} task has no WGSL kernel`);
    const engine = await GpuMppi.create(bridge, {
      task,
      wgsl,
      cfg: cfg.mppi,
      problems: maxBatch,
      costWeights: cfg.costWeights,
      // Targets redraw the model per sample and iteration whatever the acting agent's policy (as TargetGenerator).
      model: modelDraw(task, cfg.model, 'per-sample-per-step', { box: cfg.modelBox, trueParams: cfg.modelTrueParams }),
      q,
    });
    return new GpuTargetGenerator(task, cfg, maxBatch, iterations, engine);
  }

  /**
   * Fills `inputs`, `freeEnergies` and `targets` for the tuples `indices[0..B)` of
   * the buffer with `key` (the CPU twin's keys). Returns B. Throws if a target is
   * not finite. One call at a time: await it before the next.
   */
  async compute(buffer: ReplayBuffer, indices: Int32Array, B: number, key: Key): Promise<number> {
    if (!Number.isInteger(B) || B < 1 || B > this.maxBatch)
      throw new RangeError(`B must be an integer in [1, ${this.maxBatch}], got ${B}`);
    if (indices.length < B) throw new Error(`expected ${B} indices, got ${indices.length}`);
    gatherMinibatch(this.task, buffer, indices, B, this.starts, this.inputs);
    for (let b = 0; b < B; b++) this.costs[b] = buffer.costs[indices[b]];
    await this.computeBatch({ starts: this.starts, costs: this.costs, count: B, key }, this.targets);
    return B;
  }

  /**
   * y_b = c_b + γ·F(s′_b) of a minibatch (or a slice of one) into `targets[0..count)`,
   * F also into `freeEnergies`. Throws if a target is not finite. One call at a time.
   */
  async computeBatch(batch: TargetBatch, targets: Float32Array): Promise<void> {
    const { task, cfg, engine } = this;
    const B = batch.count;
    if (!Number.isInteger(B) || B < 1 || B > this.maxBatch)
      throw new RangeError(`a batch must hold 1 to ${this.maxBatch} tuples, got ${B}`);
    if (this.busy) throw new Error('GpuTargetGenerator is already computing: await it first');
    this.busy = true;
    try {
      const ns = task.stateDim;
      const first = batch.first ?? 0;
      if (batch.starts !== this.starts) this.starts.set(batch.starts.subarray(0, B * ns));
      for (let b = B; b < this.maxBatch; b++) this.starts.copyWithin(b * ns, 0, ns);
      engine.setStarts(this.starts);
      engine.resetMeans();
      for (let it = 0; it < this.iterations; it++) {
        engine.iterate(deriveKey(batch.key, 2, it), deriveKey(batch.key, 1, it), first * cfg.mppi.samples);
      }
      const { freeEnergy } = await engine.readResult();
      for (let b = 0; b < B; b++) {
        const f = freeEnergy[b];
        const y = batch.costs[b] + cfg.mppi.gamma * f;
        if (!Number.isFinite(y)) throw new Error(`Eq. 19 target ${first + b} is not finite (free energy ${f})`);
        this.freeEnergies[b] = f;
        targets[b] = y;
      }
    } finally {
      this.busy = false;
    }
  }

  dispose(): void {
    this.engine.dispose();
  }
}
