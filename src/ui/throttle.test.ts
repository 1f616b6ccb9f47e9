import { afterEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from './throttle';

afterEach(() => vi.useRealTimers());

describe('Throttle', () => {
  it('runs the first request at once, defers the next within the interval to its end, once', () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const t = new Throttle(200, () => calls.push(performance.now()));
    t.request(false);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(50);
    t.request(false);
    t.request(false);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(149);
    expect(calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(calls).toHaveLength(2);
    expect(calls[1] - calls[0]).toBe(200);
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(2); // nothing pending
  });

  it('runs an urgent request at once and drops the deferred one; cancel drops it too', () => {
    vi.useFakeTimers();
    let n = 0;
    const t = new Throttle(200, () => n++);
    t.request(false);
    t.request(false); // deferred
    t.request(true);
    expect(n).toBe(2);
    vi.advanceTimersByTime(500);
    expect(n).toBe(2);
    t.request(false); // interval passed: at once
    expect(n).toBe(3);
    t.request(false); // deferred
    t.cancel();
    vi.advanceTimersByTime(500);
    expect(n).toBe(3);
  });
});
