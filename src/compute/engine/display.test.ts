import { describe, expect, it } from 'vitest';
import { MpcAgent } from '../../core/agent';
import { defaultAgentConfig } from '../../core/config';
import { keyFromSeed } from '../../core/rng';
import { ballincup } from '../../core/tasks/ballincup';
import { pendulum } from '../../core/tasks/pendulum';
import { CpuPlanner, planDisplay } from './planner';
import { RolloutTracer } from './display';

describe('RolloutTracer', () => {
  it('redraws exactly the rollouts the planner scored, as 3-D key points', () => {
    const cfg = defaultAgentConfig(pendulum, 'mppi');
    const agent = new MpcAgent(pendulum, cfg, null);
    const key = keyFromSeed(7);
    agent.beginEpisode(key);
    const tracer = new RolloutTracer(agent);
    const { samples: N, horizon: H } = cfg.mppi;
    const paths = new Float32Array(N * H * 3);
    const all = Int32Array.from({ length: N }, (_, i) => i);
    const state = Float64Array.of(2.5, 0.3);
    const action = new Float64Array(1);
    for (let t = 0; t < 3; t++) {
      const start = state.slice();
      agent.act(state, 0, t, action);
      expect(tracer.trace(start, key, t, paths, all, N)).toBe(0);
      const tip = [Math.sin(start[0]), 0, Math.cos(start[0])];
      for (let d = 0; d < 3; d++) expect(paths[d]).toBeCloseTo(tip[d], 6);
      for (let i = 0; i < N * H; i++) expect(Math.hypot(paths[3 * i], paths[3 * i + 2])).toBeCloseTo(1, 5);
      pendulum.step(state, action, Float64Array.from(pendulum.trueParams), 0, 1);
    }
    expect(new RolloutTracer(agent).trace(state, keyFromSeed(8), 2, paths, all, N)).toBeGreaterThan(0);
  });

  it('the CPU planner draws a task with 3-D key points and keeps its picture exact', () => {
    const cfg = defaultAgentConfig(ballincup, 'mppi');
    const p = new CpuPlanner(ballincup, cfg, null);
    p.beginEpisode(keyFromSeed(3));
    const s = new Float64Array(ballincup.stateDim);
    ballincup.sampleInitialState({ uniformIn: (a: number, b: number) => (a + b) / 2 } as never, s, 0);
    const a = new Float64Array(ballincup.actionDim);
    p.act(s, 0, 0, a);
    const N = cfg.mppi.samples;
    const H = cfg.mppi.horizon;
    const out = planDisplay(N, H);
    p.display(out);
    expect(p.lastMismatch).toBe(0);
    expect(out.paths.every(Number.isFinite)).toBe(true);
    expect(out.plan.every(Number.isFinite)).toBe(true);
    expect(out.weights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    // The split adds up to the planner's S (running + terminal + λ · control).
    for (let n = 0; n < N; n++) {
      const s = out.costSplit[3 * n] + out.costSplit[3 * n + 1] + out.costSplit[3 * n + 2];
      expect(s).toBeCloseTo(p.lastCosts[n], 3);
    }
    // Rollouts and plan all start at the key point of the state planned from.
    const kp = new Float64Array(3);
    ballincup.keyPoint(s, 0, kp);
    for (let d = 0; d < 3; d++) {
      expect(out.paths[d]).toBeCloseTo(kp[d], 5);
      expect(out.plan[d]).toBeCloseTo(kp[d], 5);
    }
  });

  it('a subset of rollouts is replayed exactly: the same paths as in the full picture, on per-sample parameters', () => {
    const cfg = { ...defaultAgentConfig(ballincup, 'mppi'), model: 'dr' as const };
    const N = cfg.mppi.samples;
    const H = cfg.mppi.horizon;
    const agent = new MpcAgent(ballincup, cfg, null);
    const key = keyFromSeed(5);
    agent.beginEpisode(key);
    const s = new Float64Array(ballincup.stateDim);
    ballincup.sampleInitialState({ uniformIn: (a: number, b: number) => (a + b) / 2 } as never, s, 0);
    agent.act(s, 0, 0, new Float64Array(ballincup.actionDim));
    const full = new Float32Array(N * H * 3);
    const all = Int32Array.from({ length: N }, (_, i) => i);
    expect(new RolloutTracer(agent).trace(s, key, 0, full, all, N)).toBe(0);
    const some = Int32Array.of(1, 4, N - 1);
    const part = new Float32Array(some.length * H * 3);
    expect(new RolloutTracer(agent).trace(s, key, 0, part, some, some.length)).toBe(0);
    some.forEach((n, c) =>
      expect(part.subarray(c * H * 3, (c + 1) * H * 3)).toEqual(full.subarray(n * H * 3, (n + 1) * H * 3)),
    );
  });

  it('at N 16384 a frame draws 1,024 rollouts but its weight statistics cover all N: ESS is 1/Σw² of the full weights', () => {
    const cfg = defaultAgentConfig(pendulum, 'mppi');
    cfg.mppi = { ...cfg.mppi, samples: 16384, horizon: 8 };
    const N = 16384;
    const H = 8;
    const p = new CpuPlanner(pendulum, cfg, null);
    p.beginEpisode(keyFromSeed(2));
    p.act(Float64Array.of(2.5, 0.3), 0, 0, new Float64Array(1));
    const display = (D: number) => planDisplay(D, H);
    const full = display(N);
    p.display(full);
    const part = display(1024);
    p.display(part);
    let sq = 0;
    for (const w of full.weights) sq += w * w;
    expect(part.stats!.samples).toBe(N);
    expect(part.stats!.ess).toBeCloseTo(1 / sq, 0);
    expect(Math.abs(part.stats!.ess - 1 / sq) / part.stats!.ess).toBeLessThan(1e-5);
    expect(part.stats!.sum).toBeCloseTo(1, 9);
    // Best and median over all N: the best sample's S is the lowest of all N costs.
    expect(part.stats!.best[3]).toBeCloseTo(Math.min(...p.lastCosts.subarray(0, N)), 9);
    expect(part.stats).toEqual(full.stats);
  });
});
