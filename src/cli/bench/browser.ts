/**
 * The browser part of `npm run bench -- --browser`: the GPU planner (WebGPU through
 * tfjs-webgpu and our WGSL) and the CPU planner, both on gpu-test.html in Chromium.
 *
 * Builds dist/ and dist-harness/ with `vite build` unless they are newer than every
 * source file, serves them with `vite preview` on 127.0.0.1 (a secure context), launches Chromium as
 * playwright.config.ts does ($CHROMIUM_PATH, else /usr/bin/chromium, else
 * Playwright's own; --enable-unsafe-webgpu, --disable-quic) and, for each task and
 * backend at N ∈ {36, 1024, 16384}, measures
 *   browser/control/<task>/<backend>-N<n>-H<h>   controlStepsPerSec: plain MPPI at the paper's long H
 *   browser/targets/<task>/<backend>-N<n>-B<b>   targetsPerSec: Eq. 19 targets at MPQ's H and K, B = min(64, 65536 / N)
 * Each case: one warm-up call (GPU pipelines and tfjs kernels compile there), then
 * at least one timed repeat, more until a per-case budget; a case whose warm call is
 * predicted (linearly in the sample rows, from the next smaller N) to take longer
 * than the cap is skipped, and one whose warm-up alone exceeds the cap reports that
 * cold call. Both are noted in the JSON.
 * On SwiftShader (no GPU: WebGPU on the CPU) the figures are a smoke test only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { getTask, taskIds } from '../../core/tasks/registry';
import type { AdapterReport, BenchCaseOptions } from '../../harness/benchCases';
import type { GpuTestStatus } from '../../harness/testPage';
import type { BenchResult } from './common';
import { runPlannerCases, type PlannerPlan } from './plannerCases';

export const BROWSER_SAMPLES = [36, 1024, 16384] as const;
/** Most sample rows (B·N) one target minibatch plans. */
const MAX_TARGET_ROWS = 65536;

export interface BrowserBenchOptions {
  repeats: number;
  /** Keeps only the cases whose name contains this. */
  want: (name: string) => boolean;
  /** Timed repeats of one case stop after this long (ms; at least one runs). */
  caseBudgetMs?: number;
  /** A case whose one call is predicted to take longer (ms) is skipped. */
  callCapMs?: number;
  /** Cases not started by then (ms from the start) are skipped. */
  totalBudgetMs?: number;
  log?: (line: string) => void;
}

export interface BrowserInfo {
  browser: string;
  executable: string;
  adapter: AdapterReport;
  /** True on SwiftShader (WebGPU emulated on the CPU): the GPU figures are a smoke test, not GPU speed. */
  smokeTest: boolean;
  note: string;
  caseBudgetMs: number;
  callCapMs: number;
  totalBudgetMs: number;
  wallS: number;
}

const ROOT = process.cwd();

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}

/**
 * Builds the site (dist/, which `vite preview` serves) and the GPU test page
 * (dist-harness/, served beside it), each unless its output is newer than
 * src/, public/, index.html and the Vite config.
 */
