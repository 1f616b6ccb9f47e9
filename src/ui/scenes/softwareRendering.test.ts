import { describe, expect, it } from 'vitest';
import {
  FencedCopy,
  heaviestRollouts,
  isSoftwareRenderer,
  probeSoftwareRendering,
  rolloutsWithin,
  SOFTWARE_POINT_BUDGET,
} from './softwareRendering';
import type { SceneFrame } from './types';

/** A WebGL context that names its renderer `name` (through WEBGL_debug_renderer_info when `unmasked`). */
function glNamed(name: string, unmasked = true): WebGLRenderingContext {
  const UNMASKED = 0x9246;
  const RENDERER = 0x1f01;
  return {
    RENDERER,
    getExtension: (ext: string) =>
      unmasked && ext === 'WEBGL_debug_renderer_info' ? { UNMASKED_RENDERER_WEBGL: UNMASKED } : null,
    getParameter: (p: number) => (p === (unmasked ? UNMASKED : RENDERER) ? name : 'WebKit WebGL'),
  } as unknown as WebGLRenderingContext;
}

describe('software rendering', () => {
  it('knows the software rasterisers by their renderer names', () => {
    expect(
      isSoftwareRenderer(glNamed('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)')),
    ).toBe(true);
    expect(isSoftwareRenderer(glNamed('llvmpipe (LLVM 15.0.6, 256 bits)', false))).toBe(true);
    expect(isSoftwareRenderer(glNamed('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)'))).toBe(
      false,
    );
    expect(isSoftwareRenderer(glNamed('Apple M2'))).toBe(false);
  });

  it('budgets rollouts by key points: 32 at H 128, one at least', () => {
    expect(rolloutsWithin(SOFTWARE_POINT_BUDGET, 128)).toBe(32);
    expect(rolloutsWithin(SOFTWARE_POINT_BUDGET, 8)).toBe(512);
    expect(rolloutsWithin(10, 128)).toBe(1);
  });

  it('keeps the heaviest rollouts, their paths with them, in the frame order', () => {
    const N = 5;
    const H = 2;
    const paths = Float32Array.from({ length: N * H * 3 }, (_, i) => Math.floor(i / (H * 3))); // rollout n's points all n
    const frame: SceneFrame = {
      state: new Float64Array(2),
      params: [],
      paths,
      weights: Float32Array.from([0.1, 0.4, 0.05, 0.3, 0.15]),
      plan: new Float32Array(H * 3),
      samples: N,
      totalSamples: 1000,
      horizon: H,
    };
    const kept = heaviestRollouts(frame, 3);
    expect(kept.samples).toBe(3);
    expect(kept.totalSamples).toBe(1000);
    expect(Array.from(kept.weights)).toEqual([0.4, 0.3, 0.15].map((w) => Math.fround(w)));
    expect(Array.from(kept.paths)).toEqual([1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]);
    expect(heaviestRollouts(frame, 5)).toBe(frame);
  });
});

/** A WebGL 2 context whose fences signal when the test says so, recording what is asked of it. */
function fencedGl(size: { width: number; height: number }) {
  const SIGNALED = 0x9119;
  const UNSIGNALED = 0x9118;
  const log: string[] = [];
  let next = 0;
  const signalled = new Set<number>();
  const state = { lost: false };
  const gl = {
    isContextLost: () => state.lost,
    SYNC_GPU_COMMANDS_COMPLETE: 0x9117,
    SYNC_STATUS: 0x9114,
    SIGNALED,
    canvas: size,
    fenceSync: () => {
      log.push('fence');
      return { id: next++ };
    },
    flush: () => log.push('flush'),
    deleteSync: (f: { id: number }) => log.push(`delete ${f.id}`),
    getSyncParameter: (f: { id: number }) => (signalled.has(f.id) ? SIGNALED : UNSIGNALED),
  };
  return { gl: gl as unknown as WebGL2RenderingContext, log, signal: (id: number) => signalled.add(id), state };
}

/** A 2D context that records the images drawn on it. */
function target2d() {
  const drawn: unknown[] = [];
  const canvas = { width: 300, height: 150 };
  const ctx = { canvas, drawImage: (img: unknown) => drawn.push(img) };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, canvas, drawn };
}

describe('FencedCopy', () => {
  it('shows a frame only once its fence is signalled, and sizes the page canvas to it', () => {
    const src = { width: 837, height: 446 };
    const { gl, log, signal } = fencedGl(src);
    const t = target2d();
    const copy = new FencedCopy(gl, t.ctx);
    expect(copy.poll()).toBe(false); // nothing drawn yet
    copy.drawn();
    expect(log).toEqual(['fence', 'flush']); // the fence goes to the rasteriser at once
    expect(copy.pending).toBe(true);
    expect(copy.poll()).toBe(false);
    expect(t.drawn).toEqual([]);
    signal(0);
    expect(copy.poll()).toBe(true);
    expect(t.drawn).toEqual([src]);
    expect(t.canvas).toEqual({ width: 837, height: 446 });
    expect(copy.pending).toBe(false);
    expect(copy.shown).toBe(1);
    expect(log.at(-1)).toBe('delete 0');
    expect(copy.poll()).toBe(false); // shown once
    expect(t.drawn).toHaveLength(1);
  });

  it('drops its fence when the context is lost, so drawing resumes once it is back', () => {
    const { gl, state } = fencedGl({ width: 1, height: 1 });
    const t = target2d();
    const copy = new FencedCopy(gl, t.ctx);
    copy.drawn();
    state.lost = true;
    expect(copy.poll()).toBe(false);
    expect(copy.pending).toBe(false);
    expect(t.drawn).toEqual([]);
  });

  it('replaces a fence not yet signalled when a frame is drawn anyway, and releases it on dispose', () => {
    const { gl, log } = fencedGl({ width: 1, height: 1 });
    const copy = new FencedCopy(gl, target2d().ctx);
    copy.drawn();
    copy.drawn();
    expect(log).toEqual(['fence', 'flush', 'delete 0', 'fence', 'flush']);
    copy.dispose();
    expect(log.at(-1)).toBe('delete 1');
    expect(copy.pending).toBe(false);
  });
});

describe('probeSoftwareRendering', () => {
  /** A document whose canvases give `gl` (or nothing) for 'webgl2'. */
  const docWith = (gl: WebGLRenderingContext | null) =>
    ({
      createElement: () => ({ getContext: (kind: string) => (kind === 'webgl2' ? gl : null) }),
    }) as unknown as Document;

  it('asks a throwaway context for its renderer and lets the context go', () => {
    let lost = 0;
    const withLoss = (gl: WebGLRenderingContext) => {
      const ext = gl.getExtension.bind(gl);
      gl.getExtension = ((name: string) =>
        name === 'WEBGL_lose_context' ? { loseContext: () => lost++ } : ext(name)) as typeof gl.getExtension;
      return gl;
    };
    expect(probeSoftwareRendering(docWith(withLoss(glNamed('SwiftShader Device (Subzero)'))))).toBe(true);
    expect(probeSoftwareRendering(docWith(withLoss(glNamed('Apple M2'))))).toBe(false);
    expect(lost).toBe(2);
  });

  it('says no where there is no WebGL 2 (the scene then reports its own failure)', () => {
    expect(probeSoftwareRendering(docWith(null))).toBe(false);
  });
});
