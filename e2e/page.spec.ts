/**
 * The lab page: every task draws, the run controls and keyboard obey, the
 * sliders reach the URL and the planner, links restore settings (and say
 * which values they could not use), training updates the plots, the page
 * stays on its own origin without eval, and a lost GPU device leaves it
 * running on the CPU.
 */
import { taskIds } from '../src/core/tasks/registry';
import { expect, test } from './lab';

test.describe('each task renders', () => {
  for (const task of taskIds()) {
    test(`${task}: the scene draws the system and its rollouts, all from the page's origin`, async ({
      lab,
      baseURL,
    }, info) => {
      await lab.open(`?task=${task}`);
      await lab.ready();
      await lab.waitFor('frame', (f) => f !== null && f.task === task && f.pathValues > 0);
      // Past the first steps (pipelines compile), so the screenshot shows the system moving under its rollouts.
      await lab.waitFor('controlSteps', (n) => n >= 8, 30_000);
      await lab.waitFor('framesDrawn', (n) => n > 2);
      const ink = await lab.canvasInk();
      expect(ink.width).toBeGreaterThan(300);
      // A floor, the system and the rollout lines: many pixels unlike the corner, in many colours.
      expect(ink.ink).toBeGreaterThan(0.02);
      expect(ink.colors).toBeGreaterThan(50);
      const f = await lab.query('frame');
      expect(f!.samples * f!.horizon * 3).toBe(f!.pathValues);
      expect(f!.weightSum).toBeCloseTo(1, 4);
      await expect(lab.page.getByTestId('task-' + task)).toBeChecked();
      await lab.screenshot(info, task);
      expect(lab.requests.length).toBeGreaterThan(2);
      expect(lab.foreignRequests(new URL(baseURL!).origin)).toEqual([]);
      // CSP violations would be console errors.
      expect(lab.errors).toEqual([]);
    });
  }
});

test('play advances, pause stops, step moves exactly one control step, reset returns to zero', async ({
  lab,
  page,
}) => {
  await lab.open('?backend=wasm'); // the controls are under test, and the CPU path starts faster than SwiftShader
  await lab.ready();
  await expect(lab.button('pause')).toBeEnabled();
  const first = await lab.query('controlSteps');
  await lab.waitFor('controlSteps', (n) => n >= first + 5);
  await expect(page.getByTestId('rate')).not.toHaveText('0.0 Hz');

  await lab.pause();
  const paused = await lab.query('controlSteps');
  await page.waitForTimeout(400);
  expect(await lab.query('controlSteps')).toBe(paused);
  await expect(lab.button('play')).toBeEnabled();
  await expect(page.getByTestId('control-steps')).toHaveText(String(paused));

  await lab.button('step').click();
  await lab.waitFor('controlSteps', (n) => n !== paused);
  await page.waitForTimeout(300);
  expect(await lab.query('controlSteps')).toBe(paused + 1);
  expect(await lab.query('running')).toBe(false);

  await lab.button('play').click();
  await lab.waitFor('controlSteps', (n) => n >= paused + 4);
  await lab.pauseAndReset();
  await expect(page.getByTestId('control-steps')).toHaveText('0');
  expect(lab.errors).toEqual([]);
});

test('H and λ from the controls reach the URL and change the planner', async ({ lab, page }) => {
  await lab.open();
  await lab.ready();
  await lab.pauseAndReset();
  const base = await lab.stepOnce();
  expect(base.horizon).toBe(8);

  // H typed into its field: the URL and the next frame's horizon follow.
  await lab.setValue('H', '16');
  await expect.poll(() => lab.urlParams().get('H')).toBe('16');
  await lab.pauseAndReset();
  const longer = await lab.stepOnce();
  expect(longer.horizon).toBe(16);
  expect(longer.pathValues).toBe(longer.samples * 16 * 3);

  // λ by its slider (keyboard on the range input): same start, same noise, a different action.
  await lab.setValue('H', '8');
  const start = await lab.pauseAndReset();
  const again = await lab.stepOnce();
  expect(again.action).toEqual(base.action);
  const slider = page.getByTestId('slider-lambda');
  await slider.focus();
  for (let i = 0; i < 10; i++) await slider.press('ArrowRight'); // 10 of 1000 log steps over 1e-4…100: λ × 1.15
  const lambda = (await lab.query('settings')).lambda;
  expect(lambda).toBeGreaterThan(0.15);
  await expect.poll(() => Number(lab.urlParams().get('lambda'))).toBe(lambda);
  await expect(page.getByTestId('value-lambda')).toHaveValue(String(lambda));
  expect(await lab.pauseAndReset()).toEqual(start);
  const hotter = await lab.stepOnce();
  expect(hotter.action).not.toEqual(base.action);
  expect(lab.errors).toEqual([]);
});

