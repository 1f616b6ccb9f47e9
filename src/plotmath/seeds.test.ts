import { describe, expect, it } from 'vitest';
import { bandOverSeeds } from './seeds';

describe('bandOverSeeds', () => {
  it('gives the mean and min–max over runs of equal length at every index', () => {
    expect(
      bandOverSeeds([
        [1, 2, 3],
        [3, 2, 1],
        [2, 5, 2],
      ]),
    ).toEqual({ mean: [2, 3, 2], min: [1, 2, 1], max: [3, 5, 3], count: [3, 3, 3] });
  });

  it('is over the runs that reached an index when lengths differ, and says how many did', () => {
    const b = bandOverSeeds([[10, 20], [30, 40, 50, 60], [20]]);
    expect(b.mean).toEqual([20, 30, 50, 60]);
    expect(b.min).toEqual([10, 20, 50, 60]);
    expect(b.max).toEqual([30, 40, 50, 60]);
    expect(b.count).toEqual([3, 2, 1, 1]);
  });

  it('leaves non-finite values out, and gives NaN with count 0 where no run has a value', () => {
    const b = bandOverSeeds([
      [1, NaN, 3],
      [Infinity, NaN, 5],
    ]);
    expect(b.mean.slice(0, 1)).toEqual([1]);
    expect(Number.isNaN(b.mean[1])).toBe(true);
    expect(b.mean[2]).toBe(4);
    expect(b.count).toEqual([1, 0, 2]);
    expect(bandOverSeeds([])).toEqual({ mean: [], min: [], max: [], count: [] });
  });

  it('handles 130,000-episode runs (no spreading into Math.min/Math.max)', () => {
    const long = Array.from({ length: 130_000 }, (_, i) => i);
    const b = bandOverSeeds([long, long.map((x) => x + 2)]);
    expect(b.mean).toHaveLength(130_000);
    expect(b.mean[129_999]).toBe(130_000);
    expect(b.min[129_999]).toBe(129_999);
    expect(b.max[129_999]).toBe(130_001);
  });
});
