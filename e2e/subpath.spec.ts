/**
 * The built site works from a sub-path: dist/ served under /mpq/ by
 * `vite preview --base /mpq/` loads, starts the engine's worker (and the wasm
 * binaries on the CPU path) from under /mpq/, and keeps /mpq/ in the address
 * bar when it writes the settings there.
 */
import { expect, test } from './lab';
import { EXTRA_PORT, startPreview, type PreviewServer } from './previewServer';

let server: PreviewServer | null = null;

// dist/ is fresh: playwright.config.ts's webServer built it before any test ran.
test.beforeAll(async () => {
  server = await startPreview(EXTRA_PORT.subpath, '/mpq/');
});

test.afterAll(async () => {
  await server?.stop();
});

test('the built page runs under /mpq/', async ({ lab, page }) => {
  const origin = server!.origin;
  await page.goto(`${origin}/mpq/?task=pendulum&H=6`);
  await page.waitForFunction(() => window.__mpqTest !== undefined);
  await lab.ready();
  expect((await lab.query('settings')).horizon).toBe(6);
  await lab.waitFor('frame', (f) => f !== null && f.horizon === 6);
  expect(new URL(page.url()).pathname).toBe('/mpq/');
  const own = lab.requests.map((r) => new URL(r.url())).filter((u) => u.protocol.startsWith('http'));
  expect(own.length).toBeGreaterThan(2);
  for (const u of own) {
    expect(u.origin).toBe(origin);
    expect(u.pathname.startsWith('/mpq/'), u.pathname).toBe(true);
  }
  expect(lab.errors).toEqual([]);
});
