/**
 * `npm run mpq -- reproduce --experiment fig2|table2|fig3 [--task T] [--seeds S] [--quick] [--out-dir DIR]
 *                           [--horizons H1,H2,…] [--episodes E] [--reuse A.json,B.json,…]`
 *
 * Runs the experiment's agents on seeds 1..S and writes, into the out folder,
 * `<experiment>.json` (every run's config and episode records, the tables'
 * numbers, the environment), `<experiment>-<task>.svg` (Fig. 2 and Fig. 3) and
 * `<experiment>.md` (tables beside the paper's numbers, orderings checked).
 *
 * `--reuse` takes earlier runs — from reproduce results of any experiment or
 * from `train` outputs — whose task, seed and whole configuration are the same
 * instead of training them again (runs are deterministic given their seed), so
 * a grid can be extended, an interrupted experiment finished, or runs trained
 * one at a time assembled, without recomputing what is done.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_BACKENDS, type BackendName } from '../../compute/backendNames';
import { ruleOf } from '../../core/ranges';
import { getTask, taskIds, type TaskId } from '../../core/tasks/registry';
import { train, type EpisodeRecord } from '../../core/train';
import { num, oneOf, readFlagPairs, UsageError } from '../args';
import { runEnvironment } from '../environment';
import { readJsonFile } from '../jsonFile';
import { progressLine } from '../progress';
import { networkFor } from '../network';
import { startNodeBackend } from '../nodeBackend';
import { EXPERIMENTS, experimentTasks, planExperiment, type ExperimentId, type RunSpec } from './experiments';
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
  /** Training episodes per run instead of the paper's; null keeps the paper's budget. */
  episodes: number | null;
  /** Earlier results (reproduce JSON or `train` outputs) whose matching runs are taken instead of trained. */
  reuse: string[];
}

const SPECS = {
  experiment: { help: `which: ${EXPERIMENTS.join('|')}`, commands: ['reproduce'] },
  task: { help: "one task (default: the experiment's tasks)", commands: ['reproduce'] },
  seeds: { help: 'number of seeds, run as 1..S (default 3)', commands: ['reproduce'] },
  quick: { help: 'a reduced budget for a smoke run (takes no value)', commands: ['reproduce'] },
  'out-dir': { help: 'folder for the JSON, SVG and markdown', commands: ['reproduce'] },
  backend: { help: 'tfjs backend: cpu|wasm', commands: ['reproduce'] },
  quiet: { help: 'no progress lines (takes no value)', commands: ['reproduce'] },
  horizons: {
    help: "fig3 only: the horizons to sweep, comma-separated (default: the task's grid)",
    commands: ['reproduce'],
  },
  episodes: {
    help: "training episodes per run instead of the paper's budget (not with --quick)",
    commands: ['reproduce'],
  },
  reuse: {
    help: 'earlier results, comma-separated or repeated: reproduce JSON files or `train` outputs; a run with the same task, seed and configuration is taken from them, not trained again',
    commands: ['reproduce'],
  },
};

export function parseReproduceArgs(rest: readonly string[]): ReproduceArgs {
  const pairs = readFlagPairs(rest, 'reproduce', SPECS, new Set(['quick', 'quiet']));
  const get = (n: string) =>
    pairs
      .filter(([k]) => k === n)
      .map(([, v]) => v)
      .pop();
  const expRaw = get('experiment');
  if (expRaw === undefined) throw new UsageError(`--experiment is required: one of ${EXPERIMENTS.join(', ')}`);
  const experiment = oneOf('experiment', expRaw, EXPERIMENTS);
  const taskRaw = get('task');
  const tasks = taskRaw === undefined ? experimentTasks(experiment) : [oneOf('task', taskRaw, taskIds())];
  const nSeeds = get('seeds') === undefined ? 3 : num('seeds', get('seeds')!, ruleOf('seeds'));
  const quick = get('quick') !== undefined;
  const backendRaw = get('backend');
  const horizonsRaw = get('horizons');
  if (horizonsRaw !== undefined && experiment !== 'fig3')
    throw new UsageError('--horizons applies to --experiment fig3 only');
  const horizons =
    horizonsRaw === undefined
      ? null
      : [...new Set(horizonsRaw.split(',').map((h) => num('horizons', h, { integer: true, min: 1, max: 128 })))].sort(
          (a, b) => a - b,
        );
  const episodesRaw = get('episodes');
  if (episodesRaw !== undefined && quick)
    throw new UsageError('--episodes and --quick both set the budget: give one of them');
  const episodes =
    episodesRaw === undefined ? null : num('episodes', episodesRaw, { integer: true, min: 1, max: 100000 });
  const reuse = pairs
    .filter(([k]) => k === 'reuse')
    .flatMap(([, v]) =>
      v
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== ''),
    );
  return {
    experiment,
    tasks,
    seeds: Array.from({ length: nSeeds }, (_, i) => i + 1),
    quick,
    outDir: get('out-dir') ?? path.join('runs', `reproduce-${experiment}${quick ? '-quick' : ''}`),
    backend: backendRaw === undefined ? 'cpu' : oneOf('backend', backendRaw, NODE_BACKENDS),
    quiet: get('quiet') !== undefined,
    horizons,
    episodes,
    reuse,
  };
}

