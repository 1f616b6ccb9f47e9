/**
 * `reproduce` flags → what to run. Light on purpose (no tfjs): a bad
 * invocation is answered before the heavy modules load.
 */
import os from 'node:os';
import path from 'node:path';
import type { BackendName } from '../../compute/backendNames';
import { CURRENT_NUMERICS, type Numerics } from '../../core/numerics';
import type { TaskId } from '../../core/tasks/registry';
import type { ThetaSelect } from '../../core/config';
import { PAPER_DR, type DrBox, type DrDraw, type DrSettings } from '../../core/dr';
import { FLAGS, noiseFilterOf } from '../flagTable';
import { UsageError, type ParsedFlags } from '../flags';
import { experimentTasks, type ExperimentId, type Shard } from './experiments';

export interface ReproduceArgs {
  experiment: ExperimentId;
  tasks: TaskId[];
  seeds: number[];
  quick: boolean;
  outDir: string;
  backend: BackendName;
  /** The numerics of every run (core/numerics.ts). */
  numerics: Numerics;
  quiet: boolean;
  /** Fig. 3's horizons instead of the task's default grid. */
  horizons: number[] | null;
  /** Training episodes per run instead of the paper's; null keeps the paper's budget. */
  episodes: number | null;
  /** Earlier results (reproduce JSON, shard files, `train` outputs, or folders of them) whose matching runs are taken instead of trained. */
  reuse: string[];
  /** Runs trained at once, each in its own process (1: one after another in this process). */
  jobs: number;
  /** Only this slice of the run list, written as a shard file; null: the whole experiment. */
  shard: Shard | null;
  /** Table 2's DR rows: how their simulations draw parameters (the paper's unless --dr-box/--dr-draw say otherwise). */
  dr: DrSettings;
  /** Which θ every learning run ends with. */
  select: ThetaSelect;
  /** Filtered MPPI noise for every run's planner; null: white noise. */
  noiseFilter: [number, number, number] | null;
  /** Check everything and list the runs, train nothing. */
  dryRun: boolean;
}

/** --jobs when not given: one process per core but one, at least 1. */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

function readShard(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && count <= 10_000 && index >= 0 && index < count))
    throw new UsageError(`--shard must be I/N with 0 ≤ I < N ≤ 10000 (e.g. 0/4 … 3/4), got "${raw}"`);
  return { index, count };
}

export function reproduceArgs(flags: ParsedFlags): ReproduceArgs {
  const experiment = flags.string('experiment') as ExperimentId;
  const task = flags.string('task') as TaskId | undefined;
  const quick = flags.on('quick');
  const horizons = flags.numbers('horizons');
  if (horizons !== undefined && experiment !== 'fig3')
    throw new UsageError('--horizons applies to --experiment fig3 only');
  const episodes = flags.number('episodes') ?? null;
  if (episodes !== null && quick) throw new UsageError('--episodes and --quick both set the budget: give one of them');
  const shardRaw = flags.string('shard');
  if ((flags.has('dr-box') || flags.has('dr-draw')) && experiment !== 'table2')
    throw new UsageError("--dr-box and --dr-draw set Table 2's DR rows: they apply to --experiment table2 only");
  const filter = flags.numbers('noise-filter');
  return {
    experiment,
    tasks: task === undefined ? experimentTasks(experiment) : [task],
    seeds: Array.from({ length: flags.number('seeds') ?? 3 }, (_, i) => i + 1),
    quick,
    outDir: flags.string('out-dir') ?? path.join('runs', `reproduce-${experiment}${quick ? '-quick' : ''}`),
    backend: (flags.string('backend') ?? 'wasm') as BackendName,
    numerics: (flags.string('numerics') ?? CURRENT_NUMERICS) as Numerics,
    quiet: flags.on('quiet'),
    horizons: horizons === undefined ? null : [...new Set(horizons)].sort((a, b) => a - b),
    episodes,
    reuse: flags.files('reuse'),
    jobs: flags.number('jobs') ?? defaultJobs(),
    shard: shardRaw === undefined ? null : readShard(shardRaw),
    dr: {
      drBox: (flags.string('dr-box') as DrBox | undefined) ?? PAPER_DR.drBox,
      drDraw: (flags.string('dr-draw') as DrDraw | undefined) ?? PAPER_DR.drDraw,
    },
    select: (flags.string('select') as ThetaSelect | undefined) ?? 'final',
    noiseFilter: filter === undefined ? null : noiseFilterOf(filter),
    dryRun: flags.on('dry-run'),
  };
}

/** Parses the words after `reproduce`. */
export function parseReproduceArgs(rest: readonly string[]): ReproduceArgs {
  return reproduceArgs(FLAGS.parse('reproduce', rest));
}
