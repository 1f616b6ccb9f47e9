/**
 * The MPQ Lab command line: train and evaluate agents headless.
 *
 *   npm run mpq -- train --task pendulum --agent mpq [flags] [--out run.json] [--save-weights q.json]
 *   npm run mpq -- eval  --task pendulum --agent mpq --weights q.json [--episodes 40] [--out eval.json]
 *   npm run mpq -- reproduce --experiment fig2|table2|fig3 [--task T] [--seeds S] [--quick]
 *   npm run mpq -- plot --out fig.svg --curve "LABEL=train.json,…" [--level "LABEL=eval.json,…"]
 *
 * One progress line per episode goes to stderr; the run JSON goes to --out
 * (or to stdout when --out is not given).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configProblems } from '../core/config';
import { evaluate, summarize, train, type EpisodeRecord } from '../core/train';
import { weightsFromFile, weightsToFile } from '../core/weightsFile';
import { parseArgs, usage, UsageError, type Parsed } from './args';
import { runEnvironment } from './environment';
import { readJsonFile } from './jsonFile';
import { networkFor } from './network';
import { startNodeBackend } from './nodeBackend';
import { parsePlotArgs, plot } from './plot';
import { progressLine } from './progress';
import { parseReproduceArgs, reproduce } from './reproduce/command';

function writeJson(file: string, data: unknown): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}

async function run(p: Parsed): Promise<void> {
  const problems = configProblems(p.agent, p.learn);
  if (problems.length) throw new UsageError(problems[0]);
  const backend = await startNodeBackend(p.backend);
  const progress = p.quiet ? undefined : (r: EpisodeRecord) => process.stderr.write(progressLine(p.episodes, r) + '\n');
  const t0 = performance.now();
  let records: EpisodeRecord[];
  const q = networkFor(p.task, p.agent, p.learn);
  if (p.command === 'train') {
    records = await train(p.task, p.agent, p.learn, q, progress);
  } else {
    if (q && p.weights) {
      const data = readJsonFile('--weights', p.weights);
      try {
        q.setLayers(weightsFromFile(data, p.task, p.learn.hidden));
      } catch (err) {
        throw new UsageError(`--weights ${p.weights}: ${(err as Error).message}`);
      }
    }
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
    writeJson(p.saveWeights, weightsToFile(p.task, await q.layers(), { agent: p.agent, learn: p.learn }));
  if (p.out) writeJson(p.out, result);
  else process.stdout.write(JSON.stringify(result, null, 2) + '\n');
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

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(usage() + '\n');
    return;
  }
  try {
    if (argv[0] === 'reproduce') await reproduce(parseReproduceArgs(argv.slice(1)));
    else if (argv[0] === 'plot') plot(parsePlotArgs(argv.slice(1)));
    else await run(parseArgs(argv));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mpq: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`mpq: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

await main();
