/**
 * Confidence intervals for success rates: Wilson's score interval for one
 * proportion and Newcombe's hybrid score interval (his method 10) for the
 * difference of two independent proportions, which stay inside [0, 1] and
 * [−1, 1] and behave at 0 and n successes, where the normal approximation
 * does not.
 */

/** The two-sided 95 % normal quantile. */
export const Z95 = 1.959963984540054;

/** Wilson's score interval for k successes of n (n ≥ 1). */
export function wilsonInterval(k: number, n: number, z = Z95): [number, number] {
  if (!(n >= 1) || k < 0 || k > n) throw new RangeError(`need 0 ≤ k ≤ n and n ≥ 1, got k ${k}, n ${n}`);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 and n successes the ends are exactly 0 and 1 (rounding would leave 1e-17 off).
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/** A difference of two success rates with its interval. */
export interface RateDifference {
  /** k1/n1 − k2/n2. */
  diff: number;
  lo: number;
  hi: number;
}

/** Newcombe's hybrid score interval for k1/n1 − k2/n2 (independent samples). */
export function differenceInterval(k1: number, n1: number, k2: number, n2: number, z = Z95): RateDifference {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const [l1, u1] = wilsonInterval(k1, n1, z);
  const [l2, u2] = wilsonInterval(k2, n2, z);
  const diff = p1 - p2;
  return {
    diff,
    lo: diff - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
    hi: diff + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
  };
}