test('a link restores its settings', async ({ lab, page }) => {
  await lab.open(
    '?task=pendulum&agent=mppi&N=40&H=12&lambda=0.5&sigma=2&seed=7&model=true&true.mass=1.3&lo.length=1.1&paperSeeds=2',
  );
  await lab.ready();
  expect(await lab.query('urlNotices')).toEqual([]);
  await expect(page.getByTestId('url-notice')).toHaveCount(0);
  const s = await lab.query('settings');
  expect(s).toMatchObject({
    task: 'pendulum',
    agent: 'mppi',
    samples: 40,
    horizon: 12,
    lambda: 0.5,
    sigma: 2,
    seed: 7,
    model: 'true',
    trueParams: [1.3, 1],
  });
  expect(s.modelLow).toEqual([0.9, 1.1]);
  await expect(page.getByTestId('agent-mppi')).toBeChecked();
  await expect(page.getByTestId('model-true')).toBeChecked();
  await expect(page.getByTestId('value-N')).toHaveValue('40');
  await expect(page.getByTestId('value-seed')).toHaveValue('7');
  await expect(page.getByTestId('param-true-mass')).toHaveValue('1.3');
  const f = await lab.waitFor('frame', (x) => x !== null && x.horizon === 12);
  expect(f!.samples).toBe(40);
  // The address bar keeps every setting (a copied link reproduces the lab).
  expect(lab.urlParams().get('N')).toBe('40');
  expect(lab.urlParams().get('true.mass')).toBe('1.3');

  // Every control has a name a screen reader reads.
  const controls = page.locator('input, select, button, textarea');
  const count = await controls.count();
  expect(count).toBeGreaterThan(30);
  for (let i = 0; i < count; i++) await expect(controls.nth(i)).toHaveAccessibleName(/\S/);
  // At 1280×720 the scene, the status bar and the run buttons show without scrolling.
  for (const id of ['scene', 'status', 'play', 'pause', 'step', 'reset'])
    await expect(page.getByTestId(id)).toBeInViewport({ ratio: 0.95 });
  // Paper mode's seed count rides in the link too, both ways (last: filling the field scrolls).
  const paperSeeds = page.getByTestId('paper-seeds');
  await expect(paperSeeds).toHaveValue('2');
  await expect(page.getByTestId('paper-setup-text')).toContainText('seeds 7, 8');
  await paperSeeds.fill('3');
  await expect.poll(() => lab.urlParams().get('paperSeeds')).toBe('3');
  expect(lab.errors).toEqual([]);
});

test('a link with garbage shows what was ignored and uses the defaults', async ({ lab, page }) => {
  await lab.open('?task=pendulum&N=lots&H=-3&lambda=0&gamma=7&model=perfect&true.mass=99&colour=blue');
  const banner = page.getByTestId('url-notice');
  await expect(banner).toBeVisible();
  for (const text of ['N', 'lots', 'H', '-3', 'lambda', 'gamma', 'perfect', 'true.mass', '99', 'colour'])
    await expect(banner).toContainText(text);
  await expect(banner).toContainText('[0.5, 2]');
  const notices = await lab.query('urlNotices');
  expect(notices.map((n) => n.key).sort()).toEqual(['H', 'N', 'colour', 'gamma', 'lambda', 'model', 'true.mass']);
  const s = await lab.query('settings');
  expect(s).toMatchObject({ samples: 24, horizon: 8, lambda: 0.15, gamma: 0.9, model: 'biased', trueParams: [1, 1] });
  await lab.ready();
  // The address bar now holds the settings in force.
  await expect.poll(() => lab.urlParams().get('N')).toBe('24');
  expect(lab.urlParams().has('colour')).toBe(false);
  await page.getByTestId('url-notice-dismiss').click();
  await expect(banner).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});

test('a short training run updates the learning plots', async ({ lab, page }) => {
  test.setTimeout(90_000);
  // The plots are under test, not the GPU: the CPU path trains a pendulum episode in seconds, SwiftShader in ~30 s.
  await lab.open('?task=pendulum&agent=mpq&episodes=2&N=16&H=4&backend=wasm');
  await lab.ready();
  await lab.pause();
  const before = await lab.query('episodes');
  await page.getByTestId('train-start').click();
  await lab.waitFor('training', (t) => t === true);
  await expect(page.getByTestId('train-stop')).toBeVisible();
  await lab.waitFor('trainingDone', (d) => d === 2, 75_000);
  await lab.waitFor('episodes', (n) => n >= before + 2);
  await expect(page.getByTestId('train-progress-text')).toContainText('2');
  await expect(page.getByTestId('train-start')).toBeVisible();
  // The return plot now describes two episodes (its aria-label is the plot in words).
  await expect(page.getByTestId('plot-return')).not.toHaveAttribute('aria-label', /no finished episode/i);
  expect(lab.errors).toEqual([]);
});

