import { describe, expect, it } from 'vitest';
import {
  filterNoise,
  MppiWorkspace,
  mppiIteration,
  noiseFilterProblem,
  shiftMeans,
  softminWeights,
  type MppiConfig,
} from './mppi';
import { keyFromSeed, foldIn } from './rng';
import { linear1d } from './testing/linear1d';

const base: MppiConfig = {
  samples: 20_000,
  horizon: 1,
  lambda: 1,
  sigma: 1,
  alpha: 1,
  gamma: 0.9,
  iterations: 1,
  shiftFill: 'zero',
};
const task = linear1d(0.5, 1);
const ones = new Float64Array([1]);

/** Q(s, a) = k (a − aStar)², independent of s. */
function quadraticQ(k: number, aStar: number) {
  return (inputs: Float32Array, count: number, out: Float64Array) => {
    for (let r = 0; r < count; r++) {
      const a = inputs[r * 2 + 1];
      out[r] = k * (a - aStar) ** 2;
    }
  };
}

describe('softminWeights (Eq. 7 / 15 with the log-sum-exp shift)', () => {
  it('equals the closed form and survives huge costs', () => {
    const lambda = 0.5;
    const costs = new Float64Array([1, 2, 3]);
    const w = new Float64Array(3);
    const f = softminWeights(costs, 0, 3, lambda, w);
    const z = [1, 2, 3].map((c) => Math.exp(-c / lambda));
    const sum = z.reduce((a, b) => a + b);
    expect(f).toBeCloseTo(-lambda * Math.log(sum / 3), 12);
    z.forEach((zi, i) => expect(w[i]).toBeCloseTo(zi / sum, 12));
    // The same costs shifted by 1e4: no overflow, weights unchanged, F shifted by 1e4.
    const big = new Float64Array([1e4 + 1, 1e4 + 2, 1e4 + 3]);
    const w2 = new Float64Array(3);
    expect(softminWeights(big, 0, 3, lambda, w2)).toBeCloseTo(f + 1e4, 8);
    w.forEach((wi, i) => expect(w2[i]).toBeCloseTo(wi, 12));
  });

  it('gives non-finite costs no weight', () => {
    const w = new Float64Array(3);
    const f = softminWeights(new Float64Array([NaN, 1, Infinity]), 0, 3, 1, w);
    expect(Array.from(w)).toEqual([0, 1, 0]);
    expect(f).toBeCloseTo(1 + Math.log(3), 12);
  });
});

