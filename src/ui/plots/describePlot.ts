/** A plot in words, for screen readers: each series' count, last value and best value or range. */
import { formatNumber } from '../../plotmath/format';
import { extent } from '../../plotmath/stats';
import type { PlotSeries } from './plotTypes';

export interface SummaryOptions {
  /** What the points are called, plural ("episodes"; a final s is dropped for one). */
  readonly noun?: string;
  /** Which way is better, for the "best" figure; without it the range is given. */
  readonly better?: 'higher' | 'lower';
}

/** The plot in words for screen readers: "Episode return — train: 12 episodes, last −412, best −170". */
export function describePlot(title: string, series: readonly PlotSeries[], opts: SummaryOptions = {}): string {
  const noun = opts.noun ?? 'points';
  const parts: string[] = [];
  for (const s of series) {
    if (s.inSummary === false) continue;
    const ys = s.points.map((p) => p[1]).filter((y) => Number.isFinite(y));
    if (ys.length === 0) {
      parts.push(`${s.name}: no ${noun} yet`);
      continue;
    }
    const last = formatNumber(ys[ys.length - 1]);
    const [lo, hi] = extent(ys) ?? [NaN, NaN];
    const tail =
      opts.better === 'higher'
        ? `best ${formatNumber(hi)}`
        : opts.better === 'lower'
          ? `best ${formatNumber(lo)}`
          : `range ${formatNumber(lo)} to ${formatNumber(hi)}`;
    const n = s.points.length;
    parts.push(`${s.name}: ${n} ${n === 1 ? noun.replace(/s$/, '') : noun}, last ${last}, ${tail}`);
  }
  return parts.length > 0 ? `${title} — ${parts.join('; ')}` : `${title}: no data yet`;
}
