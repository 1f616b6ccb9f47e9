/** The Q-network a CLI run needs: seeded from the run, sized for its planner, with a target network for SoftQ. */
import { TfQNetwork } from '../compute/qnetwork';
import { STREAM } from '../core/agent';
import { usesQ, type AgentConfig, type LearnConfig } from '../core/config';
import { forwardRows } from './memoryCheck';
import { deriveKey, keyFromSeed } from '../core/rng';
import type { TaskSpec } from '../core/task';

/** A fresh network for the run, or null for agents without a Q (plain MPPI). */
export function networkFor(task: TaskSpec, agent: AgentConfig, learn: LearnConfig): TfQNetwork | null {
  if (!usesQ(agent.agent)) return null;
  return new TfQNetwork({
    inputDim: task.obsDim + task.actionDim,
    hidden: learn.hidden,
    learningRate: learn.learningRate,
    initKey: deriveKey(keyFromSeed(learn.seed), STREAM.qinit),
    maxRows: forwardRows(agent, learn),
    targetTau: agent.agent === 'softq' ? learn.targetTau : undefined,
  });
}
