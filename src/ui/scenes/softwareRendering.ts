/**
 * Drawing on a machine without GPU compositing (software rendering:
 * SwiftShader, llvmpipe). There the browser reads a WebGL canvas that is on the
 * page back for its software compositor, and that read-back waits, on the
 * page's own thread, until the rasteriser has drawn the frame: a trace of
 * N 16384, H 128 showed every long task (200 ms to 1 s on a loaded two-core
 * machine) to be that wait (GLES2::ReadPixels at the frame's commit, the GPU
 * process in its Vulkan finish), and frames of 1,024 fat rollouts × H 128 held
 * the thread for up to 26 s.
 *
 * So without a GPU:
 * - the scene draws only its heaviest rollouts, at most SOFTWARE_POINT_BUDGET
 *   key points a frame (32 rollouts at H 128), and the status bar says so;
 * - three.js draws into a canvas that is not on the page, and FencedCopy
 *   copies each frame onto the page's (2D) canvas only once a fence says the
 *   rasteriser has finished it, so the page's thread never waits for it;
 * - the rollout segments are one plain draw, not instances (rolloutLines.ts).
 * - no multisampling (sceneView.ts): it doubled the rasteriser's CPU a frame.
 * With a GPU nothing of this applies.
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

/**
 * True when this browser's WebGL 2 draws on the CPU, asked of a throwaway
 * context (a canvas keeps the first kind of context it gets, so the scene's
 * own canvas cannot be asked). False where there is no WebGL 2: the scene then
 * starts as it always did and reports its own failure.
 */
export function probeSoftwareRendering(doc: Document = document): boolean {
  const gl = doc.createElement('canvas').getContext('webgl2');
  if (!gl) return false;
  const software = isSoftwareRenderer(gl);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return software;
}

/**
 * Shows the frames a WebGL 2 context draws on an off-page canvas on a 2D
 * canvas of the page, each once the rasteriser has finished it: `drawn()`
 * after a frame is drawn sets a fence, `poll()` on each animation frame copies
 * the frame over once the fence is signalled. A context's fence status changes
 * only between tasks, so nothing here blocks; the copy reads a finished frame
 * (the source needs preserveDrawingBuffer). One frame is in flight at a time.
 */
export class FencedCopy {
  private fence: WebGLSync | null = null;
  /** Frames copied to the page so far. */
  shown = 0;

  constructor(
    private readonly gl: WebGL2RenderingContext,
    private readonly target: CanvasRenderingContext2D,
  ) {}

  /** A frame is drawn and not shown yet: draw no other until it is. */
  get pending(): boolean {
    return this.fence !== null;
  }

  /** Call right after drawing a frame into the context. */
  drawn(): void {
    const gl = this.gl;
    if (this.fence) gl.deleteSync(this.fence);
    this.fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl.flush(); // the fence is reached only once the commands before it are sent
  }

  /** Copies the pending frame onto the target if the rasteriser has finished it; true when it did. */
  poll(): boolean {
    const gl = this.gl;
    if (!this.fence) return false;
    // A lost context signals nothing: drop the fence so drawing goes on once three.js has the context back.
    if (gl.isContextLost()) {
      this.fence = null;
      return false;
    }
    if (gl.getSyncParameter(this.fence, gl.SYNC_STATUS) !== gl.SIGNALED) return false;
    gl.deleteSync(this.fence);
    this.fence = null;
    const from = gl.canvas as HTMLCanvasElement | OffscreenCanvas;
    const to = this.target.canvas;
    if (to.width !== from.width || to.height !== from.height) {
      to.width = from.width;
      to.height = from.height;
    }
    this.target.drawImage(from, 0, 0);
    this.shown++;
    return true;
  }

  dispose(): void {
    if (this.fence) this.gl.deleteSync(this.fence);
    this.fence = null;
  }
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
