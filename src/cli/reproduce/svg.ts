/**
 * A small, dependency-free SVG line chart with a band per series (curves over
 * seeds). Ticks and their labels are src/plotmath's, as on the page; extents
 * are taken by loops, so a curve of any length draws.
 */
import { tickLabels } from '../../plotmath/format';
import { extent } from '../../plotmath/stats';
import { niceTicks } from '../../plotmath/ticks';

export interface Series {
  label: string;
  x: readonly number[];
  mean: readonly number[];
  /** Band edges (e.g. min and max over seeds). */
  lo: readonly number[];
  hi: readonly number[];
  /** Drawn dashed (a reference level rather than a learning curve). */
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#7f7f7f', '#9467bd', '#ff7f0e', '#17becf', '#8c564b'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function lineChart(series: readonly Series[], opts: ChartOptions): string {
  const W = opts.width ?? 720;
  const H = opts.height ?? 420;
  const m = { l: 70, r: 20, t: 40, b: 60 + 18 * Math.ceil(series.length / 2) };
  const xExt = extent(series.flatMap((s) => s.x)) ?? [0, 1];
  const yExt = extent(series.flatMap((s) => [...s.lo, ...s.hi, ...s.mean])) ?? [0, 1];
  const x0 = xExt[0];
  const x1 = Math.max(xExt[1], x0 + 1);
  let [y0, y1] = yExt;
  if (y0 >= 0 && y1 <= 1) {
    // rates: the whole [0, 1]
    y0 = 0;
    y1 = 1;
  } else {
    const pad = 0.05 * (y1 - y0 || 1);
    y0 -= pad;
    y1 += pad;
  }
  const integerX = series.every((s) => s.x.every(Number.isInteger));
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(opts.title)}</text>`);
  const xTicks = niceTicks(x0, x1, 5).filter((v) => !integerX || Number.isInteger(v));
  const xLabels = tickLabels(xTicks, 'linear');
  xTicks.forEach((t, k) => {
    parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${H - m.b}" y2="${H - m.b + 5}" stroke="#333"/>`);
    parts.push(`<text x="${px(t)}" y="${H - m.b + 18}" text-anchor="middle">${xLabels[k]}</text>`);
  });
  const yTicks = niceTicks(y0, y1, 5);
  const yLabels = tickLabels(yTicks, 'linear');
  yTicks.forEach((t, k) => {
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${m.l - 6}" y="${py(t) + 4}" text-anchor="end">${yLabels[k]}</text>`);
  });
  parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#333"/>`);
  parts.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}" stroke="#333"/>`);
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - m.b + 36}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(18 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    const upper = s.x.map((x, k) => `${px(x).toFixed(1)},${py(s.hi[k]).toFixed(1)}`);
    const lower = s.x.map((x, k) => `${px(x).toFixed(1)},${py(s.lo[k]).toFixed(1)}`).reverse();
    parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${c}" fill-opacity="0.15" stroke="none"/>`);
    const dash = s.dashed ? ' stroke-dasharray="7 4"' : '';
    parts.push(
      `<polyline points="${s.x.map((x, k) => `${px(x).toFixed(1)},${py(s.mean[k]).toFixed(1)}`).join(' ')}" fill="none" stroke="${c}" stroke-width="2"${dash}/>`,
    );
    const lx = m.l + (i % 2) * ((W - m.l - m.r) / 2);
    const ly = H - m.b + 56 + 18 * Math.floor(i / 2);
    parts.push(
      `<line x1="${lx}" x2="${lx + 14}" y1="${ly - 7}" y2="${ly - 7}" stroke="${c}" stroke-width="4"${s.dashed ? ' stroke-dasharray="5 2"' : ''}/><text x="${lx + 20}" y="${ly - 4}">${esc(s.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
