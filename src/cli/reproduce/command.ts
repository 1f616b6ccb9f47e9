/**
 * `npm run mpq -- reproduce --experiment fig2|table2|fig3 [--task T] [--seeds S] [--quick] [--out-dir DIR]
 *                           [--horizons H1,H2,…] [--episodes E] [--reuse A.json,B.json,DIR,…] [--jobs J] [--shard I/N]`
 *
 * Runs the experiment's agents on seeds 1..S and writes, into the out folder,
 * `<experiment>.json` (every run's config and episode records, the tables'
 * numbers, the environment), `<experiment>-<task>.svg` (Fig. 2 and Fig. 3) and
 * `<experiment>.md` (tables beside the paper's numbers, orderings checked).
 *
 * `--reuse` takes earlier runs — from reproduce results of any experiment, shard
 * files or `train` outputs — whose task, seed and whole configuration are the
 * same instead of training them again (runs are deterministic given their
 * seed), so a grid can be extended, an interrupted experiment finished, runs
 * trained one at a time assembled, or shards merged, without recomputing what
 * is done.
 *
 * `--jobs J` trains J runs at once in child processes (pool.ts); `--shard I/N`
 * trains only the I-th of N slices of the run list and writes it as
 * `<experiment>.shard-I-of-N.json`, so an experiment can be spread over machines
 * by any scheduler; the shards merged with `--reuse` give the tables of one run.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import type { AgentConfig } from '../../core/config';
import { numericsOf } from '../../core/numerics';
import path from 'node:path';
import type { BackendName } from '../../compute/backendNames';
import { trainingEpisodesOf, validationEpisodesOf } from '../../core/config';
import { describeData } from '../../core/dr';
import { runIdentity } from '../../core/runConfig';
import type { EpisodeRecord } from '../../core/train';
import { getTask } from '../../core/tasks/registry';
import { runEnvironment } from '../environment';
import { UsageError } from '../flags';
import { readJsonFile } from '../jsonFile';
import { checkRunMemory } from '../memoryCheck';
import { checkOutputs, writeFileAtomic, type Output } from '../outputs';
import type { ReproduceArgs } from './args';
import { drVariantLabel, planExperiment, runTag, shardRuns, type PlanOptions, type RunSpec } from './experiments';
import { buildReport, svgNames, type RunResult } from './report';
import type { TrainedRun } from './trainRun';

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
  const d = readJsonFile('--reuse', file, 'results');
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
  // A run that file had itself taken from elsewhere keeps that origin.
  return (d.runs as (RunResult & { takenFrom?: unknown })[]).map((r) => ({
    ...r,
    takenFrom: typeof r.takenFrom === 'string' ? `${file} (there taken from ${r.takenFrom})` : file,
  }));
}

/** An agent config with its numerics said (a file without the field was made with v1) and placed last. */
function withNumerics(agent: AgentConfig): AgentConfig {
  const { numerics: _n, ...rest } = agent;
  return { ...rest, numerics: numericsOf(agent) };
}

/**
 * Same task, seed and configuration (agent with its numerics, and learning, read as
 * core/runConfig.ts reads files written before a field existed): the run would train
 * exactly the same. The label is only a name.
 */
const sameRun = (a: RunSpec, b: RunSpec): boolean =>
  a.task === b.task &&
  a.seed === b.seed &&
  runIdentity(a.task, withNumerics(a.agent), a.learn) === runIdentity(b.task, withNumerics(b.agent), b.learn);

/**
 * A longer run's first E episodes are the E-episode run: nothing in training
 * depends on the budget, unless tests run on the real system (their episodes
 * differ) or θ is selected on validation (its budget decides the split).
 */
const prefixServes = (spec: RunSpec): boolean => spec.learn.testEvery === 0 && spec.learn.select !== 'best';

/**
 * A run tested only after its last training episode, as the run without tests: the
 * test draws its own starts and noise from the seed's test keys and leaves θ as it
 * is, so no training record depends on it (Table 2's MPQ REAL is Fig. 2's MPQ). Null
 * for any other run.
 */
