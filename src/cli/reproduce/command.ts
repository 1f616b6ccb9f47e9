/**
 * `npm run mpq -- reproduce --experiment fig2|table2|fig3 [--task T] [--seeds S] [--quick] [--out-dir DIR]
 *                           [--horizons H1,H2,…] [--reuse EARLIER.json]`
 *
 * Runs the experiment's agents on seeds 1..S and writes, into the out folder,
 * `<experiment>.json` (every run's config and episode records, the tables'
 * numbers, the environment), `<experiment>-<task>.svg` (Fig. 2 and Fig. 3) and
 * `<experiment>.md` (tables beside the paper's numbers, orderings checked).
 *
 * `--reuse` takes the runs of an earlier `<experiment>.json` whose task, label,
 * seed and whole configuration are the same instead of training them again
 * (runs are deterministic given their seed), so a grid can be extended or an
 * interrupted experiment finished without recomputing what is done.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BACKENDS, type BackendName } from '../../compute/backend';
import type { TaskId } from '../../core/task';
import { getTask, taskIds } from '../../core/tasks/registry';
import { train } from '../../core/train';
import { num, oneOf, readFlagPairs, UsageError } from '../args';
import { runEnvironment } from '../environment';
import { readJsonFile } from '../jsonFile';
import { networkFor } from '../network';
import { startNodeBackend } from '../nodeBackend';
import { EXPERIMENT_TASKS, EXPERIMENTS, planExperiment, type ExperimentId, type RunSpec } from './experiments';
import { buildReport, type RunResult } from './report';

export interface ReproduceArgs {
  experiment: ExperimentId;
  tasks: TaskId[];
  seeds: number[];
  quick: boolean;
  outDir: string;
  backend: BackendName;
  quiet: boolean;
  /** Fig. 3's horizons instead of the task's default grid. */
  horizons: number[] | null;
  /** An earlier result file of the same experiment whose matching runs are taken instead of trained. */
  reuse: string | null;
}

const SPECS = {
  experiment: { help: `which: ${EXPERIMENTS.join('|')}`, commands: ['reproduce'] },
  task: { help: 'one task (default: the experiment\'s tasks)', commands: ['reproduce'] },
  seeds: { help: 'number of seeds, run as 1..S (default 3)', commands: ['reproduce'] },
  quick: { help: 'a reduced budget for a smoke run (takes no value)', commands: ['reproduce'] },
  'out-dir': { help: 'folder for the JSON, SVG and markdown', commands: ['reproduce'] },
  backend: { help: 'tfjs backend: cpu|wasm', commands: ['reproduce'] },
  quiet: { help: 'no progress lines (takes no value)', commands: ['reproduce'] },
  horizons: { help: 'fig3 only: the horizons to sweep, comma-separated (default: the task\'s grid)', commands: ['reproduce'] },
  reuse: { help: 'an earlier <experiment>.json: its runs with the same task, label, seed and configuration are taken, not trained again', commands: ['reproduce'] },
};

export function parseReproduceArgs(rest: readonly string[]): ReproduceArgs {
  const pairs = readFlagPairs(rest, 'reproduce', SPECS, new Set(['quick', 'quiet']));
  const get = (n: string) => pairs.filter(([k]) => k === n).map(([, v]) => v).pop();
  const expRaw = get('experiment');
  if (expRaw === undefined) throw new UsageError(`--experiment is required: one of ${EXPERIMENTS.join(', ')}`);
  const experiment = oneOf('experiment', expRaw, EXPERIMENTS);
  const taskRaw = get('task');
  const tasks = taskRaw === undefined ? [...EXPERIMENT_TASKS[experiment]] : [oneOf('task', taskRaw, taskIds())];
  const nSeeds = get('seeds') === undefined ? 3 : num('seeds', get('seeds')!, { integer: true, min: 1, max: 100 });
  const quick = get('quick') !== undefined;
  const backendRaw = get('backend');
  const horizonsRaw = get('horizons');
  if (horizonsRaw !== undefined && experiment !== 'fig3') throw new UsageError('--horizons applies to --experiment fig3 only');
  const horizons =
    horizonsRaw === undefined ? null : [...new Set(horizonsRaw.split(',').map((h) => num('horizons', h, { integer: true, min: 1, max: 128 })))].sort((a, b) => a - b);
  return {
    experiment,
    tasks,
    seeds: Array.from({ length: nSeeds }, (_, i) => i + 1),
    quick,
    outDir: get('out-dir') ?? path.join('runs', `reproduce-${experiment}${quick ? '-quick' : ''}`),
    backend: backendRaw === undefined ? 'cpu' : oneOf('backend', backendRaw, BACKENDS.filter((b) => b !== 'webgpu')),
    quiet: get('quiet') !== undefined,
    horizons,
    reuse: get('reuse') ?? null,
  };
}

