/**
 * The soak: SOAK_MINUTES (default 10) of play and training cycles on the CPU
 * path, a task change every cycle, a killed worker and a restart halfway; at
 * the end the page must answer, have no error it did not cause, and its JS heap
 * must not have grown without bound. Opt-in (it is long):
 *
 *     SOAK=1 E2E_PORT=4317 npx playwright test --project soak
 *
 * It prints one JSON line and writes it to docs/soak-last.json.
 */
import { writeFileSync } from 'node:fs';
import { taskIds } from '../src/core/tasks/registry';
import { expect, test } from './lab';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const TASKS = taskIds();

test('soak', async ({ lab, page }) => {
  test.setTimeout((MINUTES + 3) * 60_000);
  await lab.open('?backend=cpu&episodes=2&N=32&H=8');
  await lab.ready();
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({
      type: 'longtask',
    });
  });
  const heap = () =>
    page.evaluate(
      () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
    );
  const heapStart = await heap();
  const end = Date.now() + MINUTES * 60_000;
  let cycles = 0;
  let steps = 0;
  let killed = false;
  while (Date.now() < end) {
    const task = TASKS[cycles % TASKS.length];
    await page.getByTestId(`task-${task}`).check();
    await lab.waitFor('settings', (s) => s.task === task);
    await lab.button('play').click();
    const s0 = await lab.query('controlSteps');
    await page.waitForTimeout(5_000);
    steps += (await lab.query('controlSteps')) - s0;
    await lab.button('pause').click();
    await page.getByTestId('train-start').click();
    await lab.waitFor('trainingDone', (d) => d === 2, 120_000);
    await lab.waitFor('training', (t) => t === false);
    if (!killed && Date.now() > end - (MINUTES * 60_000) / 2) {
      await page.evaluate(() => window.__mpqTest!.killWorker());
      await expect(page.getByTestId('engine-dead')).toBeVisible({ timeout: 3000 });
      await page.getByTestId('restart-engine').click();
      await lab.waitFor('backend', (b) => b !== null, 30_000);
      killed = true;
    }
    cycles++;
  }
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  const errors = (await lab.query('errors')).filter((e) => !e.includes('stopped answering'));
  const result = {
    date: new Date().toISOString().slice(0, 10),
    minutes: MINUTES,
    cycles,
    playSteps: steps,
    workersStarted: await lab.query('workersStarted'),
    longestTaskMs: Math.max(0, ...long),
    longTasks: long.length,
    heapStartMB: +(heapStart / 2 ** 20).toFixed(1),
    heapEndMB: +((await heap()) / 2 ** 20).toFixed(1),
    errors,
  };
  console.log(JSON.stringify(result));
  writeFileSync('docs/soak-last.json', `${JSON.stringify(result, null, 2)}\n`);
  expect(errors).toEqual([]);
  expect(result.heapEndMB).toBeLessThan(result.heapStartMB * 3 + 50);
});