/** A run taken from an earlier file, with the file it came from. */
export interface Reusable extends RunResult {
  takenFrom: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The runs in an earlier result: a reproduce JSON (any experiment: a run is
 * matched by its configuration, so Fig. 3's MPQ H8 serves Fig. 2's) or one
 * `train` output of the CLI. Runs made on another tfjs backend are refused:
 * their numbers need not match this backend's to the last bit.
 */
export function readReusable(file: string, backend: BackendName): Reusable[] {
  const d = readJsonFile('--reuse', file);
  if (!isObject(d))
    throw new UsageError(`--reuse: ${file} is not a reproduce result or train output (a JSON object is expected)`);
  const env = d.environment;
  const made = isObject(env) ? env.backend : undefined;
  if (made !== undefined && made !== backend)
    throw new UsageError(
      `--reuse: ${file} was made on the ${String(made)} backend; this run uses ${backend}, whose numbers may differ`,
    );
  if (d.command === 'train') {
    const c = d.config;
    if (
      !isObject(c) ||
      typeof c.task !== 'string' ||
      !isObject(c.agent) ||
      !isObject(c.learn) ||
      typeof c.learn.seed !== 'number' ||
      !Array.isArray(d.episodes) ||
      typeof d.wallMs !== 'number'
    )
      throw new UsageError(
        `--reuse: ${file} is a train output without its task, agent and learning configuration, episode records or wall time`,
      );
    const run = {
      task: c.task,
      label: '',
      seed: c.learn.seed,
      agent: c.agent,
      learn: c.learn,
      episodes: d.episodes,
      wallMs: d.wallMs,
    };
    return [{ ...(run as unknown as RunResult), takenFrom: file }];
  }
  if (d.command !== undefined)
    throw new UsageError(
      `--reuse: ${file} is ${/^[aeiou]/i.test(String(d.command)) ? 'an' : 'a'} ${String(d.command)} output; only train outputs and reproduce results hold training runs`,
    );
  if (!Array.isArray(d.runs))
    throw new UsageError(`--reuse: ${file} is not a reproduce result (no "runs" list) or train output`);
  return (d.runs as RunResult[]).map((r) => ({ ...r, takenFrom: file }));
}

/** Same task, seed and configuration (agent and learning): the run would train exactly the same. The label is only a name. */
const sameRun = (a: RunSpec, b: RunSpec): boolean =>
  a.task === b.task &&
  a.seed === b.seed &&
  JSON.stringify(a.agent) === JSON.stringify(b.agent) &&
  JSON.stringify(a.learn) === JSON.stringify(b.learn);

/** The earlier run that `spec` would repeat, if its records are whole (one per episode, all finite). */
export function findReusable<R extends RunResult>(spec: RunSpec, earlier: readonly R[]): R | null {
  const whole = (r: R) =>
    Array.isArray(r.episodes) &&
    r.episodes.length === spec.learn.episodes &&
    r.episodes.every((e) => Number.isFinite(e?.return));
  return earlier.find((e) => sameRun(e, spec) && whole(e)) ?? null;
}

export async function reproduce(args: ReproduceArgs): Promise<void> {
  const backend = await startNodeBackend(args.backend);
  const specs = planExperiment(args.experiment, args.tasks, args.seeds, {
    quick: args.quick,
    horizons: args.horizons ?? undefined,
    episodes: args.episodes ?? undefined,
  });
  const earlier = args.reuse.flatMap((f) => readReusable(f, backend));
  const t0 = performance.now();
  const runs: (RunResult & { takenFrom?: string })[] = [];
  for (const [i, spec] of specs.entries()) {
    const old = findReusable(spec, earlier);
    if (old) {
      runs.push({ ...spec, episodes: old.episodes, wallMs: old.wallMs, takenFrom: old.takenFrom });
      if (!args.quiet)
        process.stderr.write(
          `[${i + 1}/${specs.length}] ${spec.task} ${spec.label} seed ${spec.seed}: taken from ${old.takenFrom}\n`,
        );
      continue;
    }
    const task = getTask(spec.task);
    const q = networkFor(task, spec.agent, spec.learn);
    const r0 = performance.now();
    const tag = `[${i + 1}/${specs.length}] ${spec.task} ${spec.label} seed ${spec.seed}`;
    const total = spec.learn.episodes;
    // Every 10th episode and the last: long runs show they are alive without a line per episode.
    const progress = args.quiet
      ? undefined
      : (r: EpisodeRecord) => {
          if (r.episode % 10 === 0 || r.episode === total) process.stderr.write(`${tag}  ${progressLine(total, r)}\n`);
        };
    const episodes = await train(task, spec.agent, spec.learn, q, progress);
    q?.dispose();
    const run: RunResult = { ...spec, episodes, wallMs: performance.now() - r0 };
    runs.push(run);
    if (!args.quiet) {
      const last = episodes.slice(-10);
      const sr = last.filter((e) => e.success).length / last.length;
      const ret = last.reduce((a, e) => a + e.return, 0) / last.length;
      const test = episodes.at(-1)?.test;
      process.stderr.write(
        `${tag}: last-10 return ${ret.toFixed(2)} success ${sr.toFixed(2)}` +
          (test ? `  test(real) success ${test.successRate.toFixed(2)}` : '') +
          `  ${(run.wallMs / 1000).toFixed(1)} s\n`,
      );
    }
  }
  const report = buildReport(args.experiment, runs);
  const reused = runs.filter((r) => r.takenFrom !== undefined).length;
  const sources = [...new Set(runs.flatMap((r) => (r.takenFrom === undefined ? [] : [r.takenFrom])))];
  mkdirSync(args.outDir, { recursive: true });
  const base = path.join(args.outDir, args.experiment);
  const wallMs = performance.now() - t0;
  writeFileSync(
    `${base}.json`,
    JSON.stringify(
      {
        experiment: args.experiment,
        quick: args.quick,
        episodes: specs[0]?.learn.episodes ?? null,
        tasks: args.tasks,
        seeds: args.seeds,
        reused,
        reusedFrom: sources,
        summary: report.summary,
        environment: runEnvironment(backend),
        wallMs,
        runs,
      },
      null,
      1,
    ) + '\n',
  );
  for (const [task, svg] of report.svgs) writeFileSync(`${base}-${task}.svg`, svg + '\n');
  const header = [
    `# ${args.experiment}${args.quick ? ' (quick: a smoke-test budget, not a result)' : ''}`,
    '',
    `Seeds ${args.seeds.join(', ')}; backend ${backend}; wall time ${(wallMs / 60000).toFixed(1)} min; ${runEnvironment(backend).cpus} cores (${runEnvironment(backend).cpuModel}).`,
    ...(args.episodes !== null
      ? [`Budget: ${args.episodes} training episodes per run, set with --episodes (not the paper's).`]
      : []),
    ...(reused > 0
      ? [
          `${reused} of ${runs.length} runs were taken from earlier results (same task, seed and configuration; each run's \`takenFrom\` in ${args.experiment}.json names its file); the wall time counts only the runs trained now.`,
        ]
      : []),
    '',
  ];
  writeFileSync(`${base}.md`, header.join('\n') + '\n' + report.markdown + '\n');
  if (!args.quiet)
    process.stderr.write(`wrote ${base}.json, ${base}.md${report.svgs.size ? `, ${report.svgs.size} SVG` : ''}\n`);
}
