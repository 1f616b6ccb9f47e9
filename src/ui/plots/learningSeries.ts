/**
 * The learning plots' data, built from the finished episodes: returns, rolling
 * success rate, TD loss and mean free energy, one colour per labelled series
 * (seriesBook.ts), each series' episodes numbered 1, 2, … so two settings lie
 * over each other; plus the training progress line. Pure, so it is tested in
 * Node.
 */
import type { TrainingProgress } from '../../compute/engine/protocol';
import { rollingMean, rollingRate, rollingStd } from '../../plotmath/rolling';
import type { PlotSeries, XY } from './plotTypes';
import type { LabeledEpisode, SeriesInfo } from './seriesBook';
import { PALETTE } from './theme';

/** Episodes in each rolling mean and rate. */
export const ROLLING_WINDOW = 10;

/** Series colours in order (Okabe–Ito); the n-th series takes the n-th, round again after the last. */
export const SERIES_COLORS: readonly string[] = [
  PALETTE.orange,
  PALETTE.skyBlue,
  PALETTE.green,
  PALETTE.yellow,
  PALETTE.purple,
  PALETTE.vermillion,
];

/** A colour at 60 % opacity, for the raw per-episode values under their rolling mean. */
function faint(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, 0.6)`;
}

export interface LearningSeries {
  readonly returns: PlotSeries[];
  /** Rolling success rate in percent. */
  readonly success: PlotSeries[];
  readonly loss: PlotSeries[];
  readonly freeEnergy: PlotSeries[];
}

interface Group {
  readonly info: SeriesInfo;
  readonly color: string;
  readonly episodes: LabeledEpisode[];
}

/** The series that have episodes, in order, each with its colour and episodes. */
function groups(episodes: readonly LabeledEpisode[], series: readonly SeriesInfo[]): Group[] {
  const byId = new Map<number, LabeledEpisode[]>();
  for (const e of episodes) {
    const list = byId.get(e.series);
    if (list) list.push(e);
    else byId.set(e.series, [e]);
  }
  return series
    .map((info, i) => ({ info, color: SERIES_COLORS[i % SERIES_COLORS.length], episodes: byId.get(info.id) ?? [] }))
    .filter((g) => g.episodes.length > 0);
}

/** A series' per-episode points plus, from two episodes on, its rolling mean (the one in the legend) with a ±1 std band. */
function withRollingMean(g: Group, value: (ev: LabeledEpisode) => number, window: number, band: boolean): PlotSeries[] {
  const ys = g.episodes.map(value);
  const xs = ys.map((_, i) => i + 1);
  const single = ys.length < 2;
  const raw: PlotSeries = {
    name: g.info.label,
    color: single ? g.color : faint(g.color),
    points: xs.map((x, i): XY => [x, ys[i]]),
    width: 1.5,
    inLegend: single,
  };
  if (single) return [raw];
  const mean = rollingMean(ys, window);
  const std = band ? rollingStd(ys, window) : [];
  return [
    raw,
    {
      name: g.info.label,
      color: g.color,
      points: xs.map((x, i): XY => [x, mean[i]]),
      width: 3.5,
      markers: false,
      inSummary: false,
      band: band ? xs.map((x, i) => [x, mean[i] - std[i], mean[i] + std[i]] as const) : undefined,
    },
  ];
}

/** Every learning plot's series from the episodes so far and the series they belong to. */
export function learningSeries(
  episodes: readonly LabeledEpisode[],
  series: readonly SeriesInfo[],
  window = ROLLING_WINDOW,
): LearningSeries {
  const gs = groups(episodes, series);
  return {
    returns: gs.flatMap((g) => withRollingMean(g, (ev) => ev.record.return, window, true)),
    success: gs.map((g) => {
      const rate = rollingRate(
        g.episodes.map((e) => e.record.success),
        window,
      );
      return {
        name: g.info.label,
        color: g.color,
        points: rate.map((r, i): XY => [i + 1, 100 * r]),
        width: 3,
      };
    }),
    loss: gs
      .map((g): PlotSeries => ({
        name: g.info.label,
        color: g.color,
        points: g.episodes.map((e, i): XY => [i + 1, e.record.tdLoss ?? NaN]).filter((p) => Number.isFinite(p[1])),
        width: 2.5,
      }))
      .filter((s) => s.points.length > 0),
    freeEnergy: gs.flatMap((g) => withRollingMean(g, (ev) => ev.record.meanFreeEnergy, window, false)),
  };
}

/** Seconds as m:ss (h:mm:ss from an hour on); "--:--" when unknown. */
export function formatClock(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec) || sec < 0) return '--:--';
  const s = Math.round(sec);
  const two = (v: number) => String(v).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${two(m)}:${two(s % 60)}`;
}

/** The progress line: "episode k of n · ETA mm:ss" while training (k: the episode being run), else how the run ended. */
export function progressText(p: TrainingProgress): string {
  if (p.running) {
    const k = Math.min(p.done + 1, p.total);
    const updating = p.phase === 'updating' ? ` · updating Q (minibatch ${p.minibatch} of ${p.minibatches})` : '';
    return `episode ${k} of ${p.total}${updating} · ETA ${formatClock(p.etaSec)}`;
  }
  return p.done >= p.total
    ? `trained ${p.total} of ${p.total} episodes`
    : `stopped after ${p.done} of ${p.total} episodes`;
}
