/**
 * The GPU planner timed in Node on WebGPU from Dawn (bench/gpuNode.ts explains the
 * cases); docs/benchmarks.md explains the figures.
 *
 *   npm run bench:gpu -- [--out FILE.json] [--repeats R] [--only SUBSTRING] [--webgpu PATH/index.js]
 *                        [--dawn-flag F]… [--targets] [--gpu-only] [--case-budget-ms MS] [--call-cap-ms MS] [--total-budget-s S]
 *
 * Output: {machine, gpu, results} like the other benches' JSON; --out is rewritten
 * after every case, so a run stopped early still leaves what it measured
 * (`partial: true` until the end). Exit status 2 on a bad flag.
 *
 * Also bundled into one file for a machine without node_modules:
 *   npx esbuild src/cli/benchGpu.ts --bundle --platform=node --format=esm --outfile=.devbench/bench-gpu.mjs \
 *     --banner:js="import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runEnvironment } from './environment';
import type { BenchResult } from './bench/common';
import { benchGpuNode, type GpuNodeInfo } from './bench/gpuNode';

interface Flags {
  out: string | null;
  repeats: number;
  only: string | null;
  webgpu: string | undefined;
  dawnFlags: string[];
  targets: boolean;
  gpuOnly: boolean;
  caseBudgetMs: number;
  callCapMs: number;
  totalBudgetMs: number;
}

function fail(msg: string): never {
  process.stderr.write(`bench:gpu: ${msg}\n`);
  process.exit(2);
}

function positive(flag: string, v: string, max: number): number {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0 || x > max) fail(`${flag} must be a number in (0, ${max}], got "${v}"`);
  return x;
}

function parseFlags(argv: string[]): Flags {
  const f: Flags = {
    out: null,
    repeats: 5,
    only: null,
    webgpu: undefined,
    dawnFlags: [],
    targets: false,
    gpuOnly: false,
    caseBudgetMs: 4000,
    callCapMs: 15000,
    totalBudgetMs: 8 * 60_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--targets') f.targets = true;
    else if (a === '--gpu-only') f.gpuOnly = true;
    else if (v === undefined) fail(`unknown or incomplete flag "${a}"`);
    else if (a === '--out') {
      f.out = v;
      i++;
    } else if (a === '--only') {
      f.only = v;
      i++;
    } else if (a === '--webgpu') {
      f.webgpu = v;
      i++;
    } else if (a === '--dawn-flag') {
      f.dawnFlags.push(v);
      i++;
    } else if (a === '--repeats') {
      const r = Number(v);
      if (!Number.isInteger(r) || r < 1 || r > 1000) fail(`--repeats must be an integer in [1, 1000], got "${v}"`);
      {
        f.repeats = r;
        i++;
      }
    } else if (a === '--case-budget-ms') {
      f.caseBudgetMs = positive(a, v, 600_000);
      i++;
    } else if (a === '--call-cap-ms') {
      f.callCapMs = positive(a, v, 600_000);
      i++;
    } else if (a === '--total-budget-s') {
      f.totalBudgetMs = positive(a, v, 86_400) * 1000;
      i++;
    } else
      fail(
        `unknown flag "${a}"; allowed: --out, --repeats, --only, --webgpu, --dawn-flag, --targets, --gpu-only, --case-budget-ms, --call-cap-ms, --total-budget-s`,
      );
  }
  return f;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const machine = { ...runEnvironment('webgpu'), date: new Date().toISOString() } as Partial<
    ReturnType<typeof runEnvironment>
  > & { date: string };
  delete machine.backend;
  let gpu: GpuNodeInfo | null = null;
  const save = (results: BenchResult[], partial: boolean): string => {
    const text = JSON.stringify({ machine, gpu, partial: partial || undefined, results }, null, 2);
    if (flags.out) {
      mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
      writeFileSync(flags.out, text + '\n');
    }
    return text;
  };
  const { info, results } = await benchGpuNode({
    repeats: flags.repeats,
    want: (name) => flags.only === null || name.includes(flags.only),
    webgpuModule: flags.webgpu,
    dawnFlags: flags.dawnFlags,
    targets: flags.targets,
    gpuOnly: flags.gpuOnly,
    caseBudgetMs: flags.caseBudgetMs,
    callCapMs: flags.callCapMs,
    totalBudgetMs: flags.totalBudgetMs,
    onResult: (all, info) => {
      gpu = info;
      save(all, true);
    },
  });
  gpu = info;
  if (results.length === 0) fail(`--only "${flags.only}" matched no GPU benchmark`);
  process.stdout.write(save(results, false) + '\n');
  if (info.gpuErrors.length) {
    process.stderr.write(`bench:gpu: WebGPU errors during the GPU bench: ${info.gpuErrors.slice(0, 3).join(' | ')}\n`);
    process.exit(1);
  }
}

main().then(
  // Dawn's device can keep the event loop alive: leave once the JSON is out.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:gpu: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
