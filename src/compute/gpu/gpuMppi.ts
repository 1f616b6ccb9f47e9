/**
 * MPPI iterations on the GPU (paper Eq. 16–18, 7) for P problems of N samples:
 * the GPU twin of core/mppi.ts's mppiIteration, with the means kept on the GPU
 * between iterations and control steps.
 *
 * Per iteration: one rollout dispatch (every sample's whole horizon; noise and
 * model parameters drawn on the GPU from the iteration's keys), the terminal Q
 * in tfjs on the same device, and three reduction dispatches over the samples
 * (wgslMppi.ts: scores, weigh, finish). Only `readResult` reads back: u_0 and F
 * of each problem. λ, Σ, α, γ, the iteration count, the shift fill, the model's
 * draw and the cost weights change by `setConfig`, `setModel` and
 * `setCostWeights` without new buffers or pipelines; N, H and P are fixed.
 *
 * Shapes: starts [P, ns]; means [P, H, na]; params [P·N, np] (drawn) or [1, np]
 * (fixed); noise [P·N, H, na]; costs, weights [P·N]; qIn [P·N, obsDim + na];
 * paths [P·N, H, 3] (key point x, y, z).
 */
/// <reference types="@webgpu/types" />
import type { ModelDraw } from '../../core/model';
import type { MppiConfig } from '../../core/mppi';
import type { Key } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import { BufferSet, bufferLayout, computePipeline, sharedUsage, type TfWebGpuBridge } from './bridge';
import type { TensorQ } from '../tensorMlp';
import { constsLength, rolloutWgsl, U, UNIFORM_BYTES, updateWgsl, WORKGROUP, type WgslTask } from './wgslMppi';

export interface GpuMppiOptions {
  task: TaskSpec;
  /** The task's WGSL (its dimensions must equal the TaskSpec's). */
  wgsl: WgslTask;
  cfg: MppiConfig;
  /** Problems P planned together (1 for acting). */
  problems: number;
  /** One weight per task cost term. */
  costWeights: ArrayLike<number>;
  /** What the rollouts' model parameters are (core/model.ts's modelDraw). */
  model: ModelDraw;
  /** Terminal Q (MPQ), or null for plain MPPI (running cost at H−1). */
  q: TensorQ | null;
}

/** Everything one iteration left on the GPU, read back for tests. */
export interface GpuSnapshot {
  noise: Float32Array;
  /** Model parameters [P·N, np] (drawn) or [1, np] (fixed). */
  params: Float32Array;
  /** S_n (Eq. 16) after `update`. */
  costs: Float32Array;
  /** [P·N, 3]: running cost (t < H−1), terminal running cost (0 with Q: its term is discLast·qOut), control cost. */
  costSplit: Float32Array;
  weights: Float32Array;
  qIn: Float32Array;
  qOut: Float32Array;
  /** Key point (x, y, z) of s_0 … s_{H−1} [P·N, H, 3]. */
  paths: Float32Array;
  means: Float32Array;
  /** [P, na + 1]: u_0 and F per problem. */
  result: Float32Array;
}

export interface GpuStepResult {
  /** u_0 of each problem after the last iteration [P, na]. */
  actions: Float32Array;
  /** Free energy of each problem's last iteration [P]. */
  freeEnergy: Float32Array;
}

type BufferName =
  | 'uniform'
  | 'consts'
  | 'starts'
  | 'means'
  | 'params'
  | 'noise'
  | 'costs'
  | 'qIn'
  | 'qOut'
  | 'paths'
  | 'weights'
  | 'result'
  | 'part'
  | 'resultStaging';

type Pipes = Record<'rollout' | 'scores' | 'weigh' | 'finish' | 'shift', GPUComputePipeline>;

export class GpuMppi {
  readonly buffers: BufferSet;
  readonly rows: number;
  private readonly task: TaskSpec;
  private cfg: MppiConfig;
  private model: ModelDraw;
  private readonly P: number;
  /** Reduction groups per problem: ceil(N / WORKGROUP). */
  private readonly G: number;
  private readonly q: TensorQ | null;
  private readonly uniformData = new ArrayBuffer(UNIFORM_BYTES);
  private readonly u32 = new Uint32Array(this.uniformData);
  private readonly f32 = new Float32Array(this.uniformData);
  private readonly consts: Float32Array<ArrayBuffer>;
  private readonly b: Record<BufferName, GPUBuffer>;
  private readonly pipes: Pipes;
  private readonly rolloutGroup: GPUBindGroup;
  private readonly updateGroup: GPUBindGroup;
  private reading = false;
  private displayStaging: GPUBuffer | null = null;

