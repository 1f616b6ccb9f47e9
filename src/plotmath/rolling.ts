/**
 * Trailing rolling statistics of one curve (the moving averages of learning
 * curves): at index i, over the values i − w + 1 … i, fewer at the start.
 * Linear in the curve's length for a fixed window; nothing is spread into
 * Math.min/Math.max, so a curve of any length is safe.
 */

/** Trailing mean over the last `window` values (the finite ones among them); NaN where none is finite. */
export function rollingMean(values: readonly number[], window: number): number[] {
  const w = Math.max(1, Math.floor(window));
  return values.map((_, i) => {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - w + 1); j <= i; j++) {
      if (Number.isFinite(values[j])) {
        sum += values[j];
        n++;
      }
    }
    return n > 0 ? sum / n : NaN;
  });
}

/** Trailing population standard deviation over the same windows as rollingMean. */
export function rollingStd(values: readonly number[], window: number): number[] {
  const w = Math.max(1, Math.floor(window));
  const means = rollingMean(values, w);
  return values.map((_, i) => {
    let ss = 0;
    let n = 0;
    for (let j = Math.max(0, i - w + 1); j <= i; j++) {
      if (Number.isFinite(values[j])) {
        ss += (values[j] - means[i]) ** 2;
        n++;
      }
    }
    return n > 0 ? Math.sqrt(ss / n) : NaN;
  });
}

/** Trailing fraction of true flags over the last `window` entries (in [0, 1]). */
export function rollingRate(flags: readonly boolean[], window: number): number[] {
  const w = Math.max(1, Math.floor(window));
  let count = 0;
  return flags.map((f, i) => {
    if (f) count++;
    if (i >= w && flags[i - w]) count--;
    return count / Math.min(i + 1, w);
  });
}

/** Running total: at index i the sum of values 0 … i (the paper's Fig. 2 "cumulative successes" of 0/1 values). */
export function cumulativeSum(values: readonly number[]): number[] {
  let sum = 0;
  return values.map((v) => (sum += v));
}
