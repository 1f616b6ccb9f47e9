import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFromSeed, RandomStream } from '../core/rng';
import { activateBackend } from './backend';
import { TfQNetwork } from './qnetwork';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

const make = (targetTau?: number) =>
  new TfQNetwork({ inputDim: 3, hidden: [8, 8], learningRate: 1e-2, initKey: keyFromSeed(4), maxRows: 16, targetTau });

function batch(seed: number) {
  const r = new RandomStream(keyFromSeed(seed));
  return {
    x: Float32Array.from({ length: 16 * 3 }, () => r.uniformIn(-2, 2)),
    y: Float32Array.from({ length: 16 }, () => r.uniformIn(-1, 1)),
  };
}

describe('TfQNetwork train state', () => {
  it('a network rebuilt from weights and Adam state takes the very next step the original takes', async () => {
    for (const tau of [undefined, 0.1]) {
      const a = make(tau);
      for (let i = 0; i < 3; i++) await a.trainStep(batch(i).x, batch(i).y, 16);
      const state = await a.trainState();
      expect(state.adamIterations).toBe(3);
      expect(state.moments.length).toBe(2 * 6);
      const b = make(tau);
      b.setLayers(await a.layers());
      await b.setTrainState(state);
      const lossA = await a.trainStep(batch(9).x, batch(9).y, 16);
      const lossB = await b.trainStep(batch(9).x, batch(9).y, 16);
      expect(lossB).toBe(lossA);
      expect(await b.layers()).toEqual(await a.layers());
      if (tau) expect(b.target!.weights()).toEqual(a.target!.weights());
      // Without the Adam state the step differs (the check above is not vacuous).
      const c = make(tau);
      c.setLayers(await a.layers());
      const d = make(tau);
      d.setLayers(await b.layers());
      await d.setTrainState(await b.trainState());
      await c.trainStep(batch(10).x, batch(10).y, 16);
      await d.trainStep(batch(10).x, batch(10).y, 16);
      await b.trainStep(batch(10).x, batch(10).y, 16);
      expect(await d.layers()).toEqual(await b.layers());
      expect(await c.layers()).not.toEqual(await b.layers());
      [a, b, c, d].forEach((n) => n.dispose());
    }
  });

  it('refuses a state that does not fit, naming what', async () => {
    const a = make();
    await a.trainStep(batch(1).x, batch(1).y, 16);
    const s = await a.trainState();
    await expect(a.setTrainState({ ...s, moments: s.moments.slice(1) })).rejects.toThrow(
      /11 moment arrays, expected 0 or 12/,
    );
    const bad = s.moments.map((m) => m.slice());
    bad[2][0] = NaN;
    await expect(a.setTrainState({ ...s, moments: bad })).rejects.toThrow(/moment 2 holds a non-finite/);
    await expect(a.setTrainState({ ...s, adamIterations: 1.5 })).rejects.toThrow(/step count/);
    await expect(a.setTrainState({ ...s, target: [] })).rejects.toThrow(/no target network/);
    a.dispose();
  });
});
