/**
 * Starting the tfjs backend the settings ask for, and saying which one really
 * runs. 'auto': WebGPU where a hardware adapter exists, else wasm (threads
 * off, binaries from `wasmPath`), else cpu, with every backend passed over
 * listed and why. A software or fallback adapter (SwiftShader, llvmpipe;
 * `isFallbackAdapter`) is passed over by 'auto': it runs the WGSL
 * planner on the CPU, slower than the TypeScript planner (0.3–14 control
 * steps a second against 20 on a 2-core machine, docs/benchmarks.md); asking
 * for 'webgpu' still gets it. Whether a hardware GPU plans faster than the CPU
 * for the settings in force is measured by the engine (engine.ts). A specific
 * request that cannot be met is an error, never a silent substitute.
 */
/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { activateBackend } from '../backend';
import type { BackendName, BackendRequest } from '../backendNames';
import { TfQNetwork } from '../qnetwork';
import { softwareAdapter } from './targetsChoice';
import { keyFromSeed } from '../../core/rng';

/** What started: tfjs's own name for it, and the backends passed over with their reasons. */
export interface BackendStart {
  readonly tfjs: string;
  readonly failures: string[];
}

/** Starts a backend for a request; throws when the request cannot be met. */
export type BackendStarter = (request: BackendRequest, wasmPath: string | undefined) => Promise<BackendStart>;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What an adapter says about itself (GPUAdapterInfo, plus the older `isFallbackAdapter` on the adapter). */
export interface AdapterFacts {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

/** Why an adapter is a software or fallback one (targetsChoice.ts tells which), or null for a hardware adapter. */
export function softwareAdapterReason(info: AdapterFacts): string | null {
  const name = softwareAdapter(info);
  if (name === null) return null;
  return `the WebGPU adapter is a software or fallback one (${name}), which runs the planner's kernels on the CPU, slower than the TypeScript planner; backend=webgpu uses it anyway`;
}

/** The facts an adapter gives (adapter.info where the browser has it). */
function adapterFacts(adapter: GPUAdapter): AdapterFacts {
  const a = adapter as GPUAdapter & { info?: AdapterFacts; isFallbackAdapter?: boolean };
  const info = a.info ?? {};
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: info.isFallbackAdapter ?? a.isFallbackAdapter,
  };
}

/** Why WebGPU cannot be used here, or null when an adapter exists (`hardwareOnly`: a software adapter counts as none). */
export async function webgpuUnavailable(hardwareOnly = false): Promise<string | null> {
  const gpu = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return 'navigator.gpu is undefined (this environment exposes no WebGPU)';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'navigator.gpu.requestAdapter() returned null (no usable GPU adapter)';
    return hardwareOnly ? softwareAdapterReason(adapterFacts(adapter)) : null;
  } catch (err) {
    return `navigator.gpu.requestAdapter() failed: ${message(err)}`;
  }
}

async function start(name: BackendName, wasmPath: string | undefined, auto = false): Promise<void> {
  if (name === 'webgpu') {
    const no = await webgpuUnavailable(auto);
    if (no) throw new Error(no);
  }
  await activateBackend(name, name === 'wasm' ? { wasmPath, wasmThreads: false } : {});
}

/** The default starter (see the header). */
export const startBackend: BackendStarter = async (request, wasmPath) => {
  const failures: string[] = [];
  if (request !== 'auto') {
    await start(request, wasmPath);
    return { tfjs: tf.getBackend(), failures };
  }
  for (const name of ['webgpu', 'wasm', 'cpu'] as const) {
    try {
      await start(name, wasmPath, true);
      return { tfjs: tf.getBackend(), failures };
    } catch (err) {
      failures.push(`${name}: ${message(err)}`);
    }
  }
  throw new Error(`no tfjs backend started: ${failures.join('; ')}`);
};

/** After the WebGPU device is lost: wasm, else cpu (the CPU path). */
export async function startCpuPath(wasmPath: string | undefined): Promise<BackendStart> {
  const failures: string[] = ['webgpu: the device was lost'];
  try {
    await start('wasm', wasmPath);
  } catch (err) {
    failures.push(`wasm: ${message(err)}`);
    await start('cpu', wasmPath);
  }
  return { tfjs: tf.getBackend(), failures };
}

/** Resolves with the reason when tfjs's WebGPU device is lost; null when tfjs does not run webgpu. */
export function webgpuDeviceLost(): Promise<string> | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as WebGPUBackend).device;
  return device.lost.then((info) => `${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''}`);
}

/** Largest |tfjs − TypeScript| of an untrained Q-network's output on a few rows: proves the backend computes. */
export async function qCheck(inputDim: number, hidden: readonly number[]): Promise<number> {
  const rows = 8;
  const q = new TfQNetwork({ inputDim, hidden, learningRate: 1e-3, initKey: keyFromSeed(1), maxRows: rows });
  try {
    const x = new Float32Array(rows * inputDim);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(1.7 * i);
    const viaTs = new Float64Array(rows);
    q.evaluate(x, rows, viaTs);
    const viaTf = await q.predict(x, rows);
    let d = 0;
    for (let i = 0; i < rows; i++) d = Math.max(d, Math.abs(viaTf[i] - viaTs[i]));
    return d;
  } finally {
    q.dispose();
  }
}
