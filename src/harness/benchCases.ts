/**
 * The planner timing cases shared by `npm run bench -- --browser` (through
 * gpu-test.html's window.__mpqGpuTest) and the Node WebGPU bench
 * (src/cli/benchGpu.ts, Dawn through the `webgpu` npm package): one MPPI
 * control step, or the Eq. 19 targets of one minibatch, on the page's GPU
 * planner (GpuPlanner: WGSL rollouts, tfjs-webgpu Q on the same device) or its
 * CPU one (CpuPlanner, the TypeScript planner). Nothing here touches the DOM:
 * the caller supplies the bridge over tfjs's running webgpu backend.
 */
/// <reference types="@webgpu/types" />
import { defaultAgentConfig, defaultLearnConfig, type AgentConfig } from '../core/config';
import { deriveKey, keyFromSeed, RandomStream, type Key } from '../core/rng';
import type { TaskSpec } from '../core/task';
import { getTask, type TaskId } from '../core/tasks/registry';
import { TargetGenerator } from '../core/targets';
import { randomTransitions } from '../core/testing/randomBuffer';
import { RealSystem } from '../core/train';
import { TfQNetwork } from '../compute/qnetwork';
import { TensorMlp } from '../compute/tensorMlp';
import type { TfWebGpuBridge } from '../compute/gpu/bridge';
import { GpuTargetGenerator } from '../compute/gpu/gpuTargets';
import { CpuPlanner, GpuPlanner, type Planner } from '../compute/engine/planner';

export interface BenchCaseOptions {
  task: TaskId;
  backend: 'webgpu' | 'cpu';
  samples: number;
  /** Control: the MPPI horizon (paper's long H). Targets: default MPQ's H. */
  horizon?: number;
  /** Targets: the minibatch B. */
  batch?: number;
  /** Control: plan with a terminal Q (MPQ, an untrained [100, 100] network) instead of plain MPPI (default false). */
  withQ?: boolean;
  /** Timed repeats stop once they took this long in all (at least one runs). */
  budgetMs: number;
  /** No timed repeat when the warm-up took longer than this (ms; default: no limit). */
  capMs?: number;
  maxRepeats: number;
}

export interface BenchCaseReport {
  backend: string;
  samples: number;
  horizon: number;
  iterations: number;
  batch?: number;
  /** Control: 'mppi' (no terminal Q) or 'mpq' (terminal Q). */
  agent?: 'mppi' | 'mpq';
  /** The warm-up call (pipelines compile here on the GPU), ms. */
  warmupMs: number;
  /** Work units (control steps, or targets) per timed repeat. */
  unitsPerRepeat: number;
  /** Wall time of each timed repeat, ms (empty when the warm-up alone exceeded the budget). */
  repeatMs: number[];
}

export interface AdapterReport {
  userAgent: string;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The tfjs backend the page runs. */
  backend: string | null;
}

type AdapterInfoLike = { vendor?: string; architecture?: string; device?: string; description?: string };

/** The WebGPU adapter's info: from the running device where there is one, else from a fresh adapter. */
export async function adapterReport(device: GPUDevice | null, backend: string | null): Promise<AdapterReport> {
  const nav = (globalThis as { navigator?: { gpu?: GPU; userAgent?: string } }).navigator;
  let info: AdapterInfoLike | undefined = (device as (GPUDevice & { adapterInfo?: AdapterInfoLike }) | null)
    ?.adapterInfo;
  if (!info && nav?.gpu)
    info = ((await nav.gpu.requestAdapter()) as (GPUAdapter & { info?: AdapterInfoLike }) | null)?.info;
  return {
    userAgent: nav?.userAgent ?? '',
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    backend,
  };
}

/** The agent config of Eq. 19 targets: the paper's MPQ settings with optional N, H and K. */
export function targetConfig(
  task: TaskSpec<TaskId>,
  o: { samples?: number; horizon?: number; iterations?: number },
): { cfg: AgentConfig; K: number } {
  const base = defaultAgentConfig(task, 'mpq');
  const cfg: AgentConfig = {
    ...base,
    mppi: { ...base.mppi, samples: o.samples ?? base.mppi.samples, horizon: o.horizon ?? base.mppi.horizon },
  };
  return { cfg, K: o.iterations ?? defaultLearnConfig(task).targetIterations };
}

