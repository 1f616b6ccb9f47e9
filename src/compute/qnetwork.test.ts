import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAgentConfig } from '../core/config';
import { ReplayBuffer } from '../core/replay';
import { keyFromSeed, RandomStream, deriveKey } from '../core/rng';
import { TargetGenerator } from '../core/targets';
import { pendulum } from '../core/tasks/pendulum';
import { weightsFromFile, weightsToFile } from '../core/weightsFile';
import { activateBackend } from './backend';
import { TfQNetwork } from './qnetwork';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

function net(seed = 1, lr = 1e-3) {
  return new TfQNetwork({
    inputDim: 4,
    hidden: [100, 100],
    learningRate: lr,
    initKey: keyFromSeed(seed),
    maxRows: 2048,
  });
}

function randomInputs(n: number, seed: number): Float32Array {
  const r = new RandomStream(keyFromSeed(seed));
  return Float32Array.from({ length: n * 4 }, () => r.uniformIn(-8, 8));
}

describe('TfQNetwork', () => {
  it('leaves no tensor behind once disposed (weights, Adam slots, the initial values)', async () => {
    const before = tf.memory().numTensors;
    const q = net();
    await q.trainStep(randomInputs(8, 3), new Float32Array(8).fill(1), 8);
    q.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the TypeScript forward pass agrees with tfjs before and after training', async () => {
    const q = net();
    const x = randomInputs(300, 2);
    const check = async () => {
      const ref = await q.predict(x, 300);
      const ours = new Float64Array(300);
      q.evaluate(x, 300, ours);
      let maxErr = 0;
      let scale = 0;
      for (let i = 0; i < 300; i++) {
        maxErr = Math.max(maxErr, Math.abs(ref[i] - ours[i]));
        scale = Math.max(scale, Math.abs(ref[i]));
      }
      expect(scale).toBeGreaterThan(0.1);
      expect(maxErr).toBeLessThan(1e-5 * Math.max(1, scale));
    };
    await check();
    const y = Float32Array.from({ length: 64 }, (_, i) => 10 + i);
    for (let s = 0; s < 20; s++) await q.trainStep(x, y, 64);
    await check();
    q.dispose();
  });

  it('is initialised from its seed alone', async () => {
    const a = await net(3).layers();
    const b = await net(3).layers();
    const c = await net(4).layers();
    expect(Array.from(a[0].kernel)).toEqual(Array.from(b[0].kernel));
    expect(Array.from(a[0].kernel)).not.toEqual(Array.from(c[0].kernel));
  });

  it('refuses non-finite targets and inputs', async () => {
    const q = net();
    await expect(q.trainStep(randomInputs(2, 1), new Float32Array([1, NaN]), 2)).rejects.toThrow(/non-finite target/);
    const bad = randomInputs(2, 1);
    bad[3] = Infinity;
    await expect(q.trainStep(bad, new Float32Array([1, 1]), 2)).rejects.toThrow(/non-finite input/);
  });

  it('round-trips through the weights file and keeps its tensor count constant', async () => {
    const q = net(5);
    const file = JSON.parse(JSON.stringify(weightsToFile(pendulum, await q.layers())));
    const q2 = net(6);
    const before = tf.memory().numTensors;
    q2.setLayers(weightsFromFile(file, pendulum, [100, 100]));
    for (let s = 0; s < 5; s++) await q2.trainStep(randomInputs(8, s), new Float32Array(8), 8);
    expect(tf.memory().numTensors).toBe(before + 6 /* Adam's moment variables, made on the first step */ * 2);
    const x = randomInputs(10, 9);
    const o1 = new Float64Array(10);
    const o2 = new Float64Array(10);
    q.evaluate(x, 10, o1);
    net(5).evaluate(x, 10, o2);
    expect(Array.from(o1)).toEqual(Array.from(o2));
  });
});

describe('SoftQ target network', () => {
  it('follows the online weights by Polyak averaging with the configured τ', async () => {
    const tau = 0.2;
    const q = new TfQNetwork({
      inputDim: 4,
      hidden: [100, 100],
      learningRate: 1e-2,
      initKey: keyFromSeed(1),
      maxRows: 64,
      targetTau: tau,
    });
    const start = await q.layers();
    const expected = start[2].kernel.slice();
    for (let s = 0; s < 4; s++) {
      await q.trainStep(randomInputs(16, s), new Float32Array(16).fill(5), 16);
      const online = (await q.layers())[2].kernel;
      for (let k = 0; k < expected.length; k++) expected[k] = (1 - tau) * expected[k] + tau * online[k];
    }
    const target = q.target!.weights()[2].kernel;
    const online = (await q.layers())[2].kernel;
    let lag = 0;
    for (let k = 0; k < expected.length; k++) {
      expect(target[k]).toBeCloseTo(expected[k], 6);
      lag = Math.max(lag, Math.abs(target[k] - online[k]));
    }
    expect(lag).toBeGreaterThan(1e-3);
    expect(net().target).toBeUndefined();
    q.dispose();
  });
});

describe('Q learning with Eq. 19 targets', () => {
  it('drives the Bellman error down on a fixed buffer', async () => {
    // A smaller planner than the paper's keeps the test fast; the mechanics are the same.
    const cfg = defaultAgentConfig(pendulum, 'mpq');
    cfg.mppi.samples = 12;
    cfg.mppi.horizon = 4;
    const buffer = new ReplayBuffer(2000, 2, 1);
    const r = new RandomStream(keyFromSeed(12));
    const s = new Float64Array(2);
    const s2 = new Float64Array(2);
    const a = new Float64Array(1);
    const cost = new Float64Array(2);
    const trueParams = Float64Array.from(pendulum.trueParams);
    for (let i = 0; i < 2000; i++) {
      pendulum.sampleInitialState(r, s, 0);
      s[1] = r.uniformIn(-6, 6);
      a[0] = r.uniformIn(-2, 2);
      s2.set(s);
      pendulum.step(s2, a, trueParams, 0, 1);
      pendulum.evalCostTerms(s, 0, a, 0, cost);
      buffer.add(s, 0, a, 0, cost[0] + 0.1 * cost[1], s2, 0);
    }
    const q = new TfQNetwork({
      inputDim: 4,
      hidden: [100, 100],
      learningRate: 1e-3,
      initKey: keyFromSeed(1),
      maxRows: 24 * 128,
    });
    const gen = new TargetGenerator(pendulum, cfg, 128, 2);
    // The Bellman error over a fixed evaluation set, with targets from the current Q.
    const evalIdx = Int32Array.from({ length: 128 }, (_, i) => i * 15);
    const bellman = () => {
      gen.compute(buffer, evalIdx, 128, keyFromSeed(77), q);
      const qv = new Float64Array(128);
      q.evaluate(gen.inputs, 128, qv);
      let e = 0;
      for (let i = 0; i < 128; i++) e += (gen.targets[i] - qv[i]) ** 2;
      return e / 128;
    };
    const e0 = bellman();
    const idx = new Int32Array(64);
    const errors = [e0];
    for (let m = 1; m <= 200; m++) {
      buffer.sampleIndices(new RandomStream(deriveKey(keyFromSeed(3), m)), 64, idx);
      gen.compute(buffer, idx, 64, deriveKey(keyFromSeed(4), m), q);
      await q.trainStep(gen.inputs, gen.targets, 64);
      if (m % 100 === 0) errors.push(bellman());
    }
    expect(e0).toBeGreaterThan(10);
    expect(errors.at(-1)!).toBeLessThan(0.5 * e0);
    expect(errors.at(-1)!).toBeLessThan(errors[1]);
  });
});
