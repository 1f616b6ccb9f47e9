/**
 * Draws a line plot on a 2D canvas: title, legend, axes with nice ticks,
 * labels, shaded bands and lines; sized in CSS pixels (the caller sets the
 * devicePixelRatio transform).
 *
 * Robust by construction: empty series, a single point, NaN/±Inf values (skipped,
 * and lines break there), non-positive values on a log axis (skipped) and
 * ranges near the float limits all draw without throwing. The numbers behind
 * it (ticks, scales, formats) are src/plotmath's.
 */
import { tickLabels } from '../../plotmath/format';
import { linearScale, makeScale } from '../../plotmath/scales';
import { axisDomain, logTicks, niceTicks } from '../../plotmath/ticks';
import type { PlotSpec, XY } from './plotTypes';
import { drawLegend } from './legend';
import { clampPx, drawable, drawableRuns, seriesExtent, thinToColumns } from './seriesGeometry';
import { DEFAULT_THEME, type PlotTheme } from './theme';

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
  const rows = drawLegend(ctx, spec.series, pad, top, widthPx - 2 * pad, lineH, theme);
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
  const yLabelW = yLabels.reduce((w, l) => Math.max(w, ctx.measureText(l).width), 0);

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
      const upper = thinToColumns(band.map((b): XY => [px(b[0]), py(b[2])]));
      const lower = thinToColumns(band.map((b): XY => [px(b[0]), py(b[1])]));
      upper.forEach((p, i) => (i === 0 ? ctx.moveTo(p[0], p[1]) : ctx.lineTo(p[0], p[1])));
      for (let i = lower.length - 1; i >= 0; i--) ctx.lineTo(lower[i][0], lower[i][1]);
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
      thinToColumns(run.map((p): XY => [px(p[0]), py(p[1])])).forEach((p, i) =>
        i === 0 ? ctx.moveTo(p[0], p[1]) : ctx.lineTo(p[0], p[1]),
      );
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
