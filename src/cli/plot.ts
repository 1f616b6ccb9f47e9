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
import path from 'node:path';
import type { EpisodeRecord } from '../core/train';
import { taskIds, type TaskId } from '../core/tasks/registry';
import { FLAGS } from './flagTable';
import { UsageError, type ParsedFlags } from './flags';
import { readJsonFile } from './jsonFile';
import { checkOutputs, writeFileAtomic } from './outputs';
import { differenceInterval, wilsonInterval } from '../plotmath/proportions';
import { mean } from '../plotmath/stats';
import {
  bandOverRuns,
  cumulativeBand,
  finalMetric,
  metricOf,
  metricValue,
  stat,
  totalSuccesses,
  type Metric,
} from './reproduce/bands';
import { levelChart, lineChart, type Level, type Series } from './reproduce/svg';

/** What a figure draws: a run's metric (success as a moving average, or return), or cumulative successes (Fig. 2). */
export type PlotMetric = Metric | 'cumulative';

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

export function plotArgs(flags: ParsedFlags): PlotArgs {
  const out = flags.string('out')!;
  if (!out.endsWith('.svg')) throw new UsageError(`--out ${out}: the file name must end in .svg`);
  const curves = flags.texts('curve').map((v) => group('curve', v));
  const levels = flags.texts('level').map((v) => group('level', v));
  if (curves.length + levels.length === 0) throw new UsageError('give at least one --curve or --level');
  const labels = [...curves, ...levels].map((g) => g.label);
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice !== undefined)
    throw new UsageError(`the label "${twice}" is given twice; each curve and level needs its own`);
  return {
    out,
    title: flags.string('title') ?? null,
    metric: (flags.string('metric') as PlotMetric | undefined) ?? null,
    window: flags.number('window') ?? 10,
    curves,
    levels,
  };
}

/** Parses the words after `plot`. */
export function parsePlotArgs(rest: readonly string[]): PlotArgs {
  return plotArgs(FLAGS.parse('plot', rest));
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
  /**
   * Curves: the mean metric of each file's last 10 episodes (cumulative: its successes over all episodes);
   * levels: each file's mean metric over all its episodes (cumulative: its success rate).
   */
  perFile: number[];
  mean: number;
  min: number;
  max: number;
  /** Levels judged by success: the successes and episodes of all its files pooled, with a 95 % Wilson interval. */
  pooled?: { successes: number; episodes: number; interval: [number, number] };
}

/** A level's pooled success rate minus the first level's, with Newcombe's 95 % interval. */
export interface LevelDifference {
  label: string;
  versus: string;
  diff: number;
  lo: number;
  hi: number;
}

