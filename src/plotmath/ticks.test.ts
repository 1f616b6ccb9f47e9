import { describe, expect, it } from 'vitest';
import { logScale, linearScale } from './scales';
import { axisDomain, logTicks, niceStep, niceTicks } from './ticks';

describe('niceStep / niceTicks', () => {
  it('cuts a range into 1-2-2.5-5 steps', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 4)).toBe(0.25);
    expect(niceStep(700, 6)).toBe(200);
    expect(Number.isNaN(niceStep(0, 5))).toBe(true);
    expect(Number.isNaN(niceStep(Infinity, 5))).toBe(true);
  });
  it('gives clean ticks inside the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-412, -170, 5)).toEqual([-400, -350, -300, -250, -200]);
    expect(niceTicks(0.1, 0.3, 4)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(10, 0, 5)).toEqual([0, 2, 4, 6, 8, 10]);
  });
  it('handles a single value, non-finite input and ranges near the float limits', () => {
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
    expect(niceTicks(0, Infinity)).toEqual([]);
    const huge = niceTicks(-1e308, 1.5e308, 5);
    expect(huge.length).toBeGreaterThanOrEqual(2);
    expect(huge.every(Number.isFinite)).toBe(true);
    const wide = niceTicks(-1e12, 5, 5);
    expect(wide[0]).toBeGreaterThanOrEqual(-1e12);
    expect(wide.length).toBeLessThanOrEqual(8);
  });
  it('gives powers of ten on a log axis, thinned when many', () => {
    expect(logTicks(1e-3, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(1e-12, 1e12, 6).length).toBeLessThanOrEqual(6);
    expect(logTicks(0, 10)).toEqual([]);
    expect(logTicks(0.2, 0.5).every((t) => t >= 0.2 && t <= 0.5)).toBe(true);
  });
});

describe('axisDomain', () => {
  it('widens to nice boundaries', () => {
    expect(axisDomain(-412, -170, 'linear', 5)).toEqual([-450, -150]);
    expect(axisDomain(0.3, 9.7, 'linear', 5)).toEqual([0, 10]);
  });
  it('gives a single value room', () => {
    const [lo, hi] = axisDomain(-200, -200)!;
    expect(lo).toBeLessThan(-200);
    expect(hi).toBeGreaterThan(-200);
    const [z0, z1] = axisDomain(0, 0)!;
    expect(z0).toBeLessThan(0);
    expect(z1).toBeGreaterThan(0);
  });
  it('uses whole decades on a log axis', () => {
    expect(axisDomain(0.02, 3, 'log')).toEqual([0.01, 10]);
    expect(axisDomain(1, 1, 'log')).toEqual([0.1, 10]);
    expect(axisDomain(-1, 3, 'log')).toBeNull();
    expect(axisDomain(NaN, 3)).toBeNull();
  });
});

describe('scales', () => {
  it('maps data linearly onto pixels (flipped y works)', () => {
    const sx = linearScale(0, 10, 50, 150);
    expect(sx(0)).toBe(50);
    expect(sx(5)).toBe(100);
    expect(sx(10)).toBe(150);
    const sy = linearScale(-1, 1, 200, 0);
    expect(sy(-1)).toBe(200);
    expect(sy(1)).toBe(0);
  });
  it('stays finite near the float limits and for a zero-width domain', () => {
    const s = linearScale(-1.7e308, 1.7e308, 0, 100);
    expect(s(0)).toBeCloseTo(50, 9);
    expect(s(1.7e308)).toBeCloseTo(100, 9);
    expect(linearScale(3, 3, 0, 100)(3)).toBe(50);
  });
  it('maps decades evenly on a log axis and drops non-positive values', () => {
    const s = logScale(0.01, 100, 0, 400);
    expect(s(0.01)).toBeCloseTo(0);
    expect(s(1)).toBeCloseTo(200);
    expect(s(100)).toBeCloseTo(400);
    expect(Number.isNaN(s(0))).toBe(true);
    expect(Number.isNaN(s(-1))).toBe(true);
  });
});
