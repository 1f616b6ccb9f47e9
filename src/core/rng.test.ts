import { describe, expect, it } from 'vitest';
import {
  deriveKey,
  fillNormals,
  foldIn,
  keyFromSeed,
  normalAt,
  normalFromWords,
  RandomStream,
  threefry2x32,
  uniformAt,
  wordAt,
} from './rng';

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

describe("the 'poly' normal transform", () => {
  it('is Box–Muller to within 1e-13 of Math.log/cos/sin on every draw of a long stream', () => {
    const k = deriveKey(keyFromSeed(11), 4);
    const n = 400_001;
    const libm = new Float64Array(n);
    const poly = new Float64Array(n);
    fillNormals(k, 3, n, libm, 0, 1, 'libm');
    fillNormals(k, 3, n, poly, 0, 1, 'poly');
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(poly[i] - libm[i]));
    expect(worst).toBeLessThan(1e-13);
    expect(worst).toBeGreaterThan(0); // a different transform, hence a numerics version of its own
  });

  it('is addressable: fillNormals at any offset and scale equals normalAt times the scale', () => {
    const k = keyFromSeed(5);
    for (const [i0, count] of [
      [0, 10],
      [3, 9],
      [7, 1],
      [1, 2],
    ]) {
      const a = new Float64Array(count);
      fillNormals(k, i0, count, a, 0, 1.75, 'poly');
      for (let i = 0; i < count; i++) expect(a[i]).toBe(normalAt(k, i0 + i, 'poly') * 1.75);
    }
  });

  it('keeps its accuracy at the ends of the uniform grid and at every quarter turn', () => {
    // u1 = 2^-25 (the largest radius), u1 = 1 − 2^-25 (a tiny radius: relative accuracy matters),
    // and u2 on both sides of each quarter turn (24-bit values 2^22·q ± 1, where the reduction switches).
    // Near a zero of sin or cos the absolute floor is Math's: it rounds the argument 2π·u2 first.
    const w0s = [0, 0xff, 0x100, 0x7fffffff, 0x80000000, 0xfffffeff, 0xffffffff];
    const w1s = [0, 0xffffffff];
    for (let q = 1; q < 4; q++) for (const d of [-1, 0, 1]) w1s.push(((q * 0x400000 + d) << 8) >>> 0);
    for (const w0 of w0s)
      for (const w1 of w1s)
        for (const sine of [false, true]) {
          const want = normalFromWords(w0, w1, sine, 'libm');
          const got = normalFromWords(w0, w1, sine, 'poly');
          expect(Math.abs(got - want), `w0 ${w0} w1 ${w1} ${sine ? 'sin' : 'cos'}`).toBeLessThanOrEqual(
            1e-13 * Math.abs(want) + 1e-14,
          );
        }
  });

  it('has the moments of N(0, 1)', () => {
    const z = new Float64Array(200_000);
    fillNormals(keyFromSeed(9), 0, z.length, z, 0, 1, 'poly');
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const v of z) {
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
    }
    expect(Math.abs(m1 / z.length)).toBeLessThan(0.01);
    expect(Math.abs(m2 / z.length - 1)).toBeLessThan(0.015);
    expect(Math.abs(m4 / z.length - 3)).toBeLessThan(0.1);
  });
});

describe('RandomStream', () => {
  it('draws what the addressable functions give at its indices, from any start', () => {
    const k = keyFromSeed(21);
    const r = new RandomStream(k, 5);
    for (let i = 5; i < 41; i++) {
      if (i % 3 === 0) expect(r.int(1000)).toBe(Math.floor((wordAt(k, i) / 4294967296) * 1000));
      else expect(r.uniform()).toBe(uniformAt(k, i));
    }
  });
});
