/**
 * `npm run mpq -- plot --out FIG.svg --curve "LABEL=a.json,b.json" [--level "LABEL=x.json,y.json"] …`
 *
 * Draws runs that were made one at a time (`train` and `eval` outputs) as one
 * figure: each `--curve` is a training curve over its files (one file per
 * seed; mean and min–max band per episode, success as a moving average over
 * `--window` episodes), each `--level` a flat reference line at the mean of
 * its evaluation files (band: their lowest and highest) — plain MPPI does not
 * learn, so its test success is a level, not a curve. Writes the SVG and,
 * beside it, a JSON of every number drawn with the files it came from.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EpisodeRecord } from '../core/train';
import { taskIds, type TaskId } from '../core/tasks/registry';
import { num, oneOf, readFlagPairs, UsageError } from './args';
import { readJsonFile } from './jsonFile';
import { mean } from '../plotmath/stats';
import { bandOverRuns, finalMetric, metricOf, metricValue, stat, type Metric } from './reproduce/bands';
import { lineChart, type Series } from './reproduce/svg';

export type PlotMetric = Metric;

export interface PlotGroup {
  label: string;
  files: string[];
}

export interface PlotArgs {
  out: string;
  title: string | null;
  metric: PlotMetric | null;
  window: number;
  curves: PlotGroup[];
  levels: PlotGroup[];
}

/** One `train` or `eval` output as the CLI writes it (the parts used here). */
export interface RunFile {
  command: 'train' | 'eval';
  task: TaskId;
  seed: number | null;
  episodes: EpisodeRecord[];
}

const SPECS = {
  out: { help: 'the SVG to write (a JSON of the numbers goes beside it)', commands: ['plot'] },
  title: { help: 'the figure title (default: the task and what is drawn)', commands: ['plot'] },
  metric: { help: 'success|return (default: return for the pendulum, success elsewhere)', commands: ['plot'] },
  window: { help: 'moving-average window of success curves, in episodes (default 10)', commands: ['plot'] },
  curve: { help: '"LABEL=train1.json,train2.json,…": a training curve over seeds (repeatable)', commands: ['plot'] },
  level: {
    help: '"LABEL=eval1.json,eval2.json,…": a flat reference from evaluations (repeatable)',
    commands: ['plot'],
  },
};

function group(flag: string, text: string): PlotGroup {
  const eq = text.indexOf('=');
  const label = eq > 0 ? text.slice(0, eq).trim() : '';
  const files =
    eq > 0
      ? text
          .slice(eq + 1)
          .split(',')
          .map((f) => f.trim())
          .filter((f) => f !== '')
      : [];
  if (label === '' || files.length === 0)
    throw new UsageError(`--${flag} "${text}": expected LABEL=file1.json,file2.json,…`);
  return { label, files };
}

export function parsePlotArgs(rest: readonly string[]): PlotArgs {
  const pairs = readFlagPairs(rest, 'plot', SPECS, new Set());
  const get = (n: string) =>
    pairs
      .filter(([k]) => k === n)
      .map(([, v]) => v)
      .pop();
  const out = get('out');
  if (out === undefined) throw new UsageError('--out is required: the SVG file to write');
  if (!out.endsWith('.svg')) throw new UsageError(`--out ${out}: the file name must end in .svg`);
  const curves = pairs.filter(([k]) => k === 'curve').map(([, v]) => group('curve', v));
  const levels = pairs.filter(([k]) => k === 'level').map(([, v]) => group('level', v));
  if (curves.length + levels.length === 0) throw new UsageError('give at least one --curve or --level');
  const labels = [...curves, ...levels].map((g) => g.label);
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice !== undefined)
    throw new UsageError(`the label "${twice}" is given twice; each curve and level needs its own`);
  const metricRaw = get('metric');
  const windowRaw = get('window');
  return {
    out,
    title: get('title') ?? null,
    metric: metricRaw === undefined ? null : oneOf('metric', metricRaw, ['success', 'return'] as const),
    window: windowRaw === undefined ? 10 : num('window', windowRaw, { integer: true, min: 1, max: 1000 }),
    curves,
    levels,
  };
}

/** Checks a parsed JSON file is a `train` or `eval` output of the CLI with whole, finite episode records. */
export function readRunFile(file: string, data: unknown): RunFile {
  const d = data as { command?: unknown; config?: { task?: unknown; learn?: { seed?: unknown } }; episodes?: unknown };
  if (typeof d !== 'object' || d === null) throw new UsageError(`${file}: not a run file (a JSON object is expected)`);
  if (d.command !== 'train' && d.command !== 'eval')
    throw new UsageError(`${file}: not a train or eval output of this CLI (command ${JSON.stringify(d.command)})`);
  const task = d.config?.task;
  if (typeof task !== 'string' || !taskIds().includes(task as TaskId))
    throw new UsageError(`${file}: unknown task ${JSON.stringify(task)}`);
  if (!Array.isArray(d.episodes) || d.episodes.length === 0) throw new UsageError(`${file}: no episode records`);
  d.episodes.forEach((e: unknown, i: number) => {
    const r = e as Partial<EpisodeRecord>;
    if (
      typeof r !== 'object' ||
      r === null ||
      typeof r.return !== 'number' ||
      !Number.isFinite(r.return) ||
      typeof r.success !== 'boolean'
    )
      throw new UsageError(`${file}: episode record ${i + 1} has no finite return and success flag`);
  });
  const seed = d.config?.learn?.seed;
  return {
    command: d.command,
    task: task as TaskId,
    seed: typeof seed === 'number' ? seed : null,
    episodes: d.episodes as EpisodeRecord[],
  };
}

