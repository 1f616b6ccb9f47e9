/**
 * The built site works from a sub-path: dist/ served under /mpq/ by
 * `vite preview --base /mpq/` loads, starts the engine's worker (and the wasm
 * binaries on the CPU path) from under /mpq/, and keeps /mpq/ in the address
 * bar when it writes the settings there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test } from './lab';

const PORT = 4318;
const ORIGIN = `http://127.0.0.1:${PORT}`;
let server: ChildProcess | null = null;

test.beforeAll(async () => {
  // dist/ is fresh: playwright.config.ts's webServer built it before any test ran.
  // Node runs vite itself (no npx wrapper), so killing this one process stops the server.
  const vite = path.join('node_modules', 'vite', 'bin', 'vite.js');
  server = spawn(
    process.execPath,
    [vite, 'preview', '--base', '/mpq/', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    { stdio: 'ignore' },
  );
  let exit: number | null = null;
  server.on('exit', (code) => (exit = code ?? -1));
  await expect
    .poll(
      async () => {
        // A busy port makes vite exit: never test someone else's server.
        if (exit !== null) throw new Error(`vite preview exited with ${exit} (is port ${PORT} in use?)`);
        return fetch(`${ORIGIN}/mpq/`)
          .then((r) => r.status)
          .catch(() => 0);
      },
      { timeout: 20_000, message: 'vite preview under /mpq/' },
    )
    .toBe(200);
});

test.afterAll(() => {
  if (server?.pid) server.kill();
});

test('the built page runs under /mpq/', async ({ lab, page }) => {
  await page.goto(`${ORIGIN}/mpq/?task=pendulum&H=6`);
  await page.waitForFunction(() => window.__mpqTest !== undefined);
  await lab.ready();
  expect((await lab.query('settings')).horizon).toBe(6);
  await lab.waitFor('frame', (f) => f !== null && f.horizon === 6);
  expect(new URL(page.url()).pathname).toBe('/mpq/');
  const own = lab.requests.map((r) => new URL(r.url())).filter((u) => u.protocol.startsWith('http'));
  expect(own.length).toBeGreaterThan(2);
  for (const u of own) {
    expect(u.origin).toBe(ORIGIN);
    expect(u.pathname.startsWith('/mpq/'), u.pathname).toBe(true);
  }
  expect(lab.errors).toEqual([]);
});
