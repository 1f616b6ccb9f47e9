/**
 * gpu-test.html: a bare page that runs the GPU planner next to the CPU one and
 * reports the differences through the typed window.__mpqGpuTest API
 * (e2e/gpuParity.spec.ts, and the browser bench's cases in benchCases.ts).
 * Built on its own (`vite build --mode harness`), never into the site's dist/.
 */
/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs';
import { STREAM, terminalFor } from '../core/agent';
import { defaultAgentConfig, type AgentConfig } from '../core/config';
import { PlannerModel, type ModelSource, type ParamPolicy } from '../core/model';
import { MppiWorkspace, mppiIteration, type MppiConfig } from '../core/mppi';
import { gatherMinibatch, TargetGenerator } from '../core/targets';
import { randomTransitions } from '../core/testing/randomBuffer';
import { deriveKey, foldIn, keyFromSeed, normalAt, RandomStream, uniformAt, wordAt, type Key } from '../core/rng';
import { defaultCostWeights, type TaskSpec } from '../core/task';
import { getTask, registerTask, type TaskId } from '../core/tasks/registry';
import { doubleIntegrator } from '../core/testing/doubleIntegrator';
import { episodeKey, RealSystem } from '../core/train';
import { activateBackend } from '../compute/backend';
import { TfQNetwork } from '../compute/qnetwork';
import { BufferSet, bufferLayout, computePipeline, TfWebGpuBridge } from '../compute/gpu/bridge';
import { GpuMppi } from '../compute/gpu/gpuMppi';
import { GpuTargetGenerator } from '../compute/gpu/gpuTargets';
import { gpuTargets } from '../compute/gpu/gpuTargetSource';
import { activeContacts, parityStarts } from './parityStarts';
import { TensorMlp } from '../compute/tensorMlp';
import { RNG_CHECK_WGSL } from '../compute/gpu/wgslRng';
import { registerWgsl, wgslFor } from '../compute/gpu/wgslTasks';
import { doubleIntegratorWgsl } from './doubleIntegratorWgsl';
import { CpuPlanner, GpuPlanner } from '../compute/engine/planner';
import {
  adapterReport,
  benchControl,
  benchTargets,
  targetConfig,
  type AdapterReport,
  type BenchCaseOptions,
  type BenchCaseReport,
} from './benchCases';

export type { AdapterReport, BenchCaseOptions, BenchCaseReport } from './benchCases';

export interface GpuTestStatus {
  state: 'starting' | 'ready' | 'unavailable';
  /** tf.getBackend() once started. */
  backend: string | null;
  /** Why the GPU path is unavailable (null when ready). */
  reason: string | null;
}

export interface RngReport {
  keys: number;
  draws: number;
  /** Raw u32 words that differ (must be 0). */
  wordMismatches: number;
  /** foldIn(key, i) words that differ (must be 0). */
  foldMismatches: number;
  /** GPU uniforms ≠ Math.fround(uniformAt) (must be 0). */
  uniformMismatches: number;
  normalMaxAbsDiff: number;
  normalMaxRelDiff: number;
}

export interface ParityOptions {
  samples: number;
  horizon: number;
  problems: number;
  iterations: number;
  seed: number;
  withQ: boolean;
  /**
   * The task (default pendulum; TEST_TASK too). Tasks with a contact start set
   * (parityStarts.ts) start there; others at random states.
   */
  task?: string;
  /** Draw the starts from the task's initial-state distribution even where a contact set exists. */
  randomStarts?: boolean;
  /** Planner parameters: the biased model's draws (default) or the true ones. */
  model?: 'biased' | 'true';
  /** After the first iteration, change these settings on both sides (GpuMppi.setConfig: uniforms only). */
  retune?: Partial<Pick<MppiConfig, 'lambda' | 'sigma' | 'alpha' | 'gamma'>>;
}

