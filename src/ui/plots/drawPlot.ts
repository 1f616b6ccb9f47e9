/**
 * Line plots on a 2D canvas: axes with nice ticks, labels, a legend, optional
 * shaded bands; sized in CSS pixels (the caller sets the devicePixelRatio
 * transform). Fonts are large enough to read from the back of a lecture hall.
 *
 * Robust by construction: empty series, a single point, NaN/±Inf values (skipped,
 * and lines break there), non-positive values on a log axis (skipped) and
 * ranges near the float limits all draw without throwing.
 *
 * The pure helpers (ticks, scales, rolling statistics, number formats, the
 * plot's summary in words) are exported for the tests and the other plots.
 */

export type XY = readonly [number, number];

export interface PlotSeries {
  readonly name: string;
  /** Any CSS colour. */
  readonly color: string;
  /** [x, y] in data units; non-finite values are skipped and break the line. */
  readonly points: readonly XY[];
  /** Line width (CSS px), 2 unless given. */
  readonly width?: number;
  /** Canvas dash pattern (CSS px). */
  readonly dash?: readonly number[];
  /** A dot at every point; 'auto' (default): only when there are few points. */
  readonly markers?: boolean | 'auto';
  /** Shaded band under the line, [x, low, high] in data units. */
  readonly band?: readonly (readonly [number, number, number])[];
  /** Counted in the plot's summary in words (default true). */
  readonly inSummary?: boolean;
  /** Has an entry in the legend (default true). */
  readonly inLegend?: boolean;
}

export type AxisScale = 'linear' | 'log';

export interface PlotSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly PlotSeries[];
  readonly yScale?: AxisScale;
  /** A fixed y range (e.g. [0, 100] for a rate); otherwise taken from the data. */
  readonly yDomain?: readonly [number, number];
  /** Only integer x ticks (episode numbers). */
  readonly xInteger?: boolean;
  /** Shown in the plot area while no series has a point to draw. */
  readonly emptyText?: string;
}

export interface PlotTheme {
  readonly background: string;
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly axis: string;
  readonly fontFamily: string;
  /** Tick labels, legend and axis labels (CSS px). */
  readonly fontPx: number;
  readonly titlePx: number;
}

export const DEFAULT_THEME: PlotTheme = {
  background: '#0e1320',
  text: '#e9eef7',
  muted: '#a9b6cc',
  grid: 'rgba(160, 180, 210, 0.18)',
  axis: 'rgba(200, 214, 235, 0.7)',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontPx: 15,
  titlePx: 18,
};

/**
 * Okabe–Ito colours (distinguishable with the common colour-vision
 * deficiencies), the dark blue left out: it vanishes on the dark background.
 */
export const PALETTE = {
  skyBlue: '#56B4E9',
  orange: '#E69F00',
  green: '#009E73',
  yellow: '#F0E442',
  vermillion: '#D55E00',
  purple: '#CC79A7',
} as const;

const MINUS = '\u2212';

// ---------------------------------------------------------------- ticks

/** A 1-2-2.5-5 step that cuts `span` into at most about `maxTicks` parts; NaN for a span that is not positive and finite. */
export function niceStep(span: number, maxTicks: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return NaN;
  const raw = span / Math.max(1, maxTicks);
  const mag = 10 ** Math.floor(Math.log10(raw));
  if (!(mag > 0) || !Number.isFinite(mag)) return raw;
  const f = raw / mag;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * mag;
}

/** Removes float noise (0.30000000000000004 → 0.3) and −0. */
function clean(v: number): number {
  const c = Number(v.toPrecision(12));
  return c === 0 ? 0 : c;
}

/** Nice tick values within [lo, hi] (inclusive), ascending; [] for non-finite input, [lo] when lo = hi. */
export function niceTicks(lo: number, hi: number, maxTicks = 6): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) return [clean(lo)];
  let step = niceStep(hi - lo, maxTicks);
  if (!Number.isFinite(step)) {
    // hi − lo overflows near the float limits: step on half the span, doubled.
    step = 2 * niceStep(hi / 2 - lo / 2, maxTicks);
    if (!Number.isFinite(step)) return [lo, hi];
  }
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = 0; i < 4 * maxTicks + 4; i++) {
    const v = clean((first + i) * step);
    if (v > hi + Math.abs(step) * 1e-9) break;
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  return out.length > 0 ? out : [lo, hi];
}