export interface Figure {
  svg: string;
  task: TaskId;
  metric: PlotMetric;
  summary: GroupSummary[];
  /** Every level after the first against the first (success levels only). */
  differences: LevelDifference[];
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
  const cumulative = metric === 'cumulative';
  const runMetric: Metric = cumulative ? 'success' : metric;
  for (const g of curves) {
    // Runs of unequal length: each episode is over the runs that reached it (plotmath/seeds.ts), said in the label.
    const lengths = g.runs.map((r) => r.episodes.length);
    const shortest = lengths.reduce((a, b) => Math.min(a, b));
    const longest = lengths.reduce((a, b) => Math.max(a, b));
    const spread = shortest === longest ? '' : `, ${shortest}–${longest} episodes: later ones over fewer seeds`;
    const label = g.runs.length > 1 ? `${g.label} (${g.runs.length} seeds${spread})` : g.label;
    const episodes = g.runs.map((r) => r.episodes);
    series.push(
      cumulative
        ? cumulativeBand(label, episodes)
        : bandOverRuns(label, episodes, runMetric, runMetric === 'success' ? opts.window : 1),
    );
    summary.push(
      summed(
        g.label,
        'curve',
        g.files,
        g.runs,
        g.runs.map((r) => (cumulative ? totalSuccesses(r.episodes) : finalMetric(r.episodes, runMetric))),
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
      g.runs.map((r) => mean(r.episodes.map((e) => metricValue(runMetric, e)))),
    );
    if (runMetric === 'success') {
      const successes = g.runs.reduce((a, r) => a + totalSuccesses(r.episodes), 0);
      const episodes = g.runs.reduce((a, r) => a + r.episodes.length, 0);
      s.pooled = { successes, episodes, interval: wilsonInterval(successes, episodes) };
    }
    const eps = [...new Set(g.runs.map((r) => r.episodes.length))].join('/');
    // Cumulative: what the baseline would have summed at its test success rate (a line of that slope).
    const at = (x: number, v: number) => (cumulative ? v * x : v);
    const xs = cumulative ? [0, xEnd] : [1, xEnd];
    series.push({
      label: `${g.label} (test, ${eps} episodes × ${g.runs.length}${cumulative ? ', as a rate × episodes' : ''})`,
      x: xs,
      mean: xs.map((x) => at(x, s.mean)),
      lo: xs.map((x) => at(x, s.min)),
      hi: xs.map((x) => at(x, s.max)),
      dashed: true,
    });
    summary.push(s);
  }
  const yLabel =
    metric === 'return'
      ? 'episode return'
      : cumulative
        ? 'cumulative successes'
        : curves.length > 0
          ? `success rate (moving average of ${opts.window} episodes)`
          : 'success rate';
  const title = opts.title ?? `${task}: ${[...curves, ...levels].map((g) => g.label).join(', ')}`;
  // Levels alone have no x axis (no training episodes): each is a row with its interval.
  const svg =
    curves.length > 0
      ? lineChart(series, { title, xLabel: 'training episode', yLabel })
      : levelChart(
          summary.map((g): Level => ({
            label: `${g.label} (${g.pooled ? `${g.pooled.successes}/${g.pooled.episodes}` : `${g.files.length} files`})`,
            value: g.pooled ? g.pooled.successes / g.pooled.episodes : g.mean,
            lo: g.pooled ? g.pooled.interval[0] : g.min,
            hi: g.pooled ? g.pooled.interval[1] : g.max,
            points: g.perFile,
          })),
          {
            title,
            valueLabel: metric === 'return' ? 'mean test return' : 'test success rate',
            intervalNote:
              runMetric === 'success'
                ? 'dot: pooled rate; bar: 95 % Wilson interval; ticks: each file (seed)'
                : 'dot: mean over files; bar: min–max; ticks: each file (seed)',
          },
        );
  const pooledLevels = summary.filter((g) => g.kind === 'level' && g.pooled);
  const differences = pooledLevels.slice(1).map((g): LevelDifference => {
    const a = g.pooled!;
    const b = pooledLevels[0].pooled!;
    return {
      label: g.label,
      versus: pooledLevels[0].label,
      ...differenceInterval(a.successes, a.episodes, b.successes, b.episodes),
    };
  });
  return { svg, task, metric, summary, differences };
}

function load(kind: 'curve' | 'level', g: PlotGroup): { label: string; files: string[]; runs: RunFile[] } {
  return { ...g, runs: g.files.map((f) => readRunFile(f, readJsonFile(`--${kind} ${g.label}`, f, 'run'))) };
}

export function plot(args: PlotArgs): void {
  const jsonOut = args.out.replace(/\.svg$/, '.json');
  const inputs = [...args.curves, ...args.levels].flatMap((g) => g.files);
  const clash = inputs.find((f) => path.resolve(f) === path.resolve(jsonOut));
  if (clash) throw new UsageError(`--out ${args.out}: its JSON ${jsonOut} would overwrite the input ${clash}`);
  checkOutputs([
    { flag: '--out', path: args.out, kind: 'file' },
    { flag: '--out (its JSON)', path: jsonOut, kind: 'file' },
  ]);
  const fig = buildFigure(
    args.curves.map((g) => load('curve', g)),
    args.levels.map((g) => load('level', g)),
    args,
  );
  writeFileAtomic(args.out, fig.svg + '\n');
  const summary = {
    task: fig.task,
    metric: fig.metric,
    window: args.window,
    groups: fig.summary,
    ...(fig.differences.length > 0 ? { differences: fig.differences } : {}),
  };
  writeFileAtomic(jsonOut, JSON.stringify(summary, null, 1) + '\n');
  process.stdout.write(JSON.stringify(summary, null, 1) + '\n');
  process.stderr.write(`wrote ${args.out}, ${jsonOut}\n`);
}
