/**
 * MPPI iterations on the GPU (paper Eq. 16–18, 7) for P problems of N samples:
 * the GPU twin of core/mppi.ts's mppiIteration, with the means kept on the GPU
 * between iterations and control steps.
 *
 * Per iteration: one rollout dispatch (every sample's whole horizon, noise drawn
 * on the GPU from the iteration's key), the terminal Q in tfjs on the same
 * device, one update dispatch (weights, free energy, mean update). Only
 * `readResult` reads back: u_0 and F of each problem.
 *
 * Shapes: starts [P, ns]; means [P, H, na]; params [P·N, np] or one row;
 * noise [P·N, H, na]; costs, weights [P·N]; qIn [P·N, obsDim + na]; paths [P·N, H, 3] (key point x, y, z).
 */
/// <reference types="@webgpu/types" />
import type { MppiConfig } from '../../core/mppi';
import type { Key } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import { BufferSet, bufferLayout, computePipeline, sharedUsage, type TfWebGpuBridge } from './bridge';
import type { TensorQ } from '../tensorMlp';
import { rolloutWgsl, UNIFORM_BYTES, updateWgsl, WORKGROUP, type WgslTask } from './wgslMppi';

export interface GpuMppiOptions {
  task: TaskSpec;
  /** The task's WGSL (its dimensions must equal the TaskSpec's). */
  wgsl: WgslTask;
  cfg: MppiConfig;
  /** Problems P planned together (1 for acting). */
  problems: number;
  /** One weight per task cost term. */
  costWeights: ArrayLike<number>;
  /** Terminal Q (MPQ), or null for plain MPPI (running cost at H−1). */
  q: TensorQ | null;
}

/** Everything one iteration left on the GPU, read back for tests. */
export interface GpuSnapshot {
  noise: Float32Array;
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

export class GpuMppi {
  readonly buffers: BufferSet;
  readonly rows: number;
  private readonly task: TaskSpec;
  private readonly cfg: MppiConfig;
  private readonly P: number;
  private readonly q: TensorQ | null;
  private readonly uniformData = new ArrayBuffer(UNIFORM_BYTES);
  private readonly paramsF32: Float32Array<ArrayBuffer>;
  private readonly b: Record<
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
    | 'resultStaging',
    GPUBuffer
  >;
  private readonly rolloutPipe: GPUComputePipeline;
  private readonly updatePipe: GPUComputePipeline;
  private readonly shiftPipe: GPUComputePipeline;
  private readonly rolloutGroup: GPUBindGroup;
  private readonly updateGroup: GPUBindGroup;
  private reading = false;
  private displayStaging: GPUBuffer | null = null;

