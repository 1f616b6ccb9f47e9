/**
 * The weights panel: what MPPI's importance weights (paper Eq. 15–17) look like
 * for the newest planning step (or the frozen iteration while stepping through):
 * - the weights sorted from largest to smallest as bars (as a filled profile
 *   when N is larger than the bars that fit), with the uniform weight 1/N dashed;
 * - the effective sample size ESS = 1/Σ w², as a number and as a share of N;
 * - for the best and the median sample, S_n split into running cost, terminal
 *   term and control cost (Eq. 16), in the colours the equations use.
 *
 * It pulls data from `source` on animation frames and draws only when the
 * data object changed: frame-rate data never passes through React state.
 * Self-contained: it fills the width it is given (≈ 320 px and up).
 */
import { useEffect, useRef } from 'react';
import { weightAtRank } from '../../core/weightStats';
import type { WeightsData } from './inspectFrame';
import { fmt, TERM_COLORS } from './palette';
import './lectureTools.css';

export interface WeightsSource {
  latestWeights(): WeightsData | null;
}

/** What the panel shows in numbers (also what the test API reads). */
export interface WeightsSummary {
  readonly samples: number;
  readonly ess: number;
  readonly essShare: number;
  readonly maxWeight: number;
  readonly pending: boolean;
  /** [running, terminal, control, S] of the best and the median sample. */
  readonly best: readonly [number, number, number, number];
  readonly median: readonly [number, number, number, number];
  readonly bestIndex: number;
  readonly medianIndex: number;
}

/** The numbers of one data set (over all N samples: WeightsData.stats). */
export function summarize(d: WeightsData): WeightsSummary {
  const s = d.stats;
  const row = (r: readonly number[]) => [r[0], r[1], r[2], r[3]] as const;
  return {
    samples: d.samples,
    ess: s.ess,
    essShare: s.ess / d.samples,
    maxWeight: s.sorted[0] ?? 0,
    pending: d.pending,
    best: row(s.best),
    median: row(s.median),
    bestIndex: s.bestIndex,
    medianIndex: s.medianIndex,
  };
}

/**
 * Sorted weights as bars on a 2-D canvas sized to its box; when N is more than
 * the bars that fit, the sorted weight against its rank on a log axis (1 … N),
 * so the few heavy samples of a large N get room.
 */
