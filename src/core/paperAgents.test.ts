import { describe, expect, it } from 'vitest';
import { fig2Agents } from './paperAgents';

/** Fig. 2's horizons as the paper gives them (Table 3 / Fig. 2: MPQ H, long MPPI H), typed in here rather than read from config. */
const PAPER_HORIZONS = { pendulum: [8, 32], ballincup: [4, 48], fetch: [10, 64], franka: [10, 64] } as const;

describe('fig2Agents', () => {
  for (const [task, [h, long]] of Object.entries(PAPER_HORIZONS) as [
    keyof typeof PAPER_HORIZONS,
    readonly [number, number],
  ][]) {
    it(`${task}: the paper's five agents with H ${h} and ${long}`, () => {
      expect(fig2Agents(task)).toEqual([
        { label: `MPQ H${h}`, agent: 'mpq', horizon: h, model: 'biased' },
        { label: `MPPI H${h}`, agent: 'mppi', horizon: h, model: 'biased' },
        { label: `MPPI H${long}`, agent: 'mppi', horizon: long, model: 'biased' },
        { label: `MPPI H${long} true dynamics`, agent: 'mppi', horizon: long, model: 'true' },
        { label: 'SoftQ H1', agent: 'softq', horizon: 1, model: 'biased' },
      ]);
    });
  }

  it('gives labels that tell the curves apart', () => {
    for (const task of Object.keys(PAPER_HORIZONS) as (keyof typeof PAPER_HORIZONS)[]) {
      const labels = fig2Agents(task).map((a) => a.label);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});
