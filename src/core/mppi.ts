/**
 * Infinite-horizon MPPI (paper §3.2, Eq. 16–18) and its free energy (Eq. 7, 19),
 * batched over P independent problems of N samples each so that one call can
 * plan a control step (P = 1) or produce a minibatch of Eq. 19 targets (P = B).
 *
 * For problem p with mean U = (u_0 … u_{H−1}) and noise ε_n ~ N(0, Σ I):
 *   a_t^n = clamp(u_t + ε_t^n)
 *   S_n   = Σ_{t=0}^{H−2} γ^t c(s_t, a_t^n) + γ^{H−1} Q(s_{H−1}, a_{H−1}^n)
 *           + λ Σ_{t=0}^{H−1} ½ u_tᵀ Σ⁻¹ (u_t + 2 ε_t^n)                     (Eq. 16)
 *   w_n   = exp(−S_n/λ) / Σ_m exp(−S_m/λ)   (shifted by min S: log-sum-exp) (Eq. 15, 17)
 *   u_t  ← u_t + α Σ_n w_n ε_t^n                                            (Eq. 18)
 *   F     = −λ log (1/N) Σ_n exp(−S_n/λ)                                    (Eq. 7 / 19)
 * Without a terminal Q (plain MPPI) the last term is γ^{H−1} c(s_{H−1}, a_{H−1}).
 * Σ is a covariance (the paper's Table 3 value), the same for every action
 * dimension, so the noise's standard deviation is √Σ. With `noiseFilter` the
 * drawn ε is filtered along the horizon first (filterNoise) and every line
 * above uses the filtered ε.
 *
 * Shapes: states [P·N, stateDim], means [P, H, actionDim], noise [P·N, H,
 * actionDim], sampled actions by step [H, P·N, actionDim], costs and weights [P·N].
 */
import { normalTransform, type Numerics } from './numerics';
import { fillNormals, type Key } from './rng';
import { clampActions, runningCost, type TaskSpec } from './task';

/** Settings of the MPPI optimiser (paper Table 3 names in brackets). */
export interface MppiConfig {
  /** Rollouts per iteration [N]. */
  samples: number;
  /** Planning horizon in control steps [H]. */
  horizon: number;
  /** Temperature [λ] > 0. */
  lambda: number;
  /** Noise covariance per action dimension [Σ] > 0. */
  sigma: number;
  /** Step size of the mean update [α], Eq. 18. */
  alpha: number;
  /** Discount [γ]. */
  gamma: number;
  /** MPPI iterations per control step. */
  iterations: number;
  /** What fills the last slot of the mean after the shift: zeros or a copy of the previous last action. */
  shiftFill: 'zero' | 'repeat';
  /**
   * Temporally filtered noise (b0, b1, b2), as the authors' MPPI code (mjmpc's
   * `filter_coeffs`): each sample's noise is filtered causally along the
   * horizon, ε_t ← b0 ε_t + b1 ε_{t−1} + b2 ε_{t−2} for t ≥ 2, in place (so
   * ε_{t−1} is already filtered: a second-order recursive filter); ε_0 and ε_1
   * stay as drawn. Absent: white noise (the paper's Eq. 16–18 as written).
   */
  noiseFilter?: readonly [number, number, number];
}

/**
 * What is wrong with a noise filter, or null: three coefficients, b0 > 0, and
 * |b1| + |b2| < 1 so the recursion cannot grow without bound over any horizon.
 */
export function noiseFilterProblem(f: readonly number[] | undefined): string | null {
  if (f === undefined) return null;
  const allowed = 'three numbers b0,b1,b2 with 0 < b0 ≤ 10 and |b1| + |b2| < 1 (e.g. 0.25,0.8,0)';
  if (f.length !== 3 || !f.every(Number.isFinite)) return `noiseFilter must be ${allowed}, got ${f.join(',')}`;
  const [b0, b1, b2] = f;
  if (!(b0 > 0 && b0 <= 10) || !(Math.abs(b1) + Math.abs(b2) < 1))
    return `noiseFilter must be ${allowed}, got ${f.join(',')}`;
  return null;
}

