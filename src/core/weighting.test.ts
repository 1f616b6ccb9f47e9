import { describe, expect, it } from 'vitest';
import { MppiWorkspace, mppiIteration, softminWeights, type MppiConfig } from './mppi';
import { keyFromSeed } from './rng';
import { linear1d } from './testing/linear1d';
import {
  bestAndMedian,
  COST_PARTS,
  costsFromParts,
  effectiveSampleSize,
  reweight,
  sortedDescending,
} from './weighting';

const cfg: MppiConfig = {
  samples: 64,
  horizon: 4,
  lambda: 0.7,
  sigma: 0.5,
  alpha: 1,
  gamma: 0.9,
  iterations: 1,
  shiftFill: 'zero',
};
const task = linear1d(0.1, 1);
const ones = new Float64Array([1]);

/** One iteration from x = 0.8 with mean u = (0.3, −0.2, 0.1, 0.4); returns the workspace and the mean it started from. */
function iterate(terminal: ((x: Float32Array, n: number, out: Float64Array) => void) | null, c = cfg) {
  const ws = new MppiWorkspace(task, c.samples, c.horizon, 1);
  const start = new Float64Array([0.8]);
  const mean0 = new Float64Array([0.3, -0.2, 0.1, 0.4]);
  const means = mean0.slice();
  mppiIteration(ws, c, ones, start, means, 1, ones, 0, keyFromSeed(5), terminal, new Float64Array(1));
  return { ws, mean0 };
}

describe('effectiveSampleSize (1 / Σ w²)', () => {
  it('is N for uniform weights, 1 for one sample, 2 for two halves', () => {
    expect(effectiveSampleSize(new Float64Array(24).fill(1 / 24))).toBeCloseTo(24, 12);
    expect(effectiveSampleSize([0, 1, 0, 0])).toBe(1);
    expect(effectiveSampleSize([0.5, 0, 0.5, 0])).toBeCloseTo(2, 12);
  });
});

describe('the cost split of Eq. 16', () => {
  it('sums to S: running + terminal + λ · control, with plain MPPI and with a terminal Q', () => {
    for (const q of [null, (_x: Float32Array, n: number, out: Float64Array) => out.fill(3, 0, n)]) {
      const { ws } = iterate(q);
      const s = new Float64Array(cfg.samples);
      costsFromParts(ws.parts, cfg.samples, cfg.lambda, s);
      for (let n = 0; n < cfg.samples; n++) expect(s[n]).toBeCloseTo(ws.costs[n], 10);
    }
  });

  it('puts γ^{H−1} Q in the terminal part and the importance term in the control part', () => {
    const { ws, mean0 } = iterate((_x, n, out) => out.fill(3, 0, n));
    const H = cfg.horizon;
    for (let n = 0; n < cfg.samples; n++) {
      expect(ws.parts[n * COST_PARTS + 1]).toBeCloseTo(3 * cfg.gamma ** (H - 1), 12);
      let cc = 0;
      for (let t = 0; t < H; t++) cc += (0.5 / cfg.sigma) * mean0[t] * (mean0[t] + 2 * ws.noise[n * H + t]);
      expect(ws.parts[n * COST_PARTS + 2]).toBeCloseTo(cc, 12);
    }
  });

  it('plain MPPI scores the last step with the running cost: running + terminal is Σ_t γ^t c over all H steps', () => {
    const { ws } = iterate(null);
    const H = cfg.horizon;
    for (let n = 0; n < 3; n++) {
      let x = 0.8;
      let sum = 0;
      for (let t = 0; t < H; t++) {
        const a = ws.actions[t * ws.rows + n];
        if (t === H - 1) expect(ws.parts[n * COST_PARTS + 1]).toBeCloseTo(cfg.gamma ** t * x * x, 12);
        sum += cfg.gamma ** t * x * x;
        x += a * 0.1;
      }
      expect(ws.parts[n * COST_PARTS] + ws.parts[n * COST_PARTS + 1]).toBeCloseTo(sum, 12);
    }
  });
});

describe('reweight (the same samples under another λ)', () => {
  it('equals a fresh softmin of S recomputed from the split, and at the planning λ the planner’s weights', () => {
    const { ws } = iterate(null);
    const N = cfg.samples;
    const costs = new Float64Array(N);
    const w = new Float64Array(N);
    reweight(ws.parts, N, cfg.lambda, costs, w);
    for (let n = 0; n < N; n++) expect(w[n]).toBeCloseTo(ws.weights[n], 12);
    for (const lambda of [1e-3, 0.15, 100]) {
      const f = reweight(ws.parts, N, lambda, costs, w);
      const s = Array.from({ length: N }, (_, n) => {
        const o = n * COST_PARTS;
        return ws.parts[o] + ws.parts[o + 1] + lambda * ws.parts[o + 2];
      });
      const fresh = new Float64Array(N);
      const f2 = softminWeights(Float64Array.from(s), 0, N, lambda, fresh);
      expect(f).toBeCloseTo(f2, 12);
      for (let n = 0; n < N; n++) expect(w[n]).toBeCloseTo(fresh[n], 12);
    }
  });

  it('at small λ one sample takes nearly all; at large λ only the control term is left: w ∝ exp(−Σ ½uᵀΣ⁻¹(u + 2ε))', () => {
    const { ws } = iterate(null);
    const N = cfg.samples;
    const costs = new Float64Array(N);
    const w = new Float64Array(N);
    reweight(ws.parts, N, 1e-3, costs, w);
    expect(effectiveSampleSize(w)).toBeLessThan(1.5);
    reweight(ws.parts, N, 1e7, costs, w);
    const control = Float64Array.from({ length: N }, (_, n) => ws.parts[n * COST_PARTS + 2]);
    const limit = new Float64Array(N);
    softminWeights(control, 0, N, 1, limit);
    for (let n = 0; n < N; n++) expect(w[n]).toBeCloseTo(limit[n], 5);
  });

  it('with a zero plan the control term vanishes and large λ gives uniform weights (ESS → N)', () => {
    const ws = new MppiWorkspace(task, cfg.samples, cfg.horizon, 1);
    const means = new Float64Array(cfg.horizon);
    const start = new Float64Array([0.8]);
    mppiIteration(ws, cfg, ones, start, means, 1, ones, 0, keyFromSeed(5), null, new Float64Array(1));
    const costs = new Float64Array(cfg.samples);
    const w = new Float64Array(cfg.samples);
    reweight(ws.parts, cfg.samples, 1e6, costs, w);
    expect(effectiveSampleSize(w)).toBeGreaterThan(0.999 * cfg.samples);
  });
});

describe('bestAndMedian and sortedDescending', () => {
  it('find the lowest and the median cost, and sort weights largest first', () => {
    expect(bestAndMedian([5, 1, NaN, 3, 4])).toEqual({ best: 1, median: 4 });
    expect(bestAndMedian([2, 1, 3])).toEqual({ best: 1, median: 0 });
    expect(Array.from(sortedDescending([0.1, 0.6, 0.3]))).toEqual([0.6, 0.3, 0.1]);
  });
});
