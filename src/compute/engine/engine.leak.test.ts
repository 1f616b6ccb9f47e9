import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { activateBackend } from '../backend';
import { LabEngine } from './engine';
import type { EngineEvent } from './protocol';
import { defaultSettings } from './settings';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

it('keeps tf.memory().numTensors constant over 10,000 control steps with training updates, frames and value maps', async () => {
  const t0 = performance.now();
  const events: EngineEvent[] = [];
  let tensorsAfterFirstUpdate: number | null = null;
  const engine = new LabEngine(
    (ev) => {
      if (ev.type === 'episode' && ev.episode.record.tdLoss !== null && tensorsAfterFirstUpdate === null)
        tensorsAfterFirstUpdate = tf.memory().numTensors;
      if (ev.type !== 'frame') events.push(ev);
    },
    { learn: { minibatches: 2, batchSize: 8, hidden: [16, 16] } },
  );
  const settings = { ...defaultSettings('pendulum', 'mpq'), backend: 'cpu' as const, samples: 8, trainEpisodes: 50 };
  await engine.handle({ type: 'init', settings });
  await engine.handle({ type: 'train' });
  let chunks = 0;
  while (engine.activity === 'training') {
    await engine.trainChunk(30);
    await engine.emitFrame();
    if (++chunks % 20 === 0) await engine.handle({ type: 'valueMap', resolution: 8 });
  }
  expect(engine.steps).toBe(10_000);
  expect(events.filter((e) => e.type === 'error')).toEqual([]);
  const updates = events.filter((e) => e.type === 'episode' && e.episode.record.tdLoss !== null).length;
  expect(updates).toBe(50);
  expect(tensorsAfterFirstUpdate).not.toBeNull();
  expect(tf.memory().numTensors).toBe(tensorsAfterFirstUpdate);
  console.log(
    `leak test: 10,000 control steps, ${updates} updates, ${chunks} chunks in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
});