describe('mppiIteration', () => {
  it('free energy matches the Gaussian closed form (H = 1, quadratic Q)', () => {
    // u = 0, ε ~ N(0, Σ), S = k(ε − a*)²: E[exp(−S/λ)] = exp(−k a*²/(λ(1+2kΣ/λ))) / √(1 + 2kΣ/λ).
    const cfg = { ...base, samples: 200_000 };
    const ws = new MppiWorkspace(task, cfg.samples, 1, 1);
    for (const [k, aStar] of [
      [1, 0],
      [1, 1],
      [0.5, -2],
    ]) {
      const fe = new Float64Array(1);
      mppiIteration(
        ws,
        cfg,
        ones,
        new Float64Array([0]),
        new Float64Array(1),
        1,
        ones,
        0,
        keyFromSeed(11),
        quadraticQ(k, aStar),
        fe,
      );
      const r = 1 + (2 * k * cfg.sigma) / cfg.lambda;
      const exact = (cfg.lambda / 2) * Math.log(r) + (k * aStar * aStar) / r;
      expect(Math.abs(fe[0] - exact)).toBeLessThan(0.02);
    }
  });

  it('converges to the mean of the optimal distribution π* ∝ exp(−Q/λ)·π̄ (H = 1)', () => {
    // π*(a) ∝ exp(−k(a − a*)²/λ − a²/(2Σ)) has mean (2k/λ)a* / (2k/λ + 1/Σ) = 2 for k = λ = Σ = 1, a* = 3.
    const ws = new MppiWorkspace(task, base.samples, 1, 1);
    const mean = new Float64Array(1);
    const fe = new Float64Array(1);
    for (let it = 0; it < 8; it++) {
      mppiIteration(
        ws,
        base,
        ones,
        new Float64Array([0]),
        mean,
        1,
        ones,
        0,
        foldIn(keyFromSeed(5), it),
        quadraticQ(1, 3),
        fe,
      );
    }
    expect(mean[0]).toBeCloseTo(2, 1);
    expect(Math.abs(mean[0] - 2)).toBeLessThan(0.03);
  });

  it('moves a linear system toward its known optimal action sequence (H = 3, running cost)', () => {
    // x_t = s + dt Σ_{k<t} a_k, S(A) = Σ_t γ^t x_t². π* is Gaussian with mean A* solving
    // (2dt²/λ · Lᵀ W L + I/Σ) A* = −(2 dt s / λ) Lᵀ W 1.
    const H = 3;
    const dt = 0.5;
    const s = 1;
    const cfg: MppiConfig = { ...base, horizon: H, samples: 50_000 };
    const W = [1, cfg.gamma, cfg.gamma ** 2];
    const L = [
      [0, 0, 0],
      [1, 0, 0],
      [1, 1, 0],
    ];
    const M: number[][] = [];
    const rhs: number[] = [];
    for (let i = 0; i < H; i++) {
      M.push([]);
      let b = 0;
      for (let j = 0; j < H; j++) {
        let v = 0;
        for (let t = 0; t < H; t++) v += L[t][i] * W[t] * L[t][j];
        M[i].push((2 * dt * dt * v) / cfg.lambda + (i === j ? 1 / cfg.sigma : 0));
      }
      for (let t = 0; t < H; t++) b += L[t][i] * W[t];
      rhs.push((-2 * dt * s * b) / cfg.lambda);
    }
    const aStar = solve(M, rhs);
    expect(aStar[0]).toBeLessThan(0); // toward the origin
    const ws = new MppiWorkspace(task, cfg.samples, H, 1);
    const mean = new Float64Array(H);
    const fe = new Float64Array(1);
    const before = dist(mean, aStar);
    mppiIteration(ws, cfg, ones, new Float64Array([s]), mean, 1, ones, 0, keyFromSeed(1), null, fe);
    expect(mean[0]).toBeLessThan(0);
    expect(dist(mean, aStar)).toBeLessThan(before);
    for (let it = 1; it < 10; it++)
      mppiIteration(ws, cfg, ones, new Float64Array([s]), mean, 1, ones, 0, foldIn(keyFromSeed(1), it), null, fe);
    for (let t = 0; t < H; t++) expect(Math.abs(mean[t] - aStar[t])).toBeLessThan(0.03);
  });

  it('solves batched problems exactly as it solves the first one alone', () => {
    const cfg: MppiConfig = { ...base, horizon: 4, samples: 16, alpha: 0.5 };
    const wsBatch = new MppiWorkspace(task, 16, 4, 3);
    const wsOne = new MppiWorkspace(task, 16, 4, 1);
    const meansBatch = new Float64Array([0.1, 0.2, 0.3, 0.4, 0, 0, 0, 0, 1, 1, 1, 1]);
    const meansOne = meansBatch.slice(0, 4);
    const feB = new Float64Array(3);
    const fe1 = new Float64Array(1);
    const key = keyFromSeed(99);
    mppiIteration(wsBatch, cfg, ones, new Float64Array([0.7, -0.2, 3]), meansBatch, 3, ones, 0, key, null, feB);
    mppiIteration(wsOne, cfg, ones, new Float64Array([0.7]), meansOne, 1, ones, 0, key, null, fe1);
    expect(feB[0]).toBe(fe1[0]);
    expect(Array.from(meansBatch.slice(0, 4))).toEqual(Array.from(meansOne));
    expect(feB[1]).not.toBe(feB[0]);
  });

  it('keeps sampled actions and the mean within the action bounds', () => {
    const bounded = linear1d(0.1, 1, 0.5);
    const cfg: MppiConfig = { ...base, horizon: 5, samples: 64, sigma: 100 };
    const ws = new MppiWorkspace(bounded, 64, 5, 1);
    const mean = new Float64Array(5);
    const fe = new Float64Array(1);
    mppiIteration(ws, cfg, ones, new Float64Array([10]), mean, 1, ones, 0, keyFromSeed(2), null, fe);
    for (const a of ws.actions) expect(Math.abs(a)).toBeLessThanOrEqual(0.5);
    for (const u of mean) expect(Math.abs(u)).toBeLessThanOrEqual(0.5);
    expect(Number.isFinite(fe[0])).toBe(true);
  });
});

