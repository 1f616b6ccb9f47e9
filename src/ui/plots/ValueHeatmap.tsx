/**
 * The pendulum's value V(θ, θ̇) of the current Q as a heatmap: θ across
 * (rad, −π..π), θ̇ up (rad/s), viridis colours with a colour bar of the value
 * range, the upright goal (0, 0) ringed, and how V was taken from Q as caption.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ValueMap } from '../../compute/engine/protocol';
import '../panels.css';
import { formatNumber, tickLabels } from '../../plotmath/format';
import { extent } from '../../plotmath/stats';
import { linearScale } from '../../plotmath/scales';
import { niceTicks } from '../../plotmath/ticks';
import type { PlotTheme } from './theme';
import { describeValueMap, valueMapPixels, viridis } from './heatmap';
import { sizedContext, themeFromCss, useBoxSize } from './LinePlot';

export interface ValueHeatmapProps {
  /** The latest value map; null until one was computed. */
  map: ValueMap | null;
}

const PI_TICKS: readonly [number, string][] = [
  [-Math.PI, '−π'],
  [-Math.PI / 2, '−π/2'],
  [0, '0'],
  [Math.PI / 2, 'π/2'],
  [Math.PI, 'π'],
];

/** Draws the heatmap, its axes and colour bar into `w` × `h` CSS pixels. */
function drawHeatmap(
  ctx: CanvasRenderingContext2D,
  map: ValueMap | null,
  w: number,
  h: number,
  theme: PlotTheme,
): void {
  const font = `${theme.fontPx}px ${theme.fontFamily}`;
  const lineH = Math.round(theme.fontPx * 1.35);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, w, h);
  ctx.font = font;
  const pad = 10;
  const barW = 18;
  const barLabelW = ctx.measureText('−0.000e−00').width * 0.8;
  const left = pad + lineH + 6 + ctx.measureText('−10').width + 8;
  const right = w - pad - barLabelW - 10 - barW - 18;
  const top = pad + 6;
  const bottom = h - pad - 2 * lineH - 4;
  if (right - left < 40 || bottom - top < 40) return;

  if (!map || map.resolution < 1 || map.values.length < map.resolution * map.resolution) {
    ctx.fillStyle = theme.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('No value map yet', (left + right) / 2, (top + bottom) / 2, right - left);
    return;
  }
  const [t0, t1] = map.thetaRange;
  const [o0, o1] = map.omegaRange;
  const range = extent(map.values) ?? [0, 1];

  // The grid as an image, stretched over the axes without smoothing (each cell stays one colour).
  const n = map.resolution;
  const img = document.createElement('canvas');
  img.width = n;
  img.height = n;
  const ictx = img.getContext('2d');
  if (ictx) {
    ictx.putImageData(new ImageData(valueMapPixels(map, range), n, n), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, left, top, right - left, bottom - top);
    ctx.imageSmoothingEnabled = true;
  }
  const sx = linearScale(t0, t1, left, right);
  const sy = linearScale(o0, o1, bottom, top);

  // Axes and ticks.
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(left + 0.5, top + 0.5, right - left, bottom - top);
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const [v, label] of PI_TICKS) {
    if (v < Math.min(t0, t1) - 1e-9 || v > Math.max(t0, t1) + 1e-9) continue;
    const x = Math.round(sx(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 5);
    ctx.stroke();
    ctx.fillText(label, x, bottom + 6);
  }
  const oTicks = niceTicks(o0, o1, 5);
  const oLabels = tickLabels(oTicks, 'linear');
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  oTicks.forEach((v, i) => {
    const y = Math.round(sy(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(left - 5, y);
    ctx.lineTo(left, y);
    ctx.stroke();
    ctx.fillText(oLabels[i], left - 8, y);
  });
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText('θ (rad), 0 = upright', (left + right) / 2, bottom + 6 + lineH, right - left);
  ctx.save();
  ctx.translate(pad, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('θ̇ (rad/s)', 0, 0, bottom - top);
  ctx.restore();

  // The goal: upright and still.
  if (0 >= Math.min(t0, t1) && 0 <= Math.max(t0, t1) && 0 >= Math.min(o0, o1) && 0 <= Math.max(o0, o1)) {
    const gx = sx(0);
    const gy = sy(0);
    ctx.lineWidth = 4;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.8)';
    ctx.beginPath();
    ctx.arc(gx, gy, 8, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }

  // Colour bar with the value range.
  const bx = right + 18;
  const grad = ctx.createLinearGradient(0, bottom, 0, top);
  for (let i = 0; i <= 10; i++) {
    const [r, g, b] = viridis(i / 10);
    grad.addColorStop(i / 10, `rgb(${r}, ${g}, ${b})`);
  }
  ctx.fillStyle = grad;
  ctx.fillRect(bx, top, barW, bottom - top);
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(bx + 0.5, top + 0.5, barW, bottom - top);
  const by = linearScale(range[0], range[1], bottom, top);
  const vTicks = range[0] === range[1] ? [range[0]] : niceTicks(range[0], range[1], 5);
  const vLabels = vTicks.length > 1 ? tickLabels(vTicks, 'linear') : vTicks.map((v) => formatNumber(v));
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  vTicks.forEach((v, i) => {
    const y = Math.round(by(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(bx + barW, y);
    ctx.lineTo(bx + barW + 5, y);
    ctx.stroke();
    ctx.fillText(vLabels[i], bx + barW + 8, y, barLabelW);
  });
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText('V', bx + barW / 2, bottom + 6);
}

export function ValueHeatmap({ map }: ValueHeatmapProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useBoxSize(boxRef);
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas && sizedContext(canvas, size);
    if (!canvas || !ctx) return;
    drawHeatmap(ctx, map, size.width, size.height, themeFromCss(canvas));
  }, [map, size]);
  const range = useMemo(() => (map ? extent(map.values) : null), [map]);
  const label = useMemo(() => describeValueMap(map), [map]);
  return (
    <figure className="panel heatmap">
      <h2 className="figure-title">Value V(θ, θ̇) of the current Q</h2>
      <div className="plot-box heatmap-box" ref={boxRef}>
        <canvas ref={canvasRef} className="plot-canvas" role="img" aria-label={label} data-testid="value-heatmap" />
      </div>
      <figcaption className="panel-note">
        {map ? (
          <>
            {range
              ? `V from ${formatNumber(range[0])} (dark) to ${formatNumber(range[1])} (bright); `
              : 'No finite values; '}
            V is a cost-to-go, so low (dark) is good. The white ring marks the goal: upright and still. {map.method}
          </>
        ) : (
          'The value map appears once the lab computes it from the current Q.'
        )}
      </figcaption>
    </figure>
  );
}
