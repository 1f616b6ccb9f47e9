/**
 * MPPI control steps: one step after another from a fixed start state (plain
 * MPPI or MPQ with the TS forward of Q), and the closed loop on the real system
 * (each action applied before the next step is planned).
 */
import { TfQNetwork } from '../../compute/qnetwork';
import { MpcAgent } from '../../core/agent';
import { defaultAgentConfig, type AgentConfig } from '../../core/config';
import { CURRENT_NUMERICS, type Numerics } from '../../core/numerics';
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
  const params = { agent, samples: cfg.mppi.samples, horizon, iterations: cfg.mppi.iterations, numerics: cfg.numerics };
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

/**
 * Plain MPPI in closed loop on the real system from `start`, the episode
 * restarted there every `task.episodeSteps` steps (the authors' mjmpc and
 * pytorch_mppi were timed the same way). The current numerics and v1 are
 * timed in alternating repeats of the same run, so the pair sees the same load;
 * v1's result is named with a `/v1` suffix.
 */
export async function benchClosedLoop(
  task: TaskSpec<TaskId>,
  samples: number,
  horizon: number,
  start: readonly number[],
  repeats: number,
): Promise<BenchResult[]> {
  const loop = (numerics: Numerics) => {
    const cfg = defaultAgentConfig(task, 'mppi');
    cfg.mppi.samples = samples;
    cfg.mppi.horizon = horizon;
    cfg.numerics = numerics;
    const a = new MpcAgent(task, cfg, null);
    const sys = new RealSystem(task);
    const action = new Float64Array(task.actionDim);
    let t = 0;
    return (steps: number) => {
      for (let s = 0; s < steps; s++, t++) {
        const k = t % task.episodeSteps;
        if (k === 0) {
          sys.state.set(start);
          a.beginEpisode(keyFromSeed(t / task.episodeSteps));
        }
        a.act(sys.state, 0, k, action);
        sys.step(action, k);
        sys.advance();
      }
    };
  };
  const steps = Math.max(5, Math.round(20000 / (samples * horizon * task.substeps)));
  const versions = [CURRENT_NUMERICS, 'v1'] as const;
  const runs = versions.map(loop);
  const rs: number[][] = versions.map(() => []);
  for (let r = 0; r < repeats; r++) {
    for (let v = 0; v < versions.length; v++) rs[v].push(...(await rates(1, steps, () => runs[v](steps))));
  }
  const name = `control/${task.id}/mppi-N${samples}-H${horizon}`;
  return versions.flatMap((numerics, v) => {
    const params = {
      agent: 'mppi',
      samples,
      horizon,
      iterations: 1,
      numerics,
      loop: `closed, from [${start.join(', ')}], restarted every ${task.episodeSteps} steps`,
    };
    const label = v === 0 ? name : `${name}/${numerics}`;
    return [
      result(label, task, 'cpu', 'controlStepsPerSec', rs[v], params),
      result(
        label,
        task,
        'cpu',
        'sampleStepsPerSec',
        rs[v].map((x) => x * samples * horizon),
        params,
      ),
    ];
  });
}
