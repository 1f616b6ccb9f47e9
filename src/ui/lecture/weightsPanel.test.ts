import { describe, expect, it } from 'vitest';
import { weightStats } from '../../core/weightStats';
import { summarize } from './WeightsPanel';

describe('the weights panel numbers', () => {
  it('ESS of N and its share, the largest weight, and the best and median sample’s split with S', () => {
    const weights = Float32Array.from([0.5, 0.5, 0, 0]);
    // running, terminal, control per sample; S = 4, 1, 9, 2.5.
    const split = Float32Array.from([3, 0.5, 0.5, 1, 0, 0, 6, 2, 1, 2, 0.25, 0.25]);
    const s = summarize({
      samples: 4,
      stats: weightStats(weights, split, 4),
      pending: false,
      hasQ: true,
    });
    expect(s.ess).toBeCloseTo(2, 6);
    expect(s.essShare).toBeCloseTo(0.5, 6);
    expect(s.maxWeight).toBe(0.5);
    expect(s.bestIndex).toBe(1);
    expect(s.best).toEqual([1, 0, 0, 1]);
    // Sorted S: 1, 2.5, 4, 9; the lower median is 2.5 (sample 3).
    expect(s.medianIndex).toBe(3);
    expect(s.median).toEqual([2, 0.25, 0.25, 2.5]);
  });
});
