/**
 * The page's pool of target workers: MPQ trained on the pendulum with the Eq.
 * 19 targets on 2 workers, on 1 worker and on the engine's own thread gives
 * the same records (every field but the wall time), and the status bar says
 * how many workers compute them. Each run's wall time from Start to its last
 * episode is attached to the report; E2E_POOL_EPISODES sets the episodes per
 * run (default 3; docs/benchmarks.md's figure is from 20).
 */
import { expect, test } from './lab';

const EPISODES = Number(process.env.E2E_POOL_EPISODES ?? 3);

test('2 target workers, 1 and the engine thread train the same records', async ({ lab, page }, info) => {
  test.setTimeout(60_000 + 3 * EPISODES * 20_000);
  const runs: { workers: number; wallMs: number; records: Record<string, unknown>[] }[] = [];
  for (const workers of [2, 1, 0]) {
    // A fresh page: a fresh Q-network from the seed.
    await lab.open(`?task=pendulum&agent=mpq&seed=1&episodes=${EPISODES}&backend=wasm`);
    await lab.ready();
    await lab.pause();
    await lab.setTargetWorkers(workers);
    const t0 = Date.now();
    await page.getByTestId('train-start').click();
    const b = (await lab.waitFor('backend', (r) => r?.targets !== undefined, 30_000))!;
    expect(b.targets).toBe('cpu');
    expect(b.targetWorkers).toBe(workers);
    if (workers > 0)
      await expect(page.getByTestId('backend')).toContainText(`, ${workers} worker${workers > 1 ? 's' : ''}`);
    await lab.waitFor('trainingDone', (d) => d === EPISODES, EPISODES * 20_000);
    const wallMs = Date.now() - t0;
    await lab.waitFor('trainRecords', (r) => r.length === EPISODES);
    const records = await lab.query('trainRecords');
    runs.push({ workers, wallMs, records });
    expect(lab.errors).toEqual([]);
  }
  const times = runs.map((r) => `${r.workers} workers: ${(r.wallMs / 1000).toFixed(1)} s`).join(', ');
  await info.attach('wall times', { body: `${EPISODES} pendulum MPQ episodes: ${times}`, contentType: 'text/plain' });
  console.log(`target pool, ${EPISODES} pendulum MPQ training episodes, wall time: ${times}`);
  expect(runs[0].records.every((r) => typeof r.tdLoss === 'number')).toBe(true);
  expect(runs[1].records).toEqual(runs[0].records);
  expect(runs[2].records).toEqual(runs[0].records);
});
