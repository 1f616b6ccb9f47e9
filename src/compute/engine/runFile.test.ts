import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ballincup } from '../../core/tasks/ballincup';
import { weightsToFile } from '../../core/weightsFile';
import { activateBackend } from '../backend';
import { initialLayers } from '../qnetwork';
import { keyFromSeed } from '../../core/rng';
import { LabEngine, type EngineDeps } from './engine';
import type { EngineEvent } from './protocol';
import type { RunFile } from './runFile';
import { defaultSettings, type LabSettings } from './settings';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

const deps: EngineDeps = { learn: { minibatches: 2, batchSize: 8 } };

function settings(over: Partial<LabSettings> = {}): LabSettings {
  return { ...defaultSettings('pendulum', 'mpq'), backend: 'cpu', samples: 8, trainEpisodes: 1, ...over };
}

async function started(s: LabSettings) {
  const events: EngineEvent[] = [];
  const engine = new LabEngine((ev) => events.push(ev), deps);
  await engine.handle({ type: 'init', settings: s });
  const exported = async (): Promise<string> => {
    await engine.handle({ type: 'exportRun' });
    const ev = events.filter((e) => e.type === 'run').pop() as Extract<EngineEvent, { type: 'run' }>;
    return JSON.stringify(ev.file);
  };
  const errors = () => events.filter((e) => e.type === 'error');
  return { engine, events, exported, errors };
}

/** A run with curves from play and training and trained weights. */
async function trainedRun(): Promise<string> {
  const a = await started(settings({ seed: 11 }));
  await a.engine.handle({ type: 'train' });
  while (a.engine.activity === 'training') await a.engine.trainChunk(1000);
  for (let i = 0; i < 3; i++) await a.engine.handle({ type: 'step' });
  const text = await a.exported();
  expect(a.errors()).toEqual([]);
  return text;
}

describe('run file', () => {
  it('round-trips exactly: export → import → export gives the same JSON', async () => {
    const text = await trainedRun();
    const file = JSON.parse(text) as RunFile;
    expect(file).toMatchObject({ format: 'mpq-lab.run', version: 1, settings: { seed: 11 }, backend: { tfjs: 'cpu' } });
    expect(file.curves.map((c) => c.phase)).toEqual(['train']);
    expect(file.weights?.task).toBe('pendulum');

    // Into an engine with other settings and an untrained Q; then exported again from there.
    const b = await started(settings({ seed: 2, lambda: 0.4 }));
    await b.engine.handle({ type: 'importRun', file: JSON.parse(text) });
    expect(b.errors()).toEqual([]);
    const settingsEvents = b.events.filter((e) => e.type === 'settings');
    expect(settingsEvents.pop()).toEqual({ type: 'settings', settings: file.settings });
    const again = await b.exported();
    const drop = (t: string) => ({ ...JSON.parse(t), backend: null });
    expect(drop(again)).toEqual(drop(text));
    // And on one engine the whole text is identical (imported as text, as the page sends it).
    await b.engine.handle({ type: 'importRun', file: again });
    expect(await b.exported()).toBe(again);
  });

  it('rejects each bad file with a message naming what is wrong, and keeps the current run', async () => {
    const good = JSON.parse(await trainedRun()) as RunFile;
    const c = await started(settings({ seed: 3 }));
    for (let i = 0; i < 4; i++) await c.engine.handle({ type: 'step' });
    const before = await c.exported();
    const steps = c.engine.steps;
    const state = Array.from(c.engine.playState);
    const edit = (f: (x: RunFile) => void): unknown => {
      const x = JSON.parse(JSON.stringify(good)) as RunFile;
      f(x);
      return x;
    };
    const cases: [string, unknown, RegExp][] = [
      ['text that is not JSON', 'a string', /run file rejected: not JSON: /],
      ['empty text', ' \n', /run file rejected: the file is empty/],
      ['an array', [1, 2], /not a JSON object/],
      ['the text of an array', '[1, 2]', /not a JSON object/],
      [
        'wrong format',
        edit((x) => ((x as { format: string }).format = 'mpq-lab.q-weights')),
        /format is "mpq-lab.q-weights"/,
      ],
      ['wrong version', edit((x) => ((x as { version: number }).version = 2)), /version 2/],
      ['unknown task', edit((x) => ((x.settings as { task: string }).task = 'moon')), /unknown task "moon"/],
      ['bad settings', edit((x) => (x.settings.lambda = -1)), /settings: lambda/],
      [
        'weights for another task',
        edit((x) => (x.weights!.task = 'ballincup')),
        /weights: .*task "ballincup", not "pendulum"/,
      ],
      [
        'wrong layer shape',
        edit((x) => x.weights!.layers[0].kernel.pop()),
        /weights: .*layer 0 kernel has 399 values, expected 400/,
      ],
      ['missing layer', edit((x) => x.weights!.layers.pop()), /weights: .*expected 3 layers/],
      ['NaN weight', edit((x) => (x.weights!.layers[1].bias[0] = NaN)), /weights: .*layer 1 bias\[0\] is NaN/],
      [
        'Inf weight',
        edit((x) => (x.weights!.layers[2].kernel[3] = Infinity)),
        /weights: .*layer 2 kernel\[3\] is Infinity/,
      ],
      [
        'weight finite in float64, infinite in float32',
        edit((x) => (x.weights!.layers[2].kernel[3] = 1e39)),
        /weights: .*layer 2 kernel\[3\] is 1e\+39: weights must be numbers that are finite in float32/,
      ],
      ['no weights for mpq', edit((x) => (x.weights = null)), /weights: agent mpq needs Q-weights/],
      ['bad curves', edit((x) => ((x as { curves: unknown }).curves = {})), /curves: expected an array/],
      [
        'bad curve entry',
        edit((x) => ((x.curves[0].record as { return: unknown }).return = 'high')),
        /curves\[0\]: record.return/,
      ],
    ];
    for (const [name, file, message] of cases) {
      const n = c.events.length;
      await c.engine.handle({ type: 'importRun', file });
      expect(c.events.slice(n), name).toEqual([
        { type: 'error', command: 'importRun', message: expect.stringMatching(message) },
      ]);
      expect(c.engine.steps).toBe(steps);
      expect(Array.from(c.engine.playState)).toEqual(state);
    }
    expect(await c.exported()).toBe(before);
  });

  it('loadWeights takes a weights file for the task and names what is wrong with others', async () => {
    const c = await started(settings());
    const other = weightsToFile(
      ballincup,
      initialLayers(ballincup.obsDim + ballincup.actionDim, [100, 100], keyFromSeed(1)),
    );
    await c.engine.handle({ type: 'loadWeights', file: JSON.parse(JSON.stringify(other)) });
    expect(c.errors()).toEqual([
      { type: 'error', command: 'loadWeights', message: expect.stringMatching(/task "ballincup", not "pendulum"/) },
    ]);
    const good = (JSON.parse(await trainedRun()) as RunFile).weights;
    await c.engine.handle({ type: 'loadWeights', file: good });
    expect(c.errors().length).toBe(1);
    expect((JSON.parse(await c.exported()) as RunFile).weights).toEqual(good);
  });
});
