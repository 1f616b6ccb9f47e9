/**
 * The planners the lab engine acts with: MPPI on the CPU (core/agent.ts's
 * MpcAgent) or on the GPU (GpuMppi with the task's WGSL), behind one interface
 * that also gives the scene what it draws of the last step. The GPU one is
 * made by a factory the engine is given, so Node tests can put a fake in.
 */
import * as tf from '@tensorflow/tfjs';
import { episodeModelKey, iterationKeys, MpcAgent, terminalFor, type Actor } from '../../core/agent';
import { usesQ, type AgentConfig } from '../../core/config';
import { modelDraw, type ModelDraw } from '../../core/model';
import { numericsOf } from '../../core/numerics';
import { MppiWorkspace, mppiIteration } from '../../core/mppi';
import type { QFunction } from '../../core/qfunction';
import { weightStats, type WeightStats } from '../../core/weightStats';
import { RandomStream, type Key } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import type { TfQNetwork } from '../qnetwork';
import { TfWebGpuBridge } from '../gpu/bridge';
import { GpuMppi } from '../gpu/gpuMppi';
import { wgslFor } from '../gpu/wgslTasks';
import { nominalParams, PlanTracer, RolloutTracer, traceSamples } from './display';
import { chooseDrawn } from './drawBudget';
import type { FrozenSamples } from './inspect';

/**
 * Where the scene's picture of one step goes: of the D = index.length rollouts
 * chosen by drawBudget.ts, their sample numbers, paths [D, H, 3], weights [D]
 * and cost split [D, 3] (running, terminal, control with λ); the plan [H, 3];
 * and `stats`, set by display: the weights panel's figures over all N samples.
 */
export interface PlanDisplay {
  readonly index: Int32Array;
  readonly paths: Float32Array;
  readonly weights: Float32Array;
  readonly plan: Float32Array;
  readonly costSplit: Float32Array;
  stats?: WeightStats;
}

/** Empty buffers for the picture of `drawn` rollouts over horizon H (H 0: no plan either). */
export function planDisplay(drawn: number, horizon: number): PlanDisplay {
  return {
    index: new Int32Array(drawn),
    paths: new Float32Array(drawn * horizon * 3),
    weights: new Float32Array(drawn),
    plan: new Float32Array(horizon * 3),
    costSplit: new Float32Array(drawn * 3),
  };
}

/** A copy of `d` with arrays of its own (a frame transfers its buffers away). */
export function copyDisplay(d: PlanDisplay): PlanDisplay {
  return {
    index: d.index.slice(),
    paths: d.paths.slice(),
    weights: d.weights.slice(),
    plan: d.plan.slice(),
    costSplit: d.costSplit.slice(),
    ...(d.stats && { stats: { ...d.stats, ranks: d.stats.ranks.slice(), sorted: d.stats.sorted.slice() } }),
  };
}

export interface Planner extends Actor {
  /** Where the rollouts run. */
  readonly where: 'cpu' | 'webgpu';
  readonly samples: number;
  readonly horizon: number;
  /** True when the last `act` can be drawn (false after a (re)start until the next act). */
  readonly hasDisplay: boolean;
  /** Changes whenever what `display` draws may change (an act, a new episode, new settings): equal versions draw the same. */
  readonly displayVersion: number;
  /** Takes new settings of the same task and agent for the next act; false when it cannot and must be rebuilt. */
  update(cfg: AgentConfig): boolean;
  /** Draws the last `act` (only when hasDisplay; the arrays are sized for the drawn count and horizon). */
  display(out: PlanDisplay): void | Promise<void>;
  /**
   * One iteration (the first of control step t, same keys as `act`) from `state`
   * and the current plan, handed over frozen; the planner's own plan stays as it was.
   */
  inspect(state: Float64Array, t: number): FrozenSamples | Promise<FrozenSamples>;
  dispose(): void;
}

/** A GPU planner for this task and config, or why there is none (the engine then plans on the CPU and says so). */
export type GpuPlannerFactory = (task: TaskSpec, cfg: AgentConfig, q: TfQNetwork | null) => Promise<Planner | string>;

/** A copy of a config that the planner may change in place. */
export function copyAgentConfig(cfg: AgentConfig): AgentConfig {
  return {
    ...cfg,
    mppi: { ...cfg.mppi },
    costWeights: [...cfg.costWeights],
    modelBox: cfg.modelBox && { low: [...cfg.modelBox.low], high: [...cfg.modelBox.high] },
    modelTrueParams: cfg.modelTrueParams && [...cfg.modelTrueParams],
  };
}

