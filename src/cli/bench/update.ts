/** One Q update = M minibatches of K tuples with their Eq. 19 targets and Adam steps (tfjs backend named). */
import { defaultAgentConfig, defaultLearnConfig } from '../../core/config';
import { deriveKey, keyFromSeed, RandomStream } from '../../core/rng';
import { TargetGenerator } from '../../core/targets';
import type { TaskSpec } from '../../core/task';
import type { TaskId } from '../../core/tasks/registry';
import { newQ } from './control';
import { filledBuffer } from './targets';
import { rates, result, type BenchResult } from './common';

export async function benchUpdate(task: TaskSpec<TaskId>, backend: string, repeats: number): Promise<BenchResult> {
  const cfg = defaultAgentConfig(task, 'mpq');
  const learn = defaultLearnConfig(task);
  const { minibatches: M, batchSize: K, targetIterations } = learn;
  const q = newQ(task, cfg, K);
  const buffer = filledBuffer(task);
  const gen = new TargetGenerator(task, cfg, K, targetIterations);
  const idx = new Int32Array(K);
  let u = 0;
  const rs = await rates(repeats, 1, async () => {
    for (let m = 0; m < M; m++) {
      buffer.sampleIndices(new RandomStream(deriveKey(keyFromSeed(6), u, m)), K, idx);
      gen.compute(buffer, idx, K, deriveKey(keyFromSeed(7), u, m), q);
      await q.trainStep(gen.inputs, gen.targets, K);
    }
    u++;
  });
  q.dispose();
  return result(`update/${task.id}`, task, backend, 'updatesPerSec', rs, {
    minibatches: M,
    batchSize: K,
    targetIterations,
    samples: cfg.mppi.samples,
    horizon: cfg.mppi.horizon,
    numerics: cfg.numerics,
    note: 'MPPI rollouts and the terminal Q on the CPU in the numerics named (v2: Q in WebAssembly SIMD); the Adam step on the tfjs backend named',
  });
}
