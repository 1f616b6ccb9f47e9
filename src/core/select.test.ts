import { describe, expect, it } from 'vitest';
import {
  configProblems,
  defaultAgentConfig,
  defaultLearnConfig,
  trainingEpisodesOf,
  validationEpisodesOf,
} from './config';
import { MlpForward, type DenseWeights } from './mlp';
import type { QLearner } from './qfunction';
import { pendulum } from './tasks/pendulum';
import { randomLayers } from './testing/fixedQ';
import { episodeKey, runEpisode, Trainer } from './train';
import { MpcAgent } from './agent';

/** A learner whose θ is a fresh random MLP after every Adam step (θ_k from seed k), recording what is put back. */
function hoppingLearner(inputDim: number): QLearner & { restored: DenseWeights[][]; step: number } {
  let step = 0;
  let layers = randomLayers(inputDim, [8], 0);
  const mlp = new MlpForward(layers, 4096);
  const restored: DenseWeights[][] = [];
  return {
    inputDim,
    restored,
    get step() {
      return step;
    },
    evaluate: (inputs, count, out) => mlp.forward(inputs, count, out),
    weights: () => layers,
    setLayers(l) {
      restored.push([...l]);
      layers = [...l];
      mlp.setLayers(layers);
    },
    async trainStep() {
      step++;
      layers = randomLayers(inputDim, [8], step);
      mlp.setLayers(layers);
      return 0;
    },
  };
}

describe("Alg. 1 line 9: the θ best on validation (select 'best')", () => {
  it('spends the validation episodes out of the budget: T + K·⌈T/V⌉ ≤ N, T as large as that allows', () => {
    const learn = { ...defaultLearnConfig(pendulum), select: 'best' as const, validateEvery: 25, validateEpisodes: 5 };
    expect(trainingEpisodesOf({ ...learn, episodes: 350 })).toBe(290); // 290 + 5 · 12 = 350
    expect(validationEpisodesOf({ ...learn, episodes: 350 })).toBe(60);
    expect(trainingEpisodesOf({ ...learn, episodes: 10 })).toBe(5); // 5 + 5 · 1
    expect(trainingEpisodesOf({ ...learn, select: 'final', episodes: 350 })).toBe(350);
    expect(validationEpisodesOf({ ...learn, select: 'final', episodes: 350 })).toBe(0);
    expect(configProblems(defaultAgentConfig(pendulum), { ...learn, episodes: 5 })).toEqual([
      'select best needs episodes for training and validation: 5 episodes leave none for training with 5 validation episodes every 25',
    ]);
  });

  it('validates on fixed real-system starts, keeps the best θ and ends with it', async () => {
    const cfg = defaultAgentConfig(pendulum, 'mpq');
    cfg.mppi.samples = 6;
    cfg.mppi.horizon = 3;
    const learn = {
      ...defaultLearnConfig(pendulum),
      episodes: 9,
      seed: 2,
      minibatches: 1,
      batchSize: 8,
      targetIterations: 1,
      select: 'best' as const,
      validateEvery: 2,
      validateEpisodes: 1,
    };
    const q = hoppingLearner(pendulum.obsDim + pendulum.actionDim);
    const trainer = new Trainer(pendulum, cfg, learn, q);
    expect(trainer.trainingEpisodes).toBe(6); // 6 + 1 · 3 = 9
    const recs = [];
    while (!trainer.finished) {
      while (trainer.acting) await trainer.stepControl();
      recs.push(await trainer.endEpisode());
    }
    expect(recs).toHaveLength(6);
    expect(recs.map((r) => r.validation !== undefined)).toEqual([false, true, false, true, false, true]);
    // Each validation is θ_k on validation start 0 (θ_k: the learner after k updates, one per episode).
    const expected = [2, 4, 6].map((k) => {
      const layers = randomLayers(pendulum.obsDim + pendulum.actionDim, [8], k);
      const mlp = new MlpForward(layers, 4096);
      const fq = {
        inputDim: layers[0].inDim,
        evaluate: (i: Float32Array, c: number, o: Float64Array) => mlp.forward(i, c, o),
        weights: () => layers,
      };
      return runEpisode(pendulum, new MpcAgent(pendulum, cfg, fq), episodeKey(2, 'validate', 0)).return;
    });
    const vals = recs.filter((r) => r.validation).map((r) => r.validation!);
    vals.forEach((v, i) => expect(v.meanReturn).toBe(expected[i]));
    const bestAt = expected.indexOf(Math.max(...expected));
    expect(vals.map((v) => v.best)).toEqual(
      expected.map((_, i) => i === 0 || expected[i] > Math.max(...expected.slice(0, i))),
    );
    // The run ends with the best θ: the one put back is θ_{2·(bestAt+1)}.
    expect(q.restored).toHaveLength(1);
    expect(q.restored[0][0].kernel).toEqual(
      randomLayers(pendulum.obsDim + pendulum.actionDim, [8], 2 * (bestAt + 1))[0].kernel,
    );
  });
});
