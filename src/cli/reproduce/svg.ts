/**
 * Small, dependency-free SVG charts: a line chart with a band per series
 * (curves over seeds) and a dot chart of levels with their intervals (test
 * results, which have no x axis). Ticks and their labels are src/plotmath's,
 * as on the page; extents are taken by loops, so a curve of any length draws.
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
  /** A dot at each point of every curve: for sparse x, such as a grid of horizons, where the line alone hides where the data lie. */
  markers?: boolean;
  /** The x ticks, instead of round numbers over the extent (e.g. exactly the horizons of a sweep). */
  xTicks?: readonly number[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#7f7f7f', '#9467bd', '#ff7f0e', '#17becf', '#8c564b'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Average glyph width of the sans-serif font, in font sizes (generous, so text fits). */
const GLYPH = 0.56;

/** `text` broken at spaces into lines of at most `width` pixels at `fontSize`. */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const most = Math.max(8, Math.floor(width / (GLYPH * fontSize)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > most) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** The title, wrapped to the chart's width; returns its SVG and the height it takes. */
function titleBlock(title: string, W: number): { svg: string; height: number } {
  const lines = wrapText(title, W - 20, 15);
  const svg = lines
    .map((l, k) => `<text x="${W / 2}" y="${22 + 18 * k}" text-anchor="middle" font-size="15">${esc(l)}</text>`)
    .join('\n');
  return { svg, height: 18 * lines.length };
}

/** The value axis of `values`: the whole [0, 1] for rates, else their extent padded by 5 % each side. */
function valueAxis(values: readonly number[]): [number, number] {
  const [lo, hi] = extent(values) ?? [0, 1];
  if (lo >= 0 && hi <= 1) return [0, 1];
  const pad = 0.05 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

/** Legend rows: two columns when every label fits half the width, else one. */
function legendColumns(labels: readonly string[], width: number): 1 | 2 {
  const fits = labels.every((l) => (l.length + 4) * GLYPH * 12 <= width / 2);
  return fits ? 2 : 1;
}

export function lineChart(series: readonly Series[], opts: ChartOptions): string {
  const W = opts.width ?? 720;
  const title = titleBlock(opts.title, W);
  const cols = legendColumns(
    series.map((s) => s.label),
    W - 90,
  );
  const legendRows = Math.ceil(series.length / cols);
  const H = (opts.height ?? 420) + title.height - 18 + 18 * (legendRows - Math.ceil(series.length / 2));
  const m = { l: 70, r: 20, t: 22 + title.height, b: 60 + 18 * legendRows };
  const xExt = extent(series.flatMap((s) => s.x)) ?? [0, 1];
  const x0 = xExt[0];
  const x1 = Math.max(xExt[1], x0 + 1);
  const [y0, y1] = valueAxis(series.flatMap((s) => [...s.lo, ...s.hi, ...s.mean]));
  const integerX = series.every((s) => s.x.every(Number.isInteger));
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const py = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(title.svg);
  const xTicks = opts.xTicks ?? niceTicks(x0, x1, 5).filter((v) => !integerX || Number.isInteger(v));
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
    if (opts.markers)
      s.x.forEach((x, k) =>
        parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(s.mean[k]).toFixed(1)}" r="4" fill="${c}"/>`),
      );
    const lx = m.l + (i % cols) * ((W - m.l - m.r) / 2);
    const ly = H - m.b + 56 + 18 * Math.floor(i / cols);
    parts.push(
      `<line x1="${lx}" x2="${lx + 14}" y1="${ly - 7}" y2="${ly - 7}" stroke="${c}" stroke-width="4"${s.dashed ? ' stroke-dasharray="5 2"' : ''}/><text x="${lx + 20}" y="${ly - 4}">${esc(s.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** One level of a dot chart: a value, its interval, and the values it summarises (e.g. one per seed). */
export interface Level {
  label: string;
  value: number;
  lo: number;
  hi: number;
  points: readonly number[];
}

/**
 * Levels as rows: the label above, a dot at the value, a bar over the
 * interval and a tick per point, on one shared value axis ([0, 1] for rates).
 */
export function levelChart(
  levels: readonly Level[],
  opts: { title: string; valueLabel: string; intervalNote: string; width?: number },
): string {
  const W = opts.width ?? 720;
  const title = titleBlock(opts.title, W);
  const m = { l: 30, r: 30, t: 30 + title.height };
  const row = 46;
  const plotBottom = m.t + row * levels.length;
  const H = plotBottom + 80;
  const [v0, v1] = valueAxis(levels.flatMap((l) => [l.lo, l.hi, l.value, ...l.points]));
  const px = (v: number) => m.l + ((v - v0) / (v1 - v0)) * (W - m.l - m.r);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    title.svg,
  ];
  const ticks = niceTicks(v0, v1, 6);
  const labels = tickLabels(ticks, 'linear');
  ticks.forEach((t, k) => {
    parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${m.t}" y2="${plotBottom}" stroke="#eee"/>`);
    parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${plotBottom}" y2="${plotBottom + 5}" stroke="#333"/>`);
    parts.push(`<text x="${px(t)}" y="${plotBottom + 18}" text-anchor="middle">${labels[k]}</text>`);
  });
  parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${plotBottom}" y2="${plotBottom}" stroke="#333"/>`);
  parts.push(`<text x="${W / 2}" y="${plotBottom + 36}" text-anchor="middle">${esc(opts.valueLabel)}</text>`);
  parts.push(
    `<text x="${W / 2}" y="${plotBottom + 56}" text-anchor="middle" fill="#555">${esc(opts.intervalNote)}</text>`,
  );
  levels.forEach((l, i) => {
    const c = COLORS[i % COLORS.length];
    const y = m.t + row * i + 32;
    parts.push(`<text x="${m.l}" y="${y - 14}">${esc(l.label)}</text>`);
    parts.push(
      `<line x1="${px(l.lo).toFixed(1)}" x2="${px(l.hi).toFixed(1)}" y1="${y}" y2="${y}" stroke="${c}" stroke-width="6" stroke-opacity="0.35"/>`,
    );
    for (const p of l.points)
      parts.push(`<line x1="${px(p).toFixed(1)}" x2="${px(p).toFixed(1)}" y1="${y - 7}" y2="${y + 7}" stroke="${c}"/>`);
    parts.push(`<circle cx="${px(l.value).toFixed(1)}" cy="${y}" r="5" fill="${c}"/>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
