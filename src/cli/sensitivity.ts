/**
 * `npm run mpq -- sensitivity --task T [--horizon H] [--episodes E] [--seed S] [--grid G] [--out-dir DIR]`
 *
 * Plain MPPI planning with the true parameters against each fixed wrong model
 * of Table 1's biased box (diagnostics/sensitivity.ts has the design), on the
 * same starts and noise; writes `sensitivity-<task>-H<h>.json` (every model's
 * episodes and figures, each parameter's effect; rewritten after every model,
 * `complete` once all ran) and `.md` into --out-dir.
 */
import path from 'node:path';
import type { TaskSpec } from '../core/task';
import { CURRENT_NUMERICS, type Numerics } from '../core/numerics';
import { getTask, type TaskId } from '../core/tasks/registry';
import {
  modelResult,
  parameterEffects,
  plainMppiEpisodes,
  sensitivityMarkdown,
  sweepConfig,
  sweepModels,
  SWEEP_KINDS,
  type ModelResult,
  type SweepModel,
} from './diagnostics/sensitivity';
import { runEnvironment } from './environment';
import { noiseFilterOf } from './flagTable';
import { UsageError, type ParsedFlags } from './flags';
import { checkOutputs, writeFileAtomic } from './outputs';

export interface SensitivityArgs {
  task: TaskSpec<TaskId>;
  horizon: number;
  episodes: number;
  seed: number;
  grid: number;
  outDir: string;
  noiseFilter: [number, number, number] | null;
  numerics: Numerics;
  /** The kinds of model to run (default all). */
  kinds: SweepModel['kind'][];
  quiet: boolean;
}

export function sensitivityArgs(flags: ParsedFlags): SensitivityArgs {
  const task = getTask(flags.string('task')!);
  const filter = flags.numbers('noise-filter');
  return {
    task,
    horizon: flags.number('horizon') ?? task.paper.longHorizon,
    episodes: flags.number('episodes') ?? 40,
    seed: flags.number('seed') ?? 1,
    grid: flags.number('grid') ?? 5,
    outDir: flags.string('out-dir') ?? path.join('runs', 'sensitivity'),
    noiseFilter: filter === undefined ? null : noiseFilterOf(filter),
    numerics: (flags.string('numerics') as Numerics | undefined) ?? CURRENT_NUMERICS,
    kinds: kindsOf(flags.string('kinds')),
    quiet: flags.on('quiet'),
  };
}

function kindsOf(raw: string | undefined): SweepModel['kind'][] {
  if (raw === undefined) return [...SWEEP_KINDS];
  const kinds = raw.split(',').map((k) => k.trim());
  const bad = kinds.find((k) => !(SWEEP_KINDS as readonly string[]).includes(k));
  if (bad !== undefined || kinds.length === 0)
    throw new UsageError(`--kinds must be a comma-separated list of ${SWEEP_KINDS.join(', ')}, got "${raw}"`);
  return kinds as SweepModel['kind'][];
}

/** The command line that reproduces a sweep (for the report). */
function commandOf(a: SensitivityArgs): string {
  return [
    'npm run mpq -- sensitivity',
    `--task ${a.task.id}`,
    `--horizon ${a.horizon}`,
    `--episodes ${a.episodes}`,
    `--seed ${a.seed}`,
    `--grid ${a.grid}`,
    ...(a.noiseFilter ? [`--noise-filter ${a.noiseFilter.join(',')}`] : []),
    `--numerics ${a.numerics}`,
    ...(a.kinds.length < SWEEP_KINDS.length ? [`--kinds ${a.kinds.join(',')}`] : []),
    `--out-dir ${a.outDir}`,
  ].join(' ');
}

export function sensitivity(a: SensitivityArgs): void {
  const base = path.join(a.outDir, `sensitivity-${a.task.id}-H${a.horizon}`);
  checkOutputs([
    { flag: '--out-dir', path: a.outDir, kind: 'dir' },
    { flag: '--out-dir', path: `${base}.json`, kind: 'file' },
    { flag: '--out-dir', path: `${base}.md`, kind: 'file' },
  ]);
  const t0 = performance.now();
  const models = sweepModels(a.task, a.grid, a.kinds);
  const command = commandOf(a);
  const results: ModelResult[] = [];
  /** The JSON so far: rewritten after every model, so an interrupted sweep keeps what it measured. */
  const record = (complete: boolean) => ({
    command,
    complete,
    task: a.task.id,
    sim: 'ours',
    horizon: a.horizon,
    episodes: a.episodes,
    seed: a.seed,
    grid: a.grid,
    kinds: a.kinds,
    noiseFilter: a.noiseFilter,
    numerics: a.numerics,
    trueParams: a.task.trueParams,
    biased: a.task.biased,
    results,
    effects: parameterEffects(a.task, results),
    environment: runEnvironment('cpu'),
    wallMs: performance.now() - t0,
  });
  let truth: string | undefined;
  for (const [i, m] of models.entries()) {
    const m0 = performance.now();
    const cfg = { ...sweepConfig(a.task, m, a.horizon, a.noiseFilter ?? undefined), numerics: a.numerics };
    const eps = plainMppiEpisodes(a.task, a.task, cfg, a.seed, a.episodes);
    const r = modelResult(m, eps, (performance.now() - m0) / 1000, truth);
    if (m.kind === 'true') truth = r.outcomes;
    results.push(r);
    writeFileAtomic(`${base}.json`, JSON.stringify(record(i + 1 === models.length), null, 1) + '\n');
    if (!a.quiet)
      process.stderr.write(
        `[${i + 1}/${models.length}] ${m.name}: ${r.successes}/${r.episodes} successes, mean return ${r.meanReturn.toFixed(2)}  ${r.wallSec.toFixed(1)} s\n`,
      );
  }
  writeFileAtomic(
    `${base}.md`,
    sensitivityMarkdown(
      a.task,
      { horizon: a.horizon, episodes: a.episodes, seed: a.seed, sim: 'our simulator', command },
      results,
      parameterEffects(a.task, results),
    ) + '\n',
  );
  if (!a.quiet) process.stderr.write(`wrote ${base}.json, ${base}.md\n`);
}
