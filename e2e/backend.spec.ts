/**
 * Where the lab really computes, as the status bar shows it: 'auto' passes
 * over a software WebGPU adapter (SwiftShader here, with
 * --enable-unsafe-webgpu) for the CPU path and says why; asking for webgpu
 * still gets it; the CPU path (TypeScript planner, tfjs on wasm or cpu)
 * without WebGPU; never unexplained.
 */
import { expect, test } from './lab';

test('the status bar shows the backend that really runs', async ({ lab, page, baseURL, expectWebGpu }, info) => {
  await lab.open();
  await lab.ready();
  const b = (await lab.query('backend'))!;
  const badge = page.getByTestId('backend');
  await expect(badge).toContainText(`planner ${b.planner}`);
  await expect(badge).toContainText(`Q ${b.tfjs}`);
  if (expectWebGpu) {
    // SwiftShader is a software adapter: auto prefers the CPU planner, and says why.
    expect(b.planner).toBe('cpu');
    expect(b.failures[0]).toMatch(/^webgpu: the WebGPU adapter is a software or fallback one \(google swiftshader\)/);
    await expect(page.getByTestId('backend-note')).toContainText('software or fallback');
  } else {
    expect(['wasm', 'cpu']).toContain(b.tfjs);
    expect(b.planner).toBe('cpu');
    // Why WebGPU was passed over is on the page, not swallowed.
    expect(b.failures.some((f) => f.startsWith('webgpu'))).toBe(true);
    await expect(page.getByTestId('backend-note')).toContainText('webgpu');
    if (b.tfjs === 'wasm') {
      const origin = new URL(baseURL ?? page.url()).origin;
      const wasm = lab.requests.map((r) => r.url()).filter((u) => u.endsWith('.wasm'));
      expect(wasm.length).toBeGreaterThan(0);
      for (const u of wasm) expect(u.startsWith(`${origin}/tfjs-wasm/`)).toBe(true);
    }
  }
  // The Q-network gives the same numbers on the backend as in TypeScript.
  await expect(page.getByTestId('backend-note')).toContainText(`Q-network check on ${b.tfjs}`);
  expect(b.qCheckMaxAbsDiff).toBeLessThan(1e-4);
  expect(lab.foreignRequests(new URL(baseURL ?? page.url()).origin)).toEqual([]);
  await info.attach(`backend-${info.project.name}`, { body: await page.screenshot(), contentType: 'image/png' });
  expect(lab.errors).toEqual([]);
});

test('asking for webgpu gets it, even on a software adapter', async ({ lab, page, expectWebGpu }) => {
  test.skip(!expectWebGpu, 'needs WebGPU');
  await lab.open('?backend=webgpu');
  await lab.ready();
  const b = (await lab.query('backend'))!;
  expect(b).toMatchObject({ requested: 'webgpu', tfjs: 'webgpu', planner: 'webgpu' });
  await expect(page.getByTestId('backend')).toHaveText('planner webgpu · Q webgpu');
  expect(lab.errors).toEqual([]);
});

test('asking for the cpu backend runs everything on the CPU and says so', async ({ lab, page }) => {
  await lab.open('?backend=cpu');
  await lab.ready();
  const b = (await lab.query('backend'))!;
  expect(b.requested).toBe('cpu');
  expect(b.tfjs).toBe('cpu');
  expect(b.planner).toBe('cpu');
  await expect(page.getByTestId('backend')).toContainText('Q cpu');
  await expect(page.getByTestId('backend-select')).toHaveValue('cpu');
  expect(lab.errors).toEqual([]);
});

test('while training, the status says where the Eq. 19 targets run: on the CPU beside a software WebGPU adapter', async ({
  lab,
  page,
  expectWebGpu,
}) => {
  test.setTimeout(90_000);
  // backend=webgpu: 'auto' would leave a software adapter for the CPU path, where tfjs runs no WebGPU at all.
  // Episodes enough that the run is still going when it is stopped (one episode could end it before the click).
  await lab.open(`?task=pendulum&agent=mpq&episodes=50&N=8&H=4${expectWebGpu ? '&backend=webgpu' : ''}`);
  await lab.ready();
  await lab.pause();
  expect((await lab.query('backend'))!.targets).toBeUndefined();
  await page.getByTestId('train-start').click();
  const b = (await lab.waitFor('backend', (r) => r?.targets !== undefined, 30_000))!;
  expect(b.targets).toBe('cpu');
  if (expectWebGpu) {
    // SwiftShader is a software adapter: no measurement, the CPU's targets, and the reason on the page.
    expect(b.targetsNote).toMatch(/^software WebGPU adapter: .*swiftshader/i);
    await expect(page.getByTestId('backend')).toContainText(`targets cpu (${b.targetsNote})`);
  } else {
    // tfjs is not on WebGPU at all: nothing to explain.
    expect(b.targetsNote).toBe('');
    await expect(page.getByTestId('backend')).toContainText(`Q ${b.tfjs} · targets cpu`);
  }
  await page.getByTestId('train-stop').click();
  await lab.waitFor('backend', (r) => r?.targets === undefined, 30_000);
  expect(lab.errors).toEqual([]);
});
