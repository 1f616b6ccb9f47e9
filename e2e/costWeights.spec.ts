/**
 * The cost weight sliders: a weight typed or slid reaches the settings, the
 * link and the planner (the episode restarts from its start state, the
 * planner acts differently there, and with both weights slid to 0 its samples'
 * running costs and the step's cost are 0); a link's weights come back;
 * training locks them; "Default weights" puts the task's own back.
 */
import { expect, test } from './lab';

test('a cost weight reaches the link and the planner, from the same start state', async ({
  lab,
  page,
  expectWebGpu,
}) => {
  // The WGSL planner where WebGPU exists (asked for: auto passes over SwiftShader's software adapter), so both
  // planners are held to the weights.
  await lab.open(expectWebGpu ? '?backend=webgpu' : '');
  await lab.ready();
  expect((await lab.query('backend'))!.planner).toBe(expectWebGpu ? 'webgpu' : 'cpu');
  await expect(page.getByTestId('cost-weights')).toBeVisible();
  const start = await lab.pauseAndReset();
  const base = await lab.stepOnce();
  expect(base.cost).toBeGreaterThan(0);
  expect(base.best![0]).toBeGreaterThan(0); // the best sample's running part Σ_t γ^t c

  await lab.setValue('w-speed', '1');
  await expect.poll(() => lab.urlParams().get('w.speed')).toBe('1');
  expect((await lab.query('settings')).costWeights).toEqual([1, 1]);
  // A new weight restarts the episode: the same start state, a different plan.
  await lab.waitFor('controlSteps', (n) => n === 0);
  expect(await lab.pauseAndReset()).toEqual(start);
  const damped = await lab.stepOnce();
  expect(damped.action).not.toEqual(base.action);

  const slider = page.getByTestId('slider-w-angle');
  await slider.focus();
  await slider.press('ArrowLeft'); // one step of 0.05 down from 1
  await expect.poll(async () => (await lab.query('settings')).costWeights[0]).toBe(0.95);
  await expect.poll(() => lab.urlParams().get('w.angle')).toBe('0.95');

  // Both sliders to their lowest (0): the planner's costs follow, on whichever planner runs.
  await slider.press('Home');
  const speed = page.getByTestId('slider-w-speed');
  await speed.focus();
  await speed.press('Home');
  await expect.poll(async () => (await lab.query('settings')).costWeights).toEqual([0, 0]);
  await expect.poll(() => lab.urlParams().get('w.speed')).toBe('0');
  expect(lab.urlParams().get('w.angle')).toBe('0');
  await lab.waitFor('controlSteps', (n) => n === 0);
  expect(await lab.pauseAndReset()).toEqual(start);
  const free = await lab.stepOnce();
  expect(free.cost).toBe(0);
  expect(free.best![0]).toBe(0);

  await page.getByTestId('cost-weights-default').click();
  await expect.poll(async () => (await lab.query('settings')).costWeights).toEqual([1, 0.1]);
  await expect(page.getByTestId('cost-weights-default')).toBeDisabled();
  expect(lab.errors).toEqual([]);
});

test("a link's weights come back, a bad one is named, and training locks them", async ({ lab, page }) => {
  await lab.open('?task=franka&backend=wasm&w.orient=0.5&w.hooked=3&agent=mpq&episodes=1');
  await lab.ready();
  expect((await lab.query('settings')).costWeights).toEqual([1, 0.5, -1, 1]);
  await expect(page.getByTestId('value-w-orient')).toHaveValue('0.5');
  await expect(page.getByTestId('url-notice')).toContainText('w.hooked');
  await expect(page.getByTestId('url-notice')).toContainText('a number in [-5, 0]; the default -1 is used');

  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('slider-w-orient')).toBeDisabled();
  await expect(page.getByTestId('cost-weights')).toContainText('fixed while training');
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('slider-w-orient')).toBeEnabled();
  expect(lab.errors).toEqual([]);
});
