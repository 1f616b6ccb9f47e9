import { describe, expect, it } from 'vitest';
import { fig2Agents } from './paperAgents';
import { getTask, taskIds } from './tasks/registry';

describe('fig2Agents', () => {
  it("pendulum: the paper's five agents with H 8 and 32 (Fig. 2, typed in from the paper)", () => {
    expect(fig2Agents('pendulum')).toEqual([
      { label: 'MPQ H8', agent: 'mpq', horizon: 8, model: 'biased' },
      { label: 'MPPI H8', agent: 'mppi', horizon: 8, model: 'biased' },
      { label: 'MPPI H32', agent: 'mppi', horizon: 32, model: 'biased' },
      { label: 'MPPI H32 true dynamics', agent: 'mppi', horizon: 32, model: 'true' },
      { label: 'SoftQ H1', agent: 'softq', horizon: 1, model: 'biased' },
    ]);
  });

  it.each(taskIds())(
    "%s: MPQ's H and the long H from the task's paper settings, labels that tell the curves apart",
    (id) => {
      const { mpqHorizon, longHorizon } = getTask(id).paper;
      const agents = fig2Agents(id);
      expect(agents.map((a) => [a.agent, a.horizon, a.model])).toEqual([
        ['mpq', mpqHorizon, 'biased'],
        ['mppi', mpqHorizon, 'biased'],
        ['mppi', longHorizon, 'biased'],
        ['mppi', longHorizon, 'true'],
        ['softq', 1, 'biased'],
      ]);
      const labels = agents.map((a) => a.label);
      expect(new Set(labels).size).toBe(labels.length);
    },
  );
});