const sameList = (a: readonly number[] | undefined, b: readonly number[] | undefined): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]));

/** True when two configs plan with the same model (source, policy, box, true values). */
export function sameModel(a: AgentConfig, b: AgentConfig): boolean {
  return (
    a.model === b.model &&
    a.paramPolicy === b.paramPolicy &&
    sameList(a.modelBox?.low, b.modelBox?.low) &&
    sameList(a.modelBox?.high, b.modelBox?.high) &&
    sameList(a.modelTrueParams, b.modelTrueParams)
  );
}

/** What a config's model draws (core/model.ts). */
function drawOf(task: TaskSpec, cfg: AgentConfig): ModelDraw {
  return modelDraw(task, cfg.model, cfg.paramPolicy, { box: cfg.modelBox, trueParams: cfg.modelTrueParams });
}

/** The model's nominal parameters of a config (see display.ts). */
function nominalOf(task: TaskSpec, cfg: AgentConfig, out: Float64Array): void {
  const box = cfg.modelBox ?? (cfg.model === 'dr' ? task.dr : task.biased);
  nominalParams(cfg.model, box, cfg.modelTrueParams ?? task.trueParams, out);
}

/** The mean plan before its shift: u_0 (the action taken) followed by the shifted plan's first H − 1 steps. */
function meanBeforeShift(
  action: Float64Array,
  shifted: ArrayLike<number>,
  H: number,
  na: number,
  out: Float64Array,
): void {
  for (let d = 0; d < na; d++) out[d] = action[d];
  for (let i = 0; i < (H - 1) * na; i++) out[na + i] = shifted[i];
}

/** MPPI on the CPU: core/agent.ts's MpcAgent, with live settings and the scene's picture. */
export class CpuPlanner implements Planner {
  readonly where = 'cpu' as const;
  private agent: MpcAgent;
  private tracer: RolloutTracer;
  private readonly planTracer: PlanTracer;
  private readonly cfg: AgentConfig;
  private key: Key = [0, 0];
  private readonly start: Float64Array;
  private readonly lastAction: Float64Array;
  private premean: Float64Array;
  private readonly nominal: Float64Array;
  private lastT = -1;
  private lastLambda = 0;
  hasDisplay = false;
  displayVersion = 0;
  /** Largest gap between the drawn rollouts' last states and the planner's (0 when the picture is exact). */
  lastMismatch = 0;

  constructor(
    readonly task: TaskSpec,
    cfg: AgentConfig,
    private readonly q: QFunction | null,
  ) {
    this.cfg = copyAgentConfig(cfg);
    this.agent = new MpcAgent(task, this.cfg, q);
    this.tracer = new RolloutTracer(this.agent);
    this.planTracer = new PlanTracer(task);
    this.start = new Float64Array(task.stateDim);
    this.lastAction = new Float64Array(task.actionDim);
    this.premean = new Float64Array(this.cfg.mppi.horizon * task.actionDim);
    this.nominal = new Float64Array(task.paramNames.length);
    nominalOf(task, this.cfg, this.nominal);
  }

  get samples(): number {
    return this.cfg.mppi.samples;
  }
  get horizon(): number {
    return this.cfg.mppi.horizon;
  }
  get lastFreeEnergy(): number {
    return this.agent.lastFreeEnergy;
  }
  /** S_n of the last iteration of the last act [N]. */
  get lastCosts(): Float64Array {
    return this.agent.ws.costs;
  }

  beginEpisode(episodeKey: Key): void {
    this.key = episodeKey;
    this.agent.beginEpisode(episodeKey);
    this.hasDisplay = false;
    this.displayVersion++;
  }

  act(state: Float64Array, so: number, t: number, action: Float64Array): void {
    for (let j = 0; j < this.task.stateDim; j++) this.start[j] = state[so + j];
    this.agent.act(state, so, t, action);
    this.lastLambda = this.cfg.mppi.lambda;
    for (let d = 0; d < this.task.actionDim; d++) this.lastAction[d] = action[d];
    this.lastT = t;
    this.hasDisplay = true;
    this.displayVersion++;
  }

