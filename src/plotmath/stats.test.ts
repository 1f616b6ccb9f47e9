import { describe, expect, it } from 'vitest';
import { extent, mean, summarize } from './stats';

describe('stats', () => {
  it('takes the extent of the finite values, null when there is none', () => {
    expect(extent([3, NaN, -1, Infinity, 2])).toEqual([-1, 3]);
    expect(extent([])).toBeNull();
    expect(extent([NaN, -Infinity])).toBeNull();
    expect(extent(Float64Array.of(5))).toEqual([5, 5]);
  });

  it('summarises a list by mean, min, max and count', () => {
    expect(summarize([0.25, 0.5, 0.75])).toEqual({ mean: 0.5, min: 0.25, max: 0.75, count: 3 });
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    const empty = summarize([]);
    expect(empty.count).toBe(0);
    expect(Number.isNaN(empty.mean) && Number.isNaN(empty.min) && Number.isNaN(empty.max)).toBe(true);
    expect(Number.isNaN(summarize([1, NaN]).min)).toBe(true);
  });

  it('handles 130,000 values, which spreading into Math.min would not', () => {
    const big = Array.from({ length: 130_000 }, (_, i) => (i * 7919) % 130_000);
    expect(extent(big)).toEqual([0, 129_999]);
    expect(summarize(big)).toMatchObject({ min: 0, max: 129_999, count: 130_000 });
  });
});
