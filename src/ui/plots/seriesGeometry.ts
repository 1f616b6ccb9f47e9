/**
 * Which points of a series can be drawn on an axis, the data's extent, and
 * lines broken where a point cannot be drawn (NaN, ±Inf, or ≤ 0 on a log axis).
 */
import type { AxisScale } from '../../plotmath/scales';
import type { PlotSeries, XY } from './plotTypes';

/** Keeps far-off pixel coordinates within what a canvas path handles well. */
export function clampPx(v: number): number {
  return v < -1e5 ? -1e5 : v > 1e5 ? 1e5 : v;
}

/** True when a value can be drawn on an axis of this scale. */
export function drawable(v: number, scale: AxisScale = 'linear'): boolean {
  return Number.isFinite(v) && (scale === 'linear' || v > 0);
}

/** [min, max] of the drawable x (axis 0) or y (axis 1) values of every series (bands included for y); null when there is none. */
export function seriesExtent(
  series: readonly PlotSeries[],
  axis: 0 | 1,
  scale: AxisScale = 'linear',
): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (v: number) => {
    if (!drawable(v, scale)) return;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  for (const s of series) {
    for (const p of s.points) if (drawable(p[0]) && drawable(p[1], axis === 1 ? scale : 'linear')) see(p[axis]);
    for (const b of s.band ?? []) {
      if (!drawable(b[0])) continue;
      if (axis === 0) see(b[0]);
      else {
        see(b[1]);
        see(b[2]);
      }
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Splits points into runs of drawable ones (a NaN, Inf or, on a log axis, a value ≤ 0 breaks the line). */
export function drawableRuns(points: readonly XY[], yScale: AxisScale = 'linear'): XY[][] {
  const runs: XY[][] = [];
  let run: XY[] = [];
  for (const p of points) {
    if (drawable(p[0]) && drawable(p[1], yScale)) run.push(p);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * A polyline in pixels thinned to what the canvas can show: consecutive
 * points whose x falls in the same pixel column become that column's first,
 * lowest, highest and last point, in their order (the min–max per column, so
 * the stroke covers the same pixels), at most four per column whatever the
 * count. A plot of 200,000 episodes then strokes a few thousand segments.
 * Points are [x, y] pixels; only consecutive ones are merged, so any order is
 * drawn as it was.
 */
export function thinToColumns(points: readonly XY[]): XY[] {
  if (points.length <= 4) return [...points];
  const out: XY[] = [];
  let i = 0;
  while (i < points.length) {
    const column = Math.floor(points[i][0]);
    let lo = i;
    let hi = i;
    let j = i + 1;
    for (; j < points.length && Math.floor(points[j][0]) === column; j++) {
      if (points[j][1] < points[lo][1]) lo = j;
      if (points[j][1] > points[hi][1]) hi = j;
    }
    const last = j - 1;
    for (const k of [i, Math.min(lo, hi), Math.max(lo, hi), last]) if (out.at(-1) !== points[k]) out.push(points[k]);
    i = j;
  }
  return out;
}