  /**
   * λ, Σ, α, γ and the iteration count change in place; new N, H, model or
   * cost weights rebuild the agent (its plan is kept where the horizon allows).
   */
  update(cfg: AgentConfig): boolean {
    this.displayVersion++; // λ, Σ and the rest change in place: draw anew
    const { task } = this;
    if (cfg.task !== this.cfg.task || cfg.agent !== this.cfg.agent) return false;
    const reshape =
      cfg.mppi.samples !== this.cfg.mppi.samples ||
      cfg.mppi.horizon !== this.cfg.mppi.horizon ||
      !sameModel(cfg, this.cfg) ||
      !sameList(cfg.costWeights, this.cfg.costWeights);
    const fresh = copyAgentConfig(cfg);
    Object.assign(this.cfg.mppi, fresh.mppi);
    if (!reshape) return true;
    this.cfg.model = fresh.model;
    this.cfg.paramPolicy = fresh.paramPolicy;
    this.cfg.modelBox = fresh.modelBox;
    this.cfg.modelTrueParams = fresh.modelTrueParams;
    this.cfg.costWeights = fresh.costWeights;
    const old = this.agent;
    this.agent = new MpcAgent(task, this.cfg, this.q);
    this.agent.beginEpisode(this.key);
    const keep = Math.min(old.means.length, this.agent.means.length);
    for (let i = 0; i < keep; i++) this.agent.means[i] = old.means[i];
    this.tracer = new RolloutTracer(this.agent);
    this.premean = new Float64Array(this.cfg.mppi.horizon * task.actionDim);
    nominalOf(task, this.cfg, this.nominal);
    this.hasDisplay = false;
    this.displayVersion++;
    return true;
  }

  display(out: PlanDisplay): void {
    if (!this.hasDisplay) throw new Error('nothing to draw: no control step since the planner (re)started');
    const { task, agent } = this;
    const H = this.horizon;
    const D = chooseDrawn(agent.ws.weights, this.samples, out.index);
    this.lastMismatch = this.tracer.trace(this.start, this.key, this.lastT, out.paths, out.index, D);
    const { parts } = agent.ws;
    for (let c = 0; c < D; c++) {
      const n = out.index[c];
      out.weights[c] = agent.ws.weights[n];
      out.costSplit[3 * c] = parts[3 * n];
      out.costSplit[3 * c + 1] = parts[3 * n + 1];
      out.costSplit[3 * c + 2] = this.lastLambda * parts[3 * n + 2];
    }
    out.stats = weightStats(agent.ws.weights, parts, this.samples, this.lastLambda);
    meanBeforeShift(this.lastAction, agent.means, H, task.actionDim, this.premean);
    this.planTracer.trace(this.start, this.premean, H, this.nominal, out.plan);
  }

  inspect(state: Float64Array, t: number): FrozenSamples {
    const { task, cfg, agent } = this;
    const N = cfg.mppi.samples;
    const H = cfg.mppi.horizon;
    const start = Float64Array.from(state.subarray(0, task.stateDim));
    const ws = new MppiWorkspace(task, N, H, 1);
    const means = agent.means.slice();
    const after = means.slice();
    const params = new Float64Array(N * task.paramNames.length);
    const keys = iterationKeys(this.key, t, 0);
    const stride = agent.model.fill(new RandomStream(keys.model), 1, params);
    // The run's numerics, as the agent plans with them: the same noise and terminal Q, to the last bit.
    const numerics = numericsOf(cfg);
    const terminal = usesQ(cfg.agent) ? terminalFor(this.q, numerics) : null;
    const fe = new Float64Array(1);
    const noiseKey = keys.noise;
    mppiIteration(
      ws,
      cfg.mppi,
      Float64Array.from(cfg.costWeights),
      start,
      after,
      1,
      params,
      stride,
      noiseKey,
      terminal,
      fe,
      { numerics },
    );
    const paths = new Float32Array(N * H * 3);
    const scratch = new Float64Array(N * task.stateDim);
    traceSamples(task, start, ws.actions, N, H, params, stride, scratch, new Float64Array(N * task.actionDim), paths);
    return {
      samples: N,
      horizon: H,
      start,
      means,
      noise: ws.noise,
      parts: ws.parts,
      paths,
      plannerWeights: Float32Array.from(ws.weights),
      plannerMeans: Float32Array.from(after),
      lambda: cfg.mppi.lambda,
      alpha: cfg.mppi.alpha,
      nominal: this.nominal.slice(),
      shiftFill: cfg.mppi.shiftFill,
      hasQ: terminal !== null,
      gamma: cfg.mppi.gamma,
      sigma: cfg.mppi.sigma,
    };
  }

  dispose(): void {}
}

/**
 * MPPI on the GPU (GpuMppi: the same keys per control step and iteration as
 * the CPU agent, the model's parameters drawn on the GPU from the same streams).
 * λ, Σ, α, γ, the iteration count, the shift fill, the model and the cost
 * weights change in place (uniforms and small writes); a new N or H needs new
 * buffers, so `update` says false and the engine builds a new planner.
 */
