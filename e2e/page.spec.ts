/** The page loads, draws, runs the worker, obeys its controls and stays on its own origin. */
import { expect, test } from './lab';

test.beforeEach(async ({ lab }) => {
  await lab.open();
});

test('draws the pendulum and the sampled rollouts', async ({ lab, page }, info) => {
  await lab.waitFor('backend', (b) => b !== null, 20_000);
  await lab.waitFor('controlSteps', (n) => n >= 10);
  await page.screenshot({ path: `test-results/mpq-lab-${info.project.name}.png` });
  await lab.pause();
  await lab.waitFor('framesDrawn', (n) => n > 0);
  const { ink, colors, width } = await lab.canvasInk();
  expect(width).toBeGreaterThan(100);
  // The rod, bob and rollout lines cover a few percent of the canvas in several colours.
  expect(ink).toBeGreaterThan(0.005);
  expect(colors).toBeGreaterThan(20);
  // The drawn rollouts are the planner's own (replayed from its actions and parameters).
  expect(await lab.query('rolloutMismatch')).toBe(0);
  expect(lab.errors).toEqual([]);
});

test('play advances, pause stops, step advances exactly one, reset returns to zero', async ({ lab, page }) => {
  // It starts playing.
  await expect(lab.button('pause')).toBeEnabled();
  const first = await lab.waitFor('controlSteps', (n) => n > 0);
  await lab.waitFor('controlSteps', (n) => n >= first + 5);
  await expect(page.getByTestId('rate')).not.toHaveText('0.0 Hz');

  await lab.pause();
  const paused = await lab.query('controlSteps');
  await page.waitForTimeout(400); // eight control periods
  expect(await lab.query('controlSteps')).toBe(paused);
  await expect(lab.button('play')).toBeEnabled();
  await expect(page.getByTestId('control-steps')).toHaveText(String(paused));

  await lab.button('step').click();
  await lab.waitFor('controlSteps', (n) => n !== paused);
  await page.waitForTimeout(300);
  expect(await lab.query('controlSteps')).toBe(paused + 1);
  expect(await lab.query('running')).toBe(false);

  await lab.button('play').click();
  await lab.waitFor('controlSteps', (n) => n >= paused + 4);
  expect(await lab.query('running')).toBe(true);

  await lab.pause();
  await lab.button('reset').click();
  await lab.waitFor('controlSteps', (n) => n === 0);
  await expect(page.getByTestId('control-steps')).toHaveText('0');
  expect(lab.errors).toEqual([]);
});

test('makes no request outside its own origin', async ({ lab, page, baseURL }) => {
  await lab.waitFor('backend', (b) => b !== null, 20_000);
  await lab.waitFor('controlSteps', (n) => n >= 5);
  const origin = new URL(baseURL ?? page.url()).origin;
  expect(lab.requests.length).toBeGreaterThan(2);
  expect(lab.foreignRequests(origin)).toEqual([]);
});