test('keyboard: space plays and pauses, s steps once, r resets; typing in a field is left alone', async ({
  lab,
  page,
}) => {
  await lab.open('?backend=wasm');
  await lab.ready();
  await page.getByRole('heading', { name: 'MPQ Lab' }).click(); // focus on the page, not a control
  await page.keyboard.press('Space');
  await lab.waitFor('running', (r) => r === false);
  const n = await lab.query('controlSteps');
  await page.keyboard.press('s');
  await lab.waitFor('controlSteps', (k) => k === n + 1);
  await page.keyboard.press('Space');
  await lab.waitFor('running', (r) => r === true);
  await page.keyboard.press('Space');
  await lab.waitFor('running', (r) => r === false);
  await page.keyboard.press('r');
  await lab.waitFor('controlSteps', (k) => k === 0);

  // Typed into the seed field, "s", "r" and space are text, not commands.
  const seed = page.getByTestId('value-seed');
  await seed.click();
  await page.keyboard.type('s r');
  await page.waitForTimeout(300);
  expect(await lab.query('controlSteps')).toBe(0);
  expect(await lab.query('running')).toBe(false);
  await seed.press('Escape');
  expect(lab.errors).toEqual([]);
});

test('the CSP allows nothing from other origins and no eval', async ({ request }) => {
  const html = await (await request.get('./')).text();
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).not.toContain("'unsafe-inline'");
  expect(csp).not.toMatch(/https?:/);
});

test('a lost GPU device moves the planner to the CPU and keeps running', async ({ lab, page, expectWebGpu }) => {
  test.skip(!expectWebGpu, 'needs WebGPU');
  await lab.open('?backend=webgpu');
  await lab.ready();
  const before = await lab.query('backend');
  expect(before!.planner).toBe('webgpu');
  await lab.simulateDeviceLoss();
  const after = await lab.waitFor('backend', (b) => b !== null && b.planner === 'cpu', 20_000);
  // Never silent: the badge says why the planner is on the CPU, and a notice says what happened.
  expect(after!.plannerNote).toMatch(/lost/);
  await expect(page.getByTestId('backend')).toContainText(`planner cpu (${after!.plannerNote}) · Q ${after!.tfjs}`);
  await expect(page.getByTestId('engine-notice')).toContainText('lost');
  const n = await lab.query('controlSteps');
  await lab.waitFor('controlSteps', (k) => k >= n + 5, 20_000);
  expect(await lab.query('running')).toBe(true);
});

test('copy link: the clipboard gets the address, or a field shows it when copying is refused', async ({
  lab,
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await lab.open('?task=pendulum&H=12&backend=cpu');
  await lab.ready();
  await expect.poll(() => lab.urlParams().get('seed')).toBe('0'); // the address holds every setting
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link')).toHaveText(/copied/i);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());

  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new Error('permission denied'));
  });
  await page.getByTestId('copy-link').click();
  const fallback = page.getByTestId('copy-link-fallback');
  await expect(fallback).toContainText('permission denied');
  await expect(fallback.getByRole('textbox')).toHaveValue(page.url());
  expect(lab.errors).toEqual([]);
});

test("pretrained weights load from the page's own origin, and a missing file is said so", async ({ lab, page }) => {
  await lab.open('?task=pendulum&q=none&backend=cpu');
  await lab.ready();
  expect(lab.requests.some((r) => r.url().includes('/weights/'))).toBe(false);
  await page.getByTestId('q-pretrained').click();
  await expect(page.getByTestId('weights-message')).toContainText('Pretrained Q loaded (weights/pendulum.json)');
  await expect(page.getByTestId('q-source-text')).toHaveAttribute('data-q', 'pretrained');
  // Another task through the picker asks for its published Q; the server answers 404 here (as for a task without one).
  await page.route('**/weights/franka.json', (route) =>
    route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }),
  );
  await page.getByTestId('task-franka').check();
  await lab.waitFor('frame', (f) => f !== null && f.task === 'franka', 30_000);
  await expect(page.getByTestId('weights-message')).toContainText('No pretrained Q-function is published for Franka');
  await expect(page.getByTestId('q-source-text')).toHaveAttribute('data-q', 'none');
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(lab.requests.some((r) => r.url().endsWith('/weights/franka.json'))).toBe(true);
  // The 404 of the missing file is the only console error.
  expect(lab.errors.filter((e) => !e.includes('404'))).toEqual([]);
});

test('a run file exported and imported again restores its settings; a bad file is refused beside the buttons', async ({
  lab,
  page,
}, info) => {
  await lab.open('?task=pendulum&agent=mpq&H=6&seed=3&backend=wasm');
  await lab.ready();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-run').click();
  const file = info.outputPath('run.json');
  await (await download).saveAs(file);
  expect((await download).suggestedFilename()).toBe('mpq-run-pendulum-mpq-seed3.json');

  await lab.setValue('H', '10');
  await expect.poll(() => lab.urlParams().get('H')).toBe('10');
  await page.getByTestId('import-run').setInputFiles(file);
  await expect(page.getByTestId('engine-notice').filter({ hasText: 'run imported' })).toBeVisible();
  await expect.poll(async () => (await lab.query('settings')).horizon).toBe(6);
  await expect(page.getByTestId('value-H')).toHaveValue('6');
  await expect.poll(() => lab.urlParams().get('H')).toBe('6');

  await page.getByTestId('import-run').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"something else"}'),
  });
  await expect(page.getByTestId('run-error')).toBeVisible();
  expect((await lab.query('settings')).horizon).toBe(6);
  expect(lab.errors).toEqual([]);
});