function drawBars(canvas: HTMLCanvasElement, d: WeightsData, pending: boolean): void {
  const dpr = Math.min(globalThis.devicePixelRatio ?? 1, 2);
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, w, h);
  const N = d.samples;
  const font = parseFloat(getComputedStyle(canvas).fontSize) || 14;
  const tickFont = 0.8 * font * dpr;
  const pl = 4 * dpr;
  const pt = 4 * dpr;
  const pw = w - 2 * pl;
  const logAxis = logAxisFor(canvas, N);
  const ph = h - pt - (logAxis ? tickFont * 1.5 : 4 * dpr);
  ctx.strokeStyle = 'rgba(180,192,212,0.6)';
  ctx.lineWidth = dpr;
  ctx.strokeRect(pl, pt, pw, ph);
  if (pending) {
    ctx.fillStyle = 'rgba(200,206,216,0.9)';
    ctx.font = `${font * dpr}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('weights come at step (c)', w / 2, h / 2);
    return;
  }
  const { stats } = d;
  const top = Math.max(stats.sorted[0] ?? 0, 1 / N) || 1;
  const y = (v: number) => pt + ph * (1 - Math.min(1, v / top));
  ctx.fillStyle = TERM_COLORS.weight;
  if (!logAxis) {
    // One bar per sample with a gap.
    const bw = pw / N;
    for (let n = 0; n < N; n++) {
      const yy = y(weightAtRank(stats, n + 1));
      ctx.fillRect(pl + n * bw + bw * 0.1, yy, Math.max(dpr, bw * 0.8), pt + ph - yy);
    }
  } else {
    const lnN = Math.log(N);
    ctx.beginPath();
    ctx.moveTo(pl, pt + ph);
    for (let x = 0; x <= pw; x++) {
      const rank = Math.min(N, Math.max(1, Math.floor(Math.exp((x / pw) * lnN))));
      ctx.lineTo(pl + x, y(weightAtRank(stats, rank)));
    }
    ctx.lineTo(pl + pw, pt + ph);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = 'rgba(200,206,216,0.95)';
    ctx.font = `${tickFont}px system-ui, sans-serif`;
    ctx.textBaseline = 'bottom';
    for (let k = 0; 10 ** k <= N; k++) {
      const x = pl + (k * Math.LN10 * pw) / lnN;
      ctx.textAlign = k === 0 ? 'left' : x > pl + pw - 2 * tickFont ? 'right' : 'center';
      ctx.fillText(k < 3 ? String(10 ** k) : `${10 ** (k - 3)}k`, x, h);
    }
  }
  drawUniform(ctx, pl, pw, y(1 / N), dpr);
}

/** The uniform weight 1/N, dashed: were every weight on it, ESS would be N. */
function drawUniform(ctx: CanvasRenderingContext2D, x0: number, width: number, y: number, dpr: number): void {
  ctx.setLineDash([6 * dpr, 4 * dpr]);
  ctx.strokeStyle = '#eef2f8';
  ctx.lineWidth = 1.5 * dpr;
  ctx.beginPath();
  ctx.moveTo(x0, y);
  ctx.lineTo(x0 + width, y);
  ctx.stroke();
  ctx.setLineDash([]);
}

/** True when the panel draws N samples on a log rank axis (more than fit as bars). */
function logAxisFor(canvas: HTMLCanvasElement, N: number): boolean {
  return N > (canvas.clientWidth - 8) / 3;
}

const PART_NAMES = ['running', 'terminal', 'control'] as const;

export function WeightsPanel({ source }: { source: WeightsSource }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const root = useRef<HTMLElement>(null);
  useEffect(() => {
    let last: WeightsData | null = null;
    let lastWidth = 0;
    let raf = 0;
    const tick = () => {
      raf = requestAnimationFrame(tick);
      const d = source.latestWeights();
      const el = root.current;
      const c = canvas.current;
      if (!el || !c) return;
      if (d === last && c.clientWidth === lastWidth) return;
      last = d;
      lastWidth = c.clientWidth;
      el.dataset.empty = d ? 'false' : 'true';
      if (!d) return;
      const s = summarize(d);
      const set = (key: string, text: string) => {
        const node = el.querySelector<HTMLElement>(`[data-k="${key}"]`);
        if (node) node.textContent = text;
      };
      set('ess', s.pending ? '–' : fmt(s.ess));
      set('n', String(s.samples));
      set('share', s.pending ? '' : `(${fmt(100 * s.essShare, 2)} %)`);
      set('wmax', s.pending ? '–' : fmt(s.maxWeight));
      set('axis', logAxisFor(c, s.samples) ? ' (log)' : '');
      set('terminal-name', d.hasQ === false ? 'γᴴ⁻¹c' : d.hasQ ? 'γᴴ⁻¹Q' : 'terminal');
      for (const which of ['best', 'median'] as const) {
        const row = s[which];
        PART_NAMES.forEach((p, k) => set(`${which}-${p}`, fmt(row[k])));
        set(`${which}-S`, fmt(row[3]));
        set(`${which}-n`, `#${which === 'best' ? s.bestIndex : s.medianIndex}`);
      }
      el.dataset.ess = String(s.ess);
      drawBars(c, d, s.pending);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [source]);

  const cell = (key: string, color?: string) => <td data-k={key} style={color ? { color } : undefined} />;
  return (
    <section ref={root} className="weights-panel" aria-label="MPPI weights" data-testid="weights-panel">
      <h2>Weights</h2>
      <p className="ess-line">
        <abbr title="effective sample size 1 / Σ w²">ESS</abbr>{' '}
        <strong data-k="ess" data-testid="ess">
          –
        </strong>{' '}
        of N <span data-k="n">–</span> <span data-k="share" />
      </p>
      <canvas
        ref={canvas}
        className="weights-bars"
        role="img"
        aria-label="MPPI weights sorted from largest to smallest; the dashed line is the uniform weight 1/N"
      />
      <p className="bars-key">
        <span style={{ color: TERM_COLORS.weight }}>■</span> w by rank
        <span data-k="axis" />, largest <span data-k="wmax">–</span> · dashed: 1/N
      </p>
      <table className="split-table" data-testid="cost-split">
        <caption>Cost S of a sample (Eq. 16)</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" style={{ color: TERM_COLORS.running }}>
              running
            </th>
            <th scope="col" style={{ color: TERM_COLORS.terminal }} data-k="terminal-name">
              terminal
            </th>
            <th scope="col" style={{ color: TERM_COLORS.control }}>
              control
            </th>
            <th scope="col">S</th>
          </tr>
        </thead>
        <tbody>
          {(['best', 'median'] as const).map((which) => (
            <tr key={which}>
              <th scope="row">
                {which} <span className="muted" data-k={`${which}-n`} />
              </th>
              {cell(`${which}-running`, TERM_COLORS.running)}
              {cell(`${which}-terminal`, TERM_COLORS.terminal)}
              {cell(`${which}-control`, TERM_COLORS.control)}
              {cell(`${which}-S`)}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
