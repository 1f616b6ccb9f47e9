/**
 * The Q-network alone, per batch size: forward rows/s of the TypeScript pass
 * the planner uses (core/mlp.ts) and of tfjs predict, and Adam training steps/s
 * (one minibatch of that size, including the weight copy back to the TS pass).
 * Input width is ball-in-cup's (12 obs + 2 actions); 2 × 100 tanh as App. B.
 */
import { TfQNetwork } from '../../compute/qnetwork';
import { keyFromSeed, RandomStream } from '../../core/rng';
import { WasmMlp } from '../../core/wasmMlp';
import { rates, result, type BenchResult } from './common';

export const QNET_BATCHES = [32, 256, 2048] as const;
const INPUT_DIM = 14;

function network(maxRows: number): TfQNetwork {
  return new TfQNetwork({
    inputDim: INPUT_DIM,
    hidden: [100, 100],
    learningRate: 1e-3,
    initKey: keyFromSeed(3),
    maxRows,
  });
}

function randomInputs(rows: number): { x: Float32Array; y: Float32Array } {
  const rng = new RandomStream(keyFromSeed(8));
  const x = new Float32Array(rows * INPUT_DIM);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniformIn(-1, 1);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = rng.uniformIn(0, 10);
  return { x, y };
}

/** TS forward rows/s per batch size (no tfjs involved). */
export async function benchForwardTs(repeats: number): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const q = network(Math.max(...QNET_BATCHES));
  for (const B of QNET_BATCHES) {
    const { x } = randomInputs(B);
    const y = new Float64Array(B);
    const calls = Math.max(1, Math.round(20000 / B));
    const rs = await rates(repeats, B * calls, () => {
      for (let c = 0; c < calls; c++) q.evaluate(x, B, y);
    });
    out.push(
      result(`qnet/forward-ts/B${B}`, 'any', 'ts', 'rowsPerSec', rs, {
        batch: B,
        inputDim: INPUT_DIM,
        hidden: [100, 100],
      }),
    );
  }
  q.dispose();
  return out;
}

/** Rows/s of the WebAssembly SIMD forward pass (numerics v2's), on the same network and rows as the TS pass. */
export async function benchForwardWasm(repeats: number): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const q = network(Math.max(...QNET_BATCHES));
  const mlp = new WasmMlp(q.weights());
  for (const B of QNET_BATCHES) {
    const { x } = randomInputs(B);
    const y = new Float64Array(B);
    const calls = Math.max(1, Math.round(20000 / B));
    const rs = await rates(repeats, B * calls, () => {
      for (let c = 0; c < calls; c++) mlp.forward(x, B, y);
    });
    out.push(
      result(`qnet/forward-wasm/B${B}`, 'any', 'wasm-simd', 'rowsPerSec', rs, {
        batch: B,
        inputDim: INPUT_DIM,
        hidden: [100, 100],
        precision: 'float32',
      }),
    );
  }
  q.dispose();
  return out;
}

/** tfjs predict rows/s and training steps/s per batch size, on the active tfjs backend. */
export async function benchTfjs(backend: string, repeats: number): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const q = network(Math.max(...QNET_BATCHES));
  for (const B of QNET_BATCHES) {
    const { x, y } = randomInputs(B);
    const calls = Math.max(1, Math.round(4096 / B));
    const fwd = await rates(repeats, B * calls, async () => {
      for (let c = 0; c < calls; c++) await q.predict(x, B);
    });
    out.push(
      result(`qnet/predict-tfjs/B${B}`, 'any', backend, 'rowsPerSec', fwd, {
        batch: B,
        inputDim: INPUT_DIM,
        hidden: [100, 100],
      }),
    );
    const steps = B >= 2048 ? 2 : 5;
    const tr = await rates(repeats, steps, async () => {
      for (let s = 0; s < steps; s++) await q.trainStep(x, y, B);
    });
    out.push(
      result(`qnet/train/B${B}`, 'any', backend, 'trainStepsPerSec', tr, {
        batch: B,
        inputDim: INPUT_DIM,
        hidden: [100, 100],
        optimizer: 'adam 1e-3',
        note: 'includes copying the weights back to the TS forward',
      }),
    );
  }
  q.dispose();
  return out;
}