/** Powers of ten covering [lo, hi] (both > 0), thinned to at most `maxTicks`; [] otherwise. */
export function logTicks(lo: number, hi: number, maxTicks = 6): number[] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  const k0 = Math.ceil(Math.log10(lo) - 1e-9);
  const k1 = Math.floor(Math.log10(hi) + 1e-9);
  if (k1 < k0) return niceTicks(lo, hi, Math.min(maxTicks, 3)).filter((v) => v > 0);
  const every = Math.max(1, Math.ceil((k1 - k0 + 1) / maxTicks));
  const out: number[] = [];
  for (let k = k0; k <= k1; k++) if ((k - k0) % every === 0) out.push(clean(10 ** k));
  return out;
}

/**
 * The axis range for data in [lo, hi]: widened to nice tick boundaries
 * (linear) or whole decades (log); a single value gets room around it.
 * Returns null when there is nothing finite to show.
 */
export function axisDomain(lo: number, hi: number, scale: AxisScale = 'linear', maxTicks = 6): [number, number] | null {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (scale === 'log') {
    if (!(lo > 0)) return null;
    let k0 = Math.floor(Math.log10(lo) + 1e-9);
    let k1 = Math.ceil(Math.log10(hi) - 1e-9);
    if (k1 <= k0) {
      k0 -= 1;
      k1 += 1;
    }
    return [10 ** k0, 10 ** k1];
  }
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, maxTicks);
  if (!Number.isFinite(step)) return [lo, hi];
  const dlo = Math.floor(lo / step + 1e-9) * step;
  const dhi = Math.ceil(hi / step - 1e-9) * step;
  return Number.isFinite(dlo) && Number.isFinite(dhi) ? [clean(dlo), clean(dhi)] : [lo, hi];
}

// ---------------------------------------------------------------- scales

/** Maps [d0, d1] linearly onto [r0, r1]; safe near the float limits (works on halves); a zero-width domain maps to the middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 / 2 - d0 / 2;
  if (!(span !== 0) || !Number.isFinite(span)) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v / 2 - d0 / 2) / span) * (r1 - r0);
}

/** Maps [d0, d1] (both > 0) logarithmically onto [r0, r1]; v ≤ 0 maps to NaN. */
export function logScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const l = linearScale(Math.log10(d0), Math.log10(d1), r0, r1);
  return (v) => (v > 0 ? l(Math.log10(v)) : NaN);
}

/** A data → pixel map for one axis. */
export function makeScale(
  scale: AxisScale,
  domain: readonly [number, number],
  range: readonly [number, number],
): (v: number) => number {
  return scale === 'log'
    ? logScale(domain[0], domain[1], range[0], range[1])
    : linearScale(domain[0], domain[1], range[0], range[1]);
}

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

// ---------------------------------------------------------------- rolling statistics

/** Trailing mean over the last `window` values (the finite ones among them); NaN where none is finite. */
export function rollingMean(values: readonly number[], window: number): number[] {
  const w = Math.max(1, Math.floor(window));
  return values.map((_, i) => {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - w + 1); j <= i; j++) {
      if (Number.isFinite(values[j])) {
        sum += values[j];
        n++;
      }
    }
    return n > 0 ? sum / n : NaN;
  });
}

/** Trailing population standard deviation over the same windows as rollingMean. */
export function rollingStd(values: readonly number[], window: number): number[] {
  const w = Math.max(1, Math.floor(window));
  const means = rollingMean(values, w);
  return values.map((_, i) => {
    let ss = 0;
    let n = 0;
    for (let j = Math.max(0, i - w + 1); j <= i; j++) {
      if (Number.isFinite(values[j])) {
        ss += (values[j] - means[i]) ** 2;
        n++;
      }
    }
    return n > 0 ? Math.sqrt(ss / n) : NaN;
  });
}

/** Trailing fraction of true flags over the last `window` entries (in [0, 1]). */
export function rollingRate(flags: readonly boolean[], window: number): number[] {
  const w = Math.max(1, Math.floor(window));
  let count = 0;
  return flags.map((f, i) => {
    if (f) count++;
    if (i >= w && flags[i - w]) count--;
    return count / Math.min(i + 1, w);
  });
}

// ---------------------------------------------------------------- numbers in words

function withMinus(s: string): string {
  return s.replace(/^-/, MINUS).replace(/e\+?(-?)(\d+)$/, (_, sign: string, d: string) => `e${sign ? MINUS : ''}${d}`);
}

/** A value to `digits` significant digits for labels: "−412", "0.0123", "1.2e6", with a true minus sign. */
export function formatNumber(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6 || a < 1e-3) {
    const [mant, exp] = v.toExponential(Math.max(0, digits - 1)).split('e');
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    return withMinus(`${m}e${exp.replace('+', '')}`);
  }
  if (a >= 10 ** digits) return withMinus(String(Math.round(v)));
  return withMinus(String(Number(v.toPrecision(digits))));
}

