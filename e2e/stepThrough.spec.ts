/**
 * The weights panel and the step-through of one MPPI iteration, on the WebGPU
 * planner (`?backend=webgpu`: 'auto' leaves a software adapter such as
 * SwiftShader for the CPU path) and on the CPU planner (`?backend=cpu`): sub-steps a→e in order by key, the equation typeset by
 * KaTeX under the page's CSP, the real step after (e) taking (e)'s action, and
 * λ re-weighting the same frozen samples. SAVE_SCREENSHOTS=1 writes each
 * sub-step to docs/screenshots/step-<letter>-<stage>.png.
 */
import { expect, test, type LabPage } from './lab';

const STAGES = ['noise', 'score', 'weights', 'update', 'shift'] as const;

/** Paused at the episode's first state (the plan still zero), then step-through opened at (a). */
async function openStepThrough(lab: LabPage, query: string, planner: 'cpu' | 'webgpu') {
  await lab.open(query);
  await lab.ready(60_000);
  expect((await lab.query('backend'))!.planner).toBe(planner);
  await lab.pauseAndReset();
  await lab.page.getByTestId('inspect-start').click();
  const v = await lab.waitFor('inspect', (x) => x !== null && x.stage === 'noise', 30_000);
  expect(v!.planner).toBe(planner);
  return v!;
}

for (const [planner, query] of [
  ['webgpu', '?task=pendulum&backend=webgpu'],
  ['cpu', '?task=pendulum&backend=cpu'],
] as const) {
  test(`step-through a→e on the ${planner} planner, by key, then the real step takes (e)'s action`, async ({
    lab,
  }, info) => {
    test.setTimeout(120_000);
    const first = await openStepThrough(lab, query, planner);
    const panel = lab.page.getByTestId('step-through');
    // The recomputation in TypeScript agrees with the planner's own weights and plan.
    expect(first.plannerGap).toBeLessThan(1e-3);
    const equations: string[] = [];
    for (const [i, stage] of STAGES.entries()) {
      if (i > 0) await lab.page.keyboard.press('ArrowRight');
      await expect(panel).toHaveAttribute('data-stage', stage);
      const v = await lab.waitFor('inspect', (x) => x?.stage === stage);
      // Same frozen samples at every sub-step.
      expect(v!.noise).toEqual(first.noise);
      const eq = lab.page.getByTestId('step-equation');
      await expect(eq.locator('.katex')).toBeVisible();
      equations.push((await eq.locator('.katex-mathml').textContent()) ?? '');
      if (planner === 'cpu') {
        // The lab layout has the step-through under the scene: bring it into the 1280×720 view.
        await panel.evaluate((el) => el.scrollIntoView({ block: 'end' }));
        await lab.screenshot(info, `step-${'abcde'[i]}-${stage}`);
      }
    }
    expect(new Set(equations).size).toBe(STAGES.length);
    await expect(lab.page.getByTestId('inspect-prev')).toBeEnabled();
    await lab.page.keyboard.press('ArrowLeft');
    await expect(panel).toHaveAttribute('data-stage', 'update');
    await lab.page.keyboard.press('ArrowRight');
    const e = await lab.waitFor('inspect', (x) => x?.stage === 'shift');
    // Next after (e): the real control step, then the next iteration frozen at (a).
    await lab.page.keyboard.press('ArrowRight');
    const next = await lab.waitFor('inspect', (x) => x !== null && x.stage === 'noise' && x.episodeStep === 1, 30_000);
    const f = await lab.query('frame');
    expect(f!.controlSteps).toBe(1);
    expect(f!.action[0]).toBeCloseTo(e!.action[0], 3);
    for (let j = 0; j < f!.state.length; j++) expect(f!.state[j]).toBeCloseTo(e!.nextState[j], 3);
    expect(next!.noise).not.toEqual(first.noise);
    await lab.page.keyboard.press('Escape');
    await expect(panel).toHaveAttribute('data-stage', 'none');
    expect(lab.errors).toEqual([]);
  });
}

