/**
 * One MPPI iteration held still for a lecture (paper Eq. 15–18): the samples a
 * planner drew from the current state and plan, frozen, and what each sub-step
 * of the iteration makes of them:
 *   (a) noise ε drawn around the plan U, rollouts unweighted;
 *   (b) each rollout scored: S_n split into running, terminal and control cost (Eq. 16);
 *   (c) weights w_n = exp(−S_n/λ)/Σ (Eq. 15, 17), re-computed for any λ from the same samples;
 *   (d) the mean update U ← U + α Σ_n w_n ε_n (Eq. 18), old and new plan;
 *   (e) u_0 applied to the real system and the plan shifted one step.
 *
 * The planner (CPU or WebGPU) draws and scores the samples once; everything
 * after that is computed here in TypeScript from the frozen split, so moving λ
 * or α never draws new noise. `plannerGap` says how far this recomputation is
 * from the planner's own weights and mean at the λ and α it planned with.
 */
import { clampActions, type TaskSpec } from '../../core/task';
import { shiftMeans } from '../../core/mppi';
import { bestAndMedian, COST_PARTS, effectiveSampleSize, reweight } from '../../core/weighting';
import { PlanTracer } from './display';

/** The sub-steps, in order. */
export const INSPECT_STAGES = ['noise', 'score', 'weights', 'update', 'shift'] as const;
export type InspectStage = (typeof INSPECT_STAGES)[number];

/** What a planner hands over of one iteration from a state and plan, without changing its own plan. */
export interface FrozenSamples {
  readonly samples: number;
  readonly horizon: number;
  /** The state planned from. */
  readonly start: Float64Array;
  /** The plan U the iteration starts from [H, na]. */
  readonly means: Float64Array;
  /** ε [N, H, na]. */
  readonly noise: Float64Array;
  /** S_n split [N, 3] with the control part per unit λ (core/weighting.ts). */
  readonly parts: Float64Array;
  /** Key points of every rollout [N, H, 3]. */
  readonly paths: Float32Array;
  /** The planner's own weights [N] and updated plan [H, na] at the λ and α it planned with. */
  readonly plannerWeights: Float32Array;
  readonly plannerMeans: Float32Array;
  readonly lambda: number;
  readonly alpha: number;
  /** The model's nominal parameters (the plan is drawn on them). */
  readonly nominal: Float64Array;
  readonly shiftFill: 'zero' | 'repeat';
  readonly hasQ: boolean;
  readonly gamma: number;
  readonly sigma: number;
}

/** One sub-step as the page shows it; every array is fresh (transferable). */
export interface InspectView {
  readonly stage: InspectStage;
  readonly planner: 'cpu' | 'webgpu';
  readonly episode: number;
  /** The control step t planned for. */
  readonly episodeStep: number;
  readonly samples: number;
  readonly horizon: number;
  readonly actionDim: number;
  readonly lambda: number;
  readonly alpha: number;
  readonly sigma: number;
  readonly gamma: number;
  readonly hasQ: boolean;
  /** MPPI iterations per control step in the settings (a real step runs that many such iterations). */
  readonly iterations: number;
  /** What fills the plan's last slot after the shift. */
  readonly shiftFill: 'zero' | 'repeat';
  /** The state planned from, and the real system's state after u_0 [ns]. */
  readonly state: Float64Array;
  readonly nextState: Float64Array;
  /** ε [N, H, na]. */
  readonly noise: Float32Array;
  /** Rollout key points [N, H, 3]. */
  readonly paths: Float32Array;
  /** Split at this λ [N, 3]: running, terminal, control (λ included), so the three add up to S. */
  readonly split: Float32Array;
  /** S_n at this λ [N]. */
  readonly costs: Float32Array;
  /** w_n at this λ [N]. */
  readonly weights: Float32Array;
  readonly ess: number;
  readonly freeEnergy: number;
  /** Sample indices of the lowest and of the median S. */
  readonly best: number;
  readonly median: number;
  /** Plan before and after the update [H, na]; the action u_0 [na]; the shifted plan [H, na]. */
  readonly meanBefore: Float32Array;
  readonly meanAfter: Float32Array;
  readonly action: Float32Array;
  readonly meanShifted: Float32Array;
  /** Key points of the plans [H, 3]: before and after the update from the state, shifted from the next state. */
  readonly planBefore: Float32Array;
  readonly planAfter: Float32Array;
  readonly planShifted: Float32Array;
  /** Largest |this recomputation − the planner's own| over weights and the updated plan, at the planner's λ and α. */
  readonly plannerGap: number;
}

/** Where the frozen iteration came from and what the real system does with an action. */
export interface InspectContext {
  readonly planner: 'cpu' | 'webgpu';
  readonly episode: number;
  readonly episodeStep: number;
  readonly iterations: number;
  /** The real system's next state from `state` under `action`. */
  readonly realStep: (state: Float64Array, action: Float64Array) => Float64Array;
}

