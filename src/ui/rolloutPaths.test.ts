import { describe, expect, it } from 'vitest';
import { MpcAgent } from '../core/agent';
import { defaultAgentConfig } from '../core/config';
import { keyFromSeed } from '../core/rng';
import { pendulum } from '../core/tasks/pendulum';
import { RolloutPaths } from './rolloutPaths';

describe('RolloutPaths', () => {
  it('redraws exactly the rollouts the planner scored', () => {
    const cfg = defaultAgentConfig(pendulum, 'mppi');
    const agent = new MpcAgent(pendulum, cfg, null);
    const key = keyFromSeed(7);
    agent.beginEpisode(key);
    const tracer = new RolloutPaths(agent);
    const { samples: N, horizon: H } = cfg.mppi;
    const paths = new Float32Array(N * H * 2);
    const state = Float64Array.of(2.5, 0.3);
    const action = new Float64Array(1);
    for (let t = 0; t < 3; t++) {
      const start = state.slice();
      agent.act(state, 0, t, action);
      expect(tracer.trace(start, key, t, paths)).toBe(0);
      // Every path starts at the tip of the current state, on the unit circle.
      expect(paths[0]).toBeCloseTo(Math.sin(start[0]), 6);
      expect(paths[1]).toBeCloseTo(Math.cos(start[0]), 6);
      for (let i = 0; i < N * H; i++) expect(Math.hypot(paths[2 * i], paths[2 * i + 1])).toBeCloseTo(1, 5);
      pendulum.step(state, action, Float64Array.from(pendulum.trueParams), 0, 1);
    }
  });

  it('reports a mismatch when traced with the wrong key', () => {
    const cfg = defaultAgentConfig(pendulum, 'mppi');
    const agent = new MpcAgent(pendulum, cfg, null);
    agent.beginEpisode(keyFromSeed(1));
    const start = Float64Array.of(2.5, 0.3);
    agent.act(start.slice(), 0, 0, new Float64Array(1));
    const paths = new Float32Array(cfg.mppi.samples * cfg.mppi.horizon * 2);
    expect(new RolloutPaths(agent).trace(start, keyFromSeed(2), 0, paths)).toBeGreaterThan(0);
  });
});
