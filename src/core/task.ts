/**
 * The task interface: everything the planner, the learner and the page need to
 * know about one control problem. One task = one file exporting a TaskSpec;
 * `tasks/registry.ts` lists them.
 *
 * Shapes: state arrays are row-major [count, stateDim], actions [count, actionDim],
 * parameters [count, paramDim] or one shared row (paramStride 0).
 */
import type { RandomStream } from './rng';

export type TaskId = 'pendulum' | 'ballincup' | 'fetch' | 'franka';

/** A box of independent uniform distributions, one per parameter. */
export interface ParamBox {
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** One named term of the running cost c(s, a) = Σ_k weight_k · term_k(s, a). */
export interface CostTerm {
  readonly name: string;
  /** One line: what it measures, with units. */
  readonly doc: string;
  /** The paper's weight (Table 3). */
  readonly weight: number;
  /** A sensible slider range for the weight. */
  readonly range: readonly [number, number];
}

/**
 * How an episode's success is judged from the per-step success test:
 * `final` — at the last state; `anyOfLast` / `allOfLast` — at any / every one of
 * the last `steps` states.
 */
export type SuccessRule =
  | { readonly kind: 'final' }
  | { readonly kind: 'anyOfLast'; readonly steps: number }
  | { readonly kind: 'allOfLast'; readonly steps: number };

export interface TaskSpec {
  readonly id: TaskId;
  readonly title: string;
  /** A few lines: what is simulated, what is simplified, which parameters act where. */
  readonly doc: string;

  readonly stateDim: number;
  /** Names with units, one per state component. */
  readonly stateNames: readonly string[];
  readonly actionDim: number;
  readonly actionNames: readonly string[];
  readonly actionLow: readonly number[];
  readonly actionHigh: readonly number[];
  /** Dimension of the observation fed to Q (paper App. B). */
  readonly obsDim: number;
  readonly obsNames: readonly string[];

  /** Control timestep (s): one `step` call advances this much. */
  readonly controlDtSec: number;
  /** Physics substeps per control step. */
  readonly substeps: number;
  /** Control steps per episode. */
  readonly episodeSteps: number;

  readonly paramNames: readonly string[];
  /** Parameters of the real system (paper Table 1). */
  readonly trueParams: readonly number[];
  /** The planner's biased model distribution (Table 1), clamped to stay physical. */
  readonly biased: ParamBox;
  /** The broad distribution used by domain randomisation. */
  readonly dr: ParamBox;

  readonly costTerms: readonly CostTerm[];
  readonly successRule: SuccessRule;

  /**
   * Advances `count` states in place by one control step (all substeps) under
   * the given actions (already within bounds). Row r uses params at
   * r * paramStride. Must not allocate and must never produce NaN or Inf.
   */
  step(states: Float64Array, actions: Float64Array, params: Float64Array, paramStride: number, count: number): void;

  /** Writes the cost terms' values (unweighted) of state row `so` and action row `ao` to out[0..terms). */
  evalCostTerms(s: Float64Array, so: number, a: Float64Array, ao: number, out: Float64Array): void;

  /** Writes the observation (obsDim values) of the state at `so` into out at `oo`. */
  observe(s: Float64Array, so: number, out: Float32Array | Float64Array, oo: number): void;

  /** The per-step success test used by `successRule`. */
  isSuccess(s: Float64Array, so: number): boolean;

  /** Draws an initial state of the real system into out at `o`. */
  sampleInitialState(rng: RandomStream, out: Float64Array, o: number): void;

  /** World position (m) of the point whose path the page draws for a rollout. */
  keyPoint(s: Float64Array, so: number, out: Float64Array): void;
}

/** The weight vector of a task's cost terms at the paper's values. */
export function defaultCostWeights(task: TaskSpec): Float64Array {
  return Float64Array.from(task.costTerms.map((t) => t.weight));
}

/** Running cost c(s, a) = Σ_k w_k term_k(s, a). `scratch` holds at least costTerms.length values. */
export function runningCost(
  task: TaskSpec,
  s: Float64Array,
  so: number,
  a: Float64Array,
  ao: number,
  weights: Float64Array,
  scratch: Float64Array,
): number {
  task.evalCostTerms(s, so, a, ao, scratch);
  let c = 0;
  for (let k = 0; k < weights.length; k++) c += weights[k] * scratch[k];
  return c;
}

/** Draws `rows` parameter vectors from a box into out (row-major). */
export function sampleParamBox(box: ParamBox, rng: RandomStream, rows: number, out: Float64Array): void {
  const d = box.low.length;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) out[r * d + j] = rng.uniformIn(box.low[j], box.high[j]);
  }
}

/** Fills `rows` rows of out with the same parameter vector. */
export function fillParams(values: readonly number[], rows: number, out: Float64Array): void {
  const d = values.length;
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) out[r * d + j] = values[j];
}

/** Clamps action rows in place to the task's bounds. */
export function clampActions(task: TaskSpec, a: Float64Array, count: number): void {
  const d = task.actionDim;
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < d; j++) {
      const i = r * d + j;
      const lo = task.actionLow[j];
      const hi = task.actionHigh[j];
      const v = a[i];
      a[i] = v < lo ? lo : v > hi ? hi : v;
    }
  }
}

/**
 * The paper's parameterisation for Fetch and Franka (Table 1): each parameter p
 * uniform with mean bias·p and half-width sigma·p, its low end clamped at
 * `minValue(p)` so the model stays physical (positive masses, sizes, frictions).
 */
export function scaledBox(
  trueParams: readonly number[],
  bias: number,
  sigma: number,
  minValue: (p: number) => number,
): ParamBox {
  return {
    low: trueParams.map((p) => Math.max(minValue(p), (bias - sigma) * p)),
    high: trueParams.map((p) => (bias + sigma) * p),
  };
}

/** Evaluates an episode's success from its per-step success flags. */
export function episodeSuccess(rule: SuccessRule, flags: readonly boolean[]): boolean {
  if (flags.length === 0) return false;
  switch (rule.kind) {
    case 'final':
      return flags[flags.length - 1];
    case 'anyOfLast':
      return flags.slice(-rule.steps).some(Boolean);
    case 'allOfLast':
      return flags.slice(-rule.steps).every(Boolean);
  }
}

/** True when every value of the row is finite. */
export function rowIsFinite(s: Float64Array, o: number, n: number): boolean {
  for (let i = o; i < o + n; i++) if (!Number.isFinite(s[i])) return false;
  return true;
}
