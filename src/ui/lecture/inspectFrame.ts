/**
 * What the scene and the weights panel show while one MPPI iteration is
 * stepped through (compute/engine/inspect.ts), built from the engine's view:
 *   (a) noise, (b) score: the frozen rollouts, unweighted (one plain colour), the plan U;
 *   (c) weights: the rollouts coloured by w_n, the plan U;
 *   (d) update: the new plan, with the old one drawn as a ghost;
 *   (e) shift: the system after u_0, the shifted plan, the plan it came from as a ghost.
 */
import type { InspectView } from '../../compute/engine/inspect';
import type { EngineFrame } from '../../compute/engine/protocol';
import { weightStats, type WeightStats } from '../../core/weightStats';
import type { SceneFrame } from '../scenes/types';

/** What the weights panel draws: one sample set's statistics over all its N samples (core/weightStats.ts). */
export interface WeightsData {
  readonly samples: number;
  /** ESS, sorted-weight profile, best and median split (over uniform placeholders while `pending`). */
  readonly stats: WeightStats;
  /** True before the weights exist (step-through's sub-steps a and b). */
  readonly pending: boolean;
  /** True when the terminal term is the learned Q (false: plain MPPI's last running cost). */
  readonly hasQ: boolean | null;
}

/** Sub-steps at which the weights are not computed yet. */
const BEFORE_WEIGHTS = new Set(['noise', 'score']);

const cache = new WeakMap<object, WeightsData>();

/**
 * The panel's data of a step-through view, else of a frame (the same object
 * while its source is the same). A frame carries only the drawn rollouts, so
 * its statistics come computed by the engine over all N; a view holds all N
 * samples and is summarised here, once.
 */
export function weightsOf(view: InspectView | null, frame: EngineFrame | null): WeightsData | null {
  if (view) {
    let d = cache.get(view);
    if (!d) {
      d = {
        samples: view.samples,
        stats: weightStats(view.weights, view.split, view.samples),
        pending: BEFORE_WEIGHTS.has(view.stage),
        hasQ: view.hasQ,
      };
      cache.set(view, d);
    }
    return d;
  }
  const stats = frame?.weightStats;
  if (!frame || !stats) return null;
  let d = cache.get(frame);
  if (!d) {
    d = { samples: frame.samples, stats, pending: false, hasQ: null };
    cache.set(frame, d);
  }
  return d;
}

/** The scene's frame for a step-through view; `frame` gives the real system's parameters. */
export function inspectSceneFrame(view: InspectView, frame: EngineFrame): SceneFrame {
  const base = {
    taskId: frame.task,
    params: frame.params,
    paths: view.paths,
    samples: view.samples,
    horizon: view.horizon,
  };
  switch (view.stage) {
    case 'noise':
    case 'score':
      return { ...base, state: view.state, weights: view.weights, plan: view.planBefore, rollouts: 'plain' };
    case 'weights':
      return { ...base, state: view.state, weights: view.weights, plan: view.planBefore, rollouts: 'weighted' };
    case 'update':
      return {
        ...base,
        state: view.state,
        weights: view.weights,
        plan: view.planAfter,
        ghostPlan: view.planBefore,
        rollouts: 'weighted',
      };
    case 'shift':
      return {
        ...base,
        state: view.nextState,
        weights: view.weights,
        plan: view.planShifted,
        ghostPlan: view.planAfter,
        rollouts: 'hidden',
      };
  }
}
