/**
 * The acting agent: infinite-horizon MPPI on the model with, for MPQ and SoftQ,
 * the learned Q at the horizon's end (Alg. 1 line 3); plain MPPI otherwise.
 */
import { usesQ, type AgentConfig } from './config';
import { PlannerModel } from './model';
import { numericsOf, type Numerics } from './numerics';
import { MppiWorkspace, mppiIteration, shiftMeans, type IterationOptions, type TerminalQ } from './mppi';
import type { QFunction } from './qfunction';
import { deriveKey, foldIn, foldInto, RandomStream, type Key } from './rng';
import type { TaskSpec } from './task';
import { WasmQ } from './wasmMlp';

/** Stream labels under an episode key (keep stable: they define reproducibility). */
export const STREAM = {
  init: 1,
  noise: 2,
  model: 3,
  replay: 4,
  targets: 5,
  qinit: 6,
  episode: 7,
  dr: 8,
  test: 9,
} as const;

/** The key of an episode's per-episode model ensemble (PlannerModel.beginEpisode's stream). */
export function episodeModelKey(episodeKey: Key): Key {
  return deriveKey(episodeKey, STREAM.model, 0xffffffff);
}

/** The keys of MPPI iteration `it` of control step `t`: model parameters and noise. */
export function iterationKeys(episodeKey: Key, t: number, it: number): { model: Key; noise: Key } {
  return { model: deriveKey(episodeKey, STREAM.model, t, it), noise: deriveKey(episodeKey, STREAM.noise, t, it) };
}

/**
 * The Q hook for MPPI, or null for plain MPPI: Q's own `evaluate` (numerics
 * 'v1': the float64 TypeScript pass), or (numerics 'v2') its weights through
 * the float32 WebAssembly SIMD pass, held in `wasm` (one per caller, so the
 * weights are loaded again only when they change).
 */
export function terminalFor(q: QFunction | null, numerics: Numerics = 'v1', wasm?: WasmQ): TerminalQ | null {
  if (!q) return null;
  if (numerics === 'v1') return (inputs, count, out) => q.evaluate(inputs, count, out);
  const w = wasm ?? new WasmQ();
  return (inputs, count, out) => w.evaluate(q, inputs, count, out);
}

/** What acts on a system: MpcAgent, or a GPU twin whose action arrives asynchronously. */
export interface Actor {
  /** Free energy of the last iteration of the last `act` call. */
  readonly lastFreeEnergy: number;
  /** Resets the plan for the episode with this key. */
  beginEpisode(episodeKey: Key): void;
  /** Plans from `state` (row at `so`) for control step `t`, writes the action, shifts the plan. */
  act(state: Float64Array, so: number, t: number, action: Float64Array): void | Promise<void>;
}

export class MpcAgent implements Actor {
  /** Mean control sequence U [H, na]. */
  readonly means: Float64Array;
  readonly ws: MppiWorkspace;
  readonly model: PlannerModel;
  private readonly params: Float64Array;
  private readonly start: Float64Array;
  private readonly fe = new Float64Array(1);
  private readonly weights: Float64Array;
  private readonly terminal: TerminalQ | null;
  private readonly numerics: Numerics;
  private readonly iterationOpts: IterationOptions;
  /** The episode's model and noise streams (iterationKeys' first fold), and one iteration's keys (reused). */
  private modelRoot: Key = [0, 0];
  private noiseRoot: Key = [0, 0];
  private readonly stepKey: [number, number] = [0, 0];
  private readonly modelKey: [number, number] = [0, 0];
  private readonly noiseKey: [number, number] = [0, 0];
  /** Free energy of the last iteration of the last `act` call. */
  lastFreeEnergy = 0;

  constructor(
    readonly task: TaskSpec,
    readonly cfg: AgentConfig,
    q: QFunction | null,
  ) {
    if (usesQ(cfg.agent) && !q) throw new Error(`a ${cfg.agent} agent needs a Q-function`);
    const { samples, horizon } = cfg.mppi;
    this.ws = new MppiWorkspace(task, samples, horizon, 1);
    this.model = new PlannerModel(task, cfg.model, cfg.paramPolicy, samples, {
      box: cfg.modelBox,
      trueParams: cfg.modelTrueParams,
    });
    this.params = new Float64Array(samples * task.paramNames.length);
    this.means = new Float64Array(horizon * task.actionDim);
    this.start = new Float64Array(task.stateDim);
    this.weights = Float64Array.from(cfg.costWeights);
    this.numerics = numericsOf(cfg);
    this.iterationOpts = { numerics: this.numerics };
    this.terminal = usesQ(cfg.agent) ? terminalFor(q, this.numerics) : null;
  }

  /** Resets the plan and draws the episode's model ensemble (if that policy is on). */
  beginEpisode(episodeKey: Key): void {
    this.modelRoot = foldIn(episodeKey, STREAM.model);
    this.noiseRoot = foldIn(episodeKey, STREAM.noise);
    this.means.fill(0);
    this.model.beginEpisode(new RandomStream(episodeModelKey(episodeKey)));
  }

  /**
   * Plans from `state` (row at `so`) for control step `t` of the episode and
   * writes the action to execute into `action`; then shifts the plan.
   */
  act(state: Float64Array, so: number, t: number, action: Float64Array): void {
    const { task, cfg } = this;
    const na = task.actionDim;
    for (let j = 0; j < task.stateDim; j++) this.start[j] = state[so + j];
    const { stepKey, modelKey, noiseKey } = this;
    for (let it = 0; it < cfg.mppi.iterations; it++) {
      // iterationKeys(episodeKey, t, it), without new arrays.
      foldInto(this.modelRoot, t, stepKey);
      foldInto(stepKey, it, modelKey);
      foldInto(this.noiseRoot, t, stepKey);
      foldInto(stepKey, it, noiseKey);
      const stride = this.model.fill(new RandomStream(modelKey), 1, this.params);
      mppiIteration(
        this.ws,
        cfg.mppi,
        this.weights,
        this.start,
        this.means,
        1,
        this.params,
        stride,
        noiseKey,
        this.terminal,
        this.fe,
        this.iterationOpts,
      );
    }
    this.lastFreeEnergy = this.fe[0];
    for (let d = 0; d < na; d++) action[d] = this.means[d];
    shiftMeans(this.means, 1, cfg.mppi.horizon, na, cfg.mppi.shiftFill);
  }
}