  private constructor(
    private readonly bridge: TfWebGpuBridge,
    opts: GpuMppiOptions,
    parts: { buffers: BufferSet; b: GpuMppi['b']; pipes: Pipes; groups: [GPUBindGroup, GPUBindGroup] },
  ) {
    this.task = opts.task;
    this.cfg = { ...opts.cfg };
    this.model = opts.model;
    this.P = opts.problems;
    this.G = Math.ceil(opts.cfg.samples / WORKGROUP);
    this.q = opts.q;
    this.rows = opts.problems * opts.cfg.samples;
    this.buffers = parts.buffers;
    this.b = parts.b;
    this.pipes = parts.pipes;
    [this.rolloutGroup, this.updateGroup] = parts.groups;
    this.consts = new Float32Array(constsLength(opts.wgsl));
    const na = opts.task.actionDim;
    this.consts.set(opts.task.actionLow, 0);
    this.consts.set(opts.task.actionHigh, na);
    this.u32[U.samples] = opts.cfg.samples;
    this.u32[U.horizon] = opts.cfg.horizon;
    this.u32[U.problems] = this.P;
    this.u32[U.hasQ] = this.q ? 1 : 0;
    this.u32[U.groups] = this.G;
    this.setConfig(opts.cfg);
    this.setCostWeights(opts.costWeights);
    this.setModel(opts.model);
  }

