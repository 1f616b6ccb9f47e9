/**
 * The task interface: everything the planner, the learner, the page and the
 * paper's experiments need to know about one control problem. One task = one
 * module exporting a TaskSpec (dynamics, costs, and its facts: label, intro
 * text, the paper's settings); `tasks/registry.ts` lists them, and the task id
 * type `TaskId` is derived from that list.
 *
 * Shapes: state arrays are row-major [count, stateDim], actions [count, actionDim],
 * parameters [count, paramDim] or one shared row (paramStride 0).
 */
import type { RandomStream } from './rng';

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
  /** The weights allowed for it [lo, hi]: the page's slider spans it, and links and run files are checked against it. */
  readonly range: readonly [number, number];
}

/** The paper's experiments (§4): Fig. 2's learning curves, Table 2's real-vs-DR rows, Fig. 3's horizon sweep. */
export type PaperExperiment = 'fig2' | 'table2' | 'fig3';

/** The paper's settings and experiments for one task (Table 3, App. B, Fig. 2, Fig. 3, Table 2). */
export interface PaperSettings {
  /** Rollouts N (Table 3). */
  readonly samples: number;
  /** Noise covariance Σ (Table 3). */
  readonly sigma: number;
  /** Temperature λ (Table 3). */
  readonly lambda: number;
  /** Step size α (Table 3). */
  readonly alpha: number;
  /** Discount γ (Table 3). */
  readonly gamma: number;
  /** MPQ's horizon H in Fig. 2. */
  readonly mpqHorizon: number;
  /** The long MPPI baseline's horizon in Fig. 2. */
  readonly longHorizon: number;
  /** MPPI iterations per Eq. 19 target (App. B: 3, Franka 1). */
  readonly targetIterations: number;
  /** Training episodes shown in Fig. 2 / Table 2. */
  readonly trainEpisodes: number;
  /** The experiments `reproduce` runs on this task when no task is named. */
  readonly experiments: readonly PaperExperiment[];
  /** Horizons swept in Fig. 3 (short to beyond MPQ's H). */
  readonly fig3Horizons: readonly number[];
  /** Table 2's success rates as printed in the paper, by row label, where the paper has them. */
  readonly table2?: Readonly<Record<string, number>>;
  /** The figure the task is judged by: return (a dense cost, the pendulum) or success rate. */
  readonly metric: 'return' | 'success';
}

/** A student's view of a task (the page's explanation panel): what it is, what it should achieve, what the drawings mark. */
export interface TaskIntro {
  readonly system: string;
  readonly goal: string;
  /** The point whose path each rollout line traces. */
  readonly traced: string;
  /** What the goal marker shows. */
  readonly goalMarker: string;
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

/** One task. `Id` is its literal id, from which the registry derives `TaskId`. */
export interface TaskSpec<Id extends string = string> {
  /** Short, URL- and flag-safe name (`--task`, `?task=`). */
  readonly id: Id;
  readonly title: string;
  /** The short name on the page's task picker. */
  readonly label: string;
  /** A few lines: what is simulated, what is simplified, which parameters act where. */
  readonly doc: string;
  /** The page's plain-words introduction. */
  readonly intro: TaskIntro;
  /** The paper's settings and experiments for this task. */
  readonly paper: PaperSettings;

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
  /**
   * The broad box: wider than `biased` and holding the true values; the range the
   * physics is tested on and the page's sliders allow. Domain randomisation draws
   * from it only as a variant (`--dr-box broad`); the paper's DR draws from `biased`.
   */
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

/**
 * What is wrong with a list of cost weights for a task, as "costWeights.<term>:
 * got x, allowed [lo, hi]" lines (empty when fine): one finite number per cost
 * term, each within its term's range.
 */
export function costWeightProblems(task: TaskSpec, weights: unknown): string[] {
  const terms = task.costTerms;
  if (!Array.isArray(weights) || weights.length !== terms.length || weights.some((w) => typeof w !== 'number'))
    return [`costWeights: expected ${terms.length} numbers (${terms.map((t) => t.name).join(', ')})`];
  const out: string[] = [];
  terms.forEach((t, k) => {
    const w = weights[k] as number;
    const [lo, hi] = t.range;
    if (!(w >= lo && w <= hi)) out.push(`costWeights.${t.name}: got ${w}, allowed [${lo}, ${hi}]`);
  });
  return out;
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
  rng.fillUniformIn(box.low, box.high, rows, out);
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