/** Filters noise rows [rows, H, na] in place along t (see MppiConfig.noiseFilter). */
export function filterNoise(
  noise: Float64Array,
  rows: number,
  H: number,
  na: number,
  f: readonly [number, number, number],
): void {
  const [b0, b1, b2] = f;
  for (let r = 0; r < rows; r++) {
    const o = r * H * na;
    for (let t = 2; t < H; t++) {
      for (let d = 0; d < na; d++) {
        const i = o + t * na + d;
        noise[i] = b0 * noise[i] + b1 * noise[i - na] + b2 * noise[i - 2 * na];
      }
    }
  }
}

/**
 * The terminal value hook: Q(s_{H−1}, a_{H−1}) as a cost-to-go for `count` rows
 * of `inputs` ([count, obsDim + actionDim], observation then action) into out.
 */
export type TerminalQ = (inputs: Float32Array, count: number, out: Float64Array) => void;

/** What mppiIteration may be told besides its arrays. */
export interface IterationOptions {
  /** Where these P problems sit in a larger batch: they draw the noise that batch draws for them (default 0). */
  firstProblem?: number;
  /** The noise's normal transform (numerics.ts; default 'v1', as a config without the field). */
  numerics?: Numerics;
}

/** Preallocated buffers for up to `maxProblems` problems of one task and config. */
export class MppiWorkspace {
  readonly rows: number;
  readonly states: Float64Array; // [P·N, ns]
  readonly noise: Float64Array; // [P·N, H, na]
  /**
   * The sampled actions by step, [H, rows, na] with rows = this.rows (the most problems × N): sample n of
   * problem p at step t is row p·N + n of step t, at ((t·rows + p·N + n)·na). Step t's rows are contiguous,
   * as task.step reads them.
   */
  readonly actions: Float64Array;
  /** actions' rows of step t, as a view made once per step (no allocation per iteration). */
  readonly actionsAt: (t: number) => Float64Array;
  readonly costs: Float64Array; // [P·N]
  readonly weights: Float64Array; // [P·N]
  /** One problem's Σ_n w_n ε_n [H, na] (the mean update's sums). */
  readonly meanStep: Float64Array;
  /** S_n split into running, terminal and control cost per λ [P·N, 3] (layout in weighting.ts). */
  readonly parts: Float64Array;
  readonly qInputs: Float32Array; // [P·N, obsDim + na]
  readonly qOut: Float64Array; // [P·N]
  readonly termScratch: Float64Array;
  /** The task's action bounds as arrays (read in the sampling loop). */
  readonly actionLow: Float64Array;
  readonly actionHigh: Float64Array;

  constructor(
    readonly task: TaskSpec,
    readonly samples: number,
    readonly horizon: number,
    readonly maxProblems: number,
  ) {
    const rows = samples * maxProblems;
    const na = task.actionDim;
    this.rows = rows;
    this.states = new Float64Array(rows * task.stateDim);
    this.noise = new Float64Array(rows * horizon * na);
    this.actions = new Float64Array(rows * horizon * na);
    const views = Array.from({ length: horizon }, (_, t) => this.actions.subarray(t * rows * na, (t + 1) * rows * na));
    this.actionsAt = (t) => views[t];
    this.costs = new Float64Array(rows);
    this.weights = new Float64Array(rows);
    this.meanStep = new Float64Array(horizon * na);
    this.parts = new Float64Array(rows * 3);
    this.qInputs = new Float32Array(rows * (task.obsDim + na));
    this.qOut = new Float64Array(rows);
    this.termScratch = new Float64Array(Math.max(1, task.costTerms.length));
    this.actionLow = Float64Array.from(task.actionLow);
    this.actionHigh = Float64Array.from(task.actionHigh);
  }

