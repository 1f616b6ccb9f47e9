/** The 2D scene: redrawn in the animation loop from the client's newest frame. */
import { useEffect, useRef } from 'react';
import { drawPendulum } from './drawPendulum';
import type { Frame } from './protocol';
import type { SimClient } from './simClient';

export function PendulumCanvas({ client, onDraw }: { client: SimClient; onDraw: () => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let raf = 0;
    let drawn: Frame | null | undefined;
    let size = '';
    const loop = () => {
      raf = requestAnimationFrame(loop);
      const dpr = window.devicePixelRatio || 1;
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      const key = `${w}x${h}@${dpr}`;
      if (key !== size) {
        canvas.width = Math.round(w * dpr);
        canvas.height = Math.round(h * dpr);
        size = key;
        drawn = undefined;
      }
      const frame = client.latest;
      if (frame === drawn) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawPendulum(ctx, frame, w, h);
      drawn = frame;
      onDraw();
    };
    loop();
    return () => cancelAnimationFrame(raf);
  }, [client, onDraw]);
  return (
    <canvas
      ref={ref}
      className="scene"
      data-testid="scene"
      role="img"
      aria-label="The pendulum and the tip paths of the rollouts MPPI sampled for its last control step"
    />
  );
}