/** Warm-up, then timed repeats of `units` units until the budget or maxRepeats is reached. */
export async function timeCase(
  o: BenchCaseOptions,
  body: () => Promise<void> | void,
  perCall: number,
): Promise<{ warmupMs: number; unitsPerRepeat: number; repeatMs: number[] }> {
  let t0 = performance.now();
  await body();
  const warmupMs = performance.now() - t0;
  const repeatMs: number[] = [];
  // The warm-up compiles (GPU pipelines, tfjs kernels for new shapes): one timed call still runs unless it alone passed the cap.
  if (warmupMs > (o.capMs ?? Infinity)) return { warmupMs, unitsPerRepeat: perCall, repeatMs };
  // Calls per repeat: enough for ~100 ms where one call is fast (at most 50).
  const calls = Math.max(1, Math.min(50, Math.floor(100 / Math.max(warmupMs, 1e-3))));
  let spent = 0;
  while (repeatMs.length < o.maxRepeats && (repeatMs.length === 0 || spent + spent / repeatMs.length <= o.budgetMs)) {
    t0 = performance.now();
    for (let c = 0; c < calls; c++) await body();
    const ms = performance.now() - t0;
    repeatMs.push(ms);
    spent += ms;
  }
  return { warmupMs, unitsPerRepeat: calls * perCall, repeatMs };
}

/** A timing whose last action is not finite measured a broken planner: an error, not a figure. */
function finite<T>(timing: T, action: Float64Array): T {
  if (!action.every(Number.isFinite))
    throw new Error(`the planner returned a non-finite action [${Array.from(action).join(', ')}]`);
  return timing;
}

/**
 * Times MPPI control steps at N samples and horizon H (default the paper's long H):
 * plain MPPI, or MPQ's planner (terminal Q) with `withQ`. A step is the page's
 * Planner.act: on the GPU (GpuPlanner) the rollout dispatch, the terminal Q in
 * tfjs-webgpu, the reduction dispatches and the readback of u_0; on the CPU,
 * CpuPlanner (core/agent.ts's MpcAgent).
 */
export async function benchControl(o: BenchCaseOptions, bridge: () => TfWebGpuBridge): Promise<BenchCaseReport> {
  const task = getTask(o.task);
  const agentKind: 'mpq' | 'mppi' = o.withQ ? 'mpq' : 'mppi';
  const base = defaultAgentConfig(task, agentKind);
  const horizon = o.horizon ?? task.paper.longHorizon;
  const cfg: AgentConfig = { ...base, mppi: { ...base.mppi, samples: o.samples, horizon } };
  const sys = new RealSystem(task);
  sys.reset(new RandomStream(keyFromSeed(2)));
  const action = new Float64Array(task.actionDim);
  const head: Omit<BenchCaseReport, 'warmupMs' | 'unitsPerRepeat' | 'repeatMs'> = {
    backend: o.backend,
    samples: o.samples,
    horizon,
    iterations: cfg.mppi.iterations,
  };
  if (o.withQ) head.agent = agentKind;
  const q = o.withQ
    ? new TfQNetwork({
        inputDim: task.obsDim + task.actionDim,
        hidden: [100, 100],
        learningRate: 1e-3,
        initKey: keyFromSeed(3),
        maxRows: o.samples,
      })
    : null;
  let planner: Planner | null = null;
  let t = 0;
  try {
    if (o.backend === 'cpu') planner = new CpuPlanner(task, cfg, q);
    else {
      const made = await GpuPlanner.create(task, cfg, q, bridge());
      if (typeof made === 'string') throw new Error(made);
      planner = made;
    }
    const p = planner;
    p.beginEpisode(keyFromSeed(4));
    return { ...head, ...finite(await timeCase(o, () => p.act(sys.state, 0, t++, action), 1), action) };
  } finally {
    planner?.dispose();
    q?.dispose();
  }
}

/** Times the Eq. 19 targets of one minibatch of B on the GPU or the CPU. */
export async function benchTargets(o: BenchCaseOptions, bridge: () => TfWebGpuBridge): Promise<BenchCaseReport> {
  const task = getTask(o.task);
  const { cfg, K } = targetConfig(task, { samples: o.samples, horizon: o.horizon });
  const B = o.batch ?? 64;
  const q = new TfQNetwork({
    inputDim: task.obsDim + task.actionDim,
    hidden: [100, 100],
    learningRate: 1e-3,
    initKey: keyFromSeed(3),
    maxRows: B * o.samples,
  });
  const buffer = randomTransitions(task, 4096, 5);
  const idx = new Int32Array(B);
  const head = { backend: o.backend, samples: o.samples, horizon: cfg.mppi.horizon, iterations: K, batch: B };
  let u = 0;
  const draw = (): Key => {
    buffer.sampleIndices(new RandomStream(deriveKey(keyFromSeed(6), u)), B, idx);
    return deriveKey(keyFromSeed(7), u++);
  };
  try {
    if (o.backend === 'cpu') {
      const gen = new TargetGenerator(task, cfg, B, K);
      return { ...head, ...(await timeCase(o, () => void gen.compute(buffer, idx, B, draw(), q), B)) };
    }
    const gq = new TensorMlp(await q.layers());
    const gen = await GpuTargetGenerator.create(bridge(), task, cfg, B, K, gq);
    try {
      return { ...head, ...(await timeCase(o, async () => void (await gen.compute(buffer, idx, B, draw())), B)) };
    } finally {
      gen.dispose();
      gq.dispose();
    }
  } finally {
    q.dispose();
  }
}
