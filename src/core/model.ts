/**
 * The planner's model P̂ (paper §2, §4): which dynamics parameters the MPPI
 * rollouts use. The real system always uses the task's true parameters.
 *
 * - source 'biased': drawn from the task's biased distribution (Table 1);
 *   'true': the true parameters (the "MPPI with true dynamics" baseline);
 *   'dr': the task's broad box (TaskSpec.dr; wider than Table 1's), a variant.
 * - policy 'per-sample-per-step': one vector per sample, redrawn every control
 *   step (an ensemble that changes each step); 'per-episode': N vectors drawn at
 *   the start of an episode and kept (the authors' later code: one per worker).
 *
 * The page can move the box and the true values (`PlannerModelOverride`); the
 * CLI never does, so its runs draw from the task's own Table 1 values.
 */
import type { RandomStream } from './rng';
import { fillParams, sampleParamBox, type ParamBox, type TaskSpec } from './task';

/** The planner's model sources. */
export const MODEL_SOURCES = ['biased', 'true', 'dr'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

/** Each model source's short label and one line on what the rollouts use. */
export const MODEL_INFO: Readonly<Record<ModelSource, { readonly label: string; readonly doc: string }>> = {
  biased: { label: 'Biased', doc: 'Rollouts draw parameters from the biased box (paper Table 1)' },
  true: { label: 'True', doc: "Rollouts use the real system's parameters (the MPPI-with-true-dynamics baseline)" },
  dr: { label: 'DR', doc: "Rollouts draw parameters from the task's broad box (wider than Table 1's)" },
};

/** When model parameters are redrawn. */
export const PARAM_POLICIES = ['per-sample-per-step', 'per-episode'] as const;
export type ParamPolicy = (typeof PARAM_POLICIES)[number];

/** Replaces the task's values the model draws from; absent fields keep the task's. */
export interface PlannerModelOverride {
  /** The box for source 'biased' or 'dr'. */
  readonly box?: ParamBox;
  /** The parameters of source 'true'. */
  readonly trueParams?: readonly number[];
}

/**
 * What a planner model draws, for planners that draw it themselves (the GPU's
 * rollout kernel): one fixed row (source 'true'), or each parameter j of sample
 * row r uniform in the box, as uniform (r·np + j) of the step's model stream
 * (`perEpisode`: of the episode's stream, rows taken modulo N).
 */
export type ModelDraw =
  | { readonly kind: 'fixed'; readonly values: readonly number[] }
  | { readonly kind: 'box'; readonly box: ParamBox; readonly perEpisode: boolean };

/** The draw of a model source and policy, the override's values in place of the task's. */
export function modelDraw(
  task: TaskSpec,
  source: ModelSource,
  policy: ParamPolicy,
  override: PlannerModelOverride = {},
): ModelDraw {
  const np = task.paramNames.length;
  for (const v of [override.box?.low, override.box?.high, override.trueParams]) {
    if (v && v.length !== np) throw new Error(`a model override needs ${np} values, got ${v.length}`);
  }
  if (source === 'true') return { kind: 'fixed', values: override.trueParams ?? task.trueParams };
  const box = override.box ?? (source === 'dr' ? task.dr : task.biased);
  return { kind: 'box', box, perEpisode: policy === 'per-episode' };
}

export class PlannerModel {
  private readonly episodeParams: Float64Array;
  readonly paramDim: number;
  /** What fill() draws. */
  readonly draw: ModelDraw;

  constructor(
    readonly task: TaskSpec,
    readonly source: ModelSource,
    readonly policy: ParamPolicy,
    readonly samples: number,
    override: PlannerModelOverride = {},
  ) {
    this.paramDim = task.paramNames.length;
    this.episodeParams = new Float64Array(samples * this.paramDim);
    this.draw = modelDraw(task, source, policy, override);
  }

  /** Call at the start of an episode (draws the per-episode ensemble). */
  beginEpisode(rng: RandomStream): void {
    if (this.draw.kind === 'box' && this.draw.perEpisode) {
      sampleParamBox(this.draw.box, rng, this.samples, this.episodeParams);
    }
  }

  /**
   * Fills out with parameters for `problems` × N rollout rows ([P·N, np]) and
   * returns the stride to pass to the step function.
   */
  fill(rng: RandomStream, problems: number, out: Float64Array): number {
    const np = this.paramDim;
    const { draw } = this;
    if (draw.kind === 'fixed') {
      fillParams(draw.values, 1, out);
      return 0;
    }
    if (!draw.perEpisode) {
      sampleParamBox(draw.box, rng, problems * this.samples, out);
    } else {
      for (let p = 0; p < problems; p++) out.set(this.episodeParams, p * this.samples * np);
    }
    return np;
  }
}
