import { describe, expect, it } from 'vitest';
import { modelDraw, PlannerModel } from './model';
import { keyFromSeed, RandomStream, uniformAt } from './rng';
import { pendulum } from './tasks/pendulum';

describe('modelDraw', () => {
  it("names the task's box, the override's, or a fixed row", () => {
    expect(modelDraw(pendulum, 'biased', 'per-sample-per-step')).toEqual({
      kind: 'box',
      box: pendulum.biased,
      perEpisode: false,
    });
    expect(modelDraw(pendulum, 'dr', 'per-episode')).toEqual({ kind: 'box', box: pendulum.dr, perEpisode: true });
    const box = { low: [2, 3], high: [4, 5] };
    expect(modelDraw(pendulum, 'dr', 'per-episode', { box })).toEqual({ kind: 'box', box, perEpisode: true });
    expect(modelDraw(pendulum, 'true', 'per-episode')).toEqual({ kind: 'fixed', values: pendulum.trueParams });
    expect(modelDraw(pendulum, 'true', 'per-episode', { trueParams: [1.5, 0.5] })).toEqual({
      kind: 'fixed',
      values: [1.5, 0.5],
    });
    expect(() => modelDraw(pendulum, 'biased', 'per-episode', { box: { low: [1], high: [2] } })).toThrow(/2 values/);
  });
});

describe('PlannerModel.fill', () => {
  // The addresses the GPU's rollout kernel draws from (wgslMppi.ts): row r, parameter j = uniform r·np + j.
  const box = { low: [0.5, 2], high: [1.5, 2.5] };
  const at = (key: readonly [number, number], r: number, j: number): number =>
    box.low[j] + (box.high[j] - box.low[j]) * uniformAt(key, r * 2 + j);

  it('draws parameter j of row r from uniform r·np + j of the step stream', () => {
    const m = new PlannerModel(pendulum, 'biased', 'per-sample-per-step', 5, { box });
    const out = new Float64Array(3 * 5 * 2);
    const key = keyFromSeed(9);
    expect(m.fill(new RandomStream(key), 3, out)).toBe(2);
    for (let r = 0; r < 15; r++) for (let j = 0; j < 2; j++) expect(out[r * 2 + j]).toBe(at(key, r, j));
  });

  it("per episode: row r of every problem is row r of the episode's stream", () => {
    const m = new PlannerModel(pendulum, 'biased', 'per-episode', 4, { box });
    const episode = keyFromSeed(3);
    m.beginEpisode(new RandomStream(episode));
    const out = new Float64Array(2 * 4 * 2);
    expect(m.fill(new RandomStream(keyFromSeed(99)), 2, out)).toBe(2);
    for (let r = 0; r < 8; r++) for (let j = 0; j < 2; j++) expect(out[r * 2 + j]).toBe(at(episode, r % 4, j));
  });

  it('source true: one shared row (stride 0)', () => {
    const m = new PlannerModel(pendulum, 'true', 'per-sample-per-step', 4, { trueParams: [1.25, 0.75] });
    const out = new Float64Array(8);
    expect(m.fill(new RandomStream(keyFromSeed(1)), 1, out)).toBe(0);
    expect([out[0], out[1]]).toEqual([1.25, 0.75]);
  });
});
