/**
 * What the weights panel shows of one MPPI iteration, over ALL N samples and
 * in a size that does not grow with N: the effective sample size 1/Σw², the
 * sorted weights as a profile at up to PROFILE_POINTS ranks, and the cost
 * split S_n (Eq. 16) of the best and the median sample. The planner computes
 * it where the N weights are (the engine's worker), so a frame that carries
 * only a few thousand rollouts for the picture still reports on every sample.
 */
import { bestAndMedian, COST_PARTS, effectiveSampleSize, sortedDescending } from './weighting';

/** The most ranks at which the sorted weights are kept: every rank up to this N, log-spaced above. */
export const PROFILE_POINTS = 512;

/** One iteration's weights summarised over all N samples. */
export interface WeightStats {
  readonly samples: number;
  /** ESS = 1 / Σ w_n² over all N. */
  readonly ess: number;
  /** Σ w_n over all N (1 for normalised weights). */
  readonly sum: number;
  /** Ranks (1 = the largest weight), ascending from 1 to N: all of them up to PROFILE_POINTS, else log-spaced. */
  readonly ranks: Int32Array;
  /** The weight at each of `ranks`, from the largest down. */
  readonly sorted: Float32Array;
  readonly bestIndex: number;
  readonly medianIndex: number;
  /** [running, terminal, control (×`controlScale`), S] of the lowest-cost sample. */
  readonly best: readonly number[];
  /** The same of the (lower) median-cost sample. */
  readonly median: readonly number[];
}

/** Ranks 1 … N, every one when N ≤ points, else `points` of them log-spaced, strictly rising, 1 and N included. */
export function profileRanks(samples: number, points = PROFILE_POINTS): Int32Array {
  if (samples <= points) return Int32Array.from({ length: samples }, (_, i) => i + 1);
  const out = new Int32Array(points);
  const lnN = Math.log(samples);
  let prev = 0;
  for (let k = 0; k < points; k++) {
    prev = Math.max(Math.round(Math.exp((k / (points - 1)) * lnN)), prev + 1);
    out[k] = prev;
  }
  out[points - 1] = samples;
  return out;
}

/**
 * The statistics of `weights` [N] and the split `parts` [N, 3] (running,
 * terminal, control), the control part multiplied by `controlScale` (λ when
 * the split holds it per unit λ, else 1), so S_n = running + terminal + control.
 */
export function weightStats(
  weights: ArrayLike<number>,
  parts: ArrayLike<number>,
  samples: number,
  controlScale = 1,
): WeightStats {
  const N = samples;
  const S = new Float64Array(N);
  let sum = 0;
  for (let n = 0; n < N; n++) {
    const o = n * COST_PARTS;
    S[n] = parts[o] + parts[o + 1] + controlScale * parts[o + 2];
    sum += weights[n];
  }
  const { best, median } = bestAndMedian(S, N);
  const row = (i: number): number[] =>
    i < 0
      ? [NaN, NaN, NaN, NaN]
      : [parts[i * COST_PARTS], parts[i * COST_PARTS + 1], controlScale * parts[i * COST_PARTS + 2], S[i]];
  const all = sortedDescending(weights, N);
  const ranks = profileRanks(N);
  const sorted = Float32Array.from(ranks, (r) => all[r - 1]);
  return {
    samples: N,
    ess: effectiveSampleSize(weights, N),
    sum,
    ranks,
    sorted,
    bestIndex: best,
    medianIndex: median,
    best: row(best),
    median: row(median),
  };
}

/** The sorted weight at `rank` (1 … N): the profile's value at the nearest kept rank at or below it. */
export function weightAtRank(stats: Pick<WeightStats, 'ranks' | 'sorted'>, rank: number): number {
  const { ranks, sorted } = stats;
  let lo = 0;
  let hi = ranks.length - 1;
  if (hi < 0) return NaN;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranks[mid] <= rank) lo = mid;
    else hi = mid - 1;
  }
  return sorted[lo];
}
