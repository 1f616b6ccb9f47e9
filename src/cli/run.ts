/**
 * `train` and `eval`: everything a user can get wrong is checked before any
 * work (flags, the config's ranges, the memory its buffers need, the weights
 * file, every output path); then the run, and its files written atomically.
 * tfjs is loaded only once the checks have passed, so a bad invocation is
 * answered in well under a second.
 */
import { configProblems } from '../core/config';
import { evaluate, summarize, train, type EpisodeRecord } from '../core/train';
import { weightsFromFile, weightsToFile } from '../core/weightsFile';
import type { Parsed } from './args';
import { runEnvironment } from './environment';
import { UsageError } from './flags';
import { readJsonFile } from './jsonFile';
import { checkRunMemory } from './memoryCheck';
import { checkOutputs, writeFileAtomic, type Output } from './outputs';
import { progressLine } from './progress';

const json = (data: unknown) => JSON.stringify(data, null, 2) + '\n';

export async function run(p: Parsed): Promise<void> {
  const problems = configProblems(p.agent, p.learn);
  if (problems.length) throw new UsageError(problems[0]);
  checkRunMemory(p.task, p.agent, p.learn, p.command === 'train');
  let layers = null;
  if (p.command === 'eval' && p.weights) {
    const data = readJsonFile('--weights', p.weights, 'weights');
    try {
      layers = weightsFromFile(data, p.task, p.learn.hidden);
    } catch (err) {
      throw new UsageError(`--weights ${p.weights}: ${(err as Error).message}`);
    }
  }
  const outputs: Output[] = [];
  if (p.out) outputs.push({ flag: '--out', path: p.out, kind: 'file' });
  if (p.saveWeights) outputs.push({ flag: '--save-weights', path: p.saveWeights, kind: 'file' });
  checkOutputs(outputs);

  const { startNodeBackend } = await import('./nodeBackend');
  const { networkFor } = await import('./network');
  const backend = await startNodeBackend(p.backend);
  const progress = p.quiet ? undefined : (r: EpisodeRecord) => process.stderr.write(progressLine(p.episodes, r) + '\n');
  const t0 = performance.now();
  let records: EpisodeRecord[];
  const q = networkFor(p.task, p.agent, p.learn);
  if (p.command === 'train') {
    records = await train(p.task, p.agent, p.learn, q, progress);
  } else {
    if (q && layers) q.setLayers(layers);
    records = evaluate(p.task, p.agent, p.episodes, p.learn.seed, q, progress);
  }
  const result = {
    command: p.command,
    config: {
      task: p.task.id,
      agent: p.agent,
      learn: p.command === 'train' ? p.learn : { seed: p.learn.seed, episodes: p.episodes },
      weights: p.weights,
    },
    episodes: records,
    summary: summarize(records),
    environment: runEnvironment(backend),
    wallMs: performance.now() - t0,
  };
  if (p.saveWeights && q)
    writeFileAtomic(p.saveWeights, json(weightsToFile(p.task, await q.layers(), { agent: p.agent, learn: p.learn })));
  if (p.out) writeFileAtomic(p.out, json(result));
  else process.stdout.write(json(result));
  if (!p.quiet) {
    const s = result.summary;
    process.stderr.write(
      `done: meanReturn ${s.meanReturn.toFixed(2)}  successRate ${s.successRate.toFixed(3)}  lastTenMeanReturn ${s.lastTenMeanReturn.toFixed(2)}  backend ${backend}` +
        (p.out ? `  → ${p.out}` : '') +
        '\n',
    );
  }
  q?.dispose();
}
