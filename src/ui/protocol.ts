/**
 * The typed messages between the page and the pendulum worker. Frame-rate data
 * (state, rollout tip paths, weights) travels in transferred typed arrays.
 */

/** Commands the page sends; `init` carries where the tfjs wasm binaries are served. */
export const COMMANDS = ['init', 'play', 'pause', 'step', 'reset'] as const;
export type CommandType = (typeof COMMANDS)[number];

export type ToWorker =
  | { readonly type: 'init'; readonly wasmPath: string; readonly seed: number }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  /** Pauses and runs exactly one control step. */
  | { readonly type: 'step' }
  /** Back to episode 0 of the seed, step count 0; keeps playing or paused as it was. */
  | { readonly type: 'reset' };

/** What the worker's backend choice produced. */
export interface BackendReport {
  /** Exactly what `tf.getBackend()` returned after the choice. */
  readonly active: string;
  /** One line per backend that was wanted but not used, with the reason. */
  readonly failures: readonly string[];
  /** Largest |Q_tfjs − Q_TypeScript| of one untrained Q-network on a few inputs: proves the backend computes. */
  readonly qCheckMaxAbsDiff: number;
  readonly initMs: number;
}

/** One control step as the page draws it. */
export interface Frame {
  /** Control steps run since the last reset. */
  readonly controlSteps: number;
  readonly episode: number;
  /** Step within the episode. */
  readonly episodeStep: number;
  readonly running: boolean;
  /** Real-system state after the step: [θ (rad), θ̇ (rad/s)]. */
  readonly state: Float64Array;
  /** Torque applied in the step (N·m); 0 before the first step. */
  readonly torqueNm: number;
  readonly torqueMaxNm: number;
  /** Control steps per second of wall time, over the last second or so (0 when paused). */
  readonly rateHz: number;
  /** Wall time of the last `act` call (ms). */
  readonly planMs: number;
  /** Tip positions (x, z in m) of every sampled rollout of the last step's planning: [N, H, 2]; empty after a reset. */
  readonly paths: Float32Array;
  /** Their MPPI weights [N]. */
  readonly weights: Float32Array;
  readonly samples: number;
  readonly horizon: number;
  /** Largest difference between the redrawn rollouts' last states and the planner's own (0 when exact). */
  readonly rolloutMismatch: number;
}

export type FromWorker =
  | { readonly type: 'backend'; readonly report: BackendReport }
  | { readonly type: 'frame'; readonly frame: Frame }
  | { readonly type: 'error'; readonly message: string };