/** The runs of an earlier result file, checked to be a reproduce JSON of this experiment. */
export function readReusable(file: string, experiment: ExperimentId): RunResult[] {
  const data = readJsonFile('--reuse', file);
  const d = data as { experiment?: unknown; runs?: unknown; quick?: unknown };
  if (typeof d !== 'object' || d === null || !Array.isArray(d.runs)) throw new UsageError(`--reuse: ${file} is not a reproduce result (no "runs" list)`);
  if (d.experiment !== experiment) throw new UsageError(`--reuse: ${file} holds experiment ${JSON.stringify(d.experiment)}, not ${experiment}`);
  return d.runs as RunResult[];
}

/** Same task, label, seed and configuration (agent and learning): the run would train exactly the same. */
const sameRun = (a: RunSpec, b: RunSpec): boolean =>
  a.task === b.task && a.label === b.label && a.seed === b.seed && JSON.stringify(a.agent) === JSON.stringify(b.agent) && JSON.stringify(a.learn) === JSON.stringify(b.learn);

/** The earlier run that `spec` would repeat, if its records are whole (one per episode, all finite). */
export function findReusable(spec: RunSpec, earlier: readonly RunResult[]): RunResult | null {
  const r = earlier.find((e) => sameRun(e, spec));
  if (!r || !Array.isArray(r.episodes) || r.episodes.length !== spec.learn.episodes) return null;
  return r.episodes.every((e) => Number.isFinite(e.return)) ? r : null;
}

export async function reproduce(args: ReproduceArgs): Promise<void> {
  const backend = await startNodeBackend(args.backend);
  const specs = planExperiment(args.experiment, args.tasks, args.seeds, args.quick, args.horizons ?? undefined);
  const earlier = args.reuse === null ? [] : readReusable(args.reuse, args.experiment);
  const t0 = performance.now();
  const runs: RunResult[] = [];
  let reused = 0;
  for (const [i, spec] of specs.entries()) {
    const old = findReusable(spec, earlier);
    if (old) {
      runs.push({ ...spec, episodes: old.episodes, wallMs: old.wallMs });
      reused++;
      if (!args.quiet) process.stderr.write(`[${i + 1}/${specs.length}] ${spec.task} ${spec.label} seed ${spec.seed}: taken from ${args.reuse}\n`);
      continue;
    }
    const task = getTask(spec.task);
    const q = networkFor(task, spec.agent, spec.learn);
    const r0 = performance.now();
    const episodes = await train(task, spec.agent, spec.learn, q);
    q?.dispose();
    const run: RunResult = { ...spec, episodes, wallMs: performance.now() - r0 };
    runs.push(run);
    if (!args.quiet) {
      const last = episodes.slice(-10);
      const sr = last.filter((e) => e.success).length / last.length;
      const ret = last.reduce((a, e) => a + e.return, 0) / last.length;
      const test = episodes.at(-1)?.test;
      process.stderr.write(
        `[${i + 1}/${specs.length}] ${spec.task} ${spec.label} seed ${spec.seed}: last-10 return ${ret.toFixed(2)} success ${sr.toFixed(2)}` +
          (test ? `  test(real) success ${test.successRate.toFixed(2)}` : '') +
          `  ${(run.wallMs / 1000).toFixed(1)} s\n`,
      );
    }
  }
  const report = buildReport(args.experiment, runs);
  mkdirSync(args.outDir, { recursive: true });
  const base = path.join(args.outDir, args.experiment);
  const wallMs = performance.now() - t0;
  writeFileSync(
    `${base}.json`,
    JSON.stringify({ experiment: args.experiment, quick: args.quick, tasks: args.tasks, seeds: args.seeds, reused, reusedFrom: args.reuse, summary: report.summary, environment: runEnvironment(backend), wallMs, runs }, null, 1) + '\n',
  );
  for (const [task, svg] of report.svgs) writeFileSync(`${base}-${task}.svg`, svg + '\n');
  const header = [
    `# ${args.experiment}${args.quick ? ' (quick: a smoke-test budget, not a result)' : ''}`,
    '',
    `Seeds ${args.seeds.join(', ')}; backend ${backend}; wall time ${(wallMs / 60000).toFixed(1)} min; ${runEnvironment(backend).cpus} cores (${runEnvironment(backend).cpuModel}).`,
    ...(reused > 0
      ? [`${reused} of ${runs.length} runs were taken from ${args.reuse} (same task, label, seed and configuration); the wall time counts only the runs trained now.`]
      : []),
    '',
  ];
  writeFileSync(`${base}.md`, header.join('\n') + '\n' + report.markdown + '\n');
  if (!args.quiet) process.stderr.write(`wrote ${base}.json, ${base}.md${report.svgs.size ? `, ${report.svgs.size} SVG` : ''}\n`);
}
