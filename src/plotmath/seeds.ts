/**
 * One curve over seeds: the mean of several runs' curves with their min–max
 * band, point by point.
 *
 * The rule for curves of unequal length: the point at index i is over the
 * runs that reached i (whose curve has a finite value at i), and `count[i]`
 * says how many did. Nothing is cut and nothing is padded: a run still going
 * (paper mode on the page) or a longer run given to `plot` adds its points,
 * and where every run is equally long every point is over all of them.
 * The arrays end at the longest run; an index where no run has a finite
 * value gives NaN with count 0.
 */

/** Per index: mean, min and max over the runs that reached it, and their count. */
export interface SeedBand {
  readonly mean: number[];
  readonly min: number[];
  readonly max: number[];
  readonly count: number[];
}

/** The band over runs (one curve per seed), by the rule above. */
export function bandOverSeeds(runs: readonly (readonly number[])[]): SeedBand {
  let n = 0;
  for (const r of runs) if (r.length > n) n = r.length;
  const out: SeedBand = { mean: [], min: [], max: [], count: [] };
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    let k = 0;
    for (const r of runs) {
      const v = i < r.length ? r[i] : NaN;
      if (!Number.isFinite(v)) continue;
      sum += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      k++;
    }
    out.mean.push(k > 0 ? sum / k : NaN);
    out.min.push(k > 0 ? lo : NaN);
    out.max.push(k > 0 ? hi : NaN);
    out.count.push(k);
  }
  return out;
}