export class FrozenIteration {
  private lambda: number;
  private alpha: number;
  private readonly costs: Float64Array;
  private readonly weights: Float64Array;
  private readonly after: Float64Array;
  private freeEnergy = 0;
  private readonly tracer: PlanTracer;
  private readonly plannerGap: number;

  constructor(
    private readonly task: TaskSpec,
    readonly frozen: FrozenSamples,
    private readonly ctx: InspectContext,
  ) {
    const N = frozen.samples;
    this.costs = new Float64Array(N);
    this.weights = new Float64Array(N);
    this.after = new Float64Array(frozen.means.length);
    this.tracer = new PlanTracer(task);
    this.lambda = frozen.lambda;
    this.alpha = frozen.alpha;
    this.recompute();
    let gap = 0;
    for (let n = 0; n < N; n++) gap = Math.max(gap, Math.abs(this.weights[n] - frozen.plannerWeights[n]));
    for (let i = 0; i < this.after.length; i++) gap = Math.max(gap, Math.abs(this.after[i] - frozen.plannerMeans[i]));
    this.plannerGap = gap;
  }

  /** New λ and α for the same samples: S, weights, update and plans are recomputed, the noise stays. */
  retune(lambda: number, alpha: number): void {
    this.lambda = lambda;
    this.alpha = alpha;
    this.recompute();
  }

  /** The stage's view (all stages carry everything; the page shows what the stage is about). */
  view(stage: InspectStage): InspectView {
    const { task, frozen, ctx } = this;
    const N = frozen.samples;
    const H = frozen.horizon;
    const na = task.actionDim;
    const split = new Float32Array(N * COST_PARTS);
    for (let n = 0; n < N; n++) {
      const o = n * COST_PARTS;
      split[o] = frozen.parts[o];
      split[o + 1] = frozen.parts[o + 1];
      split[o + 2] = this.lambda * frozen.parts[o + 2];
    }
    const action = Float64Array.from(this.after.subarray(0, na));
    const nextState = ctx.realStep(frozen.start, action);
    const shifted = this.after.slice();
    shiftMeans(shifted, 1, H, na, frozen.shiftFill);
    const plan = (from: Float64Array, mean: Float64Array) => {
      const out = new Float32Array(H * 3);
      this.tracer.trace(from, mean, H, frozen.nominal, out);
      return out;
    };
    const { best, median } = bestAndMedian(this.costs, N);
    return {
      stage,
      planner: ctx.planner,
      episode: ctx.episode,
      episodeStep: ctx.episodeStep,
      samples: N,
      horizon: H,
      actionDim: na,
      lambda: this.lambda,
      alpha: this.alpha,
      sigma: frozen.sigma,
      gamma: frozen.gamma,
      hasQ: frozen.hasQ,
      iterations: ctx.iterations,
      shiftFill: frozen.shiftFill,
      state: frozen.start.slice(),
      nextState,
      noise: Float32Array.from(frozen.noise),
      paths: frozen.paths.slice(),
      split,
      costs: Float32Array.from(this.costs),
      weights: Float32Array.from(this.weights),
      ess: effectiveSampleSize(this.weights),
      freeEnergy: this.freeEnergy,
      best,
      median,
      meanBefore: Float32Array.from(frozen.means),
      meanAfter: Float32Array.from(this.after),
      action: Float32Array.from(action),
      meanShifted: Float32Array.from(shifted),
      planBefore: plan(frozen.start, frozen.means),
      planAfter: plan(frozen.start, this.after),
      planShifted: plan(nextState, shifted),
      plannerGap: this.plannerGap,
    };
  }

  /** S and w under the current λ (Eq. 16, 15), then U + α Σ w ε clamped to the bounds (Eq. 18). */
  private recompute(): void {
    const { frozen, task } = this;
    const N = frozen.samples;
    const HA = frozen.means.length;
    this.freeEnergy = reweight(frozen.parts, N, this.lambda, this.costs, this.weights);
    for (let i = 0; i < HA; i++) {
      let acc = 0;
      for (let n = 0; n < N; n++) acc += this.weights[n] * frozen.noise[n * HA + i];
      this.after[i] = frozen.means[i] + this.alpha * acc;
    }
    clampActions(task, this.after, frozen.horizon);
  }
}

/** The arrays of a view, for a worker's transfer list. */
export function viewBuffers(v: InspectView): ArrayBuffer[] {
  return [
    v.state,
    v.nextState,
    v.noise,
    v.paths,
    v.split,
    v.costs,
    v.weights,
    v.meanBefore,
    v.meanAfter,
    v.action,
    v.meanShifted,
    v.planBefore,
    v.planAfter,
    v.planShifted,
  ].map((a) => a.buffer as ArrayBuffer);
}
