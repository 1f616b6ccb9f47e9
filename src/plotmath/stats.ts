/**
 * Summaries of a list of numbers, by loops: nothing is spread into
 * Math.min/Math.max, so a list of any length is safe (spreading 130,000
 * values overflows the call stack).
 */

/** The smallest and largest finite value, or null when there is none. */
export function extent(values: ArrayLike<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** The arithmetic mean (NaN for an empty list). */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Mean, min and max of a list, and how many values it had. */
export interface Summary {
  mean: number;
  min: number;
  max: number;
  count: number;
}

/** The summary of a list (mean, min and max NaN when it is empty or holds a non-finite value). */
export function summarize(values: ArrayLike<number>): Summary {
  let lo = Infinity;
  let hi = -Infinity;
  let finite = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) finite = false;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const ok = finite && values.length > 0;
  return { mean: ok ? mean(values) : NaN, min: ok ? lo : NaN, max: ok ? hi : NaN, count: values.length };
}
