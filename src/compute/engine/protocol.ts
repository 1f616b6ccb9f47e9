/**
 * The typed messages between the page and the lab engine (in a Web Worker, or
 * called directly in Node). Commands go in, events come out; frame-rate data
 * (state, rollout paths, weights, plan) travels in typed arrays that the
 * worker transfers instead of copying.
 *
 * Every command is checked by `parseCommand` before the engine sees it: a bad
 * or out-of-order command gets an `error` event naming the command and what
 * was wrong, and the engine keeps its state.
 */
import type { EpisodeRecord } from '../../core/train';
import type { WeightStats } from '../../core/weightStats';
import type { BackendRequest } from '../backendNames';
import type { RunCheckpoint } from './checkpoint';
import type { InspectStage, InspectView } from './inspect';
import type { LabSettings } from './settings';

export const COMMAND_TYPES = [
  'init',
  'configure',
  'play',
  'pause',
  'step',
  'reset',
  'train',
  'stopTraining',
  'loadWeights',
  'resetQ',
  'exportRun',
  'importRun',
  'restoreRun',
  'valueMap',
  'simulateDeviceLoss',
  'targetWorkers',
  'inspect',
  'inspectEnd',
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

export type EngineCommand =
  /**
   * Must come first, once. `wasmPath`: folder serving the tfjs wasm binaries (the page's own origin).
   * `frames: false`: the engine sends no `frame` events at all (a host that only needs episodes and progress, such as the page's paper mode); default true.
   */
  | { readonly type: 'init'; readonly settings: LabSettings; readonly wasmPath?: string; readonly frames?: boolean }
  /** New settings, applied live: MPPI values at the next control step; a new task, agent, seed, backend, true parameters or cost weights resets the episode (a new task or agent also the Q-network). */
  | { readonly type: 'configure'; readonly settings: LabSettings }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  /** Pauses and runs exactly one control step. */
  | { readonly type: 'step' }
  /** Back to episode 0 of the seed, step 0; keeps the Q-network and playing/paused as it was. */
  | { readonly type: 'reset' }
  /** Algorithm 1 on the real system for `episodes` episodes (the settings' trainEpisodes when omitted); plain MPPI runs the same episodes without learning (Fig. 2's baselines on the training starts). */
  | { readonly type: 'train'; readonly episodes?: number }
  /** Stops training after the current control step; what was learnt is kept. */
  | { readonly type: 'stopTraining' }
  /** A Q-weights file (core/weightsFile.ts format) as parsed JSON; the episode restarts with it. */
  | { readonly type: 'loadWeights'; readonly file: unknown }
  /** A fresh, untrained Q-network (initialised from the seed, as at the start); the episode restarts. */
  | { readonly type: 'resetQ' }
  /** Asks for a `run` event holding the settings, curves and weights. */
  | { readonly type: 'exportRun' }
  /** A run file, as its JSON text or parsed: replaces settings, curves and weights if valid, else nothing changes; a `checkpoint` (reason 'import') then carries the curves. */
  | { readonly type: 'importRun'; readonly file: unknown }
  /**
   * A run saved by the page (checkpoint.ts): `file` a run file as importRun
   * takes it, `train` Adam's state and the SoftQ target (QTrainState), `updates`
   * the Adam steps behind the weights. Checked like importRun; nothing changes
   * when any part is refused.
   */
  | { readonly type: 'restoreRun'; readonly file: unknown; readonly train: unknown; readonly updates: unknown }
  /** Asks for a `valueMap` event: V(θ, θ̇) of the current Q on a grid (pendulum only). */
  | { readonly type: 'valueMap'; readonly resolution: number }
  /** Test hook: behaves as if the WebGPU device was lost. */
  | { readonly type: 'simulateDeviceLoss' }
  /** Workers of the CPU's target pool from the next training run on (0: the engine's own thread); results do not depend on it. */
  | { readonly type: 'targetWorkers'; readonly count: number }
  /**
   * Step-through of one MPPI iteration: pauses, freezes the first iteration of the next control step
   * (once; later calls move between sub-steps of the same samples) and answers with an `inspect` event.
   * While frozen, a configure that changes only λ or α re-weights the same samples; other MPPI changes
   * freeze anew from the same state; play, step, reset, a new episode or training leave step-through.
   */
  | { readonly type: 'inspect'; readonly stage: InspectStage }
  /** Leaves step-through (an `inspect` event with null answers). */
  | { readonly type: 'inspectEnd' };

/** What runs where, as really started. */
export interface BackendReport {
  /** What was asked for. */
  readonly requested: BackendRequest;
  /** Exactly what `tf.getBackend()` returned: the Q-network's backend. */
  readonly tfjs: string;
  /** Where the MPPI rollouts run: 'webgpu' (WGSL kernels) or 'cpu' (TypeScript). */
  readonly planner: 'webgpu' | 'cpu';
  /** Why the planner is on the CPU when tfjs is on webgpu (e.g. no WGSL kernel for this task) or after a device loss; empty otherwise. */
  readonly plannerNote: string;
  /** Where the running training's Eq. 19 targets are computed (absent when not training, or for plain MPPI). */
  readonly targets?: 'webgpu' | 'cpu';
  /** Why there, with the measured minibatch times when the engine measured (targetsChoice.ts). */
  readonly targetsNote?: string;
  /** With targets on the CPU: the workers of the pool computing them (0: the engine's own thread). */
  readonly targetWorkers?: number;
  /** One line per backend that was wanted but not used, with the reason. */
  readonly failures: readonly string[];
  /** Largest |Q_tfjs − Q_TypeScript| of an untrained Q-network on a few inputs: proves the backend computes. */
  readonly qCheckMaxAbsDiff: number;
  readonly initMs: number;
}

/** One control step, as the scene draws it. */
export interface EngineFrame {
  readonly task: LabSettings['task'];
  /** Control steps since the last reset (training steps included). */
  readonly controlSteps: number;
  readonly episode: number;
  readonly episodeStep: number;
  /** Playing or training. */
  readonly running: boolean;
  readonly training: boolean;
  /** Real-system state after the step (task layout). */
  readonly state: Float64Array;
  /** The real system's parameters. */
  readonly params: readonly number[];
  /** Action applied in the step (zeros before the first). */
  readonly action: Float64Array;
  /** Running cost of the step. */
  readonly cost: number;
  /** Free energy of the step's last MPPI iteration. */
  readonly freeEnergy: number;
  /** World key point (x, y, z; m) of the drawn rollouts of the step's planning (drawBudget.ts): [drawn, H, 3]; empty after a reset. */
  readonly paths: Float32Array;
  /** Their MPPI weights [drawn] (of all N samples' weights, which sum to 1). */
  readonly weights: Float32Array;
  /** Their cost S_n split [drawn, 3]: running Σ_{t<H−1} γ^t c, terminal γ^{H−1}Q (plain MPPI: γ^{H−1}c), control cost with λ (Eq. 16). */
  readonly costSplit: Float32Array;
  /** ESS, sorted-weight profile and best/median split over ALL N samples (core/weightStats.ts); null when nothing is drawn. */
  readonly weightStats: WeightStats | null;
  /** The key point along the planned mean trajectory after the update [H, 3], rolled out on the model's nominal parameters (the true ones for model 'true', else the box centre). */
  readonly plan: Float32Array;
  /** N: rollouts the planner sampled. */
  readonly samples: number;
  /** Rollouts in `paths` and `weights`: all N up to DRAW_BUDGET, else DRAW_BUDGET chosen by weight. */
  readonly drawn: number;
  readonly horizon: number;
  /** Control steps per second of wall time over the last second (0 when paused). */
  readonly rateHz: number;
  /** Mean wall time of a planning call (ms) over the same steps as `rateHz` (the last call's when there are none). */
  readonly planMs: number;
}

export type EpisodePhase = 'play' | 'train';

/** A finished episode, for the learning plots. */
export interface EpisodeEvent {
  readonly phase: EpisodePhase;
  readonly record: EpisodeRecord;
}

export interface TrainingProgress {
  readonly running: boolean;
  /** Episodes finished in this training run, of `total`. */
  readonly done: number;
  readonly total: number;
  /** Estimated seconds left (null before the first control step). */
  readonly etaSec: number | null;
  /** Adam steps taken since the Q-network was created or loaded. */
  readonly updates: number;
  /** Running the episode's control steps, or the Q update after it (Eq. 19 targets and Adam steps). */
  readonly phase: 'acting' | 'updating';
  /** Minibatches of the current update done, of `minibatches` (0 while acting). */
  readonly minibatch: number;
  readonly minibatches: number;
}

/** The current Q's value V(θ, θ̇) on a grid (pendulum; how V is taken from Q is in `method`): rows θ̇, columns θ. */
export interface ValueMap {
  readonly thetaRange: readonly [number, number];
  readonly omegaRange: readonly [number, number];
  readonly resolution: number;
  /** [resolution (θ̇), resolution (θ)], row-major. */
  readonly values: Float32Array;
  /** How V was obtained from Q, one line for the legend. */
  readonly method: string;
}

/** What a busy engine is doing ('setup': starting a backend or building a planner, e.g. compiling GPU kernels). */
export type BusyWork = 'control step' | 'training update' | 'setup';

export type EngineEvent =
  | { readonly type: 'backend'; readonly report: BackendReport }
  | { readonly type: 'frame'; readonly frame: EngineFrame }
  | { readonly type: 'episode'; readonly episode: EpisodeEvent }
  | { readonly type: 'training'; readonly progress: TrainingProgress }
  | { readonly type: 'valueMap'; readonly map: ValueMap }
  /** The frozen MPPI iteration at a sub-step, or null when step-through ended. */
  | { readonly type: 'inspect'; readonly view: InspectView | null }
  /** The run file asked for by `exportRun`. */
  | { readonly type: 'run'; readonly file: unknown }
  /** The settings now in force (after init, configure, importRun). */
  | { readonly type: 'settings'; readonly settings: LabSettings }
  /** What the run has learnt so far (after every episode, a stop, a load, an import or a restore): the page saves it. */
  | { readonly type: 'checkpoint'; readonly checkpoint: RunCheckpoint }
  /**
   * Sent just before a unit of work (a control step, or one minibatch of Eq. 19
   * targets and an Adam step) predicted to take BUSY_MS or more, or of unknown
   * length and large (workCost.ts): the worker cannot answer until it ends.
   */
  | { readonly type: 'busy'; readonly work: BusyWork; readonly predictedMs: number | null }
  /**
   * The worker host's heartbeat (worker.ts), a few times a second while it can answer; the first
   * names the Web Lock it holds for its life (the page's request for it is granted when the worker ends).
   */
  | { readonly type: 'alive'; readonly lifeLock?: string }
  /** Something the user should know that is not an error (e.g. fell back to the CPU planner after a device loss). */
  | { readonly type: 'notice'; readonly message: string }
  /** A command was refused or failed; `command` names it. The engine's state is unchanged by a refused command. */
  | { readonly type: 'error'; readonly command: string | null; readonly message: string };
