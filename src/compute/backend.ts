/**
 * Choosing the TensorFlow.js backend, and saying which one really runs. A
 * request that cannot be met is an error, never a silent substitute.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import type { BackendName } from './backendNames';

export interface BackendOptions {
  /** Folder (URL or path ending in '/') holding the tfjs wasm binaries. */
  wasmPath?: string;
  /** Turn wasm threads off (the threaded wasm backend hangs in a minified build on a cross-origin-isolated page). */
  wasmThreads?: boolean;
}

/** Activates `name` and returns the backend tfjs reports, which must equal it. */
export async function activateBackend(name: BackendName, opts: BackendOptions = {}): Promise<BackendName> {
  if (name === 'wasm') {
    if (opts.wasmPath) setWasmPaths(opts.wasmPath);
    if (opts.wasmThreads === false) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (err) {
    throw new Error(`the ${name} backend could not start: ${(err as Error).message}`, { cause: err });
  }
  const active = tf.getBackend();
  if (!ok || active !== name) throw new Error(`requested the ${name} backend but tfjs is running ${active ?? 'none'}`);
  return name;
}
