/**
 * A second `vite preview` of the built site, beside the one playwright.config.ts
 * starts: for a test that needs the site under another base path, or a server
 * it can stop (offline). Ports derive from E2E_PORT, so checkouts running
 * their e2e side by side never share one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect } from '@playwright/test';

/** The main preview server's port (playwright.config.ts). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4317);

/** Offsets from E2E_PORT of the extra servers, one per spec that starts one. */
export const EXTRA_PORT = { subpath: 100, offline: 200 } as const;

export interface PreviewServer {
  readonly origin: string;
  /** Stops the server (it no longer answers afterwards); safe to call twice. */
  stop(): Promise<void>;
}

/** Serves dist/ (already built by playwright.config.ts's webServer) under `base` on E2E_PORT + offset. */
export async function startPreview(offset: number, base = '/'): Promise<PreviewServer> {
  const port = E2E_PORT + offset;
  const origin = `http://127.0.0.1:${port}`;
  // Node runs vite itself (no npx wrapper), so ending this one process stops the server.
  const vite = path.join('node_modules', 'vite', 'bin', 'vite.js');
  const server: ChildProcess = spawn(
    process.execPath,
    [vite, 'preview', '--base', base, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { stdio: 'ignore' },
  );
  let exit: number | null = null;
  const exited = new Promise<void>((resolve) =>
    server.on('exit', (code) => {
      exit = code ?? -1;
      resolve();
    }),
  );
  await expect
    .poll(
      async () => {
        // A busy port makes vite exit: never test someone else's server.
        if (exit !== null) throw new Error(`vite preview exited with ${exit} (is port ${port} in use?)`);
        return fetch(`${origin}${base}`)
          .then((r) => r.status)
          .catch(() => 0);
      },
      { timeout: 20_000, message: `vite preview on ${origin}${base}` },
    )
    .toBe(200);
  return {
    origin,
    async stop() {
      if (exit === null) {
        server.kill();
        await exited;
      }
    },
  };
}
