/**
 * Paper mode: Fig. 2's five agents run side by side in their own workers on
 * the pendulum with a one-episode budget, every curve gets its point and
 * every agent shows the backend it ran on; the workers end when the runs end,
 * on Stop, when the panel closes and on a task change, and a second Start
 * leaves none behind.
 */
import { expect, test } from './lab';

const LABELS = ['MPQ H8', 'MPPI H8', 'MPPI H32', 'MPPI H32 true dynamics', 'SoftQ H1'];

test('paper mode runs the Fig. 2 agents side by side, shows their backends, and ends its workers', async ({
  lab,
  page,
}, info) => {
  test.setTimeout(75_000);
  // One training episode (200 control steps) per agent; tfjs on wasm so five workers do not each start WebGPU on SwiftShader.
  await lab.open('?task=pendulum&episodes=1&seed=2&backend=wasm');
  await lab.ready();
  await expect(page.getByRole('heading', { name: 'Paper mode: Fig. 2 side by side' })).toBeVisible();
  await expect(page.getByTestId('paper-setup-text')).toContainText('seed 2');

  const start = page.getByTestId('paper-start');
  await start.scrollIntoViewIfNeeded();
  await start.click();
  await lab.waitFor('running', (r) => r === false); // the lab's own play pauses
  await lab.waitFor('paperSpawned', (n) => n === 5);
  expect(await lab.query('paperWorkers')).toBeLessThanOrEqual(5);
  const agents = page.getByTestId('paper-agents');
  for (const label of LABELS) await expect(agents).toContainText(label);

  // Every agent's curve gets its episode; each worker ends with its run.
  const done = await lab.waitFor('paperAgents', (as) => as.length === 5 && as.every((a) => a.points >= 1), 55_000);
  expect(done.map((a) => a.label)).toEqual(LABELS);
  expect(done.map((a) => a.error)).toEqual(Array(5).fill(null));
  for (const a of done) expect(a).toMatchObject({ done: 1, total: 1, tfjs: 'wasm', planner: 'cpu' });
  await lab.waitFor('paperWorkers', (n) => n === 0);
  expect(await lab.query('paperStatus')).toBe('done');
  for (let i = 0; i < 5; i++)
    await expect(page.getByTestId(`paper-agent-line-${i}`)).toContainText(
      '1 / 1 episodes · done · planner cpu · Q wasm',
    );
  // Each agent's newest values in words (curves at the same value hide each other on the plot).
  for (let i = 0; i < 5; i++)
    await expect(page.getByTestId(`paper-agent-readout-${i}`)).toContainText(
      /episode 1: return −?[\d.]+ · success (0|100) % of the last one/,
    );
  for (const label of LABELS)
    await expect(page.getByTestId('paper-plot-return')).toHaveAttribute(
      'aria-label',
      new RegExp(`${label}: 1 episode`),
    );
  await expect(page.getByTestId('paper-plot-success')).toHaveAttribute('aria-label', /SoftQ H1: 1 episode/);
  await page
    .getByTestId('paper-mode')
    .screenshot()
    .then((body) => info.attach('paper-mode', { body, contentType: 'image/png' }));

  // A second Start replaces the first run's (ended) workers; Stop ends the new ones at once.
  await page.getByTestId('paper-start').click();
  await lab.waitFor('paperSpawned', (n) => n === 10);
  await page.getByTestId('paper-stop').click();
  expect(await lab.waitFor('paperWorkers', (n) => n === 0)).toBe(0);
  expect(await lab.query('paperStatus')).toBe('stopped');
  await expect(page.getByTestId('paper-status')).toContainText('Stopped');

  // Closing the panel ends a run too.
  await page.getByTestId('paper-start').click();
  await lab.waitFor('paperSpawned', (n) => n === 15);
  await page.getByRole('heading', { name: 'Paper mode: Fig. 2 side by side' }).click();
  await lab.waitFor('paperStatus', (s) => s === 'stopped');
  expect(await lab.query('paperWorkers')).toBe(0);
  await page.getByRole('heading', { name: 'Paper mode: Fig. 2 side by side' }).click();

  // Another task ends a run and clears its curves.
  await page.getByTestId('paper-start').click();
  await lab.waitFor('paperSpawned', (n) => n === 20);
  await page.getByTestId('task-ballincup').check();
  await lab.waitFor('paperStatus', (s) => s === 'idle');
  expect(await lab.query('paperWorkers')).toBe(0);
  expect(await lab.query('paperSpawned')).toBe(20);
  expect(lab.errors).toEqual([]);
});
