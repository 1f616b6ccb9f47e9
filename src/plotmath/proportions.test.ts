import { describe, expect, it } from 'vitest';
import { differenceInterval, wilsonInterval } from './proportions';
import { cumulativeSum } from './rolling';

describe('intervals for success rates', () => {
  it("Wilson's interval: the textbook values, inside [0, 1] at 0 and n successes", () => {
    // Newcombe (1998, Stat. Med. 17:857), one-proportion examples: 81/263 → 0.2553–0.3662; 0/10 → 0–0.2775.
    const [a, b] = wilsonInterval(81, 263);
    expect(a).toBeCloseTo(0.2553, 4);
    expect(b).toBeCloseTo(0.3662, 4);
    const [lo, hi] = wilsonInterval(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
    expect(() => wilsonInterval(3, 0)).toThrow(RangeError);
  });

  it("Newcombe's hybrid score interval for a difference: his worked examples", () => {
    // Newcombe (1998, Stat. Med. 17:873), method 10: 56/70 − 48/80 → 0.0524 to 0.3339; 9/10 − 3/10 → 0.1705 to 0.8090.
    const d = differenceInterval(56, 70, 48, 80);
    expect(d.diff).toBeCloseTo(0.2, 12);
    expect(d.lo).toBeCloseTo(0.0524, 4);
    expect(d.hi).toBeCloseTo(0.3339, 4);
    const e = differenceInterval(9, 10, 3, 10);
    expect(e.lo).toBeCloseTo(0.1705, 4);
    expect(e.hi).toBeCloseTo(0.809, 3);
  });
});

describe('cumulativeSum', () => {
  it('is the running total (cumulative successes of 0/1 flags)', () => {
    expect(cumulativeSum([1, 0, 1, 1, 0])).toEqual([1, 1, 2, 3, 3]);
    expect(cumulativeSum([])).toEqual([]);
  });
});
