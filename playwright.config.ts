/**
 * e2e against the built page served by `vite preview` on http://127.0.0.1
 * (a secure context, so WebGPU is allowed). Two projects: Chromium with
 * WebGPU on (SwiftShader on machines without a GPU) and Chromium without it.
 *
 * Browser: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own.
 */
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { LabOptions } from './e2e/lab';
import { E2E_PORT as PORT } from './e2e/previewServer';
const executablePath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const quietArgs = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-sandbox',
];

export default defineConfig<LabOptions>({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Two shared cores: one browser at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    // A projector's 1280×720: the scene, status bar and run controls must fit.
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
    // The offline service worker would precache the whole build in every test; e2e/offline.spec.ts allows it.
    serviceWorkers: 'block',
    trace: 'off',
  },
  projects: [
    {
      // WebGL for the three.js scene needs no flag here (ANGLE on SwiftShader's Vulkan by default).
      name: 'webgpu',
      testIgnore: /(subpath|faults|offline|hostileUrls|heavy|persistence|slowSettings|soak)\.spec\.ts/,
      use: { expectWebGpu: true, launchOptions: { executablePath, args: ['--enable-unsafe-webgpu', ...quietArgs] } },
    },
    {
      // The CPU path: the backend checks, the GPU page's refusal, the build under a sub-path, and the reliability suite.
      name: 'no-webgpu',
      testMatch: /(backend|gpuParity|subpath|faults|offline|hostileUrls|heavy|persistence|slowSettings)\.spec\.ts/,
      use: { expectWebGpu: false, launchOptions: { executablePath, args: quietArgs } },
    },
    // The 10-minute soak (e2e/soak.spec.ts): only with SOAK=1.
    ...(process.env.SOAK
      ? [
          {
            name: 'soak',
            testMatch: /soak\.spec\.ts/,
            use: { expectWebGpu: false, launchOptions: { executablePath, args: quietArgs } },
          },
        ]
      : []),
  ],
  webServer: {
    // The site (dist/) and, served beside it by vite.config.ts's preview plugin, the GPU test page (dist-harness/).
    command: `npm run build && npm run build:harness && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    // Always test a fresh build; a busy port fails loudly instead of testing someone else's server.
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
