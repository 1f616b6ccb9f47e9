/**
 * Eq. 19 targets per second: one minibatch of K tuples from a replay buffer of
 * random-action transitions, each target K_it MPPI iterations (paper: 3; Franka
 * 1) of N samples over MPQ's horizon with the terminal Q (TS forward).
 */
import { defaultAgentConfig, defaultLearnConfig } from '../../core/config';
import { ReplayBuffer } from '../../core/replay';
import { deriveKey, keyFromSeed, RandomStream } from '../../core/rng';
import { TargetGenerator } from '../../core/targets';
import type { TaskSpec } from '../../core/task';
import { RealSystem } from '../../core/train';
import { newQ } from './control';
import { rates, result, type BenchResult } from './common';

/** A replay buffer of `n` random-action transitions of the real system (seeded). */
export function filledBuffer(task: TaskSpec, n = 4096): ReplayBuffer {
  const buffer = new ReplayBuffer(n, task.stateDim, task.actionDim);
  const sys = new RealSystem(task);
  const rng = new RandomStream(keyFromSeed(5));
  const action = new Float64Array(task.actionDim);
  const cost = new Float64Array(task.costTerms.length);
  for (let i = 0; i < n; i++) {
    if (i % task.episodeSteps === 0) sys.reset(rng);
    for (let d = 0; d < task.actionDim; d++) action[d] = rng.uniformIn(task.actionLow[d], task.actionHigh[d]);
    sys.step(action, i);
    task.evalCostTerms(sys.state, 0, action, 0, cost);
    buffer.add(sys.state, 0, action, 0, cost.reduce((a, b) => a + b, 0), sys.next, 0);
    sys.advance();
  }
  return buffer;
}

export async function benchTargets(task: TaskSpec, repeats: number): Promise<BenchResult> {
  const cfg = defaultAgentConfig(task, 'mpq');
  const { batchSize: K, targetIterations } = defaultLearnConfig(task);
  const q = newQ(task, cfg, K);
  const buffer = filledBuffer(task);
  const gen = new TargetGenerator(task, cfg, K, targetIterations);
  const idx = new Int32Array(K);
  let u = 0;
  const rs = await rates(repeats, K, () => {
    buffer.sampleIndices(new RandomStream(deriveKey(keyFromSeed(6), u)), K, idx);
    gen.compute(buffer, idx, K, deriveKey(keyFromSeed(7), u), q);
    u++;
  });
  q.dispose();
  return result(`targets/${task.id}`, task, 'cpu', 'targetsPerSec', rs, {
    batchSize: K,
    targetIterations,
    samples: cfg.mppi.samples,
    horizon: cfg.mppi.horizon,
    note: 'rollouts and the terminal Q (TS forward) on the CPU; the WebGPU path exists only in the browser',
  });
}
