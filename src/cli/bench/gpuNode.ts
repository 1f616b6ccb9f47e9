/**
 * The GPU planner timed in Node on a real GPU: WebGPU from Dawn (the `webgpu` npm
 * package, dawn-gpu/node-webgpu; its native dawn.node on Vulkan on Linux), tfjs on
 * its webgpu backend over that device, and the same cases as the browser bench
 * (harness/benchCases.ts through bench/plannerCases.ts's loop).
 *
 * The `webgpu` package is not a dependency (about 50 MB packed, five platforms'
 * binaries): pass its index.js with --webgpu PATH, or $MPQ_WEBGPU, else an
 * installed `webgpu` package, else .devbench/webgpu/index.js is tried.
 *
 * Cases, for each task at the paper's long H and N ∈ {36, 1024, 16384}:
 *   gpu/control/<task>/<mppi|mpq>/<webgpu|cpu>-N<n>-H<h>   controlStepsPerSec of one MPPI control step
 *     mppi: no terminal Q; mpq: the terminal Q (an untrained [100, 100] net) in tfjs-webgpu on the GPU,
 *     the TypeScript forward pass on the CPU. One GPU step = rollout dispatch + Q + update dispatch + readback of u_0.
 *   gpu/targets/<task>/<webgpu|cpu>-N<n>-B<b>              targetsPerSec (only with --targets)
 * The webgpu cases run first (all tasks), then the CPU planner (TypeScript, this
 * process's main thread) on the same machine.
 */
/// <reference types="@webgpu/types" />
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { getTask, taskIds } from '../../core/tasks/registry';
import { activateBackend } from '../../compute/backend';
import { TfWebGpuBridge } from '../../compute/gpu/bridge';
import {
  adapterReport,
  benchControl,
  benchTargets,
  type AdapterReport,
  type BenchCaseOptions,
} from '../../harness/benchCases';
import type { BenchResult } from './common';
import { runPlannerCases, type PlannerPlan } from './plannerCases';

export const GPU_NODE_SAMPLES = [36, 1024, 16384] as const;
const MAX_TARGET_ROWS = 65536;

export interface GpuNodeBenchOptions {
  repeats: number;
  want: (name: string) => boolean;
  /** index.js of the `webgpu` package (see the header). */
  webgpuModule?: string;
  /** Flags for Dawn's create() (e.g. 'backend=vulkan'). */
  dawnFlags?: string[];
  /** Also time Eq. 19 targets. */
  targets?: boolean;
  /** Skip the CPU planner cases. */
  gpuOnly?: boolean;
  caseBudgetMs?: number;
  callCapMs?: number;
  totalBudgetMs?: number;
  log?: (line: string) => void;
  /** Called after every case with the results so far and the run's info (wallS so far). */
  onResult?: (all: BenchResult[], info: GpuNodeInfo) => void;
}

export interface GpuNodeInfo {
  runtime: string;
  webgpuModule: string;
  webgpuVersion: string;
  dawnFlags: string[];
  adapter: AdapterReport;
  /** Dawn's adapter fields beyond the spec's four, where it has them (features, limits of interest). */
  adapterExtra: Record<string, unknown>;
  tfjsBackend: string;
  tfjsVersion: string;
  /** Vulkan loader variables this process saw. */
  vulkanEnv: Record<string, string>;
  /** Uncaptured WebGPU errors on the device (must be empty; the CLI exits 1 otherwise). */
  gpuErrors: string[];
  note: string;
  caseBudgetMs: number;
  callCapMs: number;
  totalBudgetMs: number;
  wallS: number;
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

function resolveWebgpu(explicit?: string): string {
  // A path that was asked for must exist: never a silent substitute.
  for (const [what, p] of [
    ['--webgpu', explicit],
    ['$MPQ_WEBGPU', process.env.MPQ_WEBGPU],
  ] as const) {
    if (p) {
      if (!existsSync(p)) throw new Error(`${what} ${p} does not exist`);
      return path.resolve(p);
    }
  }
  const tries: string[] = [];
  try {
    tries.push(createRequire(import.meta.url).resolve('webgpu'));
  } catch {
    // not installed
  }
  tries.push(path.resolve('.devbench/webgpu/index.js'));
  const found = tries.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `no webgpu (Dawn for Node) module found; tried ${tries.join(', ')} (npm pack webgpu, unpack, pass --webgpu PATH/index.js)`,
    );
  return path.resolve(found);
}