  private constructor(
    private readonly bridge: TfWebGpuBridge,
    opts: GpuMppiOptions,
    parts: {
      buffers: BufferSet;
      b: GpuMppi['b'];
      pipes: [GPUComputePipeline, GPUComputePipeline, GPUComputePipeline];
      groups: [GPUBindGroup, GPUBindGroup];
    },
  ) {
    this.task = opts.task;
    this.cfg = opts.cfg;
    this.P = opts.problems;
    this.q = opts.q;
    this.rows = opts.problems * opts.cfg.samples;
    this.buffers = parts.buffers;
    this.b = parts.b;
    [this.rolloutPipe, this.updatePipe, this.shiftPipe] = parts.pipes;
    [this.rolloutGroup, this.updateGroup] = parts.groups;
    this.paramsF32 = new Float32Array(this.rows * opts.task.paramNames.length);
    this.initUniforms();
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
    if (!Number.isInteger(problems) || problems < 1)
      throw new RangeError(`problems must be an integer ≥ 1, got ${problems}`);
    if (opts.costWeights.length !== task.costTerms.length)
      throw new Error(`expected ${task.costTerms.length} cost weights, got ${opts.costWeights.length}`);
    if (q && q.inputDim !== task.obsDim + task.actionDim)
      throw new Error(`Q takes ${q.inputDim} inputs, the task needs ${task.obsDim + task.actionDim}`);

    const device = bridge.device;
    const N = cfg.samples;
    const H = cfg.horizon;
    const na = task.actionDim;
    const rows = problems * N;
    const F = 4;
    const S = GPUBufferUsage.STORAGE;
    const buffers = new BufferSet(device);
    const b: GpuMppi['b'] = {
      uniform: buffers.create('mppi.uniform', UNIFORM_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
      consts: buffers.create('mppi.consts', (2 * na + task.costTerms.length) * F, S | GPUBufferUsage.COPY_DST),
      starts: buffers.create('mppi.starts', problems * task.stateDim * F, S | GPUBufferUsage.COPY_DST),
      means: buffers.create('mppi.means', problems * H * na * F, S | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC),
      params: buffers.create('mppi.params', rows * task.paramNames.length * F, S | GPUBufferUsage.COPY_DST),
      noise: buffers.create('mppi.noise', rows * H * na * F, S | GPUBufferUsage.COPY_SRC),
      // S, then its split [rows, 3] (the rollout kernel writes both).
      costs: buffers.create('mppi.costs', rows * 4 * F, S | GPUBufferUsage.COPY_SRC),
      // tfjs wraps qIn without a copy and copies Q into qOut: both need the shared flags.
      qIn: buffers.create('mppi.qIn', rows * (task.obsDim + na) * F, sharedUsage()),
      qOut: buffers.create('mppi.qOut', rows * F, sharedUsage()),
      paths: buffers.create('mppi.paths', rows * H * 3 * F, S | GPUBufferUsage.COPY_SRC),
      weights: buffers.create('mppi.weights', rows * F, S | GPUBufferUsage.COPY_SRC),
      result: buffers.create('mppi.result', problems * (na + 1) * F, S | GPUBufferUsage.COPY_SRC),
      resultStaging: buffers.create(
        'mppi.resultStaging',
        problems * (na + 1) * F,
        GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      ),
    };
    try {
      const consts = new Float32Array([...task.actionLow, ...task.actionHigh, ...Array.from(opts.costWeights)]);
      bridge.write(b.consts, consts);
      const rolloutLayout = bufferLayout(device, 'mppi.rollout', [
        'uniform',
        'read',
        'read',
        'read',
        'read',
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
      ]);
      const rl = device.createPipelineLayout({ bindGroupLayouts: [rolloutLayout] });
      const ul = device.createPipelineLayout({ bindGroupLayouts: [updateLayout] });
      const rolloutCode = rolloutWgsl(wgsl);
      const updateCode = updateWgsl(wgsl);
      const pipes = await Promise.all([
        computePipeline(device, `${task.id}.rollout`, rolloutCode, 'rollout', rl),
        computePipeline(device, 'mppi.update', updateCode, 'update', ul),
        computePipeline(device, 'mppi.shift', updateCode, 'shift', ul),
      ]);
      const group = (layout: GPUBindGroupLayout, list: GPUBuffer[]): GPUBindGroup =>
        device.createBindGroup({ layout, entries: list.map((buffer, binding) => ({ binding, resource: { buffer } })) });
      const groups: [GPUBindGroup, GPUBindGroup] = [
        group(rolloutLayout, [b.uniform, b.consts, b.starts, b.means, b.params, b.noise, b.costs, b.qIn, b.paths]),
        group(updateLayout, [b.uniform, b.consts, b.costs, b.qOut, b.noise, b.means, b.weights, b.result]),
      ];
      const engine = new GpuMppi(bridge, opts, {
        buffers,
        b,
        pipes: pipes as [GPUComputePipeline, GPUComputePipeline, GPUComputePipeline],
        groups,
      });
      engine.resetMeans();
      return engine;
    } catch (err) {
      buffers.destroyAll();
      throw err;
    }
  }

  private initUniforms(): void {
    const { cfg } = this;
    const u32 = new Uint32Array(this.uniformData);
    const f32 = new Float32Array(this.uniformData);
    let discLast = 1;
    for (let t = 0; t < cfg.horizon - 1; t++) discLast *= cfg.gamma;
    u32[2] = cfg.samples;
    u32[3] = cfg.horizon;
    u32[4] = this.P;
    u32[5] = 0;
    u32[6] = this.q ? 1 : 0;
    u32[7] = cfg.shiftFill === 'repeat' ? 1 : 0;
    f32[8] = Math.sqrt(cfg.sigma);
    f32[9] = cfg.gamma;
    f32[10] = cfg.lambda;
    f32[11] = cfg.alpha;
    f32[12] = (0.5 * cfg.lambda) / cfg.sigma;
    f32[13] = discLast;
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
   * One MPPI iteration for all P problems: `params` [P·N, np] with paramStride np,
   * or one row with stride 0 (as PlannerModel.fill returns); noise from `noiseKey`.
   */
  iterate(params: Float64Array, paramStride: number, noiseKey: Key): void {
    const np = this.task.paramNames.length;
    if (paramStride !== 0 && paramStride !== np) throw new Error(`paramStride must be 0 or ${np}, got ${paramStride}`);
    const nParams = paramStride === 0 ? np : this.rows * np;
    if (params.length < nParams) throw new Error(`expected ${nParams} parameter values, got ${params.length}`);
    for (let i = 0; i < nParams; i++) this.paramsF32[i] = params[i];
    const u32 = new Uint32Array(this.uniformData);
    u32[0] = noiseKey[0] >>> 0;
    u32[1] = noiseKey[1] >>> 0;
    u32[5] = paramStride;
    const { bridge, b } = this;
    bridge.write(b.uniform, this.uniformData);
    bridge.write(b.params, this.paramsF32.subarray(0, nParams));
    bridge.submit((enc) => {
      const pass = enc.beginComputePass({ label: 'mppi.rollout' });
      pass.setPipeline(this.rolloutPipe);
      pass.setBindGroup(0, this.rolloutGroup);
      pass.dispatchWorkgroups(Math.ceil(this.rows / WORKGROUP));
      pass.end();
    });
    if (this.q) {
      const q = this.q;
      bridge.applyTensor(b.qIn, [this.rows, q.inputDim], (x) => q.apply(x), b.qOut, this.rows * 4);
    }
    bridge.submit((enc) => {
      const pass = enc.beginComputePass({ label: 'mppi.update' });
      pass.setPipeline(this.updatePipe);
      pass.setBindGroup(0, this.updateGroup);
      pass.dispatchWorkgroups(this.P);
      pass.end();
    });
  }

  /** Receding horizon: shifts every mean one step (fill per cfg.shiftFill). */
  shift(): void {
    this.bridge.submit((enc) => {
      const pass = enc.beginComputePass({ label: 'mppi.shift' });
      pass.setPipeline(this.shiftPipe);
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

  /** Reads every intermediate buffer (tests and debugging; slow). */
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

  async snapshot(): Promise<GpuSnapshot> {
    const { b } = this;
    const list = [b.noise, b.costs, b.weights, b.qIn, b.qOut, b.paths, b.means, b.result] as const;
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
      };
    } finally {
      this.buffers.destroy(staging);
    }
  }

  dispose(): void {
    this.buffers.destroyAll();
  }
}
