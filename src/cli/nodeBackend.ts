/** Starting a tfjs backend in Node: cpu, or wasm with its binaries from node_modules. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { activateBackend } from '../compute/backend';
import type { BackendName } from '../compute/backendNames';

export async function startNodeBackend(name: BackendName): Promise<BackendName> {
  if (name === 'webgpu')
    throw new Error('the webgpu backend is not available in the Node CLI; use --backend cpu or wasm');
  // Silences tfjs's advice to install tfjs-node, which cannot install here; the backend is reported instead.
  tf.env().set('PROD', true);
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    return activateBackend('wasm', { wasmPath: pathToFileURL(dir).href + '/' });
  }
  return activateBackend(name);
}
