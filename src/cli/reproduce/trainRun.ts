/**
 * Training one run of an experiment, with its progress lines: the same code in
 * this process (`--jobs 1`) and in each child process (`--jobs J`), so a run's
 * records do not depend on where it ran.
 */
import { getTask } from '../../core/tasks/registry';
import { train, type EpisodeRecord } from '../../core/train';
import { weightsToFile, type QWeightsFile } from '../../core/weightsFile';
import { networkFor } from '../network';
import { progressLine } from '../progress';
import type { RunSpec } from './experiments';
import type { RunResult } from './report';

/** A trained run and the weights it ended with (null for plain MPPI), as a weights file. */
export interface TrainedRun {
  run: RunResult;
  weights: QWeightsFile | null;
}

/**
 * Trains `spec` on the active tfjs backend. Progress (`say`, unless null): every
 * 10th episode and the last, then the run's last-10 figures.
 */
export async function trainRun(spec: RunSpec, tag: string, say: ((line: string) => void) | null): Promise<TrainedRun> {
  const task = getTask(spec.task);
  const q = networkFor(task, spec.agent, spec.learn);
  const r0 = performance.now();
  const total = spec.learn.episodes;
  // Every 10th episode and the last: long runs show they are alive without a line per episode.
  const progress = say
    ? (r: EpisodeRecord) => {
        if (r.episode % 10 === 0 || r.episode === total) say(`${tag}  ${progressLine(total, r)}`);
      }
    : undefined;
  const episodes = await train(task, spec.agent, spec.learn, q, progress);
  // The θ the run ended with (with select 'best', the best on validation): the one its tests evaluated.
  const weights = q ? weightsToFile(task, await q.layers(), { agent: spec.agent, learn: spec.learn }) : null;
  q?.dispose();
  const run: RunResult = { ...spec, episodes, wallMs: performance.now() - r0 };
  if (say) {
    const last = episodes.slice(-10);
    const sr = last.filter((e) => e.success).length / last.length;
    const ret = last.reduce((a, e) => a + e.return, 0) / last.length;
    const test = episodes.at(-1)?.test;
    say(
      `${tag}: last-10 return ${ret.toFixed(2)} success ${sr.toFixed(2)}` +
        (test ? `  test(real) success ${test.successRate.toFixed(2)}` : '') +
        `  ${(run.wallMs / 1000).toFixed(1)} s`,
    );
  }
  return { run, weights };
}
