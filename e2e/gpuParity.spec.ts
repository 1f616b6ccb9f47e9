/**
 * CPU–GPU parity of the planner on gpu-test.html (src/harness/testPage.ts): the
 * WGSL RNG against core/rng.ts, MPPI iterations of GpuMppi (the kernels under
 * the page's GpuPlanner) against core/mppi.ts's mppiIteration (same seed, starts,
 * noise, model parameters and Q weights) for the pendulum and, from contact-rich
 * starts, ball-in-cup, Fetch and Franka, and closed loops of the page's
 * GpuPlanner against its CpuPlanner that must not leak tensors or GPU buffers.
 * SwiftShader is slow, so the batches are small.
 */
import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type {
  GpuTestStatus,
  LoopOptions,
  LoopReport,
  ParityOptions,
  ParityReport,
  RngReport,
  TargetsParityOptions,
  TargetsParityReport,
} from '../src/harness/testPage';
import { expect, test } from './lab';

async function openGpuPage(page: Page): Promise<GpuTestStatus> {
  await page.goto('./gpu-test.html');
  await page.waitForFunction(
    () => window.__mpqGpuTest !== undefined && window.__mpqGpuTest.status().state !== 'starting',
    undefined,
    { timeout: 25_000 },
  );
  return page.evaluate(() => window.__mpqGpuTest!.status());
}

const rngCheck = (page: Page, draws: number): Promise<RngReport> =>
  page.evaluate((n) => window.__mpqGpuTest!.rngCheck(n), draws);
const parity = (page: Page, o: ParityOptions): Promise<ParityReport> =>
  page.evaluate((x) => window.__mpqGpuTest!.parity(x), o);
const controlLoop = (page: Page, o: LoopOptions): Promise<LoopReport> =>
  page.evaluate((x) => window.__mpqGpuTest!.controlLoop(x), o);
const targetsParity = (page: Page, o: TargetsParityOptions): Promise<TargetsParityReport> =>
  page.evaluate((x) => window.__mpqGpuTest!.targetsParity(x), o);
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
    // tfjs-core's backend switch and its wasm flag: present in the worker bundle, never in the page's.
    expect(js, `${u} holds tfjs`).not.toContain('WASM_HAS_MULTITHREAD_SUPPORT');
    expect(js, `${u} holds tfjs`).not.toContain('setBackend');
  }
  // React + three.js + the page: ~0.9 MB (235 kB gzip); tfjs would add over 1 MB more (it belongs in the worker).
  expect(bytes).toBeLessThan(1_200_000);
});