test('λ re-weights the same frozen pendulum samples: ESS, panel and drawn rollouts change, the noise does not', async ({
  lab,
}) => {
  test.setTimeout(120_000);
  await openStepThrough(lab, '?task=pendulum&backend=webgpu', 'webgpu');
  await lab.page.getByTestId('inspect-stage-weights').click();
  await lab.waitFor('inspect', (x) => x?.stage === 'weights');
  const at = async (lambda: number) => {
    await lab.setValue('step-lambda', String(lambda));
    const v = await lab.waitFor('inspect', (x) => x !== null && x.lambda === lambda, 30_000);
    const panel = await lab.waitFor('weights', (w) => w !== null && Math.abs(w.ess - v!.ess) < 1e-6 * v!.ess);
    // The scene has drawn this λ's weights (float32 in the frame).
    const style = await lab.waitFor(
      'rolloutStyle',
      (st) =>
        st !== null &&
        st.weights.length === v!.samples &&
        st.weights.every((w, n) => Math.abs(w - v!.weights[n]) < 1e-6),
    );
    const shown = Number((await lab.page.getByTestId('ess').textContent())!.replace('−', '-'));
    return { v: v!, panel: panel!, style: style!, shown };
  };
  const sharp = await at(0.001);
  const flat = await at(100);
  expect(flat.v.noise).toEqual(sharp.v.noise);
  expect(flat.v.weights).not.toEqual(sharp.v.weights);
  const N = sharp.v.samples;
  console.log(`ESS at λ 0.001: ${sharp.v.ess}; at λ 100: ${flat.v.ess}; N ${N}`);
  info(sharp, flat);
  expect(flat.v.ess / sharp.v.ess).toBeGreaterThanOrEqual(10);
  // The panel shows the same ESS (3 significant digits).
  expect(sharp.shown).toBeCloseTo(sharp.v.ess, 1);
  expect(flat.shown).toBeCloseTo(flat.v.ess, 0);
  // The scene: at small λ one rollout is drawn wide and bright over thin dim ones; at large λ all look alike.
  const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
  const red = (st: typeof sharp.style) => st.colors.map((c) => c[0]);
  for (const { style } of [sharp, flat]) {
    expect(style.widthsPx).toHaveLength(N);
    expect(style.colors).toHaveLength(N);
  }
  expect(spread(sharp.style.widthsPx)).toBeGreaterThan(5);
  expect(spread(flat.style.widthsPx)).toBeLessThan(0.5);
  expect(spread(red(sharp.style))).toBeGreaterThan(spread(red(flat.style)));
  // The widest line is the heaviest sample.
  const heaviest = sharp.v.weights.indexOf(Math.max(...sharp.v.weights));
  expect(sharp.style.widthsPx[heaviest]).toBe(Math.max(...sharp.style.widthsPx));
  // The arrows on the focused λ slider move λ, not the sub-step.
  await lab.page.getByTestId('slider-step-lambda').focus();
  await lab.page.keyboard.press('ArrowLeft');
  await lab.waitFor('inspect', (x) => x !== null && x.lambda < 100);
  await expect(lab.page.getByTestId('step-through')).toHaveAttribute('data-stage', 'weights');
});

/** Keeps the figures in the test output. */
function info(sharp: { v: { ess: number } }, flat: { v: { ess: number } }): void {
  test.info().annotations.push({ type: 'ESS', description: `λ 0.001: ${sharp.v.ess}, λ 100: ${flat.v.ess}` });
}

test('the weights panel reads at N 16384: ESS as a number and share of N, the profile drawn, the split of best and median', async ({
  lab,
}, info) => {
  test.setTimeout(120_000);
  await lab.open('?task=pendulum&agent=mppi&N=16384&backend=cpu');
  await lab.ready(60_000);
  await lab.pause();
  const w = await lab.waitFor('weights', (x) => x !== null && x.samples === 16384);
  expect(w!.ess).toBeGreaterThan(1);
  expect(w!.ess).toBeLessThanOrEqual(16384);
  // The best sample's S is the lowest, its three parts add up to it.
  expect(w!.best[3]).toBeLessThanOrEqual(w!.median[3]);
  expect(w!.best[0] + w!.best[1] + w!.best[2]).toBeCloseTo(w!.best[3], 2);
  const panel = lab.page.getByTestId('weights-panel');
  await expect(panel.getByTestId('ess')).toHaveText(/^[0-9.]+(e[−-]?[0-9]+)?$/);
  await expect(panel).toContainText('of N 16384');
  await expect(panel.getByTestId('cost-split')).toContainText('best');
  // The profile is drawn: pixels in the weights' colour (#ff8a3d) cover a visible part of the canvas.
  const ink = await panel.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (d[i + 3] > 200 && Math.abs(d[i] - 255) < 20 && Math.abs(d[i + 1] - 138) < 20 && Math.abs(d[i + 2] - 61) < 20)
        n++;
    return n / (d.length / 4);
  });
  expect(ink).toBeGreaterThan(0.03);
  await panel.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await lab.screenshot(info, 'weights-panel-n16384');
});
