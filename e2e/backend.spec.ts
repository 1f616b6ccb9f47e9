/**
 * The tfjs backend the worker reports: webgpu with --enable-unsafe-webgpu
 * (SwiftShader here), a CPU path (wasm or cpu) without it, never unexplained.
 */
import { expect, test } from './lab';

test('reports the backend that really runs', async ({ lab, page, baseURL, expectWebGpu }, info) => {
  await lab.open();
  const backend = await lab.waitFor('backend', (b) => b !== null, 25_000);
  const badge = page.getByTestId('backend');
  await expect(badge).toHaveText(backend ?? '');
  const failures = await lab.query('backendFailures');
  if (expectWebGpu) {
    expect(backend).toBe('webgpu');
    expect(failures).toEqual([]);
  } else {
    expect(['wasm', 'cpu']).toContain(backend);
    // Why WebGPU was passed over is on the page, not swallowed.
    expect(failures.some((f) => f.startsWith('webgpu:'))).toBe(true);
    await expect(page.getByTestId('backend-note')).toContainText('webgpu:');
    if (backend === 'wasm') {
      const origin = new URL(baseURL ?? page.url()).origin;
      const wasm = lab.requests.map((r) => r.url()).filter((u) => u.endsWith('.wasm'));
      expect(wasm.length).toBeGreaterThan(0);
      for (const u of wasm) expect(u.startsWith(`${origin}/tfjs-wasm/`)).toBe(true);
    }
  }
  // The Q-network gives the same numbers on the backend as in TypeScript.
  await expect(page.getByTestId('backend-note')).toContainText(`Q-network check on ${backend}`);
  const diff = await lab.query('qCheckMaxAbsDiff');
  expect(diff).not.toBeNull();
  expect(diff).toBeLessThan(1e-4);
  await lab.waitFor('controlSteps', (n) => n > 0);
  expect(lab.foreignRequests(new URL(baseURL ?? page.url()).origin)).toEqual([]);
  await page.screenshot({ path: `test-results/backend-${info.project.name}.png` });
  expect(lab.errors).toEqual([]);
});
