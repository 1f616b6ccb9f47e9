import { describe, expect, it } from 'vitest';
import type { EpisodeEvent, EpisodePhase, TrainingProgress } from '../../compute/engine/protocol';
import { formatClock, learningSeries, progressText } from './learningSeries';

function ev(phase: EpisodePhase, ret: number, success = false, tdLoss: number | null = null, fe = -ret): EpisodeEvent {
  return {
    phase,
    record: { episode: 0, return: ret, success, steps: 200, wallMs: 1, meanFreeEnergy: fe, tdLoss, system: 'true' },
  };
}

describe('learningSeries', () => {
  it('is empty without episodes', () => {
    const s = learningSeries([]);
    expect(s.returns).toEqual([]);
    expect(s.success).toEqual([]);
    expect(s.loss).toEqual([]);
    expect(s.freeEnergy).toEqual([]);
  });
  it('splits train and play on one time line with rolling means', () => {
    const eps = [
      ev('train', -500, false, 2),
      ev('train', -300, true, 1),
      ev('play', -100, true),
      ev('train', -200, true, 0.5),
    ];
    const s = learningSeries(eps, 10);
    expect(s.returns.map((r) => r.name)).toEqual(['train', 'train · mean of 10', 'play']);
    expect(s.returns[0].points).toEqual([
      [1, -500],
      [2, -300],
      [4, -200],
    ]);
    expect(s.returns[1].points.map((p) => p[1])).toEqual([-500, -400, -1000 / 3]);
    expect(s.returns[1].inSummary).toBe(false);
    expect(s.returns[1].band?.[1]).toEqual([2, -500, -300]);
    expect(s.returns[2].points).toEqual([[3, -100]]);
  });
  it('gives the rolling success rate in percent', () => {
    const eps = [ev('train', 0, false), ev('train', 0, true), ev('train', 0, true), ev('train', 0, true)];
    const s = learningSeries(eps, 2);
    expect(s.success[0].points).toEqual([
      [1, 0],
      [2, 50],
      [3, 100],
      [4, 100],
    ]);
  });
  it('plots TD loss only where an update ran', () => {
    const s = learningSeries([ev('train', 0, false, null), ev('train', 0, false, 3), ev('play', 0)]);
    expect(s.loss).toHaveLength(1);
    expect(s.loss[0].points).toEqual([[2, 3]]);
  });
  it('plots the mean free energy per phase', () => {
    const s = learningSeries([ev('play', 0, false, null, 12), ev('play', 0, false, null, 8)]);
    expect(s.freeEnergy.map((f) => f.name)).toEqual(['play', 'play · mean of 10']);
    expect(s.freeEnergy[1].points).toEqual([
      [1, 12],
      [2, 10],
    ]);
    expect(s.freeEnergy[1].band).toBeUndefined();
  });
});

describe('progress', () => {
  const p = (over: Partial<TrainingProgress>): TrainingProgress => ({
    running: true,
    done: 0,
    total: 50,
    etaSec: null,
    updates: 0,
    ...over,
  });
  it('formats a clock', () => {
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(75.4)).toBe('01:15');
    expect(formatClock(3725)).toBe('1:02:05');
    expect(formatClock(null)).toBe('--:--');
    expect(formatClock(NaN)).toBe('--:--');
  });
  it('says which episode runs and the time left', () => {
    expect(progressText(p({ done: 3, etaSec: 125 }))).toBe('episode 4 of 50 · ETA 02:05');
    expect(progressText(p({ done: 0 }))).toBe('episode 1 of 50 · ETA --:--');
    expect(progressText(p({ done: 50 }))).toBe('episode 50 of 50 · ETA --:--');
  });
  it('says how a run ended', () => {
    expect(progressText(p({ running: false, done: 50 }))).toBe('trained 50 of 50 episodes');
    expect(progressText(p({ running: false, done: 7 }))).toBe('stopped after 7 of 50 episodes');
  });
});