describe('shiftMeans', () => {
  it('moves the plan one step and fills the last slot', () => {
    const m = new Float64Array([1, 2, 3, 10, 20, 30]);
    shiftMeans(m, 2, 3, 1, 'zero');
    expect(Array.from(m)).toEqual([2, 3, 0, 20, 30, 0]);
    const r = new Float64Array([1, 2, 3]);
    shiftMeans(r, 1, 3, 1, 'repeat');
    expect(Array.from(r)).toEqual([2, 3, 3]);
  });
});

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / M[i][i]);
}

function dist(a: Float64Array, b: number[]): number {
  return Math.hypot(...b.map((v, i) => a[i] - v));
}

describe('temporally filtered noise (noiseFilter, as mjmpc’s filter_coeffs)', () => {
  it('filters each sample’s noise causally and recursively along t, from t = 2 on', () => {
    // One row, H 5, one action dimension: ε = 1, 2, 3, 4, 5 with b = (0.5, 0.25, 0.125).
    const e = new Float64Array([1, 2, 3, 4, 5]);
    filterNoise(e, 1, 5, 1, [0.5, 0.25, 0.125]);
    const f2 = 0.5 * 3 + 0.25 * 2 + 0.125 * 1; // 2.125
    const f3 = 0.5 * 4 + 0.25 * f2 + 0.125 * 2; // uses the filtered ε_2
    const f4 = 0.5 * 5 + 0.25 * f3 + 0.125 * f2;
    expect(Array.from(e)).toEqual([1, 2, f2, f3, f4]);
    // Two action dimensions are filtered separately; rows do not mix.
    const two = new Float64Array([1, 10, 2, 20, 3, 30, 7, 70, 8, 80, 9, 90]);
    filterNoise(two, 2, 3, 2, [1, 1 / 2, 0]);
    expect(Array.from(two)).toEqual([1, 10, 2, 20, 4, 40, 7, 70, 8, 80, 13, 130]);
  });

  it('with (1, 0, 0) is white noise: the same iteration to the bit', () => {
    const cfg: MppiConfig = { ...base, samples: 64, horizon: 6 };
    const run = (c: MppiConfig) => {
      const ws = new MppiWorkspace(task, c.samples, c.horizon, 1);
      const means = new Float64Array(c.horizon).fill(0.3);
      const fe = new Float64Array(1);
      mppiIteration(ws, c, ones, new Float64Array([0.2]), means, 1, new Float64Array(2), 0, keyFromSeed(9), null, fe);
      return [...means, fe[0]];
    };
    expect(run({ ...cfg, noiseFilter: [1, 0, 0] })).toEqual(run(cfg));
    expect(run({ ...cfg, noiseFilter: [0.25, 0.8, 0] })).not.toEqual(run(cfg));
  });

  it('refuses coefficients that are not three or could grow without bound', () => {
    expect(noiseFilterProblem(undefined)).toBeNull();
    expect(noiseFilterProblem([0.25, 0.8, 0])).toBeNull();
    for (const bad of [
      [1, 0.6, 0.4],
      [0, 0, 0],
      [1, 0],
      [1, 0, Number.NaN],
      [11, 0, 0],
    ])
      expect(noiseFilterProblem(bad)).toMatch(
        /^noiseFilter must be three numbers b0,b1,b2 with 0 < b0 ≤ 10 and \|b1\| \+ \|b2\| < 1/,
      );
  });
});
