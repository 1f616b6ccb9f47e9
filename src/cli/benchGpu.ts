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
import { runEnvironment } from './environment';
import { FLAGS, USAGE } from './flagTable';
import { UsageError } from './flags';
import { checkOutputs, writeFileAtomic } from './outputs';
import type { BenchResult } from './bench/common';
import { benchGpuNode, type GpuNodeInfo } from './bench/gpuNode';

function fail(msg: string, status = 2): never {
  process.stderr.write(`bench:gpu: ${msg}\n`);
  process.exit(status);
}

async function main(): Promise<void> {
  const parsed = FLAGS.parse('bench-gpu', process.argv.slice(2));
  if (parsed.help) {
    process.stdout.write(FLAGS.help('bench-gpu', USAGE['bench-gpu']) + '\n');
    return;
  }
  const flags = {
    out: parsed.string('out') ?? null,
    repeats: parsed.number('repeats') ?? 5,
    only: parsed.string('only') ?? null,
    webgpu: parsed.string('webgpu'),
    dawnFlags: parsed.texts('dawn-flag'),
    targets: parsed.on('targets'),
    gpuOnly: parsed.on('gpu-only'),
    caseBudgetMs: parsed.number('case-budget-ms') ?? 4000,
    callCapMs: parsed.number('call-cap-ms') ?? 15000,
    totalBudgetMs: (parsed.number('total-budget-s') ?? 480) * 1000,
  };
  checkOutputs(parsed.outputs());
  const machine = { ...runEnvironment('webgpu'), date: new Date().toISOString() } as Partial<
    ReturnType<typeof runEnvironment>
  > & { date: string };
  delete machine.backend;
  let gpu: GpuNodeInfo | null = null;
  const save = (results: BenchResult[], partial: boolean): string => {
    const text = JSON.stringify({ machine, gpu, partial: partial || undefined, results }, null, 2);
    if (flags.out) writeFileAtomic(flags.out, text + '\n');
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
  (err: unknown) =>
    fail(err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err), err instanceof UsageError ? 2 : 1),
);