/** Largest |GPU − CPU| per quantity over all iterations (costs also relative to max(1, |S|)). */
export interface ParityReport {
  backend: string;
  /** Largest |readDisplay() − snapshot()| over paths, weights and means (the page's lean readback must read the same). */
  displayReadback: number;
  /** Sample rows P·N. */
  rows: number;
  /** Largest |GPU − CPU| of the model parameters the GPU drew, in float32 ulps of the CPU's value. */
  paramsUlps: number;
  /** GPU buffers after the first and the last iteration (a retune must not make new ones). */
  gpuBuffers: [number, number];
  noise: number;
  /** S_n of Eq. 16, absolute and relative to max(1, |S_n|). */
  costs: number;
  costsRel: number;
  /** Largest |S_n| the CPU saw, for scale. */
  costScale: number;
  /** Terminal Q inputs [obs, a] and Q values (0 without Q). */
  qIn: number;
  qOut: number;
  /** Key-point (x, y, z) paths against a CPU replay of the sampled actions. */
  paths: number;
  /** Largest path difference at each step t of the horizon (how it grows along the rollout). */
  pathsPerStep: number[];
  /** Largest |key-point coordinate| of the CPU replay, for scale. */
  pathScale: number;
  /** Sample rows (summed over iterations) whose S differs by more than 1e-2: a discontinuous cost term flipped or a rollout split. */
  costFlips: number;
  weights: number;
  /** The whole mean after the update, and its first action u_0. */
  means: number;
  freeEnergy: number;
  action: number;
  perIteration: { costs: number; freeEnergy: number; action: number; paths: number }[];
  /** CPU replay states (rows × steps, every iteration) in which each contact of activeContacts() was on. */
  contacts: Record<string, number>;
}

export interface LoopOptions {
  /** The task (default pendulum; TEST_TASK too). */
  task?: string;
  samples: number;
  horizon: number;
  iterations: number;
  steps: number;
  seed: number;
  /** A Q training step every this many control steps (both planners read the same network); 0 = never. */
  trainEvery: number;
  /** Plan with the terminal Q (MPQ, default) or without (plain MPPI). */
  withQ?: boolean;
  /** The planners' model (default the biased one, parameters redrawn per sample and step). */
  model?: ModelSource;
  paramPolicy?: ParamPolicy;
  /**
   * Move the model away from the task's own values, as the page's sliders do:
   * the box (biased, dr) to 1.3× the task's, the true parameters to 1.2×; for
   * both planners, or for the GPU one only (a check that the loop would notice).
   */
  overrideModel?: 'both' | 'gpu';
  /** Before this timed step, give both planners new λ, Σ, α, γ and one more iteration through Planner.update. */
  retuneAt?: number;
}

export interface Series {
  first: number;
  min: number;
  max: number;
  last: number;
}

export interface LoopReport {
  backend: string;
  steps: number;
  /** Largest |a_GPU − a_CPU| over the closed loop (the CPU's action drives the real system). */
  actionMaxAbsDiff: number;
  freeEnergyMaxAbsDiff: number;
  /** tf.memory().numTensors after each step (from the first step on, after a warm-up step and training step). */
  numTensors: Series;
  /** GPU buffers the engine holds after each step. */
  gpuBuffers: Series;
  numBytesInGPU: Series;
  msPerStep: number;
  /** What GpuPlanner.update answered to the retune (true: in place), null without one. */
  retuned: boolean | null;
}

export interface TargetsParityOptions {
  task: TaskId;
  /** Minibatch B (the generators are made for B; a second batch of B − 3 checks the padding). */
  batch: number;
  seed: number;
  /** Overrides of the paper's MPQ settings (default: N, MPQ's H and K of the task). */
  samples?: number;
  horizon?: number;
  iterations?: number;
}