export class GpuPlanner implements Planner {
  readonly where = 'webgpu' as const;
  private readonly start: Float64Array;
  private readonly lastAction: Float64Array;
  private readonly premean: Float64Array;
  private readonly nominal: Float64Array;
  private readonly planTracer: PlanTracer;
  private draw: ModelDraw;
  private key: Key = [0, 0];
  private episodeModel: Key = [0, 0];
  lastFreeEnergy = 0;
  hasDisplay = false;
  displayVersion = 0;

  private constructor(
    readonly task: TaskSpec,
    private readonly cfg: AgentConfig,
    private readonly engine: GpuMppi,
    private readonly hasQ: boolean,
  ) {
    this.draw = drawOf(task, cfg);
    this.start = new Float64Array(task.stateDim);
    this.lastAction = new Float64Array(task.actionDim);
    this.premean = new Float64Array(cfg.mppi.horizon * task.actionDim);
    this.nominal = new Float64Array(task.paramNames.length);
    nominalOf(task, cfg, this.nominal);
    this.planTracer = new PlanTracer(task);
  }

  /**
   * Builds the kernels on tfjs's WebGPU device (tfjs must run webgpu; `bridge` is
   * the one over it, made here when not given); the terminal Q is `q`'s tensors.
   */
  static async create(
    task: TaskSpec,
    cfg: AgentConfig,
    q: TfQNetwork | null,
    bridge?: TfWebGpuBridge,
  ): Promise<GpuPlanner | string> {
    const wgsl = wgslFor(task.id);
    if (!wgsl) return `no WGSL kernel for ${task.id} yet, so its rollouts run on the CPU`;
    const own = copyAgentConfig(cfg);
    const engine = await GpuMppi.create(bridge ?? TfWebGpuBridge.current(), {
      task,
      wgsl,
      cfg: own.mppi,
      problems: 1,
      costWeights: own.costWeights,
      model: drawOf(task, own),
      q: usesQ(own.agent) && q ? q.net : null,
    });
    return new GpuPlanner(task, own, engine, usesQ(own.agent) && q !== null);
  }

  get samples(): number {
    return this.cfg.mppi.samples;
  }
  get horizon(): number {
    return this.cfg.mppi.horizon;
  }
  /** GPU buffers the planner holds (a leak shows as growth). */
  get gpuBuffers(): number {
    return this.engine.buffers.count;
  }

  beginEpisode(episodeKey: Key): void {
    this.key = episodeKey;
    this.episodeModel = episodeModelKey(episodeKey);
    this.engine.resetMeans();
    this.hasDisplay = false;
    this.displayVersion++;
  }

  async act(state: Float64Array, so: number, t: number, action: Float64Array): Promise<void> {
    const { task, cfg, engine, draw } = this;
    for (let j = 0; j < task.stateDim; j++) this.start[j] = state[so + j];
    engine.setStarts(this.start);
    const perEpisode = draw.kind === 'box' && draw.perEpisode;
    for (let it = 0; it < cfg.mppi.iterations; it++) {
      const keys = iterationKeys(this.key, t, it);
      engine.iterate(keys.noise, perEpisode ? this.episodeModel : keys.model);
    }
    const pending = engine.readResult();
    engine.shift();
    const { actions, freeEnergy } = await pending;
    for (let d = 0; d < task.actionDim; d++) action[d] = this.lastAction[d] = actions[d];
    this.lastFreeEnergy = freeEnergy[0];
    this.hasDisplay = true;
    this.displayVersion++;
  }

  /**
   * λ, Σ, α, γ, iterations and the shift fill by uniforms, the model and the cost
   * weights by small writes: true. A new task, agent, N or H: false (rebuild).
   */
  update(cfg: AgentConfig): boolean {
    this.displayVersion++; // λ, Σ and the rest change in place: draw anew
    const own = this.cfg;
    if (cfg.task !== own.task || cfg.agent !== own.agent) return false;
    if (cfg.mppi.samples !== own.mppi.samples || cfg.mppi.horizon !== own.mppi.horizon) return false;
    const fresh = copyAgentConfig(cfg);
    this.engine.setConfig(fresh.mppi);
    Object.assign(own.mppi, fresh.mppi);
    if (!sameList(fresh.costWeights, own.costWeights)) {
      this.engine.setCostWeights(fresh.costWeights);
      own.costWeights = fresh.costWeights;
    }
    if (!sameModel(fresh, own)) {
      own.model = fresh.model;
      own.paramPolicy = fresh.paramPolicy;
      own.modelBox = fresh.modelBox;
      own.modelTrueParams = fresh.modelTrueParams;
      this.draw = drawOf(this.task, own);
      this.engine.setModel(this.draw);
      nominalOf(this.task, own, this.nominal);
    }
    return true;
  }

