import { describe, expect, it } from 'vitest';
import { softminWeights } from './mppi';
import { keyFromSeed, RandomStream } from './rng';
import { effectiveSampleSize } from './weighting';
import { PROFILE_POINTS, profileRanks, weightAtRank, weightStats } from './weightStats';

describe('weightStats', () => {
  it('a small case by hand: ESS, sum, the whole sorted profile and the best and median split with λ', () => {
    const w = [0.1, 0.6, 0.3];
    // running, terminal, control per unit λ; with λ = 2: S = 1 + 1 + 2 = 4, 0 + 0.5 + 0 = 0.5, 1 + 0 + 1 = 2.
    const parts = [1, 1, 1, 0, 0.5, 0, 1, 0, 0.5];
    const s = weightStats(w, parts, 3, 2);
    expect(s.ess).toBeCloseTo(1 / (0.01 + 0.36 + 0.09), 12);
    expect(s.sum).toBeCloseTo(1, 12);
    expect([...s.ranks]).toEqual([1, 2, 3]);
    expect([...s.sorted]).toEqual([0.6, 0.3, 0.1].map(Math.fround));
    expect(s.bestIndex).toBe(1);
    expect(s.best).toEqual([0, 0.5, 0, 0.5]);
    expect(s.medianIndex).toBe(2);
    expect(s.median).toEqual([1, 0, 1, 2]);
  });

  it('over all N = 16384: ESS is 1/Σw² of the full weights, the profile ends at rank N and holds the extremes', () => {
    const N = 16384;
    const rng = new RandomStream(keyFromSeed(11));
    const costs = Float64Array.from({ length: N }, () => 10 * rng.uniform());
    const w = new Float64Array(N);
    softminWeights(costs, 0, N, 5, w);
    const parts = new Float64Array(N * 3);
    for (let n = 0; n < N; n++) parts[3 * n] = costs[n];
    const s = weightStats(w, parts, N);
    let sq = 0;
    for (const x of w) sq += x * x;
    expect(s.ess).toBeCloseTo(1 / sq, 6);
    expect(s.ess).toBe(effectiveSampleSize(w));
    // Far from the ESS of the heaviest 4,096 alone (what a decimated frame would give).
    const heavy = [...w].sort((a, b) => b - a).slice(0, 4096);
    expect(Math.abs(effectiveSampleSize(heavy) - s.ess) / s.ess).toBeGreaterThan(0.2);
    expect(s.ranks.length).toBe(PROFILE_POINTS);
    expect(s.ranks[0]).toBe(1);
    expect(s.ranks.at(-1)).toBe(N);
    expect(s.sorted[0]).toBe(Math.fround(Math.max(...w)));
    expect(s.sorted.at(-1)).toBe(Math.fround(Math.min(...w)));
    // The lowest cost is the best sample and the heaviest weight.
    expect(s.best[3]).toBe(Math.min(...costs));
    expect(w[s.bestIndex]).toBe(Math.max(...w));
    const sortedCosts = [...costs].sort((a, b) => a - b);
    expect(s.median[3]).toBe(sortedCosts[(N - 1) >> 1]);
  });

  it('profile ranks rise strictly from 1 to N; a rank between kept ones reads the kept one below it', () => {
    for (const N of [1, 2, 512, 513, 1000, 16384, 1 << 20]) {
      const r = profileRanks(N);
      expect(r.length).toBe(Math.min(N, PROFILE_POINTS));
      expect(r[0]).toBe(1);
      expect(r.at(-1)).toBe(N);
      for (let i = 1; i < r.length; i++) expect(r[i]).toBeGreaterThan(r[i - 1]);
    }
    const stats = { ranks: Int32Array.of(1, 2, 10), sorted: Float32Array.of(0.5, 0.2, 0.01) };
    expect(weightAtRank(stats, 1)).toBeCloseTo(0.5);
    expect(weightAtRank(stats, 5)).toBeCloseTo(0.2);
    expect(weightAtRank(stats, 10)).toBeCloseTo(0.01);
  });
});