  /** True when this workspace can serve `problems` problems under `cfg`. */
  fits(cfg: MppiConfig, problems: number): boolean {
    return cfg.samples === this.samples && cfg.horizon === this.horizon && problems <= this.maxProblems;
  }
}

/**
 * Numerically stable free energy and normalised weights of one problem's costs
 * (Eq. 7 and 15 with the log-sum-exp shift). Writes weights[o .. o+n) and
 * returns F = −λ log (1/n) Σ exp(−S/λ). Non-finite costs get weight 0; if all
 * are non-finite the weights are uniform and F is +Infinity.
 */
export function softminWeights(
  costs: Float64Array,
  o: number,
  n: number,
  lambda: number,
  weights: Float64Array,
): number {
  let m = Infinity;
  for (let i = o; i < o + n; i++) if (costs[i] < m) m = costs[i];
  if (!Number.isFinite(m)) {
    for (let i = o; i < o + n; i++) weights[i] = 1 / n;
    return Infinity;
  }
  let sum = 0;
  for (let i = o; i < o + n; i++) {
    const c = costs[i];
    const w = Number.isFinite(c) ? Math.exp(-(c - m) / lambda) : 0;
    weights[i] = w;
    sum += w;
  }
  for (let i = o; i < o + n; i++) weights[i] /= sum;
  return m - lambda * Math.log(sum / n);
}

/**
 * One MPPI iteration for P problems: samples noise from `noiseKey`, rolls every
 * sample out on the model, scores it (Eq. 16), updates each mean in place
 * (Eq. 18) and writes each problem's free energy of this iteration's samples.
 *
 * `starts` [P, ns]; `means` [P, H, na]; `params` [P·N, np] or one row (stride 0);
 * `costWeights` one weight per task cost term.
 */
