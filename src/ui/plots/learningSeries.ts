/**
 * The learning plots' data, built from the finished episodes: returns, rolling
 * success rate, TD loss and mean free energy, each split into training and
 * play episodes; plus the training progress line. Pure, so it is tested in Node.
 *
 * x is the episode's place in the list (1, 2, …), so training and play
 * episodes share one time line even when a new run restarts the episode counter.
 */
import type { EpisodeEvent, EpisodePhase, TrainingProgress } from '../../compute/engine/protocol';
import { rollingMean, rollingRate, rollingStd } from '../../plotmath/rolling';
import type { PlotSeries, XY } from './plotTypes';
import { PALETTE } from './theme';

/** Episodes in each rolling mean and rate. */
export const ROLLING_WINDOW = 10;

const PHASES: readonly EpisodePhase[] = ['train', 'play'];

/** Each phase's colour, the same in every plot. */
export const PHASE_COLOR: Record<EpisodePhase, string> = { train: PALETTE.skyBlue, play: PALETTE.orange };
/** The raw per-episode values, drawn fainter than their rolling mean. */
const PHASE_COLOR_FAINT: Record<EpisodePhase, string> = {
  train: 'rgba(86, 180, 233, 0.6)',
  play: 'rgba(230, 159, 0, 0.6)',
};

export interface LearningSeries {
  readonly returns: PlotSeries[];
  /** Rolling success rate in percent. */
  readonly success: PlotSeries[];
  readonly loss: PlotSeries[];
  readonly freeEnergy: PlotSeries[];
}

interface Indexed {
  readonly x: number;
  readonly ev: EpisodeEvent;
}

function byPhase(episodes: readonly EpisodeEvent[]): Record<EpisodePhase, Indexed[]> {
  const out: Record<EpisodePhase, Indexed[]> = { train: [], play: [] };
  episodes.forEach((ev, i) => out[ev.phase]?.push({ x: i + 1, ev }));
  return out;
}

/** Per-episode points of one figure plus, with at least two episodes, its rolling mean with a ±1 std band. */
function withRollingMean(
  phase: EpisodePhase,
  eps: readonly Indexed[],
  value: (ev: EpisodeEvent) => number,
  window: number,
  band: boolean,
): PlotSeries[] {
  if (eps.length === 0) return [];
  const ys = eps.map((e) => value(e.ev));
  const raw: PlotSeries = {
    name: phase,
    color: PHASE_COLOR_FAINT[phase],
    points: eps.map((e, i): XY => [e.x, ys[i]]),
    width: 1.5,
  };
  if (eps.length < 2) return [raw];
  const mean = rollingMean(ys, window);
  const std = band ? rollingStd(ys, window) : [];
  return [
    raw,
    {
      name: `${phase} · mean of ${window}`,
      color: PHASE_COLOR[phase],
      points: eps.map((e, i): XY => [e.x, mean[i]]),
      width: 3.5,
      markers: false,
      inSummary: false,
      band: band ? eps.map((e, i) => [e.x, mean[i] - std[i], mean[i] + std[i]] as const) : undefined,
    },
  ];
}

/** Every learning plot's series from the episodes so far (in the order they finished). */
export function learningSeries(episodes: readonly EpisodeEvent[], window = ROLLING_WINDOW): LearningSeries {
  const phases = byPhase(episodes);
  const present = PHASES.filter((p) => phases[p].length > 0);
  return {
    returns: present.flatMap((p) => withRollingMean(p, phases[p], (ev) => ev.record.return, window, true)),
    success: present.map((p) => {
      const rate = rollingRate(
        phases[p].map((e) => e.ev.record.success),
        window,
      );
      return {
        name: `${p} · last ${window}`,
        color: PHASE_COLOR[p],
        points: phases[p].map((e, i): XY => [e.x, 100 * rate[i]]),
        width: 3,
      };
    }),
    loss: present
      .map((p): PlotSeries => ({
        name: p,
        color: PHASE_COLOR[p],
        points: phases[p]
          .filter((e) => e.ev.record.tdLoss !== null)
          .map((e): XY => [e.x, e.ev.record.tdLoss as number]),
        width: 2.5,
      }))
      .filter((s) => s.points.length > 0),
    freeEnergy: present.flatMap((p) => withRollingMean(p, phases[p], (ev) => ev.record.meanFreeEnergy, window, false)),
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
    return `episode ${k} of ${p.total} · ETA ${formatClock(p.etaSec)}`;
  }
  return p.done >= p.total
    ? `trained ${p.total} of ${p.total} episodes`
    : `stopped after ${p.done} of ${p.total} episodes`;
}
