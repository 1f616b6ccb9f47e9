/**
 * Eq. 19 directly: with a stub Q (a known linear function) on the 1-D linear
 * test system, each target must be y = c(s, a) + γ·F(s′), with F computed here
 * from the paper's equations on the same noise draws (Eq. 16: discounted running
 * cost, γ^{H−1}·Q at the horizon's end, the control-cost term; Eq. 18: the mean
 * update between iterations; Eq. 7/19: F = −λ log (1/N) Σ exp(−S_n/λ)).
 */
import { describe, expect, it } from 'vitest';
import type { AgentConfig } from './config';
import type { QFunction } from './qfunction';
import { ReplayBuffer } from './replay';
import { deriveKey, fillNormals, keyFromSeed, type Key } from './rng';
import { localTargets, TargetGenerator } from './targets';
import { defaultCostWeights } from './task';
import { registerTask } from './tasks/registry';
import { linear1d } from './testing/linear1d';

const DT = 0.1;
const COST_Q = 1.5; // running cost COST_Q · x² (the weight of linear1d's one cost term)
const task = linear1d(DT, COST_Q);
/** A config names its task by a registered id. */
const taskId = registerTask(task);

/** Q(x, a) = QX·x + QA·a + Q0: a stub whose value at any input is known. */
const QX = 2;
const QA = -0.75;
const Q0 = 0.5;
const stubQ: QFunction = {
  inputDim: 2,
  evaluate(inputs, count, out) {
    for (let r = 0; r < count; r++) out[r] = QX * inputs[2 * r] + QA * inputs[2 * r + 1] + Q0;
  },
};

function config(samples: number, horizon: number): AgentConfig {
  return {
    task: taskId,
    agent: 'mpq',
    mppi: { samples, horizon, lambda: 0.7, sigma: 0.5, alpha: 0.8, gamma: 0.9, iterations: 1, shiftFill: 'zero' },
    model: 'true',
    paramPolicy: 'per-sample-per-step',
    costWeights: Array.from(defaultCostWeights(task)), // [COST_Q]: the weight of the x² term
  };
}

/**
 * F(s′) of problem p after K iterations, from the paper's equations: the
 * mean starts at zero; each iteration draws ε ~ N(0, Σ) (normal index
 * ((p·N + n)·H + t) of deriveKey(key, 2, it), as the targets' noise stream is
 * documented), scores S_n, and moves the mean by α Σ_n w_n ε_n; F is the last
 * iteration's free energy. The action bounds (±100) are never reached here.
 */
function freeEnergy(cfg: AgentConfig, start: number, p: number, key: Key, K: number): number {
  const { samples: N, horizon: H, lambda, sigma, alpha, gamma } = cfg.mppi;
  const u = new Array<number>(H).fill(0);
  let F = NaN;
  for (let it = 0; it < K; it++) {
    const eps = new Float64Array(N * H);
    fillNormals(deriveKey(key, 2, it), p * N * H, N * H, eps);
    for (let i = 0; i < eps.length; i++) eps[i] *= Math.sqrt(sigma);
    const S: number[] = [];
    for (let n = 0; n < N; n++) {
      let x = start;
      let s = 0;
      for (let t = 0; t < H; t++) {
        const a = u[t] + eps[n * H + t];
        if (t < H - 1) {
          s += gamma ** t * COST_Q * x * x; // c(s_t, a_t): no action cost on this system
          x += a * DT; // x' = x + gain·u·dt with the true gain 1
        } else {
          s += gamma ** t * (QX * x + QA * a + Q0); // γ^{H−1} Q(s_{H−1}, a_{H−1})
        }
      }
      for (let t = 0; t < H; t++) s += (lambda / sigma) * 0.5 * u[t] * (u[t] + 2 * eps[n * H + t]); // λ ½ uᵀΣ⁻¹(u + 2ε)
      S.push(s);
    }
    const z = S.reduce((acc, sn) => acc + Math.exp(-sn / lambda), 0);
    F = -lambda * Math.log(z / N);
    for (let t = 0; t < H; t++) {
      let step = 0;
      for (let n = 0; n < N; n++) step += (Math.exp(-S[n] / lambda) / z) * eps[n * H + t];
      u[t] += alpha * step;
    }
  }
  return F;
}

describe('Eq. 19 targets with a stub Q', () => {
  const key = deriveKey(keyFromSeed(11), 3);

  for (const [N, H, K] of [
    [3, 2, 2],
    [2, 1, 1],
    [2, 2, 3],
  ] as const) {
    it(`y = c + γ·F(s′) exactly (N ${N}, H ${H}, ${K} MPPI iteration${K > 1 ? 's' : ''})`, () => {
      const cfg = config(N, H);
      const starts = Float64Array.of(0.8, -0.35);
      const costs = Float64Array.of(0.25, 1.75);
      const targets = new Float32Array(2);
      localTargets(task, cfg, 2, K).compute({ starts, costs, count: 2, key }, stubQ, targets);
      for (let b = 0; b < 2; b++) {
        const F = freeEnergy(cfg, starts[b], b, key, K);
        const y = costs[b] + cfg.mppi.gamma * F;
        // Float32 targets; the reference is float64.
        expect(targets[b]).toBeCloseTo(y, 5);
        // The check can tell γ·F from F and from −γ·F: they are far apart here.
        expect(Math.abs(costs[b] + F - y)).toBeGreaterThan(1e-2);
        expect(Math.abs(costs[b] - cfg.mppi.gamma * F - y)).toBeGreaterThan(1e-2);
      }
    });
  }

  it('takes c from the buffer and s′ from its next states (not s)', () => {
    const cfg = config(3, 2);
    const buffer = new ReplayBuffer(4, 1, 1);
    const rows: [number, number, number, number][] = [
      [0.1, 0.2, 0.3, 0.6], // s, a, c, s′
      [-0.4, 1.0, 2.5, -0.3],
      [0.9, -0.5, 0.05, 0.85],
    ];
    for (const [s, a, c, s2] of rows)
      buffer.add(Float64Array.of(s), 0, Float64Array.of(a), 0, c, Float64Array.of(s2), 0);
    const gen = new TargetGenerator(task, cfg, 2, 2);
    const indices = Int32Array.of(2, 0);
    gen.compute(buffer, indices, 2, key, stubQ);
    indices.forEach((i, b) => {
      const [s, a, c, s2] = rows[i];
      expect(gen.targets[b]).toBeCloseTo(c + cfg.mppi.gamma * freeEnergy(cfg, s2, b, key, 2), 5);
      // The network is fitted at (obs(s), a).
      expect([gen.inputs[2 * b], gen.inputs[2 * b + 1]]).toEqual([Math.fround(s), Math.fround(a)]);
    });
  });
});