function untested(r: RunSpec): RunSpec | null {
  if (r.learn.testEvery === 0 || r.learn.testEvery !== trainingEpisodesOf(r.learn)) return null;
  return { ...r, learn: { ...r.learn, testEvery: 0 } };
}

/** Records without the test that ran after the last one. */
const withoutTests = (episodes: readonly EpisodeRecord[]): EpisodeRecord[] =>
  episodes.map(({ test: _t, ...rec }) => rec);

/**
 * The earlier run that `spec` would repeat, if its records are whole (one per training
 * episode, all finite) — or, for a spec without tests, the same run tested after its
 * last episode, the test left out (`testLeftOut`) — or, where a prefix serves
 * (prefixServes), an earlier run of the same configuration with more episodes, cut to
 * the first E (`cutFrom` then says how many it had).
 */
export function findReusable<R extends RunResult>(
  spec: RunSpec,
  earlier: readonly R[],
): (R & { cutFrom?: number; testLeftOut?: true }) | null {
  const E = trainingEpisodesOf(spec.learn);
  const finite = (r: R) => Array.isArray(r.episodes) && r.episodes.every((e) => Number.isFinite(e?.return));
  const exact = earlier.find((e) => sameRun(e, spec) && finite(e) && e.episodes.length === E);
  if (exact) return exact;
  if (spec.learn.testEvery === 0) {
    const tested = earlier.find((e) => {
      const u = untested(e);
      return u !== null && sameRun(u, spec) && finite(e) && e.episodes.length === E;
    });
    if (tested) return { ...tested, episodes: withoutTests(tested.episodes), testLeftOut: true };
  }
  if (!prefixServes(spec)) return null;
  const budgetless = (r: RunSpec): RunSpec => ({ ...r, learn: { ...r.learn, episodes: 0 } });
  const longer = earlier.find((e) => sameRun(budgetless(e), budgetless(spec)) && finite(e) && e.episodes.length > E);
  return longer ? { ...longer, episodes: longer.episodes.slice(0, E), cutFrom: longer.episodes.length } : null;
}

/** The files `--reuse` names: each file as given, each folder as its `.json` files in name order. */
export function reuseFiles(entries: readonly string[]): string[] {
  return entries.flatMap((e) => {
    let isDir: boolean;
    try {
      isDir = statSync(e).isDirectory();
    } catch {
      return [e]; // readJsonFile says what is wrong with it
    }
    if (!isDir) return [e];
    const files = readdirSync(e)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => path.join(e, f));
    if (files.length === 0) throw new UsageError(`--reuse: the folder ${e} holds no .json file`);
    return files;
  });
}

/** Where a learning run's final weights go: `weights/<task>-<label>-s<seed>.json` in the out folder. */
export function weightsFile(outDir: string, run: Pick<RunSpec, 'task' | 'label' | 'seed'>): string {
  const slug = run.label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return path.join(outDir, 'weights', `${run.task}-${slug}-s${run.seed}.json`);
}

/** The file a shard writes: `<experiment>.shard-I-of-N.json`. */
export function shardFile(args: ReproduceArgs): string {
  const s = args.shard!;
  return path.join(args.outDir, `${args.experiment}.shard-${s.index}-of-${s.count}.json`);
}

/** The plan's options from the command's arguments. */
export function planOptions(args: ReproduceArgs): PlanOptions {
  return {
    quick: args.quick,
    horizons: args.horizons ?? undefined,
    episodes: args.episodes ?? undefined,
    dr: args.dr,
    select: args.select,
    noiseFilter: args.noiseFilter ?? undefined,
  };
}

/**
 * Where the runs trained so far are kept while an experiment runs (rewritten
 * after each run, removed at the end): `<experiment>[.shard-I-of-N].partial.json`,
 * a results file `--reuse` takes, so a failed or interrupted experiment goes on
 * from there.
 */
export function partialFile(args: ReproduceArgs): string {
  return (args.shard ? shardFile(args) : path.join(args.outDir, `${args.experiment}.json`)).replace(
    /\.json$/,
    '.partial.json',
  );
}