/** Loads Dawn, puts the WebGPU globals and navigator.gpu in place (before tfjs-backend-webgpu is imported). */
async function installDawn(modulePath: string, flags: string[]): Promise<{ gpu: GPU; version: string }> {
  const dawn = (await import(pathToFileURL(modulePath).href)) as DawnModule;
  Object.assign(globalThis, dawn.globals);
  let version = '';
  try {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(modulePath), 'package.json'), 'utf8')) as {
      version?: string;
    };
    version = pkg.version ?? '';
  } catch {
    // no package.json beside it
  }
  const gpu = dawn.create(flags);
  const userAgent = `Node.js ${process.version} (webgpu ${version}, Dawn)`;
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else
    Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent }, configurable: true, writable: true });
  const nav = g.navigator as { userAgent?: string };
  if (!nav.userAgent || !nav.userAgent.includes('Dawn')) {
    try {
      Object.defineProperty(nav, 'userAgent', {
        value: `${nav.userAgent ?? 'Node.js'} (webgpu ${version}, Dawn)`,
        configurable: true,
      });
    } catch {
      // read-only: keep Node's
    }
  }
  return { gpu, version };
}

export async function benchGpuNode(o: GpuNodeBenchOptions): Promise<{ info: GpuNodeInfo; results: BenchResult[] }> {
  const log = o.log ?? ((s: string) => process.stderr.write(s + '\n'));
  const caseBudgetMs = o.caseBudgetMs ?? 4000;
  const callCapMs = o.callCapMs ?? 15000;
  const totalBudgetMs = o.totalBudgetMs ?? 8 * 60_000;
  const dawnFlags = o.dawnFlags ?? [];
  const t0 = Date.now();
  const modulePath = resolveWebgpu(o.webgpuModule);
  const { gpu, version } = await installDawn(modulePath, dawnFlags);
  const vulkanEnv: Record<string, string> = {};
  for (const k of ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES', 'VK_ADD_DRIVER_FILES', 'LD_LIBRARY_PATH'])
    if (process.env[k]) vulkanEnv[k] = process.env[k]!;
  log(
    `gpu bench: ${process.version}, webgpu ${version} from ${modulePath}, Dawn flags [${dawnFlags.join(', ')}], ${JSON.stringify(vulkanEnv)}`,
  );

  // The adapter as Dawn sees it, before tfjs asks for its own.
  const probe = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  const adapterExtra: Record<string, unknown> = {};
  if (probe) {
    const info = (probe as GPUAdapter & { info?: Record<string, unknown> }).info ?? {};
    for (const k of [
      'vendor',
      'architecture',
      'device',
      'description',
      'subgroupMinSize',
      'subgroupMaxSize',
      'isFallbackAdapter',
      'backendType',
      'adapterType',
    ]) {
      if (info[k] !== undefined) adapterExtra[k] = info[k];
    }
    adapterExtra.features = [...probe.features].sort();
    adapterExtra.maxStorageBufferBindingSize = probe.limits.maxStorageBufferBindingSize;
    adapterExtra.maxComputeInvocationsPerWorkgroup = probe.limits.maxComputeInvocationsPerWorkgroup;
  }
  log(`gpu bench: adapter ${probe ? JSON.stringify(adapterExtra) : 'none'}`);

  // Silences tfjs's advice to install tfjs-node; the backend is reported instead.
  tf.env().set('PROD', true);
  let gpuUnavailable: string | null = null;
  let bridge: TfWebGpuBridge | null = null;
  const gpuErrors: string[] = [];
  if (!probe) gpuUnavailable = `Dawn found no WebGPU adapter (flags [${dawnFlags.join(', ')}])`;
  else {
    try {
      await activateBackend('webgpu');
      bridge = TfWebGpuBridge.current();
      bridge.device.addEventListener('uncapturederror', (e) =>
        gpuErrors.push((e as GPUUncapturedErrorEvent).error.message),
      );
    } catch (err) {
      gpuUnavailable = `tfjs webgpu did not start: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  if (!bridge) await activateBackend('cpu');
  const adapter = await adapterReport(bridge?.device ?? null, tf.getBackend() ?? null);
  log(
    `gpu bench: tfjs ${tf.version.tfjs} backend ${tf.getBackend()}, adapter ${JSON.stringify(adapter)}${gpuUnavailable ? `; GPU cases skipped: ${gpuUnavailable}` : ''}`,
  );
  const needBridge = (): TfWebGpuBridge => {
    if (!bridge) throw new Error(gpuUnavailable ?? 'no GPU');
    return bridge;
  };

  const plans: PlannerPlan[] = [];
  const backends = o.gpuOnly ? (['webgpu'] as const) : (['webgpu', 'cpu'] as const);
  for (const backend of backends) {
    for (const id of taskIds()) {
      const H = getTask(id).paper.longHorizon;
      for (const agent of ['mppi', 'mpq'] as const) {
        for (const N of GPU_NODE_SAMPLES) {
          const name = `gpu/control/${id}/${agent}/${backend}-N${N}-H${H}`;
          if (!o.want(name)) continue;
          const opts: BenchCaseOptions = {
            task: id,
            backend,
            samples: N,
            horizon: H,
            withQ: agent === 'mpq',
            budgetMs: caseBudgetMs,
            capMs: callCapMs,
            maxRepeats: o.repeats,
          };
          plans.push({
            name,
            task: id,
            kind: 'control',
            backend,
            samples: N,
            rows: N,
            series: `${id}/control-${agent}/${backend}`,
            opts,
            base: { agent, samples: N, horizon: H },
          });
        }
      }
      if (!o.targets) continue;
      for (const N of GPU_NODE_SAMPLES) {
        const B = Math.min(64, MAX_TARGET_ROWS / N);
        const name = `gpu/targets/${id}/${backend}-N${N}-B${B}`;
        if (!o.want(name)) continue;
        const opts: BenchCaseOptions = {
          task: id,
          backend,
          samples: N,
          batch: B,
          budgetMs: caseBudgetMs,
          capMs: callCapMs,
          maxRepeats: o.repeats,
        };
        plans.push({
          name,
          task: id,
          kind: 'targets',
          backend,
          samples: N,
          rows: B * N,
          series: `${id}/targets/${backend}`,
          opts,
          base: { samples: N, batch: B },
        });
      }
    }
  }

  const smoke = /swiftshader|llvmpipe|lavapipe/i.test(
    `${adapter.vendor} ${adapter.architecture} ${adapter.device} ${adapter.description}`,
  );
  const info: GpuNodeInfo = {
    runtime: `node ${process.version}`,
    webgpuModule: modulePath,
    webgpuVersion: version,
    dawnFlags,
    adapter,
    adapterExtra,
    tfjsBackend: tf.getBackend(),
    tfjsVersion: tf.version.tfjs,
    vulkanEnv,
    gpuErrors,
    note:
      (smoke ? 'a software Vulkan driver (no GPU): the webgpu figures are a smoke test, not GPU speed; ' : '') +
      'webgpu: the GPU planner (WGSL rollouts, tfjs-webgpu Q) on Dawn in Node; cpu: the TypeScript planner on the main thread of the same process',
    caseBudgetMs,
    callCapMs,
    totalBudgetMs,
    wallS: 0,
  };
  const wall = (): number => Math.round((Date.now() - t0) / 10) / 100;
  const results = await runPlannerCases(
    plans,
    {
      control: (opts) => benchControl(opts, needBridge),
      targets: (opts) => benchTargets(opts, needBridge),
    },
    {
      repeats: o.repeats,
      caseBudgetMs,
      callCapMs,
      totalBudgetMs,
      t0,
      log,
      label: 'GPU bench',
      gpuUnavailable,
      onResult: (_r, all) => o.onResult?.(all, { ...info, wallS: wall() }),
    },
  );
  info.wallS = wall();
  return { info, results };
}