function ensureDist(log: (s: string) => void): void {
  const inputs = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => path.join(ROOT, p)).filter(existsSync);
  const newest = Math.max(...inputs.map(newestMtime));
  for (const [built, args] of [
    ['dist/index.html', []],
    ['dist-harness/gpu-test.html', ['--mode', 'harness']],
  ] as const) {
    const file = path.join(ROOT, built);
    if (existsSync(file) && statSync(file).mtimeMs > newest) {
      log(`browser bench: reusing ${built} (newer than the sources)`);
      continue;
    }
    log(`browser bench: vite build ${args.join(' ')} …`);
    const r = spawnSync('npx', ['vite', 'build', ...args, '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`vite build ${args.join(' ')} failed (exit ${r.status})`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function startPreview(port: number): Promise<ChildProcess> {
  const child = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = `http://127.0.0.1:${port}/gpu-test.html`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}): ${err}`);
    try {
      if ((await fetch(url)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stopPreview(child);
  throw new Error(`vite preview did not answer on ${url} within 30 s: ${err}`);
}

function stopPreview(child: ChildProcess): void {
  // Its own process group (detached): npx and the vite it started.
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

export function chromiumExecutable(): string | undefined {
  return process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}

export async function benchBrowser(o: BrowserBenchOptions): Promise<{ info: BrowserInfo; results: BenchResult[] }> {
  const log = o.log ?? ((s: string) => process.stderr.write(s + '\n'));
  const caseBudgetMs = o.caseBudgetMs ?? 4000;
  const callCapMs = o.callCapMs ?? 15000;
  const totalBudgetMs = o.totalBudgetMs ?? 8 * 60_000;
  const t0 = Date.now();
  ensureDist(log);
  // Playwright is a dev dependency: loaded only here.
  const { chromium } = await import('@playwright/test');
  const port = await freePort();
  const preview = await startPreview(port);
  const onSignal = (sig: NodeJS.Signals): void => {
    stopPreview(preview);
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--enable-unsafe-webgpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-sandbox',
    ],
  });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/gpu-test.html`);
    await page.waitForFunction(
      () => window.__mpqGpuTest !== undefined && window.__mpqGpuTest.status().state !== 'starting',
      undefined,
      { timeout: 60_000 },
    );
    const status: GpuTestStatus = await page.evaluate(() => window.__mpqGpuTest!.status());
    const adapter: AdapterReport = await page.evaluate(() => window.__mpqGpuTest!.adapter());
    const smokeTest = /swiftshader/i.test(
      `${adapter.vendor} ${adapter.architecture} ${adapter.device} ${adapter.description}`,
    );
    const gpuOk = status.state === 'ready' && status.backend === 'webgpu';
    log(`browser bench: ${browser.version()}, adapter ${JSON.stringify(adapter)}, page ${JSON.stringify(status)}`);

    const plans: PlannerPlan[] = [];
    for (const id of taskIds()) {
      const H = getTask(id).paper.longHorizon;
      for (const kind of ['control', 'targets'] as const) {
        for (const backend of ['webgpu', 'cpu'] as const) {
          for (const N of BROWSER_SAMPLES) {
            const B = Math.min(64, MAX_TARGET_ROWS / N);
            const name =
              kind === 'control'
                ? `browser/control/${id}/${backend}-N${N}-H${H}`
                : `browser/targets/${id}/${backend}-N${N}-B${B}`;
            if (!o.want(name)) continue;
            const opts: BenchCaseOptions = {
              task: id,
              backend,
              samples: N,
              budgetMs: caseBudgetMs,
              capMs: callCapMs,
              maxRepeats: o.repeats,
            };
            if (kind === 'control') opts.horizon = H;
            else opts.batch = B;
            const base = {
              browser: true,
              smokeTest: smokeTest && backend === 'webgpu',
              samples: N,
              horizon: opts.horizon,
              batch: opts.batch,
            };
            plans.push({
              name,
              task: id,
              kind,
              backend,
              samples: N,
              rows: kind === 'control' ? N : B * N,
              series: `${id}/${kind}/${backend}`,
              opts,
              base,
            });
          }
        }
      }
    }

    const results = await runPlannerCases(
      plans,
      {
        control: (opts) => page.evaluate((x) => window.__mpqGpuTest!.benchControl(x), opts),
        targets: (opts) => page.evaluate((x) => window.__mpqGpuTest!.benchTargets(x), opts),
      },
      {
        repeats: o.repeats,
        caseBudgetMs,
        callCapMs,
        totalBudgetMs,
        t0,
        log,
        label: 'browser bench',
        gpuUnavailable: gpuOk ? null : `no WebGPU on the page: ${status.reason ?? status.state}`,
      },
    );
    if (pageErrors.length) log(`browser bench: page errors: ${pageErrors.join(' | ')}`);
    const gpuErrors: string[] = gpuOk ? await page.evaluate(() => window.__mpqGpuTest!.gpuErrors()) : [];
    if (gpuErrors.length)
      throw new Error(`WebGPU errors during the browser bench: ${gpuErrors.slice(0, 3).join(' | ')}`);
    const info: BrowserInfo = {
      browser: `chromium ${browser.version()}`,
      executable: executablePath ?? 'playwright chromium',
      adapter,
      smokeTest,
      note: smokeTest
        ? 'WebGPU on SwiftShader (Vulkan on the CPU, no GPU): the webgpu figures are a smoke test of the GPU path, not GPU speed; the cpu figures are the TypeScript planner on the page main thread'
        : 'webgpu: the GPU planner (WGSL rollouts, tfjs-webgpu Q); cpu: the TypeScript planner on the page main thread',
      caseBudgetMs,
      callCapMs,
      totalBudgetMs,
      wallS: round((Date.now() - t0) / 1000),
    };
    return { info, results };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await browser.close();
    stopPreview(preview);
  }
}

const round = (x: number): number => Math.round(x * 100) / 100;
