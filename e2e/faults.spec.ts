/**
 * Faults the page recovers from without a reload: a backend that cannot start,
 * a worker that dies, a control step too long to wait for, storage that is
 * full or missing, a file too big to read, a run file of 200,000 episodes, a
 * weight that overflows float32. Runs in the no-webgpu project.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
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
  // The restarted engine answers: a smaller N steps at once. No episode had been saved, so the published Q
  // is loaded again (it restarts the episode): wait for it before stepping.
  await lab.waitFor('backend', (b) => b !== null, 30_000);
  await expect(page.getByTestId('q-source-text')).toHaveAttribute('data-q', 'pretrained', { timeout: 30_000 });
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

/** A run file of this page's own settings and weights (exported), as an object to edit. */
async function exportedRun(page: Page, file: string): Promise<Record<string, unknown>> {
  const download = page.waitForEvent('download');
  await page.getByTestId('export-run').click();
  await (await download).saveAs(file);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

test('a run file with 200,000 curve entries imports and plots', async ({ lab, page }, info) => {
  test.setTimeout(120_000);
  await lab.open('?task=pendulum&agent=mpq&backend=cpu');
  await lab.ready();
  const run = await exportedRun(page, info.outputPath('small.json'));
  const N = 200_000;
  run.curves = Array.from({ length: N }, (_, i) => ({
    phase: i % 10 === 0 ? 'play' : 'train',
    record: {
      episode: i,
      return: -1500 + 1400 * (1 - Math.exp(-i / 20_000)) + 50 * Math.sin(i),
      success: i % 3 === 0,
      steps: 200,
      wallMs: 40,
      meanFreeEnergy: 5 + Math.cos(i),
      tdLoss: i % 10 === 0 ? null : 1 / (1 + i),
      system: 'true',
    },
  }));
  const file = info.outputPath('long-run.json');
  writeFileSync(file, JSON.stringify(run));
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  await page.getByTestId('import-run').setInputFiles(file);
  // The run keeper may also say the run it replaced was kept (when an episode had ended before the import).
  await expect(page.getByTestId('engine-notice').filter({ hasText: 'run imported' })).toBeVisible({ timeout: 60_000 });
  await lab.waitFor('episodes', (n) => n >= N, 60_000);
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  console.log(`200,000 episodes: ${long.length} long tasks while importing, longest ${Math.max(0, ...long)} ms`);
  // The worker was busy reading the file, not dead.
  expect(await lab.query('health')).not.toBe('dead');
  // The return plot describes the imported episodes (its aria-label is the plot in words), and it drew.
  const plot = page.getByTestId('plot-return');
  await expect(plot).not.toHaveAttribute('aria-label', /no finished episode/i);
  const ink = await plot.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 16) if (d[i + 3] > 0) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return colours.size;
  });
  expect(ink).toBeGreaterThan(3);
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});

test('a weights value of 1e39 (Infinity in float32) is refused, naming the file and the value', async ({
  lab,
  page,
}, info) => {
  await lab.open('?task=pendulum&agent=mpq&backend=cpu');
  await lab.ready();
  // MPQ opens with the published Q, so the run has weights to keep (and a hash to compare).
  await expect(page.getByTestId('q-source-text')).toHaveAttribute('data-q', 'pretrained');
  const hashBefore = await lab.waitFor('weightsHash', (h) => h !== null);
  const run = await exportedRun(page, info.outputPath('run.json'));
  const weights = run.weights as { layers: { kernel: number[] }[] };
  // JSON.stringify writes 1e39 as 1e+39: finite as a float64, Infinity once stored as the float32 the network uses.
  weights.layers[1].kernel[7] = 1e39;
  const file = info.outputPath('overflowing-weights.json');
  writeFileSync(file, JSON.stringify(run));
  await page.getByTestId('import-run').setInputFiles(file);
  const error = page.getByTestId('run-error');
  await expect(error).toContainText('overflowing-weights.json');
  await expect(error).toContainText('layer 1 kernel[7] is 1e+39');
  await expect(error).toContainText('finite in float32');
  // Nothing changed: the same Q, no import, and the engine steps on.
  expect(await lab.query('weightsHash')).toBe(hashBefore);
  expect(await lab.query('notices')).not.toContainEqual(expect.stringContaining('run imported'));
  const n = await lab.query('controlSteps');
  await lab.waitFor('controlSteps', (m) => m > n + 2);
});
