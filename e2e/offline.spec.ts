/**
 * After one visit the lab works without network (a lecture hall's Wi-Fi):
 * the service worker has the page, the engine's worker, the tfjs wasm binaries
 * and the published weights, and a reload offline runs the lab on wasm and
 * loads the pretrained Q.
 *
 * "Offline" is made two ways at once, because Playwright's offline emulation
 * does not reach a service worker's own fetches: the page's context goes
 * offline, and the test's own preview server (not the suite's) is stopped, so
 * nothing can come from the network, whoever asks.
 */
import { expect, test } from './lab';
import { EXTRA_PORT, startPreview } from './previewServer';

test.use({ serviceWorkers: 'allow' });

test('offline reload after one visit: page, worker, wasm and weights', async ({ lab, page, context }) => {
  test.setTimeout(120_000);
  const server = await startPreview(EXTRA_PORT.offline);
  try {
    await page.goto(`${server.origin}/?backend=wasm`);
    await page.waitForFunction(() => window.__mpqTest !== undefined);
    await lab.ready();
    // The service worker installed (every file cached) and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const keys = (await Promise.all(names.map(async (n) => (await caches.open(n)).keys()))).flat();
      return keys.map((r) => new URL(r.url).pathname);
    });
    for (const f of ['/', '/weights/pendulum.json', '/tfjs-wasm/tfjs-backend-wasm-simd.wasm', '/favicon.svg'])
      expect(cached).toContain(f);
    expect(cached.some((p) => /^\/assets\/worker-.*\.js$/.test(p))).toBe(true);

    await context.setOffline(true);
    await server.stop();
    expect(await fetch(server.origin).catch(() => null), 'the server no longer answers').toBeNull();
    const before = lab.requests.length;
    await page.reload();
    await page.waitForFunction(() => window.__mpqTest !== undefined);
    await lab.ready(60_000);
    expect((await lab.query('backend'))?.tfjs).toBe('wasm');
    // MPQ opens with the published Q, its file now from the service worker's cache.
    await expect(page.getByTestId('q-source-text')).toHaveAttribute('data-q', 'pretrained', { timeout: 30_000 });
    // Everything after the reload came from the service worker: the page, its scripts, the engine's worker, the weights.
    const after = lab.requests.slice(before).map((r) => new URL(r.url()).pathname);
    for (const p of [/^\/$/, /^\/assets\/index-.*\.js$/, /^\/assets\/worker-.*\.js$/, /^\/weights\/pendulum\.json$/])
      expect(
        after.some((x) => p.test(x)),
        `${p} requested after the reload`,
      ).toBe(true);
    expect(lab.errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  } finally {
    await context.setOffline(false);
    await server.stop();
  }
});
