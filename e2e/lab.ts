/**
 * The lab page object and fixtures: commands through data-testids, state
 * through the typed window.__mpqTest API.
 */
import { test as base, expect, type Page, type Request } from '@playwright/test';
import type { MpqTestApi } from '../src/ui/testApi';

export interface LabOptions {
  /** True in the project launched with --enable-unsafe-webgpu. */
  expectWebGpu: boolean;
}

type Query = { [K in keyof MpqTestApi]: ReturnType<MpqTestApi[K]> };

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

  async open(): Promise<void> {
    await this.page.goto('./');
    await expect(this.page.getByRole('heading', { name: 'MPQ Lab' })).toBeVisible();
    await this.page.waitForFunction(() => window.__mpqTest !== undefined);
  }

  /** One value of the test API. */
  async query<K extends keyof MpqTestApi>(key: K): Promise<Query[K]> {
    return this.page.evaluate((k) => {
      const api = window.__mpqTest;
      if (!api) throw new Error('window.__mpqTest is missing');
      return (api[k] as () => unknown)();
    }, key) as Promise<Query[K]>;
  }

  async waitFor<K extends keyof MpqTestApi>(key: K, ok: (v: Query[K]) => boolean, timeoutMs = 10_000): Promise<Query[K]> {
    let v = await this.query(key);
    await expect.poll(async () => ok((v = await this.query(key))), { timeout: timeoutMs, message: `waiting on ${key}` }).toBe(true);
    return v;
  }

  button(name: 'play' | 'pause' | 'step' | 'reset') {
    return this.page.getByTestId(name);
  }

  async pause(): Promise<void> {
    await this.button('pause').click();
    await this.waitFor('running', (r) => r === false);
  }

  /** Fraction of canvas pixels that differ from the top-left (background) pixel, and the number of distinct colours. */
  async canvasInk(): Promise<{ ink: number; colors: number; width: number }> {
    return this.page.getByTestId('scene').evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) return { ink: 0, colors: 0, width: c.width };
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const bg = [d[0], d[1], d[2]];
      const colors = new Set<number>();
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] !== bg[0] || d[i + 1] !== bg[1] || d[i + 2] !== bg[2]) ink++;
        colors.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      }
      return { ink: ink / (d.length / 4), colors: colors.size, width: c.width };
    });
  }

  /** Requests whose origin is not the page's (data: and blob: URLs are local and allowed). */
  foreignRequests(origin: string): string[] {
    return this.requests
      .map((r) => r.url())
      .filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  }
}

export const test = base.extend<LabOptions & { lab: LabPage }>({
  expectWebGpu: [true, { option: true }],
  lab: async ({ page }, use) => {
    await use(new LabPage(page));
  },
});

export { expect };
