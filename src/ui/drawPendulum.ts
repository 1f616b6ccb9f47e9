/**
 * Draws the pendulum (θ = 0 upright, tip at (sin θ, cos θ) m in the x–z
 * plane), the tip paths of the sampled rollouts shaded by their MPPI weight,
 * and the applied torque as an arc around the hinge. Sizes are CSS pixels.
 *
 * Every tip path lies on the same circle, so drawn as they are they hide each
 * other; each path's point at look-ahead step h is drawn at its true angle but
 * pushed out by SPREAD_M · h / (H − 1), which fans the rollouts out in time.
 */
import type { Frame } from './protocol';

const COLORS = {
  background: '#0e1320',
  orbit: 'rgba(160, 180, 210, 0.25)',
  rollout: '94, 200, 255',
  rod: '#e9eef7',
  bob: '#ff8a3d',
  torque: '#ffc94d',
  target: 'rgba(120, 230, 150, 0.8)',
} as const;

/** Rod length drawn (m): the real system's l = 1 m. */
const ROD_M = 1;
/** Extra radius (m) of a rollout's last look-ahead step. */
export const SPREAD_M = 0.45;

export function drawPendulum(ctx: CanvasRenderingContext2D, frame: Frame | null, widthPx: number, heightPx: number): void {
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, widthPx, heightPx);
  const cx = widthPx / 2;
  const cy = heightPx / 2;
  const scale = 0.3 * Math.min(widthPx, heightPx); // px per m
  const sx = (x: number) => cx + x * scale;
  const sy = (z: number) => cy - z * scale;

  // Where the tip can be, and the upright goal.
  ctx.setLineDash([4, 6]);
  ctx.strokeStyle = COLORS.orbit;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.arc(cx, cy, ROD_M * scale, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = COLORS.target;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(sx(0), sy(ROD_M + 0.06));
  ctx.lineTo(sx(0), sy(ROD_M + 0.16));
  ctx.stroke();

  if (!frame) return;
  drawRollouts(ctx, frame, sx, sy);

  const th = frame.state[0];
  const tipX = sx(ROD_M * Math.sin(th));
  const tipY = sy(ROD_M * Math.cos(th));
  drawTorque(ctx, cx, cy, 0.22 * scale, frame.torqueNm / frame.torqueMaxNm);

  ctx.strokeStyle = COLORS.rod;
  ctx.lineCap = 'round';
  ctx.lineWidth = Math.max(4, 0.045 * scale);
  ctx.beginPath();
  ctx.moveTo(cx, cy);
  ctx.lineTo(tipX, tipY);
  ctx.stroke();
  ctx.fillStyle = COLORS.bob;
  ctx.beginPath();
  ctx.arc(tipX, tipY, Math.max(6, 0.055 * scale), 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = COLORS.rod;
  ctx.beginPath();
  ctx.arc(cx, cy, Math.max(4, 0.03 * scale), 0, 2 * Math.PI);
  ctx.fill();
}

/** Tip paths [N, H, 2], the heaviest drawn last and brightest. */
function drawRollouts(ctx: CanvasRenderingContext2D, frame: Frame, sx: (x: number) => number, sy: (z: number) => number): void {
  const { samples: N, horizon: H, paths, weights } = frame;
  if (paths.length < N * H * 2) return;
  let wMax = 0;
  for (let n = 0; n < N; n++) wMax = Math.max(wMax, weights[n]);
  const order = Array.from({ length: N }, (_, n) => n).sort((a, b) => weights[a] - weights[b]);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const n of order) {
    const rel = wMax > 0 ? weights[n] / wMax : 0;
    ctx.strokeStyle = `rgba(${COLORS.rollout}, ${(0.15 + 0.85 * rel).toFixed(3)})`;
    ctx.lineWidth = 1 + 2 * rel;
    ctx.beginPath();
    let x = 0;
    let y = 0;
    for (let h = 0; h < H; h++) {
      const px = paths[(n * H + h) * 2];
      const pz = paths[(n * H + h) * 2 + 1];
      const grow = 1 + (H > 1 ? (SPREAD_M * h) / (H - 1) : 0) / Math.max(1e-9, Math.hypot(px, pz));
      x = sx(px * grow);
      y = sy(pz * grow);
      if (h === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    ctx.fillStyle = ctx.strokeStyle;
    ctx.beginPath();
    ctx.arc(x, y, 1.5 + 2 * rel, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** An arc with an arrowhead around the hinge; `frac` = torque / max torque, positive counter-clockwise in θ. */
function drawTorque(ctx: CanvasRenderingContext2D, cx: number, cy: number, radiusPx: number, frac: number): void {
  if (!Number.isFinite(frac) || Math.abs(frac) < 0.02) return;
  // θ grows clockwise on screen (tip x = sin θ), so positive torque turns clockwise.
  const top = -Math.PI / 2;
  const sweep = frac * (2 * Math.PI / 3);
  const end = top + sweep;
  ctx.strokeStyle = COLORS.torque;
  ctx.fillStyle = COLORS.torque;
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.arc(cx, cy, radiusPx, Math.min(top, end), Math.max(top, end));
  ctx.stroke();
  const ex = cx + radiusPx * Math.cos(end);
  const ey = cy + radiusPx * Math.sin(end);
  const dir = Math.sign(sweep);
  const tx = -Math.sin(end) * dir; // tangent along the sweep
  const ty = Math.cos(end) * dir;
  const nx = Math.cos(end);
  const ny = Math.sin(end);
  const a = 9;
  ctx.beginPath();
  ctx.moveTo(ex + tx * a, ey + ty * a);
  ctx.lineTo(ex - tx * a * 0.3 + nx * a * 0.6, ey - ty * a * 0.3 + ny * a * 0.6);
  ctx.lineTo(ex - tx * a * 0.3 - nx * a * 0.6, ey - ty * a * 0.3 - ny * a * 0.6);
  ctx.closePath();
  ctx.fill();
}
