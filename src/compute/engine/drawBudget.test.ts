import { describe, expect, it } from 'vitest';
import { chooseDrawn, DRAW_BUDGET, drawnCount } from './drawBudget';

describe('chooseDrawn', () => {
  it('keeps every rollout when they fit the budget', () => {
    const out = new Int32Array(8);
    expect(chooseDrawn([0.1, 0.2, 0.7], 3, out)).toBe(3);
    expect([...out.subarray(0, 3)]).toEqual([0, 1, 2]);
  });

  it('takes the heaviest half of the budget and spreads the rest evenly, in ascending order', () => {
    // 10 rollouts, budget 4: the 2 heaviest (7 and 2), then 2 of the other 8 at positions 0 and 4 (rollouts 0 and 5).
    const w = [0.01, 0.02, 0.3, 0.01, 0.01, 0.02, 0.01, 0.5, 0.01, 0.01];
    const out = new Int32Array(4);
    expect(chooseDrawn(w, 10, out)).toBe(4);
    expect([...out]).toEqual([0, 2, 5, 7]);
  });

  it('picks distinct rollouts, the heaviest always among them, at the full budget of a large N', () => {
    const N = 16384;
    const w = Float32Array.from({ length: N }, (_, i) => ((i * 7919) % N) / N);
    const out = new Int32Array(DRAW_BUDGET);
    expect(chooseDrawn(w, N, out)).toBe(DRAW_BUDGET);
    const set = new Set(out);
    expect(set.size).toBe(DRAW_BUDGET);
    for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThan(out[i - 1]);
    // The heaviest 2048 weights are all present.
    const sorted = [...w].map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]);
    for (let i = 0; i < DRAW_BUDGET / 2; i++) expect(set.has(sorted[i][1])).toBe(true);
  });

  it('ranks a NaN weight last instead of failing', () => {
    const out = new Int32Array(2);
    expect(chooseDrawn([NaN, 0.4, 0.6, 0], 4, out)).toBe(2);
    expect(out).toContain(2);
  });

  it('caps the drawn count at the budget of rollouts and of points', () => {
    expect(drawnCount(24, 8)).toBe(24);
    expect(drawnCount(16384, 8)).toBe(DRAW_BUDGET);
    expect(drawnCount(16384, 128)).toBe(1024);
    expect(drawnCount(16384, 100000)).toBe(1);
  });
});
