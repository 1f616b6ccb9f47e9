/**
 * One line plot on a canvas sized to its box (ResizeObserver, devicePixelRatio),
 * redrawn only when its props or its size change: pass memoised series. The
 * colours and fonts come from the CSS variables of panels.css.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import '../panels.css';
import type { AxisScale } from '../../plotmath/scales';
import { describePlot } from './describePlot';
import { drawPlot } from './drawPlot';
import type { PlotSeries } from './plotTypes';
import { DEFAULT_THEME, type PlotTheme } from './theme';

export interface LinePlotProps {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly PlotSeries[];
  /** data-testid of the canvas (the element with role="img" and the summary). */
  testId: string;
  yScale?: AxisScale;
  yDomain?: readonly [number, number];
  /** Only integer x ticks (episodes). */
  xInteger?: boolean;
  /** Text in the empty plot area. */
  emptyText?: string;
  /** What a point is called in the summary in words ("episodes"). */
  noun?: string;
  /** Which way is better, for the summary's "best". */
  better?: 'higher' | 'lower';
  /** Replaces the generated summary. */
  ariaLabel?: string;
}

export interface BoxSize {
  width: number;
  height: number;
  dpr: number;
}

/**
 * Sizes the canvas's backing store to its box at the device pixel ratio and
 * returns its 2D context scaled to CSS pixels, or null when it has no size yet.
 */
export function sizedContext(
  canvas: HTMLCanvasElement,
  size: { width: number; height: number; dpr: number },
): CanvasRenderingContext2D | null {
  if (size.width === 0 || size.height === 0) return null;
  canvas.width = Math.round(size.width * size.dpr);
  canvas.height = Math.round(size.height * size.dpr);
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  return ctx;
}

/** The CSS size of an element and the devicePixelRatio, updated on resize and zoom. */
export function useBoxSize(ref: RefObject<HTMLElement | null>): BoxSize {
  const [size, setSize] = useState<BoxSize>({ width: 0, height: 0, dpr: 1 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const width = Math.round(el.clientWidth);
      const height = Math.round(el.clientHeight);
      const dpr = window.devicePixelRatio || 1;
      setSize((s) => (s.width === width && s.height === height && s.dpr === dpr ? s : { width, height, dpr }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    // Zoom or a move to another screen changes the ratio without always resizing the box.
    const mq = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    mq.addEventListener('change', measure);
    return () => {
      ro.disconnect();
      mq.removeEventListener('change', measure);
    };
  }, [ref]);
  return size;
}

/** Plot colours and fonts from the element's CSS variables (--plot-bg, --plot-fg, …), the defaults where unset. */
export function themeFromCss(el: Element): PlotTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const px = (name: string, fallback: number) => {
    const n = parseFloat(css.getPropertyValue(name));
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    background: v('--plot-bg', DEFAULT_THEME.background),
    text: v('--plot-fg', DEFAULT_THEME.text),
    muted: v('--plot-muted', DEFAULT_THEME.muted),
    grid: v('--plot-grid', DEFAULT_THEME.grid),
    axis: v('--plot-axis', DEFAULT_THEME.axis),
    fontFamily: css.fontFamily || DEFAULT_THEME.fontFamily,
    fontPx: px('--plot-font-px', DEFAULT_THEME.fontPx),
    titlePx: px('--plot-title-px', DEFAULT_THEME.titlePx),
  };
}

export function LinePlot({
  title,
  xLabel,
  yLabel,
  series,
  testId,
  yScale,
  yDomain,
  xInteger,
  emptyText,
  noun,
  better,
  ariaLabel,
}: LinePlotProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useBoxSize(boxRef);
  const y0 = yDomain?.[0];
  const y1 = yDomain?.[1];

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas && sizedContext(canvas, size);
    if (!canvas || !ctx) return;
    const domain = y0 !== undefined && y1 !== undefined ? ([y0, y1] as const) : undefined;
    drawPlot(
      ctx,
      { title, xLabel, yLabel, series, yScale, yDomain: domain, xInteger, emptyText },
      size.width,
      size.height,
      themeFromCss(canvas),
    );
  }, [size, title, xLabel, yLabel, series, yScale, y0, y1, xInteger, emptyText]);

  const label = useMemo(
    () => ariaLabel ?? describePlot(title, series, { noun, better }),
    [ariaLabel, title, series, noun, better],
  );
  return (
    <div className="plot-box" ref={boxRef}>
      <canvas ref={canvasRef} className="plot-canvas" role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
