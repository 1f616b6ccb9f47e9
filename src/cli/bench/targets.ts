/**
 * Eq. 19 targets per second: one minibatch of K tuples from a replay buffer of
 * random-action transitions, each target K_it MPPI iterations (paper: 3; Franka
 * 1) of N samples over MPQ's horizon with the terminal Q (the current numerics:
 * v2's WebAssembly SIMD forward).
 */
import { defaultAgentConfig, defaultLearnConfig } from '../../core/config';
import { type ReplayBuffer } from '../../core/replay';
import { deriveKey, keyFromSeed, RandomStream } from '../../core/rng';
import { TargetGenerator } from '../../core/targets';
import type { TaskSpec } from '../../core/task';
import type { TaskId } from '../../core/tasks/registry';
import { randomTransitions } from '../../core/testing/randomBuffer';
import { newQ } from './control';
import { rates, result, type BenchResult } from './common';

/** A replay buffer of `n` random-action transitions of the real system (seeded). */
export function filledBuffer(task: TaskSpec, n = 4096): ReplayBuffer {
  return randomTransitions(task, n, 5);
}

export async function benchTargets(task: TaskSpec<TaskId>, repeats: number): Promise<BenchResult> {
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
    numerics: cfg.numerics,
    note: 'rollouts and the terminal Q on the CPU (numerics v1: float64 TS forward, v2: float32 WebAssembly SIMD forward)',
  });
}
