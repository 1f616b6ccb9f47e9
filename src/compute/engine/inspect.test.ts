import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveSampleSize } from '../../core/weighting';
import { activateBackend } from '../backend';
import { parseCommand } from './commands';
import { LabEngine } from './engine';
import type { InspectView } from './inspect';
import type { EngineEvent, EngineFrame } from './protocol';
import { defaultSettings, type LabSettings } from './settings';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

async function started(over: Partial<LabSettings> = {}) {
  const events: EngineEvent[] = [];
  const engine = new LabEngine((ev) => events.push(ev), { learn: { minibatches: 2, batchSize: 8 } });
  const s: LabSettings = { ...defaultSettings('pendulum', over.agent ?? 'mppi'), backend: 'cpu', ...over };
  await engine.handle({ type: 'init', settings: s });
  const views = () =>
    events.filter((e): e is Extract<EngineEvent, { type: 'inspect' }> => e.type === 'inspect').map((e) => e.view);
  const last = (): InspectView => {
    const v = views().at(-1);
    if (!v) throw new Error('no inspect view');
    return v;
  };
  const frames = () =>
    events.filter((e): e is Extract<EngineEvent, { type: 'frame' }> => e.type === 'frame').map((e) => e.frame);
  const errors = () => events.filter((e) => e.type === 'error');
  return { engine, s, views, last, frames, errors };
}

describe('inspect commands', () => {
  it('parse a sub-step and refuse an unknown one', () => {
    expect(parseCommand({ type: 'inspect', stage: 'weights' })).toEqual({ type: 'inspect', stage: 'weights' });
    expect(parseCommand({ type: 'inspect', stage: 'f' })).toMatch(/^stage: got "f", allowed noise, score/);
    expect(parseCommand({ type: 'inspectEnd' })).toEqual({ type: 'inspectEnd' });
  });
});

describe('step-through of one MPPI iteration', () => {
  it('freezes the next step’s first iteration exactly as the planner then plays it, and the real step matches (e)', async () => {
    const l = await started({ agent: 'mppi' });
    await l.engine.handle({ type: 'step' });
    await l.engine.handle({ type: 'inspect', stage: 'noise' });
    const v = l.last();
    expect(v.planner).toBe('cpu');
    expect(v.episodeStep).toBe(1);
    expect(v.plannerGap).toBeLessThan(1e-6);
    expect(v.noise.length).toBe(v.samples * v.horizon);
    expect(v.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // S = running + terminal + control for every sample.
    for (let n = 0; n < v.samples; n++)
      expect(v.split[3 * n] + v.split[3 * n + 1] + v.split[3 * n + 2]).toBeCloseTo(v.costs[n], 3);
    for (const stage of ['score', 'weights', 'update', 'shift'] as const) {
      await l.engine.handle({ type: 'inspect', stage });
      expect(l.last().stage).toBe(stage);
      expect(Array.from(l.last().noise)).toEqual(Array.from(v.noise));
    }
    // The real step takes (e)'s action and lands on (e)'s next state (one iteration per step).
    await l.engine.handle({ type: 'step' });
    expect(l.views().at(-1)).toBeNull();
    const f: EngineFrame = l.frames().at(-1)!;
    expect(Array.from(f.action)[0]).toBeCloseTo(v.action[0], 5);
    for (let j = 0; j < v.nextState.length; j++) expect(f.state[j]).toBeCloseTo(v.nextState[j], 9);
    expect(l.errors()).toEqual([]);
  });

  it('moving λ re-weights the same frozen samples: noise and rollouts unchanged, ESS from ≈1 to many', async () => {
    // The episode's first state: the plan is still zero, so at large λ the control term is no help either.
    const l = await started({ agent: 'mppi' });
    await l.engine.handle({ type: 'inspect', stage: 'weights' });
    const first = l.last();
    await l.engine.handle({ type: 'configure', settings: { ...l.s, lambda: 0.001 } });
    const sharp = l.last();
    await l.engine.handle({ type: 'configure', settings: { ...l.s, lambda: 100 } });
    const flat = l.last();
    for (const v of [sharp, flat]) {
      expect(Array.from(v.noise)).toEqual(Array.from(first.noise));
      expect(Array.from(v.paths)).toEqual(Array.from(first.paths));
      expect(v.stage).toBe('weights');
    }
    expect(sharp.lambda).toBe(0.001);
    expect(flat.lambda).toBe(100);
    expect(sharp.ess).toBeCloseTo(effectiveSampleSize(sharp.weights), 3);
    expect(sharp.ess).toBeLessThan(1.5);
    expect(flat.ess / sharp.ess).toBeGreaterThan(10);
    // Only the control part carries λ.
    for (let n = 0; n < sharp.samples; n++) {
      expect(sharp.split[3 * n]).toBe(flat.split[3 * n]);
      expect(flat.split[3 * n + 2]).toBeCloseTo((sharp.split[3 * n + 2] / 0.001) * 100, 2);
    }
  });

  it('a new Σ freezes anew from the same state; a reset leaves step-through; training refuses it', async () => {
    const l = await started({ agent: 'mppi' });
    await l.engine.handle({ type: 'inspect', stage: 'noise' });
    const a = l.last();
    await l.engine.handle({ type: 'configure', settings: { ...l.s, sigma: 2 * l.s.sigma } });
    const b = l.last();
    expect(b.sigma).toBe(2 * l.s.sigma);
    expect(Array.from(b.state)).toEqual(Array.from(a.state));
    expect(b.noise[0]).toBeCloseTo(a.noise[0] * Math.SQRT2, 5);
    await l.engine.handle({ type: 'reset' });
    expect(l.views().at(-1)).toBeNull();
    await l.engine.handle({ type: 'train', episodes: 1 });
    await l.engine.handle({ type: 'inspect', stage: 'noise' });
    expect(l.errors().at(-1)).toMatchObject({ command: 'inspect' });
  });

  it('MPQ: the terminal part is γ^{H−1} Q', async () => {
    const l = await started({ agent: 'mpq' });
    await l.engine.handle({ type: 'inspect', stage: 'score' });
    const v = l.last();
    expect(v.hasQ).toBe(true);
    expect(v.plannerGap).toBeLessThan(1e-6);
    expect(v.split.some((x, i) => i % 3 === 1 && x !== 0)).toBe(true);
  });
});
