import { describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../core/train';
import { bandOverRuns, finalMetric, metricOf, stat } from './bands';

const eps = (rows: [number, boolean][]): EpisodeRecord[] =>
  rows.map(([ret, success], i) => ({ episode: i + 1, return: ret, success }) as EpisodeRecord);

describe('bands over runs', () => {
  it('gives the per-episode mean and min–max over the runs that reached the episode', () => {
    const a = eps([
      [-1, true],
      [-2, false],
      [-3, true],
    ]);
    const b = eps([
      [-5, false],
      [-6, false],
      [-7, true],
      [-8, true],
    ]);
    const s = bandOverRuns('S', [a, b], 'success', 1);
    // Episode 4 is run b's alone: the curve goes on with it rather than stopping at the shortest run.
    expect(s).toEqual({ label: 'S', x: [1, 2, 3, 4], mean: [0.5, 0, 1, 1], lo: [0, 0, 1, 1], hi: [1, 0, 1, 1] });
    const r = bandOverRuns('R', [a, b], 'return', 1);
    expect(r.mean).toEqual([-3, -4, -5, -8]);
    expect(r.lo).toEqual([-5, -6, -7, -8]);
    expect(r.hi).toEqual([-1, -2, -3, -8]);
    // smoothing is per run, before the band: run a's success over 2 episodes is 1, 0.5, 0.5
    expect(bandOverRuns('W', [a], 'success', 2).mean).toEqual([1, 0.5, 0.5]);
  });

  it('sums a run up by its last 10 episodes and seeds by mean, min and max', () => {
    const run = eps(Array.from({ length: 12 }, (_, i) => [i, i >= 7] as [number, boolean]));
    expect(finalMetric(run, 'return')).toBe(6.5); // mean of 2..11
    expect(finalMetric(run, 'success')).toBe(0.5); // episodes 8..12 of the last 10
    expect(stat([0.25, 0.5, 0.75])).toEqual({ mean: 0.5, min: 0.25, max: 0.75, seeds: 3 });
    expect(metricOf('pendulum')).toBe('return');
    expect(metricOf('franka')).toBe('success');
  });
});
