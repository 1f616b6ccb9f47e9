import { describe, expect, it } from 'vitest';
import { rollingMean, rollingRate, rollingStd } from './rolling';

describe('rolling statistics', () => {
  it('takes the trailing mean over a window', () => {
    expect(rollingMean([1, 2, 3, 4, 5], 2)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
    expect(rollingMean([], 10)).toEqual([]);
    expect(rollingMean([4], 10)).toEqual([4]);
  });
  it('ignores non-finite values in the window', () => {
    const m = rollingMean([NaN, 2, Infinity, 4], 3);
    expect(Number.isNaN(m[0])).toBe(true);
    expect(m.slice(1)).toEqual([2, 2, 3]);
  });
  it('takes the trailing standard deviation', () => {
    const s = rollingStd([1, 3, 1, 3], 2);
    expect(s).toEqual([0, 1, 1, 1]);
  });
  it('takes the trailing success rate', () => {
    expect(rollingRate([true, false, true, true, false], 2)).toEqual([1, 0.5, 0.5, 1, 0.5]);
    expect(rollingRate([false, false, true], 10)).toEqual([0, 0, 1 / 3]);
    expect(rollingRate([], 10)).toEqual([]);
  });
});

describe('rolling statistics on long curves', () => {
  it('keeps each window its own: the mean at i is over i − w + 1 … i only', () => {
    const ys = Array.from({ length: 130_000 }, (_, i) => i);
    const m = rollingMean(ys, 10);
    expect(m).toHaveLength(130_000);
    expect(m[129_999]).toBe(129_994.5);
    expect(
      rollingRate(
        ys.map((i) => i % 2 === 0),
        10,
      )[129_999],
    ).toBe(0.5);
  });
});
