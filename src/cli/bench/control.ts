/** One MPPI control step (all iterations) from a real start state, plain MPPI or MPQ (TS forward of Q). */
import { TfQNetwork } from '../../compute/qnetwork';
import { MpcAgent } from '../../core/agent';
import { defaultAgentConfig, type AgentConfig } from '../../core/config';
import { keyFromSeed, RandomStream } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import type { TaskId } from '../../core/tasks/registry';
import { RealSystem } from '../../core/train';
import { rates, result, type BenchResult } from './common';

/** A Q-network sized for `batch` problems of the config's samples (seeded, untrained). */
export function newQ(task: TaskSpec, cfg: AgentConfig, batch: number): TfQNetwork {
  return new TfQNetwork({
    inputDim: task.obsDim + task.actionDim,
    hidden: [100, 100],
    learningRate: 1e-3,
    initKey: keyFromSeed(3),
    maxRows: cfg.mppi.samples * batch,
  });
}

export async function benchControl(
  task: TaskSpec<TaskId>,
  agent: 'mpq' | 'mppi',
  horizon: number,
  repeats: number,
): Promise<BenchResult[]> {
  const cfg = defaultAgentConfig(task, agent);
  cfg.mppi.horizon = horizon;
  const q = agent === 'mpq' ? newQ(task, cfg, 1) : null;
  const a = new MpcAgent(task, cfg, q);
  const sys = new RealSystem(task);
  sys.reset(new RandomStream(keyFromSeed(2)));
  a.beginEpisode(keyFromSeed(4));
  const action = new Float64Array(task.actionDim);
  const steps = Math.max(5, Math.round(20000 / (cfg.mppi.samples * horizon * task.substeps)));
  let t = 0;
  const rs = await rates(repeats, steps, () => {
    for (let s = 0; s < steps; s++) a.act(sys.state, 0, t++, action);
  });
  q?.dispose();
  const name = `control/${task.id}/${agent}-H${horizon}`;
  const params = { agent, samples: cfg.mppi.samples, horizon, iterations: cfg.mppi.iterations };
  const perStep = cfg.mppi.samples * Math.max(0, horizon - 1) * cfg.mppi.iterations;
  return [
    result(name, task, 'cpu', 'controlStepsPerSec', rs, params),
    result(
      name,
      task,
      'cpu',
      'sampleStepsPerSec',
      rs.map((r) => r * perStep),
      params,
    ),
  ];
}