export interface TargetsParityReport {
  backend: string;
  batch: number;
  samples: number;
  horizon: number;
  iterations: number;
  /** Largest |y_GPU − y_CPU| over both batches, absolute and relative to max(1, |y_CPU|). */
  targets: number;
  targetsRel: number;
  /** Largest |y_CPU|, for scale. */
  targetScale: number;
  /** Largest |F_GPU − F_CPU|. */
  freeEnergy: number;
  /** Largest |inputs_GPU − inputs_CPU| (the same float32 observations: 0). */
  inputs: number;
  /** The second batch's size (B − 3, padded on the GPU). */
  smallBatch: number;
  /** GPU buffers the generator holds after the first and the last batch (must be equal). */
  gpuBuffers: [number, number];
  /**
   * Largest |y| difference between the generator and the training's target source on
   * the GPU (gpuTargetSource.ts: built on first use, Q copied from QFunction.weights())
   * on the first minibatch: the same kernels and weights, so 0.
   */
  sourceMaxAbsDiff: number;
}

export interface MpqGpuTestApi {
  status(): GpuTestStatus;
  /** Uncaptured WebGPU errors on the device so far. */
  gpuErrors(): string[];
  rngCheck(draws: number): Promise<RngReport>;
  parity(opts: ParityOptions): Promise<ParityReport>;
  controlLoop(opts: LoopOptions): Promise<LoopReport>;
  /** GpuTargetGenerator against core/targets.ts's TargetGenerator on the same minibatch and key. */
  targetsParity(opts: TargetsParityOptions): Promise<TargetsParityReport>;
  /** The WebGPU adapter's info (what `npm run bench -- --browser` reports). */
  adapter(): Promise<AdapterReport>;
  /** Times MPPI control steps (plain MPPI) on the GPU planner or the CPU one. */
  benchControl(opts: BenchCaseOptions): Promise<BenchCaseReport>;
  /** Times Eq. 19 targets of one minibatch on the GPU or the CPU. */
  benchTargets(opts: BenchCaseOptions): Promise<BenchCaseReport>;
}

declare global {
  interface Window {
    __mpqGpuTest?: MpqGpuTestApi;
  }
}

/**
 * The test-only task this page registers, with its WGSL twin, as a fifth task
 * would be added: the parity checks and control loops take it like any other.
 */
export const TEST_TASK = registerTask(doubleIntegrator);
registerWgsl(TEST_TASK, doubleIntegratorWgsl);

const status: GpuTestStatus = { state: 'starting', backend: null, reason: null };
const gpuErrors: string[] = [];
let bridge: TfWebGpuBridge | null = null;

function show(): void {
  const el = document.getElementById('status');
  if (el) el.textContent = JSON.stringify(status);
}

