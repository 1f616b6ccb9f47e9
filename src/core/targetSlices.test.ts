import { describe, expect, it } from 'vitest';
import { defaultAgentConfig, defaultLearnConfig } from './config';
import { deriveKey, keyFromSeed, RandomStream } from './rng';
import { sliceRanges, slicedTargets } from './targetSlices';
import { gatherMinibatch, localTargets, type TargetBatch } from './targets';
import { fixedQ, randomLayers, recordingLearner } from './testing/fixedQ';
import { randomTransitions } from './testing/randomBuffer';
import { pendulum } from './tasks/pendulum';
import { ballincup } from './tasks/ballincup';
import { train } from './train';
import type { TaskSpec } from './task';

/** A minibatch of `B` tuples of a random-action buffer. */
function minibatch(task: TaskSpec, B: number, seed: number): TargetBatch {
  const buffer = randomTransitions(task, 512, seed);
  const idx = new Int32Array(B);
  buffer.sampleIndices(new RandomStream(keyFromSeed(seed + 1)), B, idx);
  const starts = new Float64Array(B * task.stateDim);
  gatherMinibatch(task, buffer, idx, B, starts, new Float32Array(B * (task.obsDim + task.actionDim)));
  const costs = Float64Array.from(idx, (i) => buffer.costs[i]);
  return { starts, costs, count: B, key: deriveKey(keyFromSeed(seed), 5) };
}

describe('slice ranges', () => {
  it('cover the batch contiguously in near-equal parts, never empty', () => {
    expect(sliceRanges(7, 3)).toEqual([
      [0, 3],
      [3, 5],
      [5, 7],
    ]);
    expect(sliceRanges(2, 4)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(sliceRanges(64, 1)).toEqual([[0, 64]]);
    expect(sliceRanges(0, 2)).toEqual([]);
    expect(() => sliceRanges(4, 0)).toThrow(/parts/);
  });
});

describe('sliced targets', () => {
  for (const task of [pendulum, ballincup]) {
    it(`equal the whole minibatch's to the last bit for any number of slices (${task.id})`, async () => {
      const cfg = defaultAgentConfig(task, 'mpq');
      cfg.mppi.samples = 6;
      const q = fixedQ(randomLayers(task.obsDim + task.actionDim, [16, 16], 3));
      const B = 11;
      const batch = minibatch(task, B, 9);
      const whole = new Float32Array(B);
      await localTargets(task, cfg, B, 2).compute(batch, q, whole);
      for (const parts of [2, 3, 4, 11]) {
        const sources = Array.from({ length: parts }, () => localTargets(task, cfg, B, 2));
        const got = new Float32Array(B);
        await slicedTargets(sources, task.stateDim).compute(batch, q, got);
        for (let b = 0; b < B; b++) expect(Object.is(got[b], whole[b]), `${parts} slices, target ${b}`).toBe(true);
      }
    });
  }

  it('a slice of a slice draws what the whole batch draws for its tuples', async () => {
    const cfg = defaultAgentConfig(pendulum, 'mpq');
    cfg.mppi.samples = 5;
    const q = fixedQ(randomLayers(4, [8], 1));
    const batch = minibatch(pendulum, 9, 4);
    const whole = new Float32Array(9);
    await localTargets(pendulum, cfg, 9, 1).compute(batch, q, whole);
    const nested = slicedTargets(
      [
        slicedTargets([localTargets(pendulum, cfg, 9, 1), localTargets(pendulum, cfg, 9, 1)], 2),
        localTargets(pendulum, cfg, 9, 1),
      ],
      2,
    );
    const got = new Float32Array(9);
    await nested.compute(batch, q, got);
    expect(Array.from(got)).toEqual(Array.from(whole));
  });

  it('give a Trainer the records of its default targets when they arrive asynchronously in slices', async () => {
    const cfg = defaultAgentConfig(pendulum, 'mpq');
    cfg.mppi.samples = 6;
    const learn = { ...defaultLearnConfig(pendulum), episodes: 2, seed: 2, minibatches: 3, batchSize: 10 };
    const layers = randomLayers(4, [12], 5);
    const plain = recordingLearner(fixedQ(layers));
    const a = await train(pendulum, cfg, learn, plain);
    const sliced = recordingLearner(fixedQ(layers));
    const later = (task: TaskSpec, c: typeof cfg, maxBatch: number, iterations: number) => {
      const local = localTargets(task, c, maxBatch, iterations);
      return {
        compute: async (...args: Parameters<typeof local.compute>) => {
          await new Promise((r) => setTimeout(r, 0));
          await local.compute(...args);
        },
        dispose: () => local.dispose(),
      };
    };
    const b = await train(pendulum, cfg, learn, sliced, undefined, (t, c, m, it) =>
      slicedTargets([later(t, c, m, it), later(t, c, m, it), later(t, c, m, it)], t.stateDim),
    );
    expect(sliced.seen).toHaveLength(6);
    expect(sliced.seen).toEqual(plain.seen);
    const strip = (rs: typeof a) => rs.map(({ wallMs: _w, ...r }) => r);
    expect(strip(b)).toEqual(strip(a));
  });
});