/** Everything a reproduce will write, for the checks before it starts. */
function plannedOutputs(args: ReproduceArgs): Output[] {
  const base = path.join(args.outDir, args.experiment);
  const files = args.shard
    ? [shardFile(args), partialFile(args)]
    : [
        `${base}.json`,
        `${base}.md`,
        partialFile(args),
        ...args.tasks.flatMap((t) => svgNames(args.experiment, t).map((n) => `${base}-${n}.svg`)),
      ];
  return [
    { flag: '--out-dir', path: args.outDir, kind: 'dir' },
    ...files.map((f) => ({ flag: '--out-dir', path: f, kind: 'file' as const })),
  ];
}

export async function reproduce(args: ReproduceArgs): Promise<void> {
  // Everything that can be wrong with the invocation is found before any training.
  const plan = planExperiment(args.experiment, args.tasks, args.seeds, planOptions(args)).map((run) => ({
    ...run,
    agent: { ...run.agent, numerics: args.numerics },
  }));
  for (const spec of plan) checkRunMemory(getTask(spec.task), spec.agent, spec.learn, true);
  const mine = args.shard ? shardRuns(plan, args.shard) : plan.map((run, index) => ({ index, run }));
  const earlier = reuseFiles(args.reuse).flatMap((f) => readReusable(f, args.backend));
  checkOutputs(plannedOutputs(args));

  const say = (line: string) => {
    if (!args.quiet) process.stderr.write(line + '\n');
  };
  const t0 = performance.now();
  const results = new Map<number, RunResult & { takenFrom?: string }>();
  const todo: { index: number; spec: RunSpec; tag: string }[] = [];
  for (const { index, run: spec } of mine) {
    const tag = runTag(index, plan.length, spec);
    const old = findReusable(spec, earlier);
    if (old) {
      results.set(index, {
        ...spec,
        episodes: old.episodes,
        wallMs: old.wallMs,
        takenFrom:
          old.cutFrom !== undefined
            ? `${old.takenFrom} (its first ${old.episodes.length} of ${old.cutFrom} episodes)`
            : old.testLeftOut
              ? `${old.takenFrom} (its training episodes; its test after the last one left out)`
              : old.takenFrom,
      });
      if (!args.dryRun) say(`${tag}: taken from ${old.takenFrom}`);
    } else todo.push({ index, spec, tag });
  }
  if (args.dryRun) {
    for (const { index, run: spec } of mine) {
      const old = results.get(index);
      process.stdout.write(
        `${runTag(index, plan.length, spec)}: ${old ? `taken from ${old.takenFrom}` : 'to train'}\n`,
      );
    }
    return;
  }
  let backend: BackendName = args.backend;
  // Nothing trained is lost: each finished run goes to the partial file at once.
  const partial = partialFile(args);
  const trained: RunResult[] = [];
  // Each learning run's final θ (the one its tests evaluated) is written as soon as the run is done.
  const finished = (index: number, { run, weights }: TrainedRun) => {
    results.set(index, run);
    if (weights) writeFileAtomic(weightsFile(args.outDir, run), JSON.stringify(weights) + '\n');
    trained.push(run);
    const kept = { experiment: args.experiment, partial: true, environment: runEnvironment(backend), runs: trained };
    writeFileAtomic(partial, JSON.stringify(kept, null, 1) + '\n');
  };
  try {
    // tfjs is loaded only now, once every check has passed.
    if (args.jobs > 1 && todo.length > 1) {
      const { trainInChildren } = await import('./pool');
      // Each child starts the backend and fails if it cannot; this process trains nothing.
      await trainInChildren(todo, { jobs: args.jobs, backend, quiet: args.quiet, say }, finished);
    } else {
      const { startNodeBackend } = await import('../nodeBackend');
      const { trainRun } = await import('./trainRun');
      backend = await startNodeBackend(args.backend);
      for (const { index, spec, tag } of todo) finished(index, await trainRun(spec, tag, args.quiet ? null : say));
    }
  } catch (err) {
    if (trained.length === 0) throw err;
    throw new Error(
      `${err instanceof Error ? err.message : String(err)}; the ${trained.length} runs finished are kept in ${partial}: give it to --reuse to go on`,
      { cause: err },
    );
  }
  const runs = mine.map(({ index }) => results.get(index)!);
  const wallMs = performance.now() - t0;
  const reused = runs.filter((r) => r.takenFrom !== undefined).length;
  const sources = [...new Set(runs.flatMap((r) => (r.takenFrom === undefined ? [] : [r.takenFrom])))];
  const env = runEnvironment(backend);
  const record = {
    experiment: args.experiment,
    quick: args.quick,
    episodes: plan[0]?.learn.episodes ?? null,
    tasks: args.tasks,
    seeds: args.seeds,
    ...(args.shard ? { shard: args.shard, planned: plan.length } : {}),
    reused,
    reusedFrom: sources,
    jobs: args.jobs,
    environment: env,
    wallMs,
  };
  if (args.shard) {
    const file = shardFile(args);
    writeFileAtomic(file, JSON.stringify({ ...record, runs }, null, 1) + '\n');
    rmSync(partial, { force: true });
    say(`wrote ${file} (${runs.length} of ${plan.length} runs: shard ${args.shard.index} of ${args.shard.count})`);
    return;
  }
  const report = buildReport(args.experiment, runs);
  const base = path.join(args.outDir, args.experiment);
  const extra = {
    ...(report.differences ? { differences: report.differences } : {}),
    ...(report.whole ? { whole: report.whole } : {}),
  };
  writeFileAtomic(
    `${base}.json`,
    JSON.stringify({ ...record, summary: report.summary, ...extra, runs }, null, 1) + '\n',
  );
  for (const [name, svg] of report.svgs) writeFileAtomic(`${base}-${name}.svg`, svg + '\n');
  const header = [
    `# ${args.experiment}${args.quick ? ' (quick: a smoke-test budget, not a result)' : ''}`,
    '',
    `Seeds ${args.seeds.join(', ')}; backend ${backend}; wall time ${(wallMs / 60000).toFixed(1)} min with ${args.jobs} job${args.jobs > 1 ? 's' : ''}; ${env.cpus} cores (${env.cpuModel}).`,
    ...(args.episodes !== null
      ? [
          `Budget: ${args.episodes} training episodes per run, set with --episodes (without it, each task's Fig. 2 budget: ${args.tasks.map((t) => `${t} ${getTask(t).paper.trainEpisodes}`).join(', ')}).`,
        ]
      : []),
    ...(args.select === 'best' && plan[0]
      ? [
          `θ: the best on validation (--select best, Alg. 1 line 9): each learning run's budget of ${plan[0].learn.episodes} real-system episodes holds ${trainingEpisodesOf(plan[0].learn)} training episodes and ${validationEpisodesOf(plan[0].learn)} validation episodes (${plan[0].learn.validateEpisodes} after every ${plan[0].learn.validateEvery} training episodes and after the last); the figures and curves count training episodes only.`,
        ]
      : []),
    ...(args.noiseFilter ? [`MPPI noise filtered with b = ${args.noiseFilter.join(', ')} (--noise-filter).`] : []),
    ...(runs.length > reused && plan.some((r) => r.agent.agent !== 'mppi')
      ? [
          'The final θ of every learning run trained now (the one its tests evaluated) is in `weights/<task>-<label>-s<seed>.json`.',
        ]
      : []),
    ...(args.experiment === 'table2'
      ? [
          `DR rows: ${describeData(args.tasks[0] ?? '', { data: 'dr', ...args.dr }).replace(/^DR: /, '')}${drVariantLabel(args.dr) === '' ? " — the paper's DR (§4.3: Table 1's distribution, redrawn every step)" : ''}. Test: ${plan[0]?.learn.testEpisodes ?? 0} episodes on the real system after training, per run.`,
        ]
      : []),
    ...(reused > 0
      ? [
          `${reused} of ${runs.length} runs were taken from earlier results (same task, seed and configuration; each run's \`takenFrom\` in ${args.experiment}.json names its file); the wall time counts only the runs trained now.`,
        ]
      : []),
    '',
  ];
  writeFileAtomic(`${base}.md`, header.join('\n') + '\n' + report.markdown + '\n');
  rmSync(partial, { force: true });
  say(`wrote ${base}.json, ${base}.md${report.svgs.size ? `, ${report.svgs.size} SVG` : ''}`);
}
