/**
 * CPU–GPU parity of the pendulum planner (design.md §5) on gpu-test.html:
 * the WGSL RNG against core/rng.ts, MPPI iterations of GpuMppi against
 * core/mppi.ts's mppiIteration (same seed, starts, noise, model parameters and
 * Q weights), and a closed loop of control steps that must not leak tensors or
 * GPU buffers. SwiftShader is slow, so the batches are small.
 */
import type { Page } from '@playwright/test';
import type { GpuTestStatus, LoopOptions, LoopReport, ParityOptions, ParityReport, RngReport } from '../src/compute/gpu/testPage';
import { expect, test } from './lab';

async function openGpuPage(page: Page): Promise<GpuTestStatus> {
  await page.goto('./gpu-test.html');
  await page.waitForFunction(() => window.__mpqGpuTest !== undefined && window.__mpqGpuTest.status().state !== 'starting', undefined, { timeout: 25_000 });
  return page.evaluate(() => window.__mpqGpuTest!.status());
}

const rngCheck = (page: Page, draws: number): Promise<RngReport> => page.evaluate((n) => window.__mpqGpuTest!.rngCheck(n), draws);
const parity = (page: Page, o: ParityOptions): Promise<ParityReport> => page.evaluate((x) => window.__mpqGpuTest!.parity(x), o);
const controlLoop = (page: Page, o: LoopOptions): Promise<LoopReport> => page.evaluate((x) => window.__mpqGpuTest!.controlLoop(x), o);
const gpuErrors = (page: Page): Promise<string[]> => page.evaluate(() => window.__mpqGpuTest!.gpuErrors());

/** Prints a measured report into the test output (and the list reporter's log). */
function record(name: string, value: unknown): void {
  test.info().annotations.push({ type: name, description: JSON.stringify(value) });
  console.log(`${name}: ${JSON.stringify(value)}`);
}

test('the lab page loads neither the GPU test bundle nor tfjs', async ({ request }) => {
  const html = await (await request.get('./')).text();
  const urls = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  expect(urls.length).toBeGreaterThan(0);
  let bytes = 0;
  for (const u of urls) {
    const js = await (await request.get(`./${u}`)).text();
    bytes += js.length;
    expect(js, `${u} holds GPU planner code`).not.toContain('mpq_threefry');
  }
  // React and the page today: ~230 kB; tfjs alone is over 1 MB (it belongs in the worker).
  expect(bytes).toBeLessThan(350_000);
});

test.describe('GPU planner (gpu-test.html)', () => {
  test.beforeEach(async ({ lab, expectWebGpu }) => {
    // Through `lab`, so its listeners collect page and console errors from the start.
    const status = await openGpuPage(lab.page);
    if (!expectWebGpu) {
      // The CPU path is what runs here; backend.spec.ts checks it. The GPU page must say why it cannot run.
      expect(status.state).toBe('unavailable');
      expect(status.reason).toMatch(/webgpu|navigator\.gpu/i);
      test.skip(true, `no WebGPU in this project (${status.reason}): the GPU parity checks need it`);
    }
    expect(status, 'the GPU page started on the tfjs webgpu backend').toEqual({ state: 'ready', backend: 'webgpu', reason: null });
  });

  test.afterEach(async ({ page, lab }) => {
    expect(await gpuErrors(page)).toEqual([]);
    expect(lab.errors).toEqual([]);
  });

  test('the WGSL Threefry, foldIn and uniforms equal rng.ts bit for bit; normals agree to float32', async ({ page }) => {
    const r = await rngCheck(page, 1 << 16);
    record('rng', r);
    expect(r.wordMismatches).toBe(0);
    expect(r.foldMismatches).toBe(0);
    expect(r.uniformMismatches).toBe(0);
    // float32 Box–Muller: a few ulps of |z| (≤ ~5; one ulp at 4 is 4.8e-7).
    expect(r.normalMaxAbsDiff).toBeLessThan(2e-6);
  });

  /**
   * float32 on the GPU against float64 on the CPU: a few ulps per step, grown a
   * little over H steps of the pendulum (costs up to ~100). λ = 0.15 turns a cost
   * error δ into a relative weight error of about δ/λ.
   */
  function expectParity(r: ParityReport, withQ: boolean): void {
    expect(r.backend).toBe('webgpu');
    expect(r.noise).toBeLessThan(1e-5); // ε = √Σ·z, Σ = 4
    expect(r.paths).toBeLessThan(1e-4); // tip (x, z) of a 1 m rod at s_0 … s_{H−1}
    if (withQ) {
      expect(r.qIn).toBeLessThan(1e-4); // [cos θ, sin θ, θ̇, a] at s_{H−1}
      expect(r.qOut).toBeLessThan(1e-4); // the 2 × 100 tanh MLP, tfjs-webgpu vs TypeScript
    }
    expect(r.costsRel).toBeLessThan(1e-5); // |ΔS| / max(1, |S|)
    expect(r.weights).toBeLessThan(5e-4);
    expect(r.freeEnergy).toBeLessThan(1e-5 * Math.max(1, r.costScale));
    expect(r.means).toBeLessThan(5e-4);
    expect(r.action).toBeLessThan(5e-4);
  }

  test('MPQ iterations on the GPU match mppiIteration: noise, costs, paths, Q, weights, mean, free energy', async ({ page }) => {
    test.setTimeout(90_000);
    const r = await parity(page, { samples: 64, horizon: 8, problems: 4, iterations: 3, seed: 11, withQ: true });
    record('parity-mpq', r);
    expect(r.rows).toBe(256);
    expectParity(r, true);
  });

  test('plain MPPI (running cost at the horizon end) on the GPU matches mppiIteration', async ({ page }) => {
    test.setTimeout(60_000);
    const r = await parity(page, { samples: 64, horizon: 8, problems: 2, iterations: 2, seed: 5, withQ: false });
    record('parity-mppi', r);
    expect(r.rows).toBe(128);
    expectParity(r, false);
  });

  test('200 control steps with training in between: same actions as the CPU agent, no leaked tensors or GPU buffers', async ({ page }) => {
    test.setTimeout(180_000);
    const r = await controlLoop(page, { samples: 64, horizon: 8, iterations: 2, steps: 200, seed: 3, trainEvery: 50 });
    record('control-loop', r);
    expect(r.backend).toBe('webgpu');
    expect(r.steps).toBe(200);
    expect(r.numTensors.min).toBe(r.numTensors.max);
    expect(r.gpuBuffers.min).toBe(r.gpuBuffers.max);
    expect(r.gpuBuffers.first).toBeGreaterThan(0);
    // Both agents plan from the same real state each step; each keeps its own mean between steps.
    expect(r.actionMaxAbsDiff).toBeLessThan(1e-3);
    expect(r.freeEnergyMaxAbsDiff).toBeLessThan(5e-3);
  });
});
