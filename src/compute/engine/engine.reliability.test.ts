import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_POINTS } from '../../core/weightStats';
import { activateBackend } from '../backend';
import { startBackend, type BackendStarter } from './backendChoice';
import { checkpointRunFile, type RunCheckpoint } from './checkpoint';
import { DRAW_POINTS } from './drawBudget';
import { LabEngine, type EngineDeps } from './engine';
import type { EngineEvent } from './protocol';
import { defaultSettings, type LabSettings } from './settings';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

const TINY: EngineDeps['learn'] = { minibatches: 2, batchSize: 8 };

function settings(over: Partial<LabSettings> = {}): LabSettings {
  return { ...defaultSettings(over.task ?? 'pendulum', over.agent ?? 'mpq'), backend: 'cpu', ...over };
}

function lab(deps: EngineDeps = {}) {
  const events: EngineEvent[] = [];
  const engine = new LabEngine((ev) => events.push(ev), { learn: TINY, ...deps });
  const of = <T extends EngineEvent['type']>(type: T) =>
    events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  return { engine, events, of };
}

async function trainEpisodes(engine: LabEngine, episodes: number): Promise<void> {
  await engine.handle({ type: 'train', episodes });
  while (engine.activity === 'training') await engine.trainChunk(1000);
}

const restoreOf = (cp: RunCheckpoint) => ({
  type: 'restoreRun',
  file: checkpointRunFile(cp),
  train: cp.train,
  updates: cp.updates,
});

describe('LabEngine faults', () => {
  it('a failed init leaves the engine able to init again with another backend', async () => {
    const failing: BackendStarter = async (request, wasmPath) => {
      if (request === 'webgpu') throw new Error('navigator.gpu is undefined');
      return startBackend(request, wasmPath);
    };
    const l = lab({ startBackend: failing });
    await l.engine.handle({ type: 'init', settings: settings({ backend: 'webgpu' }) });
    expect(l.of('error').map((e) => [e.command, e.message])).toEqual([['init', 'navigator.gpu is undefined']]);
    await l.engine.handle({ type: 'step' });
    expect(l.of('error')[1].message).toMatch(/send init first/);
    await l.engine.handle({ type: 'init', settings: settings({ backend: 'cpu' }) });
    expect(l.of('error')).toHaveLength(2);
    expect(l.of('backend')[0].report.tfjs).toBe('cpu');
    await l.engine.handle({ type: 'step' });
    expect(l.engine.steps).toBe(1);
  });
});

describe('LabEngine checkpoints', () => {
  it('sends one after every training episode and at the end; restored, the run trains on exactly as it would have', async () => {
    const a = lab();
    await a.engine.handle({ type: 'init', settings: settings() });
    await trainEpisodes(a.engine, 2);
    const cps = a.of('checkpoint').map((e) => e.checkpoint);
    expect(cps.map((c) => [c.reason, c.curves.count])).toEqual([
      ['episode', 1],
      ['stop', 2],
    ]);
    const saved = cps[1];
    expect(saved.updates).toBe(2 * TINY!.minibatches!);
    expect(saved.train!.adamIterations).toBe(saved.updates);

    const b = lab();
    await b.engine.handle({ type: 'init', settings: settings({ seed: 9 }) });
    await b.engine.handle(restoreOf(saved));
    expect(b.of('error')).toEqual([]);
    expect(b.engine.currentSettings).toEqual(saved.settings);
    const restored = b.of('checkpoint').at(-1)!.checkpoint;
    expect(restored.reason).toBe('restore');
    expect(restored.weights).toEqual(saved.weights);
    expect(restored.curves).toEqual(saved.curves);
    expect(restored.updates).toBe(saved.updates);

    // One more training run in each: the same record and the same weights (Adam's moments came along).
    await trainEpisodes(a.engine, 1);
    await trainEpisodes(b.engine, 1);
    const lastA = a.of('checkpoint').at(-1)!.checkpoint;
    const lastB = b.of('checkpoint').at(-1)!.checkpoint;
    expect(lastB.weights).toEqual(lastA.weights);
    expect({ ...lastB.curves, wallMs: null }).toEqual({ ...lastA.curves, wallMs: null });
  });

  it('refuses a damaged saved state and keeps what it had', async () => {
    const a = lab();
    await a.engine.handle({ type: 'init', settings: settings() });
    await trainEpisodes(a.engine, 1);
    const saved = a.of('checkpoint').at(-1)!.checkpoint;
    const b = lab();
    await b.engine.handle({ type: 'init', settings: settings({ seed: 4 }) });
    const before = b.engine.currentSettings;
    const moments = saved.train!.moments.map((m) => m.slice());
    moments[0][3] = Infinity;
    await b.engine.handle({ ...restoreOf(saved), train: { ...saved.train, moments } });
    await b.engine.handle({ ...restoreOf(saved), train: { ...saved.train, moments: [1, 2] } });
    await b.engine.handle({ ...restoreOf(saved), updates: -1 });
    expect(b.of('error').map((e) => e.message)).toEqual([
      'Adam moment 0 holds a non-finite value',
      'saved training state rejected: moments: expected a list of Float32Arrays',
      'updates: got -1, expected a whole number ≥ 0',
    ]);
    expect(b.engine.currentSettings).toEqual(before);
    expect(b.of('checkpoint')).toEqual([]);
  });
});

describe('LabEngine heavy settings', () => {
  it('announces a large step of unknown cost, then frames carry at most DRAW_POINTS points', async () => {
    const l = lab();
    await l.engine.handle({ type: 'init', settings: settings({ agent: 'mppi', samples: 8192, horizon: 128 }) });
    await l.engine.handle({ type: 'step' });
    expect(l.of('busy').map((e) => e.work)).toEqual(['setup', 'control step']);
    expect(l.of('busy')[1].predictedMs).toBeNull();
    const f = l.of('frame').at(-1)!.frame;
    expect(f.samples).toBe(8192);
    expect(f.drawn).toBe(DRAW_POINTS / 128);
    expect(f.weights.length).toBe(f.drawn);
    expect(f.paths.length).toBe(f.drawn * 128 * 3);
    expect(f.paths.every(Number.isFinite)).toBe(true);
    // The weights panel's figures cover all 8,192 samples, compactly.
    const st = f.weightStats!;
    expect(st.samples).toBe(8192);
    expect(st.sum).toBeCloseTo(1, 9);
    expect(st.ess).toBeGreaterThanOrEqual(1);
    expect(st.ess).toBeLessThanOrEqual(8192);
    expect(st.ranks.at(-1)).toBe(8192);
    expect(st.sorted.length).toBe(PROFILE_POINTS);
    expect(st.sorted[0]).toBeGreaterThanOrEqual(Math.max(...f.weights));
  });
});