test('the GPU test page is served for the tests but is not in the site build', async ({ request }) => {
  // playwright.config.ts's webServer built dist/ (the site) and dist-harness/ (this page) before any test.
  expect(existsSync('dist/index.html')).toBe(true);
  expect(existsSync('dist/gpu-test.html')).toBe(false);
  expect(existsSync('dist-harness/gpu-test.html')).toBe(true);
  const res = await request.get('./gpu-test.html');
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain('./harness-assets/');
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
    expect(status, 'the GPU page started on the tfjs webgpu backend').toEqual({
      state: 'ready',
      backend: 'webgpu',
      reason: null,
    });
  });

  test.afterEach(async ({ page, lab }) => {
    expect(await gpuErrors(page)).toEqual([]);
    expect(lab.errors).toEqual([]);
  });

  test('the WGSL Threefry, foldIn and uniforms equal rng.ts bit for bit; normals agree to float32', async ({
    page,
  }) => {
    const r = await rngCheck(page, 1 << 16);
    record('rng', r);
    expect(r.wordMismatches).toBe(0);
    expect(r.foldMismatches).toBe(0);
    expect(r.uniformMismatches).toBe(0);
    // float32 Box–Muller: a few ulps of |z| (≤ ~5; one ulp at 4 is 4.8e-7).
    expect(r.normalMaxAbsDiff).toBeLessThan(2e-6);
  });

  /**
   * The GPU draws each model parameter as lo + (hi − lo)·u in float32 from the
   * very uniform u the CPU draws (bit-equal, see the RNG test), the CPU in float64:
   * the two agree to the last bits of float32 (u, hi − lo, the product and the sum
   * each rounded once).
   */
  const PARAM_ULPS = 2;

  /**
   * float32 on the GPU against float64 on the CPU: a few ulps per step, grown a
   * little over H steps of the pendulum (costs up to ~100). λ = 0.15 turns a cost
   * error δ into a relative weight error of about δ/λ.
   */
  function expectParity(r: ParityReport, withQ: boolean): void {
    expect(r.backend).toBe('webgpu');
    expect(r.displayReadback).toBe(0); // the page's lean readback reads the very same buffers
    expect(r.paramsUlps).toBeLessThanOrEqual(PARAM_ULPS); // model parameters drawn on the GPU
    expect(r.gpuBuffers[1]).toBe(r.gpuBuffers[0]);
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

  test('MPQ iterations on the GPU match mppiIteration: noise, params, costs, paths, Q, weights, mean, free energy; λ, Σ, α, γ retuned in place', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    // N 100: two reduction groups of 64 samples, the second partial. After iteration 1, new settings by uniforms.
    const retune = { lambda: 0.5, sigma: 2, alpha: 0.8, gamma: 0.95 };
    const r = await parity(page, {
      samples: 100,
      horizon: 8,
      problems: 4,
      iterations: 3,
      seed: 11,
      withQ: true,
      retune,
    });
    record('parity-mpq', r);
    expect(r.rows).toBe(400);
    expectParity(r, true);
  });

  test('plain MPPI (running cost at the horizon end) on the GPU matches mppiIteration', async ({ page }) => {
    test.setTimeout(60_000);
    // N 300: five reduction groups, the last of 44 samples.
    const r = await parity(page, { samples: 300, horizon: 8, problems: 2, iterations: 2, seed: 5, withQ: false });
    record('parity-mppi', r);
    expect(r.rows).toBe(600);
    expectParity(r, false);
  });

  /**
   * The contact tasks (ballInCupWgsl.ts, fetchWgsl.ts, frankaWgsl.ts) against the
   * float64 CPU reference from the same float32-rounded starts, means and model
   * parameters. The starts are hand-picked so that the rollouts run through each
   * task's contact and constraint code (parityStarts.ts); `contacts` counts the
   * states of the CPU replay in which each contact was active, and each must occur.
   * Each bound is about 5–10× the largest value measured on SwiftShader (the comment
   * after it) over seeds 1–6 (ball-in-cup H 48: 1–2, Fetch's true block: 1–3, Franka:
   * 1–10 in contact, 1–3 free); float32's ulp is 6e-8 m at 0.7 m, 1.2e-7 m at 1.5 m.
   */
  function expectSame(r: ParityReport, rows: number): void {
    expect(r.backend).toBe('webgpu');
    expect(r.displayReadback).toBe(0);
    expect(r.paramsUlps).toBeLessThanOrEqual(PARAM_ULPS);
    expect(r.rows).toBe(rows);
    expect(r.noise).toBeLessThan(1e-5);
    expect(r.costFlips).toBe(0);
  }

  test('ball-in-cup: GPU rollouts match mppiIteration through wall, string and ground contacts', async ({ page }) => {
    test.setTimeout(120_000);
    // MPQ, H 8 (0.16 s). Costs are mostly the 0/1 "not in cup" term (scale ≤ 8): any flip would show as ≥ γ^7.
    const r = await parity(page, {
      task: 'ballincup',
      samples: 16,
      horizon: 8,
      problems: 5,
      iterations: 2,
      seed: 1,
      withQ: true,
    });
    record('parity-ballincup', r);
    expectSame(r, 80);
    for (const c of ['wall', 'stringTaut', 'ground']) expect(r.contacts[c] ?? 0, c).toBeGreaterThan(0);
    expect(r.paths).toBeLessThan(1e-5); // ball (x, z), m; measured ≤ 8.3e-7
    expect(r.qIn).toBeLessThan(5e-4); // positions and velocities (m/s) after contacts; ≤ 6.2e-5
    expect(r.qOut).toBeLessThan(1e-4); // ≤ 6.0e-6
    expect(r.costsRel).toBeLessThan(2e-5); // ≤ 2.0e-6
    expect(r.weights).toBeLessThan(1e-4); // ≤ 2.8e-6
    expect(r.freeEnergy).toBeLessThan(2e-5); // ≤ 9.3e-7
    expect(r.means).toBeLessThan(1e-4); // ≤ 5.1e-6
    expect(r.action).toBeLessThan(1e-4); // ≤ 3.4e-6
    // The paper's long horizon (H 48, plain MPPI): soft constraints keep even 0.96 s of contacts within 1e-4 m.
    const long = await parity(page, {
      task: 'ballincup',
      samples: 16,
      horizon: 48,
      problems: 5,
      iterations: 1,
      seed: 1,
      withQ: false,
    });
    record('parity-ballincup-h48', long);
    expectSame(long, 80);
    expect(long.paths).toBeLessThan(1e-4); // ≤ 1.0e-5
    expect(long.costsRel).toBeLessThan(2e-5);
    expect(long.freeEnergy).toBeLessThan(5e-5);
    expect(long.action).toBeLessThan(1e-4);
  });

  test('fetch: GPU rollouts match mppiIteration through finger pushes, the block top and the table edge', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    // λ = 0.01 turns a cost error δ into a relative weight error of δ/λ: the weights, mean and action bounds are wider.
    const r = await parity(page, {
      task: 'fetch',
      samples: 16,
      horizon: 8,
      problems: 5,
      iterations: 2,
      seed: 1,
      withQ: true,
    });
    record('parity-fetch', r);
    expectSame(r, 80);
    for (const c of ['fingerSide', 'fingerTop', 'blockMoving', 'offTable'])
      expect(r.contacts[c] ?? 0, c).toBeGreaterThan(0);
    expect(r.paths).toBeLessThan(5e-5); // block (x, y, z) at x ≈ 1.3 m; ≤ 6.6e-6
    expect(r.qIn).toBeLessThan(1e-3); // ≤ 1.1e-4
    expect(r.qOut).toBeLessThan(2e-4); // ≤ 2.2e-5
    expect(r.costsRel).toBeLessThan(1e-4); // costs ≤ 2.5 (m); ≤ 1.2e-5
    expect(r.weights).toBeLessThan(1e-3); // ≤ 1.1e-4
    expect(r.freeEnergy).toBeLessThan(1e-4); // ≤ 1.2e-5
    expect(r.means).toBeLessThan(2e-3); // ≤ 2.1e-4
    expect(r.action).toBeLessThan(2e-3); // ≤ 2.1e-4 (actions in [−1, 1])
    // The true block (half-size 0.025, larger than any biased draw): more finger–side contact.
    const real = await parity(page, {
      task: 'fetch',
      samples: 16,
      horizon: 8,
      problems: 5,
      iterations: 2,
      seed: 1,
      withQ: false,
      model: 'true',
    });
    record('parity-fetch-true', real);
    expectSame(real, 80);
    expect(real.contacts.fingerSide ?? 0).toBeGreaterThan(0);
    expect(real.paths).toBeLessThan(5e-5); // ≤ 1.3e-6
    expect(real.costsRel).toBeLessThan(1e-4);
    expect(real.freeEnergy).toBeLessThan(1e-4);
    expect(real.action).toBeLessThan(2e-3); // ≤ 8.4e-5
  });

  test('franka: GPU rollouts match mppiIteration in free motion (H 8) and through hand–handle contacts (H 4)', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    // Free motion (random starts, no contact): kinematics, servo, cost and observation agree to a few ulps.
    const free = await parity(page, {
      task: 'franka',
      samples: 16,
      horizon: 8,
      problems: 4,
      iterations: 2,
      seed: 1,
      withQ: true,
      randomStarts: true,
    });
    record('parity-franka-free', free);
    expectSame(free, 64);
    expect(free.paths).toBeLessThan(1e-5); // end effector (m); ≤ 7.4e-7
    expect(free.qIn).toBeLessThan(1e-3); // ≤ 9.8e-5
    expect(free.qOut).toBeLessThan(5e-5); // ≤ 2.2e-6
    expect(free.costsRel).toBeLessThan(1e-5); // ≤ 8.3e-7
    expect(free.weights).toBeLessThan(1e-4); // ≤ 8.2e-6
    expect(free.freeEnergy).toBeLessThan(2e-5); // ≤ 1.1e-6
    expect(free.action).toBeLessThan(2e-4); // ≤ 1.7e-5 (rad/s)
    /*
     * Contact: the hand hooked behind the bar, against it, over it, mid-pull, and on the floor.
     * Coulomb friction in the sequential-impulse solver, with more contact rows than the arm has
     * joints, makes the split of impulses (and so the friction bounds μ·P_n) sensitive to rounding:
     * the CPU reference itself moves by up to 1e-2 rad in 6 steps when its sin/cos/sqrt are perturbed
     * by 6e-8 (by 2e-5 with μ = 0). So the horizon is 4 steps (0.16 s), where seeds 1–10 stay within
     * 6e-5 m, except seed 8 (one rollout's velocities split: path 2.3e-4 m, cost 3.9e-2). Velocities
     * after contact are set by gap/h (h = 5 ms), so Q's inputs are the loosest.
     */
    const r = await parity(page, {
      task: 'franka',
      samples: 16,
      horizon: 4,
      problems: 5,
      iterations: 2,
      seed: 1,
      withQ: true,
    });
    record('parity-franka-contact', r);
    expectSame(r, 80);
    for (const c of ['floor', 'carcass', 'front', 'bar', 'post', 'hooked', 'drawerMoving'])
      expect(r.contacts[c] ?? 0, c).toBeGreaterThan(0);
    expect(r.paths).toBeLessThan(5e-4); // ≤ 6.0e-5 (seed 1: 4.9e-6)
    expect(r.qIn).toBeLessThan(5e-2); // ≤ 7.3e-3 (ee and joint velocities)
    expect(r.qOut).toBeLessThan(2e-3); // ≤ 3.9e-4
    expect(r.costs).toBeLessThan(2e-3); // costs ≤ 3; ≤ 2.8e-4
    expect(r.weights).toBeLessThan(2e-3); // ≤ 3.1e-4 (λ = 0.05)
    expect(r.freeEnergy).toBeLessThan(5e-4); // ≤ 7.1e-5
    expect(r.action).toBeLessThan(5e-3); // ≤ 7.2e-4 (rad/s, limits 2.2–2.6)
  });

  /**
   * A task that is in no list (core/testing/doubleIntegrator.ts, registered by the
   * page with its test-only WGSL twin, src/harness/doubleIntegratorWgsl.ts, as a
   * fifth task would be added) plans on the GPU: its iterations match the CPU's,
   * and the page's GpuPlanner finds its twin by id and acts as CpuPlanner does.
   */
  test('a task added to the registry with a WGSL twin plans on the GPU path (test-only double integrator)', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const r = await parity(page, {
      task: 'double-integrator',
      samples: 100,
      horizon: 10,
      problems: 3,
      iterations: 2,
      seed: 1,
      withQ: true,
    });
    record('parity-double-integrator', r);
    expect(r.rows).toBe(300);
    expectParity(r, true);
    expect(r.costFlips).toBe(0);
    const loop = await controlLoop(page, {
      task: 'double-integrator',
      samples: 64,
      horizon: 10,
      iterations: 2,
      steps: 40,
      seed: 2,
      trainEvery: 0,
      withQ: false,
    });
    record('control-loop-double-integrator', loop);
    expect(loop.actionMaxAbsDiff).toBeLessThan(1e-3);
    expect(loop.freeEnergyMaxAbsDiff).toBeLessThan(1e-3);
    expect(loop.gpuBuffers.min).toBe(loop.gpuBuffers.max);
  });

  /**
   * Eq. 19 targets (GpuTargetGenerator vs core/targets.ts's TargetGenerator): the same
   * minibatch, keys, model draws and Q weights at the paper's MPQ settings (N, H, K),
   * then a batch of B − 3 that the GPU pads. Unlike the planner checks above, the
   * inputs are NOT rounded to float32 first: the CPU runs on the float64 replay
   * tuples and parameters, the GPU on their float32 copies, as in training. F is
   * −λ·log Σ exp(−S/λ), so |ΔF| ≤ max |ΔS| whatever the weights do; y = c + γF.
   */
  function expectTargets(r: TargetsParityReport, batch: number): void {
    expect(r.backend).toBe('webgpu');
    expect(r.batch).toBe(batch);
    expect(r.smallBatch).toBe(batch - 3);
    expect(r.inputs).toBe(0);
    expect(r.sourceMaxAbsDiff).toBe(0); // the training's GPU target source computes the very same targets
    expect(r.gpuBuffers[1]).toBe(r.gpuBuffers[0]);
  }

  test('Eq. 19 targets on the GPU match TargetGenerator: pendulum, ball-in-cup, Fetch and Franka', async ({ page }) => {
    test.setTimeout(180_000);
    // Tolerances from measurements on SwiftShader, seeds 1–3:
    // pendulum y up to ~120, ≤ 3.6e-7 relative (1.5e-5 absolute: 2 ulps at 118);
    // ball-in-cup y ≤ ~3.6, ≤ 7.8e-8 relative (2.4e-7 absolute);
    // Fetch (contacts, λ = 0.01) y ≤ ~1.7, ≤ 1.3e-6 relative and absolute, F ≤ 1.4e-6.
    const cases = [
      { task: 'pendulum', shape: [24, 8, 3], targetsRel: 5e-6, freeEnergy: 1e-4 },
      { task: 'ballincup', shape: [36, 4, 3], targetsRel: 2e-6, freeEnergy: 5e-6 },
      { task: 'fetch', shape: [36, 10, 3], targetsRel: 2e-5, freeEnergy: 2e-5 },
      { task: 'franka', shape: [36, 10, 1], targetsRel: 2e-5, freeEnergy: 2e-5 },
    ] as const;
    for (const c of cases) {
      const r = await targetsParity(page, { task: c.task, batch: 16, seed: 1 });
      record(`targets-${c.task}`, r);
      expectTargets(r, 16);
      expect([r.samples, r.horizon, r.iterations], c.task).toEqual([...c.shape]);
      expect(r.targetsRel, c.task).toBeLessThan(c.targetsRel);
      expect(r.freeEnergy, c.task).toBeLessThan(c.freeEnergy);
    }
  });

  // CI runs 200 steps; GPU_LEAK_STEPS=10000 runs a long leak check once (minutes on SwiftShader).
  const loopSteps = Number(process.env.GPU_LEAK_STEPS ?? 200);
  test(`${loopSteps} control steps with training in between: GpuPlanner acts as CpuPlanner, no leaked tensors or GPU buffers`, async ({
    page,
  }) => {
    test.setTimeout(180_000 + loopSteps * 200);
    const r = await controlLoop(page, {
      samples: 64,
      horizon: 8,
      iterations: 2,
      steps: loopSteps,
      seed: 3,
      trainEvery: 50,
      retuneAt: Math.floor(loopSteps / 2),
    });
    record('control-loop', r);
    expect(r.backend).toBe('webgpu');
    expect(r.steps).toBe(loopSteps);
    expect(r.retuned).toBe(true); // λ, Σ, α, γ and the iteration count changed without a new planner
    expect(r.numTensors.min).toBe(r.numTensors.max);
    expect(r.gpuBuffers.min).toBe(r.gpuBuffers.max);
    expect(r.gpuBuffers.first).toBeGreaterThan(0);
    // Both planners plan from the same real state each step; each keeps its own mean between steps.
    expect(r.actionMaxAbsDiff).toBeLessThan(1e-3);
    expect(r.freeEnergyMaxAbsDiff).toBeLessThan(5e-3);
  });

  /**
   * The page's model settings reach the GPU planner: a moved box (per step and per
   * episode draws) and moved true parameters. The same loop with the values moved
   * for the GPU planner only must disagree, so a planner ignoring them fails here.
   */
  test('GpuPlanner follows the model box, the per-episode ensemble and the true-parameter overrides', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const cases = [
      { model: 'biased', paramPolicy: 'per-sample-per-step' },
      { model: 'biased', paramPolicy: 'per-episode' },
      { model: 'true', paramPolicy: 'per-sample-per-step' },
    ] as const;
    for (const c of cases) {
      const o = { samples: 64, horizon: 8, iterations: 1, steps: 30, seed: 4, trainEvery: 0, withQ: false, ...c };
      const name = `${c.model} ${c.paramPolicy}`;
      const moved = await controlLoop(page, { ...o, overrideModel: 'both' });
      record(`control-loop-${c.model}-${c.paramPolicy}-override`, moved);
      expect(moved.actionMaxAbsDiff, name).toBeLessThan(1e-3);
      expect(moved.freeEnergyMaxAbsDiff, name).toBeLessThan(5e-3);
      expect(moved.gpuBuffers.min).toBe(moved.gpuBuffers.max);
      const gpuOnly = await controlLoop(page, { ...o, overrideModel: 'gpu' });
      record(`control-loop-${c.model}-${c.paramPolicy}-gpu-only`, gpuOnly);
      expect(gpuOnly.freeEnergyMaxAbsDiff, name).toBeGreaterThan(0.05);
    }
  });
});
