import { describe, expect, it } from 'vitest';
import { defaultAgentConfig } from '../../core/config';
import { deriveKey, keyFromSeed, RandomStream } from '../../core/rng';
import { gatherMinibatch, localTargets, type TargetBatch } from '../../core/targets';
import { pendulum } from '../../core/tasks/pendulum';
import { fixedQ, randomLayers } from '../../core/testing/fixedQ';
import { randomTransitions } from '../../core/testing/randomBuffer';
import { TargetPool, type SliceRequest } from './targetPool';
import { sliceHandler } from './targetSlice';

/** A stand-in for a target worker: the worker's own handler, answering asynchronously with copied messages. */
class FakeWorker {
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: { message: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  readonly received: SliceRequest[] = [];
  terminated = false;
  private readonly handle = sliceHandler();

  postMessage(req: SliceRequest): void {
    this.received.push(req);
    const copy = structuredClone(req);
    setTimeout(() => this.onmessage?.({ data: this.handle(copy) }), 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

function batchOf(B: number, seed: number): TargetBatch {
  const buffer = randomTransitions(pendulum, 300, seed);
  const idx = new Int32Array(B);
  buffer.sampleIndices(new RandomStream(keyFromSeed(seed)), B, idx);
  const starts = new Float64Array(B * pendulum.stateDim);
  gatherMinibatch(pendulum, buffer, idx, B, starts, new Float32Array(B * 4));
  return {
    starts,
    costs: Float64Array.from(idx, (i) => buffer.costs[i]),
    count: B,
    key: deriveKey(keyFromSeed(seed), 5),
  };
}

describe('the target pool', () => {
  for (const numerics of ['v1', 'v2'] as const) {
    it(`gives the targets of the engine's own thread bit for bit, sending weights only when they change (${numerics})`, async () => {
      const cfg = { ...defaultAgentConfig(pendulum, 'mpq'), numerics };
      cfg.mppi.samples = 6;
      const workers: FakeWorker[] = [];
      const pool = new TargetPool(3, () => {
        const w = new FakeWorker();
        workers.push(w);
        return w as unknown as Worker;
      });
      let layers = randomLayers(4, [10, 10], 1);
      const q = { ...fixedQ(layers), weights: () => layers };
      const source = pool.factory(pendulum, cfg, 10, 2);
      const local = localTargets(pendulum, cfg, 10, 2);
      for (const [step, seed] of [
        [0, 1],
        [1, 2],
        [2, 3],
      ]) {
        if (step === 2) layers = randomLayers(4, [10, 10], 9); // an update: new weights
        const batch = batchOf(10, seed);
        const want = new Float32Array(10);
        const got = new Float32Array(10);
        const here = { ...fixedQ(layers), weights: () => layers };
        await local.compute(batch, here, want);
        await source.compute(batch, q, got);
        for (let b = 0; b < 10; b++) expect(Object.is(got[b], want[b]), `batch ${step}, target ${b}`).toBe(true);
      }
      expect(workers).toHaveLength(3);
      for (const w of workers) expect(w.received.map((r) => r.weights !== undefined)).toEqual([true, false, true]);
      pool.dispose();
      expect(workers.every((w) => w.terminated)).toBe(true);
    });
  }

  it('refuses a minibatch whose worker failed, and carries on with a fresh worker', async () => {
    const cfg = defaultAgentConfig(pendulum, 'mpq');
    cfg.mppi.samples = 4;
    const workers: FakeWorker[] = [];
    const pool = new TargetPool(1, () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    });
    const layers = randomLayers(4, [6], 2);
    const q = fixedQ(layers);
    const source = pool.factory(pendulum, cfg, 5, 1);
    const batch = batchOf(5, 4);
    const y = new Float32Array(5);
    workers[0].postMessage = () => setTimeout(() => workers[0].onerror?.({ message: 'out of memory' }), 0);
    await expect(source.compute(batch, q, y)).rejects.toThrow(/target worker stopped: out of memory/);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    await source.compute(batch, q, y);
    const want = new Float32Array(5);
    await localTargets(pendulum, cfg, 5, 1).compute(batch, q, want);
    expect(Array.from(y)).toEqual(Array.from(want));
    expect(workers[1].received[0].weights).toBeDefined(); // the fresh worker got the weights again
    pool.dispose();
  });

  it('says what is wrong with a Q-function that hands out no weights', async () => {
    const pool = new TargetPool(2, () => new FakeWorker() as unknown as Worker);
    const q = { inputDim: 4, evaluate: () => {} };
    await expect(
      pool.factory(pendulum, defaultAgentConfig(pendulum, 'mpq'), 4, 1).compute(batchOf(4, 1), q, new Float32Array(4)),
    ).rejects.toThrow(/does not hand out/);
    pool.dispose();
  });
});
