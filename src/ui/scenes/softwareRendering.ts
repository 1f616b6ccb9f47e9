/**
 * Drawing on a machine without GPU compositing. There (software rendering:
 * SwiftShader, llvmpipe) the browser reads every WebGL frame back for its
 * software compositor, and that read-back waits, on the page's own thread,
 * until the frame is drawn: frames of 1,024 fat rollouts × H 128 held that
 * thread for up to 26 s at a time on a loaded two-core machine (a trace shows
 * the wait inside ReadPixels at the frame's commit). So there the scene draws
 * only the heaviest rollouts, at most SOFTWARE_POINT_BUDGET key points a frame
 * (32 rollouts at H 128), and the status bar says so. With a GPU nothing
 * changes.
 */
import type { SceneFrame } from './types';

/** Key points (rollouts × H) a frame draws under software rendering. */
export const SOFTWARE_POINT_BUDGET = 4096;
/** Renderer names (WEBGL_debug_renderer_info) of software rasterisers. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** True when `gl` draws on the CPU (its unmasked renderer is a software rasteriser). */
export function isSoftwareRenderer(gl: WebGLRenderingContext | WebGL2RenderingContext): boolean {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return typeof name === 'string' && SOFTWARE.test(name);
}

/** Rollouts of horizon H a frame draws within `points` key points (at least one). */
export function rolloutsWithin(points: number, horizon: number): number {
  return Math.max(1, Math.floor(points / Math.max(1, horizon)));
}

/**
 * `frame` with only its `keep` heaviest rollouts (their paths and weights, in
 * the frame's order); the frame itself when it has no more than that. The
 * weights stay those of all the planner's samples (`totalSamples`).
 */
export function heaviestRollouts(frame: SceneFrame, keep: number): SceneFrame {
  const n = frame.samples;
  if (n <= keep) return frame;
  const H = frame.horizon;
  const w = frame.weights;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (w[b] || 0) - (w[a] || 0) || a - b);
  const chosen = order.slice(0, keep).sort((a, b) => a - b);
  const paths = new Float32Array(keep * H * 3);
  const weights = new Float32Array(keep);
  chosen.forEach((r, k) => {
    paths.set(frame.paths.subarray(r * H * 3, (r + 1) * H * 3), k * H * 3);
    weights[k] = w[r];
  });
  return { ...frame, paths, weights, samples: keep, totalSamples: frame.totalSamples ?? n };
}