  /** Reads the last iteration's paths, weights and means back (only when a frame is drawn). */
  async display(out: PlanDisplay): Promise<void> {
    const snap = await this.engine.readDisplay();
    const H = this.horizon;
    const D = chooseDrawn(snap.weights, this.samples, out.index);
    const split = new Float32Array(this.samples * 3);
    this.splitOf(snap.costSplit, snap.qOut, split, 1);
    for (let c = 0; c < D; c++) {
      const n = out.index[c];
      out.weights[c] = snap.weights[n];
      out.paths.set(snap.paths.subarray(n * H * 3, (n + 1) * H * 3), c * H * 3);
      out.costSplit.set(split.subarray(3 * n, 3 * n + 3), 3 * c);
    }
    out.stats = weightStats(snap.weights, split, this.samples);
    // The means were shifted after the step: rebuild the mean the action came from.
    meanBeforeShift(this.lastAction, snap.means, this.horizon, this.task.actionDim, this.premean);
    this.planTracer.trace(this.start, this.premean, this.horizon, this.nominal, out.plan);
  }

  /**
   * The GPU's split [N, 3] as the page's (running, terminal, control × `controlScale`):
   * with a terminal Q the kernel leaves the terminal slot 0 and Q is in qOut.
   */
  private splitOf(gpu: Float32Array, qOut: Float32Array, out: Float32Array | Float64Array, controlScale: number): void {
    const hasQ = usesQ(this.cfg.agent) && this.hasQ;
    const N = this.samples;
    let discLast = 1;
    for (let t = 0; t < this.horizon - 1; t++) discLast *= this.cfg.mppi.gamma;
    for (let n = 0; n < N; n++) {
      const o = n * 3;
      out[o] = gpu[o];
      out[o + 1] = hasQ ? discLast * qOut[n] : gpu[o + 1];
      out[o + 2] = controlScale * gpu[o + 2];
    }
  }

  /** The first iteration of step t from `state` and the GPU's plan, read back whole; the plan on the GPU is put back. */
  async inspect(state: Float64Array, t: number): Promise<FrozenSamples> {
    const { task, cfg, engine } = this;
    const N = cfg.mppi.samples;
    const H = cfg.mppi.horizon;
    const na = task.actionDim;
    const start = Float64Array.from(state.subarray(0, task.stateDim));
    const before = await engine.snapshot();
    const means = Float64Array.from(before.means.subarray(0, H * na));
    engine.setStarts(start);
    const keys = iterationKeys(this.key, t, 0);
    const perEpisode = this.draw.kind === 'box' && this.draw.perEpisode;
    engine.iterate(keys.noise, perEpisode ? this.episodeModel : keys.model);
    const snap = await engine.snapshot();
    engine.setMeans(means);
    const parts = new Float64Array(N * 3);
    this.splitOf(snap.costSplit, snap.qOut, parts, 1 / cfg.mppi.lambda);
    return {
      samples: N,
      horizon: H,
      start,
      means,
      noise: Float64Array.from(snap.noise.subarray(0, N * H * na)),
      parts,
      paths: snap.paths.slice(0, N * H * 3),
      plannerWeights: snap.weights.slice(0, N),
      plannerMeans: snap.means.slice(0, H * na),
      lambda: cfg.mppi.lambda,
      alpha: cfg.mppi.alpha,
      nominal: this.nominal.slice(),
      shiftFill: cfg.mppi.shiftFill,
      hasQ: usesQ(cfg.agent) && this.hasQ,
      gamma: cfg.mppi.gamma,
      sigma: cfg.mppi.sigma,
    };
  }

  dispose(): void {
    this.engine.dispose();
  }
}

/** The page's GPU planner: on tfjs's WebGPU device with the task's WGSL, or the reason it cannot be. */
export const webgpuPlanner: GpuPlannerFactory = async (task, cfg, q) => {
  const tfjs = tf.getBackend();
  if (tfjs !== 'webgpu') return `tfjs runs ${tfjs}, and the WGSL planner shares tfjs's WebGPU device`;
  return GpuPlanner.create(task, cfg, q);
};