  static async create(bridge: TfWebGpuBridge, opts: GpuMppiOptions): Promise<GpuMppi> {
    const { task, wgsl, cfg, problems, q } = opts;
    const dims: [string, number, number][] = [
      ['stateDim', wgsl.stateDim, task.stateDim],
      ['actionDim', wgsl.actionDim, task.actionDim],
      ['obsDim', wgsl.obsDim, task.obsDim],
      ['paramDim', wgsl.paramDim, task.paramNames.length],
      ['costTerms', wgsl.costTerms, task.costTerms.length],
    ];
    for (const [name, g, c] of dims)
      if (g !== c) throw new Error(`the WGSL ${task.id} kernel has ${name} ${g}, the task has ${c}`);
    if (cfg.noiseFilter)
      throw new Error(
        'the GPU planner has no noise filter (MppiConfig.noiseFilter, --noise-filter): filtered noise plans on the CPU',
      );
    if (!Number.isInteger(problems) || problems < 1)
      throw new RangeError(`problems must be an integer ≥ 1, got ${problems}`);
    if (q && q.inputDim !== task.obsDim + task.actionDim)
      throw new Error(`Q takes ${q.inputDim} inputs, the task needs ${task.obsDim + task.actionDim}`);

    const device = bridge.device;
    const N = cfg.samples;
    const H = cfg.horizon;
    const na = task.actionDim;
    const np = task.paramNames.length;
    const rows = problems * N;
    const G = Math.ceil(N / WORKGROUP);
    const F = 4;
    const S = GPUBufferUsage.STORAGE;
    const buffers = new BufferSet(device);
    const b: GpuMppi['b'] = {
      uniform: buffers.create('mppi.uniform', UNIFORM_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
      consts: buffers.create('mppi.consts', constsLength(wgsl) * F, S | GPUBufferUsage.COPY_DST),
      starts: buffers.create('mppi.starts', problems * task.stateDim * F, S | GPUBufferUsage.COPY_DST),
      means: buffers.create('mppi.means', problems * H * na * F, S | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC),
      params: buffers.create('mppi.params', rows * np * F, S | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC),
      noise: buffers.create('mppi.noise', rows * H * na * F, S | GPUBufferUsage.COPY_SRC),
      // S, then its split [rows, 3] (the rollout kernel writes both).
      costs: buffers.create('mppi.costs', rows * 4 * F, S | GPUBufferUsage.COPY_SRC),
      // tfjs wraps qIn without a copy and copies Q into qOut: both need the shared flags.
      qIn: buffers.create('mppi.qIn', rows * (task.obsDim + na) * F, sharedUsage()),
      qOut: buffers.create('mppi.qOut', rows * F, sharedUsage()),
      paths: buffers.create('mppi.paths', rows * H * 3 * F, S | GPUBufferUsage.COPY_SRC),
      weights: buffers.create('mppi.weights', rows * F, S | GPUBufferUsage.COPY_SRC),
      result: buffers.create('mppi.result', problems * (na + 1) * F, S | GPUBufferUsage.COPY_SRC),
      part: buffers.create('mppi.part', problems * G * (2 + H * na) * F, S),
      resultStaging: buffers.create(
        'mppi.resultStaging',
        problems * (na + 1) * F,
        GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      ),
    };
    try {
      const rolloutLayout = bufferLayout(device, 'mppi.rollout', [
        'uniform',
        'read',
        'read',
        'read',
        'storage',
        'storage',
        'storage',
        'storage',
        'storage',
      ]);
      const updateLayout = bufferLayout(device, 'mppi.update', [
        'uniform',
        'read',
        'storage',
        'read',
        'read',
        'storage',
        'storage',
        'storage',
        'storage',
      ]);
      const rl = device.createPipelineLayout({ bindGroupLayouts: [rolloutLayout] });
      const ul = device.createPipelineLayout({ bindGroupLayouts: [updateLayout] });
      const updateCode = updateWgsl(wgsl);
      const [rollout, scores, weigh, finish, shift] = await Promise.all([
        computePipeline(device, `${task.id}.rollout`, rolloutWgsl(wgsl), 'rollout', rl),
        computePipeline(device, 'mppi.scores', updateCode, 'scores', ul),
        computePipeline(device, 'mppi.weigh', updateCode, 'weigh', ul),
        computePipeline(device, 'mppi.finish', updateCode, 'finish', ul),
        computePipeline(device, 'mppi.shift', updateCode, 'shift', ul),
      ]);
      const group = (layout: GPUBindGroupLayout, list: GPUBuffer[]): GPUBindGroup =>
        device.createBindGroup({ layout, entries: list.map((buffer, binding) => ({ binding, resource: { buffer } })) });
      const groups: [GPUBindGroup, GPUBindGroup] = [
        group(rolloutLayout, [b.uniform, b.consts, b.starts, b.means, b.params, b.noise, b.costs, b.qIn, b.paths]),
        group(updateLayout, [b.uniform, b.consts, b.costs, b.qOut, b.noise, b.means, b.weights, b.result, b.part]),
      ];
      const engine = new GpuMppi(bridge, opts, {
        buffers,
        b,
        pipes: { rollout, scores, weigh, finish, shift },
        groups,
      });
      engine.resetMeans();
      return engine;
    } catch (err) {
      buffers.destroyAll();
      throw err;
    }
  }

  /** The MPPI settings the next iteration uses. */
  get config(): Readonly<MppiConfig> {
    return this.cfg;
  }

  /**
   * New λ, Σ, α, γ, iteration count or shift fill, by uniforms (nothing is
   * rebuilt); N and H are the engine's and must not change.
   */
  setConfig(cfg: MppiConfig): void {
    if (cfg.samples !== this.cfg.samples || cfg.horizon !== this.cfg.horizon)
      throw new Error(
        `GpuMppi plans N ${this.cfg.samples}, H ${this.cfg.horizon}; a new N or H needs a new engine (got N ${cfg.samples}, H ${cfg.horizon})`,
      );
    this.cfg = { ...cfg };
    let discLast = 1;
    for (let t = 0; t < cfg.horizon - 1; t++) discLast *= cfg.gamma;
    const { u32, f32 } = this;
    u32[U.shiftRepeat] = cfg.shiftFill === 'repeat' ? 1 : 0;
    f32[U.noiseStd] = Math.sqrt(cfg.sigma);
    f32[U.gamma] = cfg.gamma;
    f32[U.lambda] = cfg.lambda;
    f32[U.alpha] = cfg.alpha;
    f32[U.halfCtl] = (0.5 * cfg.lambda) / cfg.sigma;
    f32[U.discLast] = discLast;
  }

  /** One weight per task cost term. */
  setCostWeights(weights: ArrayLike<number>): void {
    const { task } = this;
    if (weights.length !== task.costTerms.length)
      throw new Error(`expected ${task.costTerms.length} cost weights, got ${weights.length}`);
    this.consts.set(Array.from(weights), 2 * task.actionDim);
    this.bridge.write(this.b.consts, this.consts);
  }

  /** What the model parameters of the next iterations are: a fixed row, or draws in a box. */
  setModel(model: ModelDraw): void {
    const { task } = this;
    const np = task.paramNames.length;
    const o = 2 * task.actionDim + task.costTerms.length;
    if (model.kind === 'fixed') {
      if (model.values.length !== np) throw new Error(`expected ${np} model parameters, got ${model.values.length}`);
      this.bridge.write(this.b.params, Float32Array.from(model.values));
      this.u32[U.paramStride] = 0;
      this.consts.fill(0, o, o + 2 * np);
    } else {
      const { low, high } = model.box;
      if (low.length !== np || high.length !== np)
        throw new Error(`a parameter box needs ${np} low and high values, got ${low.length} and ${high.length}`);
      for (let j = 0; j < np; j++) {
        this.consts[o + j] = low[j];
        this.consts[o + np + j] = high[j] - low[j];
      }
      this.u32[U.paramStride] = np;
    }
    this.model = model;
    this.bridge.write(this.b.consts, this.consts);
  }

  /** Start states [P, ns]. */
  setStarts(starts: Float64Array): void {
    const n = this.P * this.task.stateDim;
    if (starts.length < n) throw new Error(`expected ${n} start values, got ${starts.length}`);
    this.bridge.write(this.b.starts, Float32Array.from(starts.subarray(0, n)));
  }

  /** Mean sequences [P, H, na]. */
  setMeans(means: Float64Array): void {
    const n = this.P * this.cfg.horizon * this.task.actionDim;
    if (means.length < n) throw new Error(`expected ${n} mean values, got ${means.length}`);
    this.bridge.write(this.b.means, Float32Array.from(means.subarray(0, n)));
  }

  resetMeans(): void {
    this.bridge.write(this.b.means, new Float32Array(this.P * this.cfg.horizon * this.task.actionDim));
  }

  /**
   * One MPPI iteration for all P problems: noise from `noiseKey`; the model's
   * parameters (a box draw) from `modelKey`, which is the iteration's key for
   * per-step draws and the episode's (agent.ts's episodeModelKey) for a
   * per-episode ensemble; a fixed model ignores it. `firstRow` places row 0 in a
   * larger batch whose draws these rows take (0 unless planning a slice of one).
   */
  iterate(noiseKey: Key, modelKey: Key, firstRow = 0): void {
    const { u32, model } = this;
    u32[U.key] = noiseKey[0] >>> 0;
    u32[U.key + 1] = noiseKey[1] >>> 0;
    u32[U.modelKey] = modelKey[0] >>> 0;
    u32[U.modelKey + 1] = modelKey[1] >>> 0;
    u32[U.paramRows] = model.kind === 'fixed' ? 0 : model.perEpisode ? this.cfg.samples : 0xffffffff;
    u32[U.firstRow] = firstRow;
    const { bridge, b, pipes } = this;
    bridge.write(b.uniform, this.uniformData);
    const reduce = (enc: GPUCommandEncoder): void => {
      const pass = enc.beginComputePass({ label: 'mppi.reduce' });
      pass.setBindGroup(0, this.updateGroup);
      pass.setPipeline(pipes.scores);
      pass.dispatchWorkgroups(this.G, this.P);
      pass.setPipeline(pipes.weigh);
      pass.dispatchWorkgroups(this.G, this.P);
      pass.setPipeline(pipes.finish);
      const HA = this.cfg.horizon * this.task.actionDim;
      pass.dispatchWorkgroups(Math.ceil(Math.max(this.cfg.samples, HA) / WORKGROUP), this.P);
      pass.end();
    };
    bridge.submit((enc) => {
      const pass = enc.beginComputePass({ label: 'mppi.rollout' });
      pass.setPipeline(pipes.rollout);
      pass.setBindGroup(0, this.rolloutGroup);
      pass.dispatchWorkgroups(Math.ceil(this.rows / WORKGROUP));
      pass.end();
      // Without Q the reductions follow in the same submission.
      if (!this.q) reduce(enc);
    });
    if (this.q) {
      const q = this.q;
      bridge.applyTensor(b.qIn, [this.rows, q.inputDim], (x) => q.apply(x), b.qOut, this.rows * 4);
      bridge.submit(reduce);
    }
  }

  /** Receding horizon: shifts every mean one step (fill per cfg.shiftFill). */
  shift(): void {
    // The shift fill may have changed since the last iteration's uniforms were written.
    this.bridge.write(this.b.uniform, this.uniformData);
    this.bridge.submit((enc) => {
      const pass = enc.beginComputePass({ label: 'mppi.shift' });
      pass.setPipeline(this.pipes.shift);
      pass.setBindGroup(0, this.updateGroup);
      pass.dispatchWorkgroups(Math.ceil((this.P * this.task.actionDim) / WORKGROUP));
      pass.end();
    });
  }

  /** u_0 and F of each problem after the last iteration: the only per-step readback. */
  async readResult(): Promise<GpuStepResult> {
    if (this.reading) throw new Error('readResult is already in flight: await it before the next one');
    this.reading = true;
    try {
      const na = this.task.actionDim;
      const bytes = this.P * (na + 1) * 4;
      const r = new Float32Array(await this.bridge.read(this.b.result, bytes, this.b.resultStaging));
      const actions = new Float32Array(this.P * na);
      const freeEnergy = new Float32Array(this.P);
      for (let p = 0; p < this.P; p++) {
        for (let d = 0; d < na; d++) actions[p * na + d] = r[p * (na + 1) + d];
        freeEnergy[p] = r[p * (na + 1) + na];
      }
      return { actions, freeEnergy };
    } finally {
      this.reading = false;
    }
  }

  /**
   * What the page draws after a control step: the last iteration's key-point
   * paths [rows, H, 3], weights [rows], the (shifted) means [P, H, na], the cost
   * split [rows, 3] and Q [rows], in one
   * copy and one map of a staging buffer that is created on the first call and
   * kept (a frame costs no allocation on the GPU).
   */
  async readDisplay(): Promise<{
    paths: Float32Array;
    weights: Float32Array;
    means: Float32Array;
    costSplit: Float32Array;
    qOut: Float32Array;
  }> {
    const { b } = this;
    const H = this.cfg.horizon;
    const R = this.rows;
    const pathFloats = R * H * 3;
    const meanFloats = this.P * H * this.task.actionDim;
    const floats = pathFloats + R + meanFloats + 3 * R + R;
    this.displayStaging ??= this.buffers.create(
      'mppi.displayStaging',
      floats * 4,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );
    const staging = this.displayStaging;
    const splitAt = pathFloats + R + meanFloats;
    this.bridge.submit((enc) => {
      enc.copyBufferToBuffer(b.paths, 0, staging, 0, pathFloats * 4);
      enc.copyBufferToBuffer(b.weights, 0, staging, pathFloats * 4, R * 4);
      enc.copyBufferToBuffer(b.means, 0, staging, (pathFloats + R) * 4, meanFloats * 4);
      enc.copyBufferToBuffer(b.costs, R * 4, staging, splitAt * 4, 3 * R * 4);
      enc.copyBufferToBuffer(b.qOut, 0, staging, (splitAt + 3 * R) * 4, R * 4);
    });
    await staging.mapAsync(GPUMapMode.READ, 0, floats * 4);
    try {
      const all = new Float32Array(staging.getMappedRange(0, floats * 4).slice(0));
      return {
        paths: all.subarray(0, pathFloats),
        weights: all.subarray(pathFloats, pathFloats + R),
        means: all.subarray(pathFloats + R, splitAt),
        costSplit: all.subarray(splitAt, splitAt + 3 * R),
        qOut: all.subarray(splitAt + 3 * R, floats),
      };
    } finally {
      staging.unmap();
    }
  }

  /** Reads every intermediate buffer (tests and debugging; slow). */
  async snapshot(): Promise<GpuSnapshot> {
    const { b } = this;
    const list = [b.noise, b.costs, b.weights, b.qIn, b.qOut, b.paths, b.means, b.result, b.params] as const;
    const biggest = Math.max(...list.map((x) => x.size));
    const staging = this.buffers.create(
      'mppi.snapshotStaging',
      biggest,
      GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    );
    try {
      const out: Float32Array[] = [];
      for (const src of list) out.push(new Float32Array(await this.bridge.read(src, src.size, staging)));
      const na = this.task.actionDim;
      const np = this.task.paramNames.length;
      const H = this.cfg.horizon;
      const R = this.rows;
      return {
        noise: out[0].subarray(0, R * H * na),
        costs: out[1].subarray(0, R),
        costSplit: out[1].subarray(R, 4 * R),
        weights: out[2].subarray(0, R),
        qIn: out[3].subarray(0, R * (this.task.obsDim + na)),
        qOut: out[4].subarray(0, R),
        paths: out[5].subarray(0, R * H * 3),
        means: out[6].subarray(0, this.P * H * na),
        result: out[7].subarray(0, this.P * (na + 1)),
        params: out[8].subarray(0, this.model.kind === 'fixed' ? np : R * np),
      };
    } finally {
      this.buffers.destroy(staging);
    }
  }

  dispose(): void {
    this.buffers.destroyAll();
  }
}