export function mppiIteration(
  ws: MppiWorkspace,
  cfg: MppiConfig,
  costWeights: Float64Array,
  starts: Float64Array,
  means: Float64Array,
  problems: number,
  params: Float64Array,
  paramStride: number,
  noiseKey: Key,
  terminalQ: TerminalQ | null,
  freeEnergyOut: Float64Array,
  opts: IterationOptions = {},
): void {
  const firstProblem = opts.firstProblem ?? 0;
  const task = ws.task;
  const N = cfg.samples;
  const H = cfg.horizon;
  const na = task.actionDim;
  const ns = task.stateDim;
  const rows = problems * N;
  if (!ws.fits(cfg, problems)) throw new Error('MPPI workspace does not fit this config');
  const { states, noise, actions, actionsAt, costs, weights, parts, meanStep: acc } = ws;
  const R = ws.rows;

  // Noise ε ~ N(0, Σ): normal index ((p·N + n)·H + t)·na + d of noiseKey, p counted from problem 0 of the
  // whole batch (this call's problems are firstProblem, firstProblem + 1, …).
  const std = Math.sqrt(cfg.sigma);
  const nNoise = rows * H * na;
  fillNormals(noiseKey, firstProblem * N * H * na, nNoise, noise, 0, std, normalTransform(opts.numerics ?? 'v1'));
  if (cfg.noiseFilter) filterNoise(noise, rows, H, na, cfg.noiseFilter);

  // Sampled actions a = clamp(U + ε), kept for the weighted display and Q inputs; and each sample's
  // control cost Σ_t u_tᵀ (u_t + 2 ε_t) (the importance-sampling term of Eq. 16, times λ/2Σ below),
  // held in `weights` until the softmin writes them.
  const { actionLow: lo, actionHigh: hi } = ws;
  const Hna = H * na;
  for (let r = 0; r < rows; r++) {
    const mo = ((r / N) | 0) * Hna;
    const ro = r * Hna;
    let cc = 0;
    for (let t = 0; t < H; t++) {
      for (let d = 0; d < na; d++) {
        const i = t * na + d;
        const u = means[mo + i];
        const e = noise[ro + i];
        const v = u + e;
        actions[(t * R + r) * na + d] = v < lo[d] ? lo[d] : v > hi[d] ? hi[d] : v;
        cc += u * (u + 2 * e);
      }
    }
    weights[r] = cc;
    const p = (r / N) | 0;
    for (let j = 0; j < ns; j++) states[r * ns + j] = starts[p * ns + j];
    costs[r] = 0;
  }

  // Rollouts: running cost of (s_t, a_t), then step; the last step is scored by Q.
  const { termScratch } = ws;
  let disc = 1;
  for (let t = 0; t < H; t++) {
    const ao = t * R * na;
    const last = t === H - 1;
    if (!last) {
      for (let r = 0; r < rows; r++) {
        costs[r] += disc * runningCost(task, states, r * ns, actions, ao + r * na, costWeights, termScratch);
      }
      task.step(states, actionsAt(t), params, paramStride, rows);
    } else if (terminalQ === null) {
      for (let r = 0; r < rows; r++) {
        const term = disc * runningCost(task, states, r * ns, actions, ao + r * na, costWeights, termScratch);
        parts[r * 3] = costs[r];
        parts[r * 3 + 1] = term;
        costs[r] += term;
      }
    } else {
      const inDim = task.obsDim + na;
      for (let r = 0; r < rows; r++) {
        task.observe(states, r * ns, ws.qInputs, r * inDim);
        for (let d = 0; d < na; d++) ws.qInputs[r * inDim + task.obsDim + d] = actions[ao + r * na + d];
      }
      terminalQ(ws.qInputs, rows, ws.qOut);
      for (let r = 0; r < rows; r++) {
        parts[r * 3] = costs[r];
        parts[r * 3 + 1] = disc * ws.qOut[r];
        costs[r] += parts[r * 3 + 1];
      }
    }
    disc *= cfg.gamma;
  }

  // Control cost λ Σ_t ½ u_tᵀ Σ⁻¹ (u_t + 2 ε_t) (the importance-sampling term of Eq. 16).
  const half = (0.5 * cfg.lambda) / cfg.sigma;
  const halfPerLambda = 0.5 / cfg.sigma;
  for (let r = 0; r < rows; r++) {
    const cc = weights[r];
    costs[r] += half * cc;
    parts[r * 3 + 2] = halfPerLambda * cc;
  }

  // Weights, free energy, and the mean update (Eq. 18), clamped to the bounds.
  for (let p = 0; p < problems; p++) {
    freeEnergyOut[p] = softminWeights(costs, p * N, N, cfg.lambda, weights);
    // Σ_n w_n ε_n summed over n in order for every (t, d) at once: the same sums as one (t, d) at a time,
    // read along the noise's rows.
    acc.fill(0);
    for (let n = 0; n < N; n++) {
      const w = weights[p * N + n];
      const o = (p * N + n) * Hna;
      for (let i = 0; i < Hna; i++) acc[i] += w * noise[o + i];
    }
    for (let i = 0; i < Hna; i++) means[p * Hna + i] += cfg.alpha * acc[i];
  }
  clampActions(task, means, problems * H);
}

/** Shifts each problem's mean one step forward (receding horizon) and fills the last slot. */
export function shiftMeans(
  means: Float64Array,
  problems: number,
  H: number,
  na: number,
  fill: 'zero' | 'repeat',
): void {
  for (let p = 0; p < problems; p++) {
    const o = p * H * na;
    means.copyWithin(o, o + na, o + H * na);
    for (let d = 0; d < na; d++) {
      // With H = 1 'repeat' keeps the single slot as it is.
      if (fill === 'zero') means[o + (H - 1) * na + d] = 0;
      else if (H > 1) means[o + (H - 1) * na + d] = means[o + (H - 2) * na + d];
    }
  }
}
