/**
 * The lab page object and fixtures: commands through data-testids, state
 * through the typed window.__mpqTest API.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page, type Request, type TestInfo } from '@playwright/test';
import type { MpqTestApi } from '../src/ui/testApi';

export interface LabOptions {
  /** True in the project launched with --enable-unsafe-webgpu. */
  expectWebGpu: boolean;
}

/** Readers of the test API (everything but the one command). */
export type QueryKey = Exclude<
  keyof MpqTestApi,
  'simulateDeviceLoss' | 'setTargetWorkers' | 'canvasInk' | 'killWorker' | 'saved'
>;
type Query = { [K in QueryKey]: Awaited<ReturnType<MpqTestApi[K]>> };

export class LabPage {
  /** Every request the page (and its worker) made. */
  readonly requests: Request[] = [];
  /** Uncaught errors and console errors (CSP violations land here). */
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('request', (r) => this.requests.push(r));
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
  }

  /** Opens the page (optionally with a query such as '?task=fetch') and waits for the test API. */
  async open(query = ''): Promise<void> {
    await this.page.goto(`./${query}`);
    await expect(this.page.getByRole('heading', { name: 'MPQ Lab' })).toBeVisible();
    await this.page.waitForFunction(() => window.__mpqTest !== undefined);
  }

  /** One value of the test API. */
  async query<K extends QueryKey>(key: K): Promise<Query[K]> {
    return this.page.evaluate((k) => {
      const api = window.__mpqTest;
      if (!api) throw new Error('window.__mpqTest is missing');
      return (api[k] as () => unknown)();
    }, key) as Promise<Query[K]>;
  }

  async waitFor<K extends QueryKey>(key: K, ok: (v: Query[K]) => boolean, timeoutMs = 10_000): Promise<Query[K]> {
    let v = await this.query(key);
    await expect
      .poll(async () => ok((v = await this.query(key))), { timeout: timeoutMs, message: `waiting on ${key}` })
      .toBe(true);
    return v;
  }

  /** Waits until the engine reported its backend and ran a control step. */
  async ready(timeoutMs = 30_000): Promise<void> {
    await this.waitFor('backend', (b) => b !== null, timeoutMs);
    await this.waitFor('controlSteps', (n) => n > 0, timeoutMs);
  }

  button(name: 'play' | 'pause' | 'step' | 'reset') {
    return this.page.getByTestId(name);
  }

  async pause(): Promise<void> {
    await this.button('pause').click();
    await this.waitFor('running', (r) => r === false);
  }

  /** Pauses, resets, waits for step 0 (the seed's first start) and returns the real system's state there. */
  async pauseAndReset(): Promise<number[]> {
    if (await this.query('running')) await this.pause();
    await this.button('reset').click();
    const f = await this.waitFor('frame', (x) => x !== null && x.controlSteps === 0);
    return f!.state;
  }

  /** One control step from the paused state; returns the frame after it. */
  async stepOnce(): Promise<NonNullable<Query['frame']>> {
    const before = await this.query('controlSteps');
    await this.button('step').click();
    await this.waitFor('controlSteps', (n) => n === before + 1);
    const f = await this.query('frame');
    if (!f) throw new Error('no frame after a step');
    return f;
  }

  /** Types a value into a setting's number field (test id `value-<id>`) and leaves the field. */
  async setValue(id: string, value: string): Promise<void> {
    const field = this.page.getByTestId(`value-${id}`);
    await field.fill(value);
    await field.press('Enter');
  }

  async canvasInk(): Promise<Awaited<ReturnType<MpqTestApi['canvasInk']>>> {
    return this.page.evaluate(() => window.__mpqTest!.canvasInk());
  }

  /** Waits until every run save queued so far is written. */
  async saved(): Promise<void> {
    await this.page.evaluate(() => window.__mpqTest!.saved());
  }

  async simulateDeviceLoss(): Promise<void> {
    await this.page.evaluate(() => window.__mpqTest!.simulateDeviceLoss());
  }

  /** The engine's target pool size from the next training run on (0: the engine's own thread). */
  async setTargetWorkers(count: number): Promise<void> {
    await this.page.evaluate((n) => window.__mpqTest!.setTargetWorkers(n), count);
  }

  /** The page's query as key → value. */
  urlParams(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }

  /** Requests whose origin is not the page's (data: and blob: URLs are local and allowed). */
  foreignRequests(origin: string): string[] {
    return this.requests
      .map((r) => r.url())
      .filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  }

  /**
   * A screenshot attached to the test's report; with SAVE_SCREENSHOTS=1 also
   * written to docs/screenshots/<name>.png (to refresh the docs).
   */
  async screenshot(info: TestInfo, name: string): Promise<void> {
    const body = await this.page.screenshot();
    await info.attach(name, { body, contentType: 'image/png' });
    if (process.env.SAVE_SCREENSHOTS === '1') {
      const dir = path.join(process.cwd(), 'docs', 'screenshots');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${name}.png`), body);
    }
  }
}

export const test = base.extend<LabOptions & { lab: LabPage }>({
  expectWebGpu: [true, { option: true }],
  lab: async ({ page }, use) => {
    await use(new LabPage(page));
  },
});

export { expect };
