import { describe, expect, it } from 'vitest';
import { RateWindow } from './rateWindow';

describe('RateWindow', () => {
  it('gives the rate and the mean plan time of the same steps', () => {
    const w = new RateWindow(1000);
    expect(w.rateHz()).toBe(0);
    expect(w.meanPlanMs()).toBe(0);
    // 20 Hz for 2 s, planning 5 ms each, then 10 ms each for the last 0.5 s.
    for (let k = 0; k <= 40; k++) w.record(50 * k, k > 30 ? 10 : 5);
    expect(w.rateHz()).toBeCloseTo(20, 9);
    // The window holds the steps at t = 1000…2000 ms: 21 steps, 10 of them at 10 ms.
    expect(w.size).toBe(21);
    expect(w.meanPlanMs()).toBeCloseTo((11 * 5 + 10 * 10) / 21, 9);
  });
  it('keeps two steps after a long gap, so a slow rate still reads', () => {
    const w = new RateWindow(1000);
    w.record(0, 1);
    w.record(4000, 3);
    expect(w.rateHz()).toBeCloseTo(0.25, 9);
    expect(w.meanPlanMs()).toBe(2);
    w.clear();
    expect(w.size).toBe(0);
    expect(w.rateHz()).toBe(0);
  });
  it('stays bounded at very high rates', () => {
    const w = new RateWindow(1000);
    for (let k = 0; k < 10_000; k++) w.record(k * 0.1, 0.05);
    expect(w.size).toBe(4096);
    expect(w.rateHz()).toBeCloseTo(10_000, 6);
  });
});
