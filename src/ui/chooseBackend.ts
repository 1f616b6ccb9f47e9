/**
 * The worker's tfjs backend choice: WebGPU when an adapter exists, else wasm
 * (binaries from our own origin, threads off), else cpu. Every backend passed
 * over is reported with its reason; nothing falls back silently.
 */
/// <reference types="@webgpu/types" />
import { activeBackend, useBackend, type BackendName } from '../compute/backend';
import { TfQNetwork } from '../compute/qnetwork';
import { keyFromSeed } from '../core/rng';
import type { BackendReport } from './protocol';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Why WebGPU cannot be used here, or null when an adapter exists. */
async function webgpuUnavailable(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return 'navigator.gpu is undefined (this browser exposes no WebGPU)';
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? null : 'navigator.gpu.requestAdapter() returned null (no usable GPU adapter)';
  } catch (err) {
    return `navigator.gpu.requestAdapter() failed: ${message(err)}`;
  }
}

/** Largest |tfjs − TypeScript| of an untrained Q-network's output on a few rows. */
async function qCheck(inputDim: number): Promise<number> {
  const rows = 8;
  const q = new TfQNetwork({ inputDim, hidden: [100, 100], learningRate: 1e-3, initKey: keyFromSeed(1), maxRows: rows });
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

/** Starts the best available backend; throws only when none starts. */
export async function chooseBackend(wasmPath: string, qInputDim: number): Promise<BackendReport> {
  const t0 = performance.now();
  const failures: string[] = [];
  const attempt = async (name: BackendName, run: () => Promise<BackendName>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (err) {
      failures.push(`${name}: ${message(err)}`);
      return false;
    }
  };
  const noGpu = await webgpuUnavailable();
  if (noGpu) failures.push(`webgpu: ${noGpu}`);
  const started =
    (!noGpu && (await attempt('webgpu', () => useBackend('webgpu')))) ||
    (await attempt('wasm', () => useBackend('wasm', { wasmPath, wasmThreads: false }))) ||
    (await attempt('cpu', () => useBackend('cpu')));
  if (!started) throw new Error(`no tfjs backend started: ${failures.join('; ')}`);
  const qCheckMaxAbsDiff = await qCheck(qInputDim);
  return { active: activeBackend(), failures, qCheckMaxAbsDiff, initMs: performance.now() - t0 };
}
