/**
 * Where the page's training computes its Eq. 19 targets. On the GPU only when
 * the WebGPU adapter is a hardware one and a short timed minibatch there beats
 * the CPU's target source (measured when training starts, on the run's task,
 * settings and Q); a software adapter (SwiftShader, llvmpipe, any fallback
 * adapter) always leaves them on the CPU. The reason and the measured times go
 * into the engine's backend report.
 */
/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs';
import { STREAM } from '../../core/agent';
import type { AgentConfig, LearnConfig } from '../../core/config';
import type { QFunction } from '../../core/qfunction';
import { deriveKey, keyFromSeed, RandomStream } from '../../core/rng';
import type { TargetBatch, TargetSource, TargetSourceFactory } from '../../core/targets';
import type { TaskSpec } from '../../core/task';
import { TfWebGpuBridge } from '../gpu/bridge';
import { GpuTargetSource, gpuTargets } from '../gpu/gpuTargetSource';
import { wgslFor } from '../gpu/wgslTasks';

/** Where targets run, why, and the factory the Trainer takes them from. */
export interface TargetsPlan {
  readonly where: 'webgpu' | 'cpu';
  /** Why (with the measured times when there was a measurement); empty when nothing needs saying. */
  readonly note: string;
  readonly factory: TargetSourceFactory;
}

export interface TargetsQuestion {
  readonly task: TaskSpec;
  readonly cfg: AgentConfig;
  readonly learn: LearnConfig;
  /** The Q the targets use (MPQ: the current Q; SoftQ: its target network). */
  readonly q: QFunction;
  /** The CPU's target source (this thread, or a pool of workers). */
  readonly cpu: TargetSourceFactory;
}

/** Decides where a training run's targets go (the engine takes a fake in tests). */
export type TargetsChooser = (question: TargetsQuestion) => Promise<TargetsPlan>;

type AdapterInfoLike = {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
};

/** The adapter's name when it is a software (fallback) one, else null (a hardware adapter, or no info). */
export function softwareAdapter(info: AdapterInfoLike | undefined): string | null {
  if (!info) return null;
  const name = [info.vendor, info.architecture, info.device, info.description].filter((x) => x).join(' ');
  if (info.isFallbackAdapter) return name || 'a fallback adapter';
  return /swiftshader|llvmpipe|lavapipe|softpipe|basic render/i.test(name) ? name : null;
}

/** A minibatch of the task's initial states (any states do: only the time is wanted). */
function probeBatch(task: TaskSpec, learn: LearnConfig): TargetBatch {
  const B = learn.batchSize;
  const root = deriveKey(keyFromSeed(learn.seed), STREAM.targets, 0xffffffff);
  const rng = new RandomStream(root);
  const starts = new Float64Array(B * task.stateDim);
  for (let b = 0; b < B; b++) task.sampleInitialState(rng, starts, b * task.stateDim);
  return { starts, costs: new Float64Array(B), count: B, key: deriveKey(root, 1) };
}

/** The best of `reps` timed batches after one untimed (compiles, warms up), in ms. */
async function timeBatch(source: TargetSource, batch: TargetBatch, q: QFunction, reps: number): Promise<number> {
  const y = new Float32Array(batch.count);
  await source.compute(batch, q, y);
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await source.compute(batch, q, y);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The page's rule (see the header). */
export const measuredTargets: TargetsChooser = async ({ task, cfg, learn, q, cpu }) => {
  const onCpu = (note: string): TargetsPlan => ({ where: 'cpu', note, factory: cpu });
  if (tf.getBackend() !== 'webgpu') return onCpu('');
  if (!wgslFor(task.id)) return onCpu(`no WGSL kernel for ${task.id}`);
  const bridge = TfWebGpuBridge.current();
  const info = (bridge.device as GPUDevice & { adapterInfo?: AdapterInfoLike }).adapterInfo;
  const soft = softwareAdapter(info);
  if (soft) return onCpu(`software WebGPU adapter: ${soft}`);
  const B = learn.batchSize;
  const K = learn.targetIterations;
  let gpu: GpuTargetSource;
  try {
    gpu = await GpuTargetSource.create(bridge, task, cfg, B, K, learn.hidden);
  } catch (err) {
    return onCpu(`the GPU target kernels did not build: ${messageOf(err)}`);
  }
  const batch = probeBatch(task, learn);
  const local = cpu(task, cfg, B, K);
  let gpuMs: number;
  let cpuMs: number;
  try {
    gpuMs = await timeBatch(gpu, batch, q, 2);
    cpuMs = await timeBatch(local, batch, q, 1);
  } catch (err) {
    gpu.dispose();
    return onCpu(`a timed GPU minibatch failed: ${messageOf(err)}`);
  } finally {
    local.dispose();
  }
  const figures = `a minibatch of ${B}: GPU ${gpuMs.toFixed(1)} ms, CPU ${cpuMs.toFixed(1)} ms`;
  if (gpuMs >= cpuMs) {
    gpu.dispose();
    return onCpu(`faster on the CPU: ${figures}`);
  }
  return {
    where: 'webgpu',
    note: figures,
    factory: gpuTargets(bridge, learn.hidden, { source: gpu, cfg, maxBatch: B, iterations: K }),
  };
};
