/** A plot's legend: a swatch (line, dash, band) and the name of each series, in rows that fit the width. */
import type { PlotSeries } from './plotTypes';
import type { PlotTheme } from './theme';

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

/**
 * Draws the legend of `series` from (left, top) within `maxWidth`, one row
 * every `lineH` pixels, in the context's current font; returns the rows used.
 */
export function drawLegend(
  ctx: CanvasRenderingContext2D,
  series: readonly PlotSeries[],
  left: number,
  top: number,
  maxWidth: number,
  lineH: number,
  theme: PlotTheme,
): number {
  const items: LegendItem[] = series
    .filter((s) => s.inLegend !== false)
    .map((s) => ({
      name: s.name,
      color: s.color,
      width: s.width ?? 2,
      dash: s.dash ?? [],
      band: (s.band?.length ?? 0) > 0,
    }));
  const legend = layoutLegend(ctx, items, maxWidth);
  for (const { x, row, item } of legend) {
    const ly = top + row * lineH + lineH / 2;
    if (item.band) {
      ctx.globalAlpha = 0.25;
      ctx.fillStyle = item.color;
      ctx.fillRect(left + x, ly - 7, SWATCH_PX, 14);
      ctx.globalAlpha = 1;
    }
    ctx.strokeStyle = item.color;
    ctx.lineWidth = Math.min(item.width, 5);
    ctx.setLineDash([...item.dash]);
    ctx.beginPath();
    ctx.moveTo(left + x, ly);
    ctx.lineTo(left + x + SWATCH_PX, ly);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = theme.text;
    ctx.textBaseline = 'middle';
    ctx.fillText(item.name, left + x + SWATCH_PX + 6, ly);
  }
  return legend.length > 0 ? legend[legend.length - 1].row + 1 : 0;
}
