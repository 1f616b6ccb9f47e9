/**
 * End-to-end training speed at the paper's settings: MPQ (Alg. 1) for two
 * episodes with an update after each (M minibatches of K Eq. 19 targets, Adam),
 * on the real system with the biased model. Timed once in CPU time (no
 * warm-up: two whole episodes are the unit), so the first episode's JIT
 * warm-up is included.
 */
import { TfQNetwork } from '../../compute/qnetwork';
import { STREAM } from '../../core/agent';
import { defaultAgentConfig, defaultLearnConfig } from '../../core/config';
import { deriveKey, keyFromSeed } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import type { TaskId } from '../../core/tasks/registry';
import { train } from '../../core/train';
import { cpuMs, single, type BenchResult } from './common';

export async function benchTraining(task: TaskSpec<TaskId>, backend: string, episodes = 2): Promise<BenchResult> {
  const cfg = defaultAgentConfig(task, 'mpq');
  const learn = { ...defaultLearnConfig(task), episodes, seed: 1 };
  const q = new TfQNetwork({
    inputDim: task.obsDim + task.actionDim,
    hidden: learn.hidden,
    learningRate: learn.learningRate,
    initKey: deriveKey(keyFromSeed(learn.seed), STREAM.qinit),
    maxRows: cfg.mppi.samples * learn.batchSize,
  });
  const t0 = cpuMs();
  const w0 = performance.now();
  const recs = await train(task, cfg, learn, q, undefined);
  const sec = (cpuMs() - t0) / 1000;
  const wallSec = (performance.now() - w0) / 1000;
  q.dispose();
  const p = task.paper;
  return single(
    `train/${task.id}/mpq-H${cfg.mppi.horizon}`,
    task.id,
    backend,
    'episodesPerMin',
    (episodes / sec) * 60,
    {
      episodes,
      cpuSec: sec,
      wallSec,
      clock: 'cpu',
      numerics: cfg.numerics,
      episodeSteps: task.episodeSteps,
      samples: cfg.mppi.samples,
      horizon: cfg.mppi.horizon,
      updateEvery: learn.updateEvery,
      minibatches: learn.minibatches,
      batchSize: learn.batchSize,
      targetIterations: learn.targetIterations,
      paperTrainEpisodes: p.trainEpisodes,
      cpuMinutesForPaperRun: p.trainEpisodes / ((episodes / sec) * 60),
      perEpisodeWallSec: recs.map((r) => r.wallMs / 1000),
    },
  );
}