/** A tick label: as many decimals as the step needs (2.5 → one), exponents for very large or small values. */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || (Number.isFinite(step) && Math.abs(step) < 1e-4) || a < 1e-4) return formatNumber(v, 3);
  const s = Number.isFinite(step) && step > 0 ? String(Number(step.toPrecision(6))) : '';
  const dot = s.indexOf('.');
  const decimals = dot < 0 || s.includes('e') ? 0 : Math.min(8, s.length - dot - 1);
  return withMinus(v.toFixed(decimals));
}

/** Tick labels for ticks on one axis. */
export function tickLabels(ticks: readonly number[], scale: AxisScale): string[] {
  if (scale === 'log') return ticks.map((t) => formatNumber(t, 2));
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : NaN;
  return ticks.map((t) => formatTick(t, step));
}

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
    const lo = Math.min(...ys);
    const hi = Math.max(...ys);
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

// ---------------------------------------------------------------- drawing

interface LegendItem {
  readonly name: string;
  readonly color: string;
  readonly width: number;
  readonly dash: readonly number[];
  readonly band: boolean;
}

const SWATCH_PX = 26;

/** Lays the legend out in rows within `maxWidth`; returns each item's x offset and row. */
function layoutLegend(
  ctx: CanvasRenderingContext2D,
  items: readonly LegendItem[],
  maxWidth: number,
): { x: number; row: number; item: LegendItem }[] {
  const out: { x: number; row: number; item: LegendItem }[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = SWATCH_PX + 6 + ctx.measureText(item.name).width;
    if (x > 0 && x + w > maxWidth) {
      row++;
      x = 0;
    }
    out.push({ x, row, item });
    x += w + 18;
  }
  return out;
}

