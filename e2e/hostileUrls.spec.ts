/**
 * Hostile and careless links, as data: each loads the page, starts the engine
 * on what it could use, names every value it did not use, renders no markup
 * from the link, and asks nothing of another origin. Runs in the no-webgpu
 * project (the CPU path), one page for the whole list.
 */
import { expect, test } from './lab';

/** query → the keys the page must say it did not use. */
const HOSTILE: [string, string[]][] = [
  [
    '?N=1e999&H=0&lambda=NaN&sigma=Infinity&seed=3.5&speed=1e-9&iters=11&episodes=0',
    ['N', 'H', 'lambda', 'sigma', 'seed', 'speed', 'iters', 'episodes'],
  ],
  ['?task=__proto__&agent=toString&N=0x10&paperSeeds=99', ['task', 'agent', 'N', 'paperSeeds']],
  ['?task=constructor&model=javascript:alert(1)&data=../../etc&backend=quantum', ['task', 'model', 'data', 'backend']],
  ['?agent=<img src=x onerror=alert(1)>&%3Cscript%3Ealert(1)%3C%2Fscript%3E=1', ['agent', '<script>alert(1)</script>']],
  ['?lo.m=999&hi.m=-999&true.nope=1&H=8&H=9999', ['lo.m', 'hi.m', 'true.nope', 'H']],
  [`?task=${'x'.repeat(5000)}&N=%00`, ['task', 'N']],
];

test('hostile links: the page starts, names what it did not use, renders no markup and stays on its origin', async ({
  lab,
  page,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const origin = new URL(baseURL!).origin;
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  for (const [query, keys] of HOSTILE) {
    await lab.open(query);
    const notices = await lab.waitFor('urlNotices', (n) => n.length > 0);
    const named = notices.map((n) => n.key);
    for (const k of keys) expect(named, `${query} names ${k}`).toContain(k);
    await expect(page.getByTestId('url-notice')).toBeVisible();
    expect(await page.locator('img[src="x"], script:not([src])').count(), query).toBe(0);
  }
  // The engine starts on what the last link left usable (each start costs seconds, so once).
  await lab.ready(30_000);
  expect(dialogs).toBe(0);
  expect(lab.foreignRequests(origin)).toEqual([]);
  expect(lab.errors).toEqual([]);
});

test('the preview server sends the security headers, the worker its CSP', async ({ request, lab, page }) => {
  const res = await request.get('./');
  const h = res.headers();
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('no-referrer');
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy']).toContain("connect-src 'self'");
  await lab.open('?backend=cpu');
  await lab.ready();
  const worker = lab.requests.find((r) => /\/assets\/worker-[^/]+\.js$/.test(r.url()));
  expect(worker, 'the engine worker was fetched').toBeDefined();
  const wh = (await worker!.response())!.headers();
  expect(wh['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(wh['content-security-policy']).not.toMatch(/'unsafe-(eval|inline)'/);
  expect(await page.title()).toContain('MPQ Lab');
});
