/**
 * Faults the page recovers from without a reload: a backend that cannot start,
 * a worker that dies, a control step too long to wait for, storage that is
 * full or missing, a file too big to read. Runs in the no-webgpu project.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from './lab';

test('?backend=webgpu without WebGPU, then cpu: the engine starts and steps advance without a reload', async ({
  lab,
  page,
  expectWebGpu,
}) => {
  test.skip(expectWebGpu, 'needs a browser without WebGPU');
  await lab.open('?backend=webgpu');
  await lab.waitFor('errors', (e) => e.some((m) => m.includes('could not start')), 20_000);
  expect(await lab.query('backend')).toBeNull();
  await page.getByTestId('backend-select').selectOption('cpu');
  await lab.waitFor('backend', (b) => b?.tfjs === 'cpu', 20_000);
  await lab.button('play').click();
  await lab.waitFor('controlSteps', (n) => n > 5);
  expect(lab.urlParams().get('backend')).toBe('cpu');
});

test('a killed worker is reported within 2 s and restarted with one click', async ({ lab, page }) => {
  await lab.open('?backend=cpu');
  await lab.ready();
  const t0 = Date.now();
  await page.evaluate(() => window.__mpqTest!.killWorker());
  await expect(page.getByTestId('engine-dead')).toBeVisible({ timeout: 2000 });
  const ms = Date.now() - t0;
  console.log(`faults: dead worker reported after ${ms} ms`);
  expect(ms).toBeLessThanOrEqual(2000);
  await page.getByTestId('restart-engine').click();
  await expect(page.getByTestId('engine-dead')).toBeHidden();
  expect(await lab.query('workersStarted')).toBe(2);
  await lab.waitFor('backend', (b) => b !== null);
  await lab.button('play').click();
  await lab.waitFor('controlSteps', (n) => n > 3);
  expect(await lab.query('settings')).toMatchObject({ backend: 'cpu', task: 'pendulum' });
});

test('Pause lands within 1 s while a long control step runs (Franka, N 16384, H 128, 10 iterations)', async ({
  lab,
  page,
}) => {
  await lab.open('?task=franka&N=16384&H=128&iters=10&backend=cpu');
  await lab.waitFor('backend', (b) => b !== null, 30_000);
  await expect(page.getByTestId('engine-busy')).toContainText('control step running for', { timeout: 15_000 });
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        document.querySelector<HTMLButtonElement>('[data-testid="pause"]')!.click();
        const poll = () =>
          window.__mpqTest!.running() || window.__mpqTest!.health() === 'busy'
            ? setTimeout(poll, 5)
            : resolve(performance.now() - t0);
        poll();
      }),
  );
  console.log(`faults: pause during a long step landed in ${ms.toFixed(0)} ms`);
  expect(ms).toBeLessThanOrEqual(1000);
  await lab.waitFor('notices', (n) => n.some((m) => m.includes('control step in progress was cancelled for pause')));
  // The restarted engine answers: a smaller N steps at once.
  await lab.waitFor('backend', (b) => b !== null, 30_000);
  await lab.setValue('N', '64');
  await lab.setValue('H', '8');
  await lab.setValue('iters', '1');
  await lab.button('step').click();
  await lab.waitFor('controlSteps', (n) => n >= 1, 20_000);
});

const BROKEN_STORAGE = [
  {
    name: 'full',
    script: () => {
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    },
    says: "the browser's storage for this page is full",
  },
  {
    name: 'unavailable (private mode)',
    script: () => {
      Object.defineProperty(window, 'indexedDB', { value: undefined });
    },
    says: 'IndexedDB is not available here',
  },
];

for (const s of BROKEN_STORAGE) {
  test(`storage ${s.name}: said once, the page trains and keeps the run for the visit`, async ({ lab, page }) => {
    await page.addInitScript(s.script);
    await lab.open('?backend=cpu&episodes=2&N=16&H=4');
    await lab.ready();
    await page.getByTestId('train-start').click();
    await lab.waitFor('trainingDone', (d) => d === 2, 30_000);
    await lab.saved();
    expect(await lab.query('storageProblem')).toContain(s.says);
    const said = (await lab.query('notices')).filter((n) => n.includes('kept only until this tab closes'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(s.says);
    expect((await lab.query('runs')).length).toBe(1);
    await lab.waitFor('training', (t) => t === false);
    await lab.button('play').click();
    const n = await lab.query('controlSteps');
    await lab.waitFor('controlSteps', (m) => m > n + 3);
  });
}

test('a run file over the size limit is refused by name before it is read', async ({ lab, page }, info) => {
  await lab.open('?backend=cpu');
  await lab.ready();
  const file = info.outputPath('huge-run.json');
  writeFileSync(file, Buffer.alloc(65 * 2 ** 20, 32));
  await page.getByTestId('import-run').setInputFiles(file);
  await expect(page.getByTestId('run-error')).toContainText(
    'huge-run.json is 65 MiB; a run file may be at most 64 MiB',
  );
});
