import { describe, expect, it } from 'vitest';
import type { EpisodePhase, TrainingProgress } from '../../compute/engine/protocol';
import { defaultSettings } from '../../compute/engine/settings';
import { formatClock, learningSeries, progressText, SERIES_COLORS } from './learningSeries';
import { SeriesBook, seriesLabel, type LabeledEpisode, type SeriesInfo } from './seriesBook';

function ev(
  series: number,
  ret: number,
  success = false,
  tdLoss: number | null = null,
  fe = -ret,
  phase: EpisodePhase = 'play',
): LabeledEpisode {
  return {
    phase,
    series,
    record: { episode: 0, return: ret, success, steps: 200, wallMs: 1, meanFreeEnergy: fe, tdLoss, system: 'true' },
  };
}
const info = (id: number, label = `s${id}`, phase: EpisodePhase = 'play'): SeriesInfo => ({ id, label, phase });

describe('learningSeries', () => {
  it('is empty without episodes', () => {
    const s = learningSeries([], [info(0)]);
    expect(s.returns).toEqual([]);
    expect(s.success).toEqual([]);
    expect(s.loss).toEqual([]);
    expect(s.freeEnergy).toEqual([]);
  });
  it('numbers each series from 1 so series lie over each other, one colour each, with rolling means', () => {
    const eps = [ev(0, -500, false, 2), ev(0, -300, true, 1), ev(1, -100, true), ev(0, -200, true, 0.5)];
    const s = learningSeries(eps, [info(0, 'A'), info(1, 'B')], 10);
    expect(s.returns.map((r) => [r.name, r.inLegend !== false])).toEqual([
      ['A', false],
      ['A', true],
      ['B', true],
    ]);
    expect(s.returns[0].points).toEqual([
      [1, -500],
      [2, -300],
      [3, -200],
    ]);
    expect(s.returns[1].points.map((p) => p[1])).toEqual([-500, -400, -1000 / 3]);
    expect(s.returns[1].inSummary).toBe(false);
    expect(s.returns[1].band?.[1]).toEqual([2, -500, -300]);
    expect(s.returns[1].color).toBe(SERIES_COLORS[0]);
    expect(s.returns[2]).toMatchObject({ points: [[1, -100]], color: SERIES_COLORS[1] });
  });
  it('gives the rolling success rate in percent', () => {
    const eps = [ev(0, 0, false), ev(0, 0, true), ev(0, 0, true), ev(0, 0, true)];
    const s = learningSeries(eps, [info(0)], 2);
    expect(s.success[0].points).toEqual([
      [1, 0],
      [2, 50],
      [3, 100],
      [4, 100],
    ]);
  });
  it('plots TD loss only where an update ran', () => {
    const s = learningSeries([ev(0, 0, false, null), ev(0, 0, false, 3), ev(1, 0)], [info(0), info(1)]);
    expect(s.loss).toHaveLength(1);
    expect(s.loss[0].points).toEqual([[2, 3]]);
  });
  it('plots the mean free energy per series', () => {
    const s = learningSeries([ev(0, 0, false, null, 12), ev(0, 0, false, null, 8)], [info(0, 'A')]);
    expect(s.freeEnergy.map((f) => f.name)).toEqual(['A', 'A']);
    expect(s.freeEnergy[1].points).toEqual([
      [1, 12],
      [2, 10],
    ]);
    expect(s.freeEnergy[1].band).toBeUndefined();
  });
});

describe('SeriesBook', () => {
  const d = defaultSettings('pendulum', 'mpq');
  it('labels a series by agent, H, model and Q, and the settings that differ from the paper', () => {
    expect(seriesLabel(d, 'pretrained', 'play')).toBe('MPQ H8 biased · pretrained Q');
    expect(seriesLabel({ ...d, agent: 'mppi', horizon: 16, model: 'true' }, 'none', 'play')).toBe('MPPI H16 true');
    expect(seriesLabel({ ...d, lambda: 0.001 }, 'none', 'train')).toBe(
      'MPQ H8 biased · λ 0.001 · untrained Q · training',
    );
  });
  it('keeps episodes of one run in one series, and opens a new one for new settings or a new Q', () => {
    const b = new SeriesBook();
    expect(b.assign(d, 'pretrained', 'play')).toBe(0);
    expect(b.assign(d, 'pretrained', 'play')).toBe(0);
    expect(b.assign({ ...d, horizon: 4 }, 'pretrained', 'play')).toBe(1);
    expect(b.assign(d, 'pretrained', 'play')).toBe(2);
    b.newRun();
    expect(b.assign(d, 'pretrained', 'play')).toBe(3);
    expect(b.series.map((x) => x.label)).toEqual([
      'MPQ H8 biased · pretrained Q',
      'MPQ H4 biased · pretrained Q',
      'MPQ H8 biased · pretrained Q (2)',
      'MPQ H8 biased · pretrained Q (3)',
    ]);
    b.clear();
    expect(b.series).toEqual([]);
    expect(b.assign(d, 'none', 'play')).toBe(0);
  });
  it("keeps a training run's interleaved test and training episodes in two series, however many", () => {
    const b = new SeriesBook();
    const ids = Array.from({ length: 20_000 }, (_, i) => b.assign(d, 'trained', i % 10 === 0 ? 'play' : 'train'));
    expect(b.series.map((x) => x.label)).toEqual([
      'MPQ H8 biased · Q trained in this tab',
      'MPQ H8 biased · Q trained in this tab · training',
    ]);
    expect(ids.slice(0, 3)).toEqual([0, 1, 1]);
    expect(ids[10]).toBe(0);
  });
});

describe('progress', () => {
  const p = (over: Partial<TrainingProgress>): TrainingProgress => ({
    running: true,
    done: 0,
    total: 50,
    etaSec: null,
    updates: 0,
    phase: 'acting',
    minibatch: 0,
    minibatches: 32,
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
    expect(progressText(p({ done: 3, etaSec: 60, phase: 'updating', minibatch: 12 }))).toBe(
      'episode 4 of 50 · updating Q (minibatch 12 of 32) · ETA 01:00',
    );
  });
  it('says how a run ended', () => {
    expect(progressText(p({ running: false, done: 50 }))).toBe('trained 50 of 50 episodes');
    expect(progressText(p({ running: false, done: 7 }))).toBe('stopped after 7 of 50 episodes');
  });
});