/** What the figure's JSON holds for one curve or level. */
export interface GroupSummary {
  label: string;
  kind: 'curve' | 'level';
  files: string[];
  seeds: (number | null)[];
  /** Curves: the mean metric of each file's last 10 episodes; levels: each file's mean metric over all its episodes. */
  perFile: number[];
  mean: number;
  min: number;
  max: number;
}

export interface Figure {
  svg: string;
  task: TaskId;
  metric: PlotMetric;
  summary: GroupSummary[];
}

/**
 * The figure for loaded files: `curves` and `levels` hold, per group, its
 * label and its files (already checked by readRunFile). All files must be of
 * one task; curves must be `train` outputs and levels `eval` outputs.
 */
export function buildFigure(
  curves: readonly { label: string; files: readonly string[]; runs: readonly RunFile[] }[],
  levels: readonly { label: string; files: readonly string[]; runs: readonly RunFile[] }[],
  opts: { metric: PlotMetric | null; window: number; title: string | null },
): Figure {
  const all = [...curves, ...levels].flatMap((g) => g.runs.map((r, i) => ({ r, file: g.files[i] })));
  const task = all[0].r.task;
  const other = all.find(({ r }) => r.task !== task);
  if (other)
    throw new UsageError(`${other.file} is a ${other.r.task} run; the others are ${task} runs: one figure is one task`);
  for (const g of curves)
    g.runs.forEach((r, i) => {
      if (r.command !== 'train')
        throw new UsageError(
          `--curve ${g.label}: ${g.files[i]} is an ${r.command} output; curves are drawn from train outputs`,
        );
    });
  for (const g of levels)
    g.runs.forEach((r, i) => {
      if (r.command !== 'eval')
        throw new UsageError(
          `--level ${g.label}: ${g.files[i]} is a ${r.command} output; levels are drawn from eval outputs`,
        );
    });
  const metric = opts.metric ?? metricOf(task);
  const series: Series[] = [];
  const summary: GroupSummary[] = [];
  const summed = (
    label: string,
    kind: GroupSummary['kind'],
    files: readonly string[],
    runs: readonly RunFile[],
    perFile: number[],
  ): GroupSummary => {
    const { mean, min, max } = stat(perFile);
    return { label, kind, files: [...files], seeds: runs.map((r) => r.seed), perFile, mean, min, max };
  };
  for (const g of curves) {
    // Runs of unequal length: each episode is over the runs that reached it (plotmath/seeds.ts), said in the label.
    const lengths = g.runs.map((r) => r.episodes.length);
    const shortest = lengths.reduce((a, b) => Math.min(a, b));
    const longest = lengths.reduce((a, b) => Math.max(a, b));
    const spread = shortest === longest ? '' : `, ${shortest}–${longest} episodes: later ones over fewer seeds`;
    const label = g.runs.length > 1 ? `${g.label} (${g.runs.length} seeds${spread})` : g.label;
    series.push(
      bandOverRuns(
        label,
        g.runs.map((r) => r.episodes),
        metric,
        metric === 'success' ? opts.window : 1,
      ),
    );
    summary.push(
      summed(
        g.label,
        'curve',
        g.files,
        g.runs,
        g.runs.map((r) => finalMetric(r.episodes, metric)),
      ),
    );
  }
  const xEnd = Math.max(1, ...series.map((s) => s.x[s.x.length - 1]));
  for (const g of levels) {
    const s = summed(
      g.label,
      'level',
      g.files,
      g.runs,
      g.runs.map((r) => mean(r.episodes.map((e) => metricValue(metric, e)))),
    );
    const eps = [...new Set(g.runs.map((r) => r.episodes.length))].join('/');
    series.push({
      label: `${g.label} (test, ${eps} episodes × ${g.runs.length})`,
      x: [1, xEnd],
      mean: [s.mean, s.mean],
      lo: [s.min, s.min],
      hi: [s.max, s.max],
      dashed: true,
    });
    summary.push(s);
  }
  const yLabel =
    metric === 'return'
      ? 'episode return'
      : curves.length > 0
        ? `success rate (moving average of ${opts.window} episodes)`
        : 'success rate';
  const svg = lineChart(series, {
    title: opts.title ?? `${task}: ${[...curves, ...levels].map((g) => g.label).join(', ')}`,
    xLabel: curves.length > 0 ? 'training episode' : '',
    yLabel,
  });
  return { svg, task, metric, summary };
}

function load(kind: 'curve' | 'level', g: PlotGroup): { label: string; files: string[]; runs: RunFile[] } {
  return { ...g, runs: g.files.map((f) => readRunFile(f, readJsonFile(`--${kind} ${g.label}`, f))) };
}

export function plot(args: PlotArgs): void {
  const fig = buildFigure(
    args.curves.map((g) => load('curve', g)),
    args.levels.map((g) => load('level', g)),
    args,
  );
  mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  writeFileSync(args.out, fig.svg + '\n');
  const jsonOut = args.out.replace(/\.svg$/, '.json');
  const summary = { task: fig.task, metric: fig.metric, window: args.window, groups: fig.summary };
  writeFileSync(jsonOut, JSON.stringify(summary, null, 1) + '\n');
  process.stdout.write(JSON.stringify(summary, null, 1) + '\n');
  process.stderr.write(`wrote ${args.out}, ${jsonOut}\n`);
}
