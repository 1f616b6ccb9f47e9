import { describe, expect, it } from 'vitest';
import { configProblems, defaultAgentConfig, defaultLearnConfig } from './config';
import { describeData, drBoxOf, drSettingsOf, legacyDr, PAPER_DR } from './dr';
import { keyFromSeed, RandomStream } from './rng';
import { learnFromFile, runIdentity } from './runConfig';
import { ballincup } from './tasks/ballincup';
import { franka } from './tasks/franka';
import { pendulum } from './tasks/pendulum';
import { episodeKey, RealSystem, train } from './train';

describe("domain randomisation as the paper ran it (§4.3: Table 1's distribution, every step)", () => {
  it('is the default of every learning config, and draws from the planner’s biased box', () => {
    expect(defaultLearnConfig(ballincup)).toMatchObject({ drBox: 'biased', drDraw: 'step' });
    expect(PAPER_DR).toEqual({ drBox: 'biased', drDraw: 'step' });
    expect(drBoxOf(ballincup, 'biased')).toBe(ballincup.biased);
    expect(drBoxOf(ballincup, 'broad')).toBe(ballincup.dr);
    // The page's moved box is the planner's biased box, so DR follows it; another model source leaves Table 1's.
    const moved = { low: [0.05, 1e-5, 0.01], high: [0.06, 2e-5, 0.02] };
    expect(drBoxOf(ballincup, 'biased', { model: 'biased', modelBox: moved })).toBe(moved);
    expect(drBoxOf(ballincup, 'biased', { model: 'true', modelBox: moved })).toBe(ballincup.biased);
  });

  it('draws once per episode with drDraw episode, before every step with step', () => {
    const box = pendulum.biased;
    const perEpisode = new RealSystem(pendulum, new RandomStream(keyFromSeed(2)), pendulum.trueParams, {
      box,
      perEpisode: true,
    });
    const perStep = new RealSystem(pendulum, new RandomStream(keyFromSeed(2)), pendulum.trueParams, {
      box,
      perEpisode: false,
    });
    const a = new Float64Array([0.5]);
    const first = Array.from(perEpisode.stepParams);
    // The episode's vector is the first draw of the stream, the one a per-step system makes before its first step.
    perStep.step(a, 0);
    expect(Array.from(perStep.stepParams)).toEqual(first);
    const seen = new Set<string>();
    for (let t = 0; t < 10; t++) {
      perEpisode.step(a, t);
      perStep.step(a, t + 1);
      expect(Array.from(perEpisode.stepParams)).toEqual(first);
      seen.add(perStep.stepParams.join());
    }
    expect(seen.size).toBe(10);
    expect(first[0]).toBeGreaterThanOrEqual(box.low[0]);
    expect(first[0]).toBeLessThanOrEqual(box.high[0]);
  });

  it('trains on the box its config names: the broad box reaches outside Table 1’s', async () => {
    const cfg = defaultAgentConfig(pendulum, 'mppi');
    cfg.mppi.samples = 4;
    cfg.mppi.horizon = 2;
    const learn = { ...defaultLearnConfig(pendulum), episodes: 1, seed: 4, data: 'dr' as const };
    const paper = await train(pendulum, cfg, learn, null);
    const broad = await train(pendulum, cfg, { ...learn, drBox: 'broad' }, null);
    const once = await train(pendulum, cfg, { ...learn, drDraw: 'episode' }, null);
    expect(new Set([paper[0].return, broad[0].return, once[0].return]).size).toBe(3);
    expect(configProblems(cfg, { ...learn, drBox: 'wide' as never })).toEqual([
      'drBox must be one of biased, broad, got wide',
    ]);
    expect(episodeKey(4, 'train', 0)).not.toEqual(episodeKey(4, 'validate', 0));
  });
});

describe('run files written before the DR settings were recorded', () => {
  it('read as the legacy DR: the broad box every step, Table 1’s box on Franka', () => {
    expect(legacyDr('ballincup')).toEqual({ drBox: 'broad', drDraw: 'step' });
    expect(legacyDr('franka')).toEqual({ drBox: 'biased', drDraw: 'step' });
    expect(drSettingsOf('ballincup', {})).toEqual({ drBox: 'broad', drDraw: 'step' });
    expect(drSettingsOf('ballincup', { drBox: 'biased', drDraw: 'step' })).toEqual(PAPER_DR);
    // Franka's broad box has always been Table 1's: no broader box was ever defined for it.
    expect(franka.dr).toEqual(franka.biased);
    expect(describeData('ballincup', { data: 'dr' })).toBe(
      'DR: broad box, every step (recorded before the DR settings: the legacy DR)',
    );
    expect(describeData('franka', { data: 'dr', drBox: 'biased', drDraw: 'episode' })).toBe(
      'DR: biased box, once per episode',
    );
    expect(describeData('franka', { data: 'real' })).toBe('real system');
  });

  it('make the same run as a new config where the new fields cannot act', () => {
    const agent = defaultAgentConfig(ballincup);
    const learn = defaultLearnConfig(ballincup);
    const { drBox: _b, drDraw: _d, select: _s, validateEvery: _v, validateEpisodes: _k, ...old } = learn;
    expect(learnFromFile('ballincup', old)).toEqual({ ...learn, drBox: 'broad' });
    expect(runIdentity('ballincup', agent, old)).toBe(runIdentity('ballincup', agent, learn));
    const dr = { ...learn, data: 'dr' as const };
    expect(runIdentity('ballincup', agent, { ...old, data: 'dr' })).not.toBe(runIdentity('ballincup', agent, dr));
    expect(runIdentity('ballincup', agent, { ...old, data: 'dr' })).toBe(
      runIdentity('ballincup', agent, { ...dr, drBox: 'broad' }),
    );
    expect(runIdentity('ballincup', agent, { ...learn, select: 'best' })).not.toBe(
      runIdentity('ballincup', agent, learn),
    );
  });
});
