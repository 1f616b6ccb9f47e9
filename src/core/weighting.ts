/**
 * What one MPPI iteration's weights say, and how they change with λ alone
 * (paper Eq. 15–17): the effective sample size, and the trajectory cost S_n
 * split into the three terms of Eq. 16 so the same frozen samples can be
 * re-weighted under another temperature without new rollouts.
 *
 * Split layout [N, 3] per sample n (COST_PARTS values each):
 *   0  running   Σ_{t=0}^{H−2} γ^t c(s_t, a_t)
 *   1  terminal  γ^{H−1} Q(s_{H−1}, a_{H−1})  (plain MPPI: γ^{H−1} c(s_{H−1}, a_{H−1}))
 *   2  control   Σ_t ½ u_tᵀ Σ⁻¹ (u_t + 2 ε_t), without the factor λ
 * so that S_n(λ) = running + terminal + λ · control. λ enters S only through
 * the control-cost term, so a new λ needs S recomputed, then the softmin.
 */
import { softminWeights } from './mppi';

/** Values per sample in a cost split. */
export const COST_PARTS = 3;

/** ESS = 1 / Σ w_n² of normalised weights: N for uniform weights, 1 when one sample takes all. */
export function effectiveSampleSize(weights: ArrayLike<number>, n = weights.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += weights[i] * weights[i];
  return s > 0 ? 1 / s : 0;
}

/** S_n(λ) = running + terminal + λ · control of every sample of a split [N, 3] into `out` [N]. */
export function costsFromParts(parts: ArrayLike<number>, n: number, lambda: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * COST_PARTS;
    out[i] = parts[o] + parts[o + 1] + lambda * parts[o + 2];
  }
}

/**
 * Re-weights frozen samples under temperature λ: S from the split (Eq. 16),
 * then the normalised weights exp(−S/λ) (Eq. 15, 17) into `weights`. Returns
 * the free energy F (Eq. 7) of these samples under λ.
 */
export function reweight(
  parts: ArrayLike<number>,
  n: number,
  lambda: number,
  costs: Float64Array,
  weights: Float64Array,
): number {
  costsFromParts(parts, n, lambda, costs);
  return softminWeights(costs, 0, n, lambda, weights);
}

/** Indices of the sample with the lowest cost and of the median-cost sample (lower median), non-finite costs last. */
export function bestAndMedian(costs: ArrayLike<number>, n = costs.length): { best: number; median: number } {
  const order = Array.from({ length: n }, (_, i) => i);
  const key = (i: number) => (Number.isFinite(costs[i]) ? costs[i] : Infinity);
  order.sort((a, b) => key(a) - key(b) || a - b);
  return { best: order[0] ?? -1, median: order[(n - 1) >> 1] ?? -1 };
}

/** The weights sorted from largest to smallest (a copy). */
export function sortedDescending(weights: ArrayLike<number>, n = weights.length): Float64Array {
  const out = Float64Array.from({ length: n }, (_, i) => weights[i]);
  return out.sort().reverse();
}