/** Draws a complete plot into a canvas of `widthPx` × `heightPx` CSS pixels. */
export function drawPlot(
  ctx: CanvasRenderingContext2D,
  spec: PlotSpec,
  widthPx: number,
  heightPx: number,
  theme: PlotTheme = DEFAULT_THEME,
): void {
  const font = (px: number, bold = false) => `${bold ? '600 ' : ''}${px}px ${theme.fontFamily}`;
  const yScale = spec.yScale ?? 'linear';
  ctx.save();
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, widthPx, heightPx);
  const pad = 10;
  const lineH = Math.round(theme.fontPx * 1.35);

  // Title.
  ctx.fillStyle = theme.text;
  ctx.font = font(theme.titlePx, true);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(spec.title, pad, pad, Math.max(10, widthPx - 2 * pad));
  let top = pad + Math.round(theme.titlePx * 1.4);

  // Legend, under the title.
  ctx.font = font(theme.fontPx);
  const items: LegendItem[] = spec.series
    .filter((s) => s.inLegend !== false)
    .map((s) => ({
      name: s.name,
      color: s.color,
      width: s.width ?? 2,
      dash: s.dash ?? [],
      band: (s.band?.length ?? 0) > 0,
    }));
  const legend = layoutLegend(ctx, items, widthPx - 2 * pad);
  const rows = legend.length > 0 ? legend[legend.length - 1].row + 1 : 0;
  for (const { x, row, item } of legend) {
    const ly = top + row * lineH + lineH / 2;
    if (item.band) {
      ctx.globalAlpha = 0.25;
      ctx.fillStyle = item.color;
      ctx.fillRect(pad + x, ly - 7, SWATCH_PX, 14);
      ctx.globalAlpha = 1;
    }
    ctx.strokeStyle = item.color;
    ctx.lineWidth = Math.min(item.width, 5);
    ctx.setLineDash([...item.dash]);
    ctx.beginPath();
    ctx.moveTo(pad + x, ly);
    ctx.lineTo(pad + x + SWATCH_PX, ly);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = theme.text;
    ctx.textBaseline = 'middle';
    ctx.fillText(item.name, pad + x + SWATCH_PX + 6, ly);
  }
  top += rows * lineH + (rows > 0 ? 6 : 0);

  // Domains and ticks.
  const xExt = seriesExtent(spec.series, 0);
  const yExt = seriesExtent(spec.series, 1, yScale);
  const empty = xExt === null || yExt === null;
  let xDom: [number, number] = [0, 1];
  if (xExt) xDom = xExt[0] === xExt[1] ? [xExt[0] - 1, xExt[1] + 1] : xExt;
  let yDom: [number, number] = yScale === 'log' ? [0.1, 10] : [0, 1];
  if (spec.yDomain) yDom = [spec.yDomain[0], spec.yDomain[1]];
  else if (yExt) yDom = axisDomain(yExt[0], yExt[1], yScale) ?? yDom;
  const plotH0 = heightPx - top - pad - 2 * lineH - 6;
  const yTickCount = Math.max(2, Math.min(7, Math.floor(plotH0 / (lineH * 1.8))));
  const yTicks = yScale === 'log' ? logTicks(yDom[0], yDom[1], yTickCount) : niceTicks(yDom[0], yDom[1], yTickCount);
  const yLabels = tickLabels(yTicks, yScale);
  const yLabelW = Math.max(0, ...yLabels.map((l) => ctx.measureText(l).width));

  const left = pad + lineH + 6 + yLabelW + 8;
  const right = widthPx - pad - ctx.measureText('0').width;
  const bottom = heightPx - pad - 2 * lineH - 4;
  const plotW = right - left;
  const plotH = bottom - top;
  if (plotW < 30 || plotH < 30) {
    ctx.restore();
    return;
  }
  const xTickCount = Math.max(2, Math.min(8, Math.floor(plotW / 90)));
  let xTicks = niceTicks(xDom[0], xDom[1], xTickCount);
  if (spec.xInteger) xTicks = xTicks.filter((t) => Number.isInteger(t));
  const xLabels = tickLabels(xTicks, 'linear');
  const sx = linearScale(xDom[0], xDom[1], left, right);
  const sy = makeScale(yScale, yDom, [bottom, top]);

  // Grid, axes, tick labels.
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  yTicks.forEach((t, i) => {
    const y = Math.round(sy(t)) + 0.5;
    if (!(y >= top - 1 && y <= bottom + 1)) return;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.fillText(yLabels[i], left - 8, y);
  });
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  xTicks.forEach((t, i) => {
    const x = Math.round(sx(t)) + 0.5;
    if (!(x >= left - 1 && x <= right + 1)) return;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.fillText(xLabels[i], x, bottom + 6);
  });
  ctx.strokeStyle = theme.axis;
  ctx.beginPath();
  ctx.moveTo(left + 0.5, top);
  ctx.lineTo(left + 0.5, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  ctx.stroke();

  // Axis labels.
  ctx.fillStyle = theme.text;
  ctx.fillText(spec.xLabel, (left + right) / 2, bottom + 6 + lineH, plotW);
  ctx.save();
  ctx.translate(pad, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'top';
  ctx.fillText(spec.yLabel, 0, 0, plotH);
  ctx.restore();

  if (empty) {
    ctx.fillStyle = theme.muted;
    ctx.textBaseline = 'middle';
    ctx.fillText(spec.emptyText ?? 'No data yet', (left + right) / 2, (top + bottom) / 2, plotW);
    ctx.restore();
    return;
  }

  // Series, clipped to the plot area.
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top - 2, plotW, plotH + 4);
  ctx.clip();
  const px = (v: number) => clampPx(sx(v));
  const py = (v: number) => clampPx(sy(v));
  for (const s of spec.series) {
    const band = (s.band ?? []).filter((b) => drawable(b[0]) && drawable(b[1], yScale) && drawable(b[2], yScale));
    if (band.length > 1) {
      ctx.globalAlpha = 0.22;
      ctx.fillStyle = s.color;
      ctx.beginPath();
      band.forEach((b, i) => (i === 0 ? ctx.moveTo(px(b[0]), py(b[2])) : ctx.lineTo(px(b[0]), py(b[2]))));
      for (let i = band.length - 1; i >= 0; i--) ctx.lineTo(px(band[i][0]), py(band[i][1]));
      ctx.closePath();
      ctx.fill();
      ctx.globalAlpha = 1;
    }
  }
  for (const s of spec.series) {
    const runs = drawableRuns(s.points, yScale);
    const count = runs.reduce((n, r) => n + r.length, 0);
    const width = s.width ?? 2;
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = width;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.setLineDash([...(s.dash ?? [])]);
    for (const run of runs) {
      if (run.length < 2) continue;
      ctx.beginPath();
      run.forEach((p, i) => (i === 0 ? ctx.moveTo(px(p[0]), py(p[1])) : ctx.lineTo(px(p[0]), py(p[1]))));
      ctx.stroke();
    }
    ctx.setLineDash([]);
    const markers = s.markers ?? 'auto';
    const showMarkers = markers === true || (markers === 'auto' && count <= 60);
    const r = Math.max(2.5, width * 1.2);
    for (const run of runs) {
      // A lone point has no line: always give it a dot.
      if (!showMarkers && run.length > 1) continue;
      for (const p of run) {
        ctx.beginPath();
        ctx.arc(px(p[0]), py(p[1]), r, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  }
  ctx.restore();
  ctx.restore();
}