function needBridge(): TfWebGpuBridge {
  if (!bridge) throw new Error(`the GPU path is not available: ${status.reason ?? status.state}`);
  return bridge;
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number => {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

async function rngCheck(draws: number): Promise<RngReport> {
  const br = needBridge();
  const device = br.device;
  const buffers = new BufferSet(device);
  try {
    const S = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
    const uniform = buffers.create('rng.uniform', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const words = buffers.create('rng.words', draws * 4, S);
    const uniforms = buffers.create('rng.uniforms', draws * 4, S);
    const normals = buffers.create('rng.normals', draws * 4, S);
    const folds = buffers.create('rng.folds', draws * 8, S);
    const staging = buffers.create('rng.staging', draws * 8, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const layout = bufferLayout(device, 'rng', ['uniform', 'storage', 'storage', 'storage', 'storage']);
    const pipe = await computePipeline(
      device,
      'rng.check',
      RNG_CHECK_WGSL,
      'main',
      device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    );
    const group = device.createBindGroup({
      layout,
      entries: [uniform, words, uniforms, normals, folds].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const keys: Key[] = [
      keyFromSeed(0),
      keyFromSeed(12345),
      [0xffffffff, 0x9e3779b9],
      deriveKey(keyFromSeed(7), STREAM.noise, 3, 2),
    ];
    const report: RngReport = {
      keys: keys.length,
      draws,
      wordMismatches: 0,
      foldMismatches: 0,
      uniformMismatches: 0,
      normalMaxAbsDiff: 0,
      normalMaxRelDiff: 0,
    };
    for (const key of keys) {
      br.write(uniform, new Uint32Array([key[0], key[1], draws, 0]));
      br.submit((enc) => {
        const pass = enc.beginComputePass();
        pass.setPipeline(pipe);
        pass.setBindGroup(0, group);
        pass.dispatchWorkgroups(Math.ceil(draws / 64));
        pass.end();
      });
      const w = new Uint32Array(await br.read(words, draws * 4, staging));
      const u = new Float32Array(await br.read(uniforms, draws * 4, staging));
      const z = new Float32Array(await br.read(normals, draws * 4, staging));
      const f = new Uint32Array(await br.read(folds, draws * 8, staging));
      for (let i = 0; i < draws; i++) {
        if (w[i] !== wordAt(key, i)) report.wordMismatches++;
        if (u[i] !== Math.fround(uniformAt(key, i))) report.uniformMismatches++;
        const fk = foldIn(key, i);
        if (f[2 * i] !== fk[0] || f[2 * i + 1] !== fk[1]) report.foldMismatches++;
        const zc = normalAt(key, i);
        const d = Math.abs(z[i] - zc);
        report.normalMaxAbsDiff = Math.max(report.normalMaxAbsDiff, d);
        report.normalMaxRelDiff = Math.max(report.normalMaxRelDiff, d / Math.max(1, Math.abs(zc)));
      }
    }
    return report;
  } finally {
    buffers.destroyAll();
  }
}

/**
 * Key-point (x, y, z) paths [rows, H, 3] of the CPU's sampled actions, replayed as
 * mppi.ts rolls them out, and a count of the contacts active along the way.
 */
function replayPaths(
  task: TaskSpec,
  ws: MppiWorkspace,
  starts: Float64Array,
  P: number,
  N: number,
  H: number,
  params: Float64Array,
  stride: number,
  contacts: Record<string, number>,
): Float64Array {
  const ns = task.stateDim;
  const na = task.actionDim;
  const rows = P * N;
  const s = new Float64Array(rows * ns);
  const a = new Float64Array(rows * na);
  const pt = new Float64Array(3);
  const out = new Float64Array(rows * H * 3);
  for (let r = 0; r < rows; r++) s.set(starts.subarray(((r / N) | 0) * ns, ((r / N) | 0) * ns + ns), r * ns);
  for (let t = 0; t < H; t++) {
    for (let r = 0; r < rows; r++) {
      task.keyPoint(s, r * ns, pt);
      for (let k = 0; k < 3; k++) out[(r * H + t) * 3 + k] = pt[k];
      for (const c of activeContacts(task, s, r * ns, params, r * stride)) contacts[c] = (contacts[c] ?? 0) + 1;
    }
    if (t === H - 1) break;
    for (let r = 0; r < rows; r++) for (let d = 0; d < na; d++) a[r * na + d] = ws.actions[(t * ws.rows + r) * na + d];
    task.step(s, a, params, stride, rows);
  }
  return out;
}

const fround = (x: Float64Array): Float64Array => {
  for (let i = 0; i < x.length; i++) x[i] = Math.fround(x[i]);
  return x;
};

/** The spacing of float32 values at x (normal numbers). */
function f32Ulp(x: number): number {
  const a = Math.abs(Math.fround(x));
  return a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
}

/**
 * MPPI iterations of GpuMppi against mppiIteration from the same inputs: the
 * starts and means are rounded to float32 first and both sides get the rounded
 * values; the model parameters are drawn on each side from the same stream (the
 * CPU's rounded to float32), so what differs is only float32 arithmetic (and the
 * float32 Box–Muller and box draws).
 */
async function parity(o: ParityOptions): Promise<ParityReport> {
  const br = needBridge();
  const task = getTask(o.task ?? 'pendulum');
  const wgsl = wgslFor(task.id);
  if (!wgsl) throw new Error(`the ${task.id} task has no WGSL kernel`);
  const { samples: N, horizon: H, problems: P } = o;
  const na = task.actionDim;
  const ns = task.stateDim;
  const base = defaultAgentConfig(task, 'mpq').mppi;
  const cfg: MppiConfig = { ...base, samples: N, horizon: H, iterations: o.iterations };
  const costWeights = defaultCostWeights(task);
  const root = keyFromSeed(o.seed);
  const q = new TfQNetwork({
    inputDim: task.obsDim + na,
    hidden: [100, 100],
    learningRate: 1e-3,
    initKey: deriveKey(root, STREAM.qinit),
    maxRows: P * N,
  });
  const gq = new TensorMlp(await q.layers());
  const model = new PlannerModel(task, o.model ?? 'biased', 'per-sample-per-step', N);
  const engine = await GpuMppi.create(br, {
    task,
    wgsl,
    cfg,
    problems: P,
    costWeights,
    model: model.draw,
    q: o.withQ ? gq : null,
  });
  try {
    const rng = new RandomStream(deriveKey(root, STREAM.init));
    let starts = o.randomStarts ? null : parityStarts(task, P);
    if (!starts) {
      starts = new Float64Array(P * ns);
      if (task.id === 'pendulum') {
        for (let p = 0; p < P; p++) {
          starts[p * 2] = rng.uniformIn(-Math.PI, Math.PI);
          starts[p * 2 + 1] = rng.uniformIn(-6, 6);
        }
      } else {
        for (let p = 0; p < P; p++) task.sampleInitialState(rng, starts, p * ns);
      }
    }
    fround(starts);
    const means = new Float64Array(P * H * na);
    for (let i = 0; i < means.length; i++)
      means[i] = Math.fround(rng.uniformIn(task.actionLow[i % na], task.actionHigh[i % na]));
    engine.setStarts(starts);
    engine.setMeans(means);
    const ws = new MppiWorkspace(task, N, H, P);
    const params = new Float64Array(P * N * task.paramNames.length);
    const fe = new Float64Array(P);
    const terminal = o.withQ ? terminalFor(q) : null;
    const rep: ParityReport = {
      backend: tf.getBackend(),
      rows: P * N,
      paramsUlps: 0,
      gpuBuffers: [0, 0],
      noise: 0,
      costs: 0,
      costsRel: 0,
      costScale: 0,
      qIn: 0,
      qOut: 0,
      paths: 0,
      pathsPerStep: new Array<number>(H).fill(0),
      pathScale: 0,
      costFlips: 0,
      weights: 0,
      means: 0,
      freeEnergy: 0,
      action: 0,
      displayReadback: 0,
      perIteration: [],
      contacts: {},
    };
    for (let it = 0; it < o.iterations; it++) {
      if (it === 1 && o.retune) {
        Object.assign(cfg, o.retune);
        engine.setConfig(cfg);
      }
      const modelKey = deriveKey(root, STREAM.model, it);
      const stride = model.fill(new RandomStream(modelKey), P, params);
      fround(params);
      const key = deriveKey(root, STREAM.noise, it);
      mppiIteration(ws, cfg, costWeights, starts, means, P, params, stride, key, terminal, fe);
      engine.iterate(key, modelKey);
      const g = await engine.snapshot();
      if (g.params.length !== (stride === 0 ? 1 : P * N) * task.paramNames.length) rep.paramsUlps = Infinity;
      for (let i = 0; i < g.params.length; i++)
        rep.paramsUlps = Math.max(rep.paramsUlps, Math.abs(g.params[i] - params[i]) / f32Ulp(params[i]));
      const shown = await engine.readDisplay();
      for (const [a, b] of [
        [shown.paths, g.paths],
        [shown.weights, g.weights],
        [shown.means, g.means],
      ] as const) {
        if (a.length !== b.length) rep.displayReadback = Infinity;
        for (let i = 0; i < a.length; i++) rep.displayReadback = Math.max(rep.displayReadback, Math.abs(a[i] - b[i]));
      }
      const rows = P * N;
      let costs = 0;
      for (let r = 0; r < rows; r++) {
        const d = Math.abs(g.costs[r] - ws.costs[r]);
        costs = Math.max(costs, d);
        if (d > 1e-2) rep.costFlips++;
        rep.costsRel = Math.max(rep.costsRel, d / Math.max(1, Math.abs(ws.costs[r])));
        rep.costScale = Math.max(rep.costScale, Math.abs(ws.costs[r]));
      }
      let feD = 0;
      let actD = 0;
      for (let p = 0; p < P; p++) {
        feD = Math.max(feD, Math.abs(g.result[p * (na + 1) + na] - fe[p]));
        for (let d = 0; d < na; d++)
          actD = Math.max(actD, Math.abs(g.result[p * (na + 1) + d] - means[p * H * na + d]));
      }
      rep.noise = Math.max(rep.noise, maxAbs(g.noise, ws.noise, rows * H * na));
      rep.costs = Math.max(rep.costs, costs);
      if (o.withQ) {
        rep.qIn = Math.max(rep.qIn, maxAbs(g.qIn, ws.qInputs, rows * (task.obsDim + na)));
        rep.qOut = Math.max(rep.qOut, maxAbs(g.qOut, ws.qOut, rows));
      }
      const cpuPaths = replayPaths(task, ws, starts, P, N, H, params, stride, rep.contacts);
      const pathD = maxAbs(g.paths, cpuPaths);
      for (let i = 0; i < cpuPaths.length; i++) {
        const t = ((i / 3) | 0) % H;
        rep.pathsPerStep[t] = Math.max(rep.pathsPerStep[t], Math.abs(g.paths[i] - cpuPaths[i]));
      }
      rep.paths = Math.max(rep.paths, pathD);
      for (const v of cpuPaths) rep.pathScale = Math.max(rep.pathScale, Math.abs(v));
      rep.weights = Math.max(rep.weights, maxAbs(g.weights, ws.weights, rows));
      rep.means = Math.max(rep.means, maxAbs(g.means, means));
      rep.freeEnergy = Math.max(rep.freeEnergy, feD);
      rep.action = Math.max(rep.action, actD);
      rep.perIteration.push({ costs, freeEnergy: feD, action: actD, paths: pathD });
      if (it === 0) rep.gpuBuffers[0] = engine.buffers.count;
    }
    rep.gpuBuffers[1] = engine.buffers.count;
    return rep;
  } finally {
    engine.dispose();
    gq.dispose();
    q.dispose();
  }
}

function series(values: number[]): Series {
  return { first: values[0], min: Math.min(...values), max: Math.max(...values), last: values[values.length - 1] };
}

/**
 * The page's two planners side by side in a closed loop on the real system:
 * GpuPlanner and CpuPlanner from the same config (model box and true-parameter
 * overrides included), the CPU's action driving the system.
 */
async function controlLoop(o: LoopOptions): Promise<LoopReport> {
  needBridge();
  const task = getTask(o.task ?? 'pendulum');
  const base = defaultAgentConfig(task, o.withQ === false ? 'mppi' : 'mpq');
  const cfg: AgentConfig = {
    ...base,
    mppi: { ...base.mppi, samples: o.samples, horizon: o.horizon, iterations: o.iterations },
    model: o.model ?? base.model,
    paramPolicy: o.paramPolicy ?? base.paramPolicy,
  };
  const gpuCfg: AgentConfig = { ...cfg };
  if (o.overrideModel) {
    const box = cfg.model === 'dr' ? task.dr : task.biased;
    gpuCfg.modelBox = { low: box.low.map((x) => 1.3 * x), high: box.high.map((x) => 1.3 * x) };
    gpuCfg.modelTrueParams = task.trueParams.map((x) => 1.2 * x);
    if (o.overrideModel === 'both')
      Object.assign(cfg, { modelBox: gpuCfg.modelBox, modelTrueParams: gpuCfg.modelTrueParams });
  }
  const root = keyFromSeed(o.seed);
  const inDim = task.obsDim + task.actionDim;
  const q = new TfQNetwork({
    inputDim: inDim,
    hidden: [100, 100],
    learningRate: 1e-3,
    initKey: deriveKey(root, STREAM.qinit),
    maxRows: o.samples,
  });
  const made = await GpuPlanner.create(task, gpuCfg, q);
  if (typeof made === 'string') {
    q.dispose();
    throw new Error(made);
  }
  const gpu = made;
  try {
    const cpu = new CpuPlanner(task, cfg, q);
    const sys = new RealSystem(task);
    const aG = new Float64Array(task.actionDim);
    const aC = new Float64Array(task.actionDim);
    // A fixed small batch of (obs, a) → target for the interleaved training steps.
    const batch = 32;
    const bx = new Float32Array(batch * inDim);
    const by = new Float32Array(batch);
    const brng = new RandomStream(deriveKey(root, STREAM.replay));
    for (let i = 0; i < bx.length; i++) bx[i] = brng.uniformIn(-1, 1);
    for (let i = 0; i < batch; i++) by[i] = brng.uniformIn(0, 10);
    const train = async (): Promise<void> => void (await q.trainStep(bx, by, batch));

    let episode = 0;
    let t = 0;
    const begin = (): void => {
      const k = episodeKey(o.seed, 'eval', episode);
      sys.reset(new RandomStream(deriveKey(k, STREAM.init)));
      gpu.beginEpisode(k);
      cpu.beginEpisode(k);
      t = 0;
    };
    const step = async (): Promise<void> => {
      if (t >= task.episodeSteps) {
        episode++;
        begin();
      }
      await gpu.act(sys.state, 0, t, aG);
      cpu.act(sys.state, 0, t, aC);
      sys.step(aC, t);
      sys.advance();
      t++;
    };
    begin();
    // Warm-up: the first step compiles every pipeline; the first training step creates Adam's slots.
    await step();
    if (o.trainEvery > 0) await train();

    const tensors: number[] = [];
    const bufs: number[] = [];
    const bytes: number[] = [];
    let actionMaxAbsDiff = 0;
    let freeEnergyMaxAbsDiff = 0;
    let retuned: boolean | null = null;
    const t0 = performance.now();
    for (let i = 0; i < o.steps; i++) {
      if (i === o.retuneAt) {
        const m = cfg.mppi;
        const mppi = { ...m, lambda: 2 * m.lambda, sigma: 0.5 * m.sigma, alpha: 0.8, gamma: 0.95 };
        mppi.iterations = m.iterations + 1;
        retuned = gpu.update({ ...gpuCfg, mppi });
        if (!cpu.update({ ...cfg, mppi })) throw new Error('CpuPlanner refused the retune');
      }
      await step();
      actionMaxAbsDiff = Math.max(actionMaxAbsDiff, maxAbs(aG, aC));
      freeEnergyMaxAbsDiff = Math.max(freeEnergyMaxAbsDiff, Math.abs(gpu.lastFreeEnergy - cpu.lastFreeEnergy));
      if (o.trainEvery > 0 && (i + 1) % o.trainEvery === 0) await train();
      const mem = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
      tensors.push(mem.numTensors);
      bufs.push(gpu.gpuBuffers);
      bytes.push(mem.numBytesInGPU ?? 0);
    }
    return {
      backend: tf.getBackend(),
      steps: o.steps,
      actionMaxAbsDiff,
      freeEnergyMaxAbsDiff,
      numTensors: series(tensors),
      gpuBuffers: series(bufs),
      numBytesInGPU: series(bytes),
      msPerStep: (performance.now() - t0) / o.steps,
      retuned,
    };
  } finally {
    gpu.dispose();
    q.dispose();
  }
}

async function targetsParity(o: TargetsParityOptions): Promise<TargetsParityReport> {
  const br = needBridge();
  const task = getTask(o.task);
  const { cfg, K } = targetConfig(task, o);
  const B = o.batch;
  if (B < 4) throw new Error('targetsParity needs a batch of at least 4');
  const root = keyFromSeed(o.seed);
  const q = new TfQNetwork({
    inputDim: task.obsDim + task.actionDim,
    hidden: [100, 100],
    learningRate: 1e-3,
    initKey: deriveKey(root, STREAM.qinit),
    maxRows: B * cfg.mppi.samples,
  });
  const gq = new TensorMlp(await q.layers());
  const gpu = await GpuTargetGenerator.create(br, task, cfg, B, K, gq);
  try {
    const cpu = new TargetGenerator(task, cfg, B, K);
    const buffer = randomTransitions(task, 1024, o.seed);
    const idx = new Int32Array(B);
    const inDim = task.obsDim + task.actionDim;
    const rep: TargetsParityReport = {
      backend: tf.getBackend(),
      batch: B,
      samples: cfg.mppi.samples,
      horizon: cfg.mppi.horizon,
      iterations: K,
      targets: 0,
      targetsRel: 0,
      targetScale: 0,
      freeEnergy: 0,
      inputs: 0,
      smallBatch: B - 3,
      gpuBuffers: [0, 0],
      sourceMaxAbsDiff: 0,
    };
    for (const [m, b] of [
      [0, B],
      [1, B - 3],
    ] as const) {
      buffer.sampleIndices(new RandomStream(deriveKey(root, STREAM.replay, m)), b, idx);
      const key = deriveKey(root, STREAM.targets, m);
      cpu.compute(buffer, idx, b, key, q);
      await gpu.compute(buffer, idx, b, key);
      for (let i = 0; i < b; i++) {
        const d = Math.abs(gpu.targets[i] - cpu.targets[i]);
        rep.targets = Math.max(rep.targets, d);
        rep.targetsRel = Math.max(rep.targetsRel, d / Math.max(1, Math.abs(cpu.targets[i])));
        rep.targetScale = Math.max(rep.targetScale, Math.abs(cpu.targets[i]));
        rep.freeEnergy = Math.max(rep.freeEnergy, Math.abs(gpu.freeEnergies[i] - cpu.freeEnergies[i]));
      }
      rep.inputs = Math.max(rep.inputs, maxAbs(gpu.inputs, cpu.inputs, b * inDim));
      rep.gpuBuffers[m] = gpu.engine.buffers.count;
      if (m === 0) {
        const source = gpuTargets(br, [100, 100])(task, cfg, B, K);
        try {
          const starts = new Float64Array(B * task.stateDim);
          const costs = new Float64Array(B);
          gatherMinibatch(task, buffer, idx, B, starts, new Float32Array(B * inDim));
          for (let i = 0; i < B; i++) costs[i] = buffer.costs[idx[i]];
          const y = new Float32Array(B);
          await source.compute({ starts, costs, count: B, key }, q, y);
          rep.sourceMaxAbsDiff = maxAbs(y, gpu.targets, B);
        } finally {
          source.dispose();
        }
      }
    }
    return rep;
  } finally {
    gpu.dispose();
    gq.dispose();
    q.dispose();
  }
}

const adapter = (): Promise<AdapterReport> => adapterReport(bridge?.device ?? null, status.backend);

async function start(): Promise<void> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    status.state = 'unavailable';
    status.reason = 'navigator.gpu is undefined (this browser exposes no WebGPU)';
    return;
  }
  try {
    status.backend = await activateBackend('webgpu');
    bridge = TfWebGpuBridge.current();
    bridge.device.addEventListener('uncapturederror', (e) =>
      gpuErrors.push((e as GPUUncapturedErrorEvent).error.message),
    );
    status.state = 'ready';
  } catch (err) {
    status.state = 'unavailable';
    status.backend = tf.getBackend() ?? null;
    status.reason = err instanceof Error ? err.message : String(err);
  }
}

window.__mpqGpuTest = {
  status: () => ({ ...status }),
  gpuErrors: () => [...gpuErrors],
  rngCheck,
  parity,
  controlLoop,
  targetsParity,
  adapter,
  benchControl: (o) => benchControl(o, needBridge),
  benchTargets: (o) => benchTargets(o, needBridge),
};
void start().finally(show);
show();
