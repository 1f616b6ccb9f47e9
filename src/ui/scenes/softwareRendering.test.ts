import { describe, expect, it } from 'vitest';
import { heaviestRollouts, isSoftwareRenderer, rolloutsWithin, SOFTWARE_POINT_BUDGET } from './softwareRendering';
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
