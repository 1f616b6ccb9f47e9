import { describe, expect, it } from 'vitest';
import { deriveKey, fillNormals, foldIn, keyFromSeed, normalAt, RandomStream, threefry2x32, uniformAt } from './rng';

describe('threefry2x32', () => {
  it('matches the Random123 known-answer vectors (20 rounds)', () => {
    const out = new Uint32Array(2);
    threefry2x32(0, 0, 0, 0, out);
    expect([out[0], out[1]]).toEqual([0x6b200159, 0x99ba4efe]);
    threefry2x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
    expect([out[0], out[1]]).toEqual([0x1cb996fc, 0xbb002be7]);
    threefry2x32(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3, out);
    expect([out[0], out[1]]).toEqual([0xc4923a9c, 0x483df7a0]);
  });
});

describe('streams', () => {
  it('are pure functions of key and index', () => {
    const k = deriveKey(keyFromSeed(42), 1, 2);
    expect(uniformAt(k, 17)).toBe(uniformAt(k, 17));
    expect(normalAt(k, 5)).toBe(normalAt(k, 5));
    const a = new Float64Array(9);
    const b = new Float64Array(9);
    fillNormals(k, 3, 9, a);
    for (let i = 0; i < 9; i++) b[i] = normalAt(k, 3 + i);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('differ between keys, labels and seeds', () => {
    const root = keyFromSeed(1);
    expect(foldIn(root, 1)).not.toEqual(foldIn(root, 2));
    expect(keyFromSeed(1)).not.toEqual(keyFromSeed(2));
    expect(uniformAt(foldIn(root, 1), 0)).not.toBe(uniformAt(foldIn(root, 2), 0));
  });

  it('keeps high seed bits', () => {
    expect(keyFromSeed(2 ** 40 + 3)).toEqual([3, 256]);
    expect(() => keyFromSeed(-1)).toThrow(/non-negative/);
    expect(() => keyFromSeed(1.5)).toThrow(/non-negative/);
  });

  it('has the moments of U(0,1) and N(0,1)', () => {
    const k = keyFromSeed(7);
    const n = 200_000;
    let su = 0;
    let suu = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = uniformAt(k, i);
      su += u;
      suu += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(suu / n - (su / n) ** 2).toBeCloseTo(1 / 12, 3);
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    const z = new Float64Array(n);
    fillNormals(foldIn(k, 9), 0, n, z);
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (const v of z) {
      m1 += v;
      m2 += v * v;
      m3 += v * v * v;
      m4 += v ** 4;
    }
    // Standard errors at n = 2e5: mean 0.0022, var 0.0032, skew 0.0055, kurtosis 0.02.
    expect(Math.abs(m1 / n)).toBeLessThan(0.01);
    expect(Math.abs(m2 / n - 1)).toBeLessThan(0.015);
    expect(Math.abs(m3 / n)).toBeLessThan(0.03);
    expect(Math.abs(m4 / n - 3)).toBeLessThan(0.1);
  });

  it('draws integers uniformly over [0, n)', () => {
    const r = new RandomStream(keyFromSeed(3));
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 50_000; i++) counts[r.int(5)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});
