import { describe, expect, it } from 'vitest';
import { MpcAgent, STREAM } from './agent';
import { defaultAgentConfig, defaultLearnConfig, configProblems } from './config';
import { PlannerModel } from './model';
import { deriveKey, keyFromSeed, RandomStream } from './rng';
import { episodeSuccess } from './task';
import { pendulum } from './tasks/pendulum';
import { fixedQ, randomLayers, recordingLearner } from './testing/fixedQ';
import { episodeKey, evaluate, RealSystem, runEpisode, summarize, train } from './train';

function smallMppi() {
  const cfg = defaultAgentConfig(pendulum, 'mppi');
  cfg.mppi.samples = 8;
  return cfg;
}

describe('episodes', () => {
  it('are reproducible from the seed and start where the stream says', () => {
    const cfg = smallMppi();
    const key = episodeKey(5, 'train', 0);
    const seen: number[][] = [];
    const a = runEpisode(pendulum, new MpcAgent(pendulum, cfg, null), key, (s) => seen.push(Array.from(s)));
    const b = runEpisode(pendulum, new MpcAgent(pendulum, cfg, null), key);
    expect(a).toEqual(b);
    expect(seen).toHaveLength(200);
    const s0 = new Float64Array(2);
    pendulum.sampleInitialState(new RandomStream(deriveKey(key, STREAM.init)), s0, 0);
    expect(seen[0]).toEqual(Array.from(s0));
  });

  it('give train and eval, and different episodes, different starts', () => {
    const starts = [episodeKey(1, 'train', 0), episodeKey(1, 'train', 1), episodeKey(1, 'eval', 0)].map((k) => {
      const s: number[] = [];
      runEpisode(pendulum, new MpcAgent(pendulum, smallMppi(), null), k, (x) => s.length === 0 && s.push(...x));
      return s.join(',');
    });
    expect(new Set(starts).size).toBe(3);
  });

  it('train without learning equals evaluation of the same episodes', async () => {
    const cfg = smallMppi();
    const learn = { ...defaultLearnConfig(pendulum), episodes: 2, seed: 3 };
    const t = await train(pendulum, cfg, learn, null);
    expect(t.map((r) => r.tdLoss)).toEqual([null, null]);
    const again = await train(pendulum, cfg, learn, null);
    expect(again.map((r) => r.return)).toEqual(t.map((r) => r.return));
    const e = evaluate(pendulum, cfg, 2, 3, null);
    expect(e.map((r) => r.return)).not.toEqual(t.map((r) => r.return)); // eval starts differ
    const s = summarize(t);
    expect(s.meanReturn).toBeCloseTo((t[0].return + t[1].return) / 2, 12);
  });

  it('plain MPPI swings the true pendulum up with the long horizon on the true model', () => {
    const cfg = defaultAgentConfig(pendulum, 'mppi');
    cfg.mppi.horizon = 32;
    cfg.model = 'true';
    const r = evaluate(pendulum, cfg, 3, 1, null);
    expect(r.filter((x) => x.success).length).toBeGreaterThanOrEqual(2);
  });
});

describe('domain randomisation', () => {
  it("redraws the parameters before every step from Table 1's biased box; the real system keeps the true ones", () => {
    const dr = new RealSystem(pendulum, new RandomStream(keyFromSeed(6)));
    const real = new RealSystem(pendulum);
    const seen = new Set<string>();
    for (const sys of [dr, real]) sys.reset(new RandomStream(keyFromSeed(1)));
    for (let t = 0; t < 20; t++) {
      const a = new Float64Array([1]);
      dr.step(a, t);
      real.step(a, t);
      const [m, l] = dr.stepParams;
      expect(m).toBeGreaterThanOrEqual(pendulum.biased.low[0]);
      expect(m).toBeLessThanOrEqual(pendulum.biased.high[0]);
      expect(l).toBeGreaterThanOrEqual(pendulum.biased.low[1]);
      expect(l).toBeLessThanOrEqual(pendulum.biased.high[1]);
      seen.add(`${m},${l}`);
      expect(Array.from(real.stepParams)).toEqual([1, 1]);
      dr.advance();
      real.advance();
    }
    expect(seen.size).toBe(20);
    expect(Array.from(dr.state)).not.toEqual(Array.from(real.state));
  });

  it('labels DR training episodes and tests on the real system when asked', async () => {
    const cfg = smallMppi();
    const learn = {
      ...defaultLearnConfig(pendulum),
      episodes: 2,
      seed: 3,
      data: 'dr' as const,
      testEvery: 2,
      testEpisodes: 2,
    };
    const recs = await train(pendulum, cfg, learn, null);
    expect(recs.map((r) => r.system)).toEqual(['dr', 'dr']);
    expect(recs[0].test).toBeUndefined();
    const e = evaluate(pendulum, cfg, 2, 3, null);
    expect(recs[1].test).toEqual({
      episodes: 2,
      meanReturn: summarize(e).meanReturn,
      successRate: summarize(e).successRate,
    });
    const real = await train(pendulum, cfg, { ...learn, data: 'real' }, null);
    expect(real.map((r) => r.return)).not.toEqual(recs.map((r) => r.return));
  });
});

describe('tests on the real system', () => {
  it('a test after the last episode changes none of the training records (a tested run serves an untested plan)', async () => {
    const cfg = defaultAgentConfig(pendulum, 'mpq');
    cfg.mppi.samples = 6;
    const learn = { ...defaultLearnConfig(pendulum), episodes: 2, seed: 4, minibatches: 2, batchSize: 8 };
    const layers = randomLayers(pendulum.obsDim + pendulum.actionDim, [8], 6);
    const plain = recordingLearner(fixedQ(layers));
    const untested = await train(pendulum, cfg, learn, plain);
    const learner = recordingLearner(fixedQ(layers));
    const tested = await train(pendulum, cfg, { ...learn, testEvery: 2, testEpisodes: 2 }, learner);
    expect(tested[1].test?.episodes).toBe(2);
    // The same minibatches reached the learner, and the records differ only by the test and the wall times.
    expect(learner.seen).toEqual(plain.seen);
    const strip = (rs: typeof tested) => rs.map(({ wallMs: _w, test: _t, ...r }) => r);
    expect(strip(tested)).toEqual(strip(untested));
  });
});

describe('success rules', () => {
  it('judge the last steps as declared', () => {
    const f = [false, true, true, false];
    expect(episodeSuccess({ kind: 'final' }, f)).toBe(false);
    expect(episodeSuccess({ kind: 'anyOfLast', steps: 2 }, f)).toBe(true);
    expect(episodeSuccess({ kind: 'allOfLast', steps: 3 }, f)).toBe(false);
    expect(episodeSuccess({ kind: 'allOfLast', steps: 2 }, [true, true])).toBe(true);
    expect(episodeSuccess({ kind: 'final' }, [])).toBe(false);
  });
});

describe('planner model', () => {
  it('redraws per step, keeps per-episode draws, and uses the true parameters when asked', () => {
    const rng = () => new RandomStream(keyFromSeed(2));
    const out = new Float64Array(4 * 2);
    const step = new PlannerModel(pendulum, 'biased', 'per-sample-per-step', 4);
    expect(step.fill(rng(), 1, out)).toBe(2);
    for (const v of out) expect(v >= 0.9 && v <= 1.5).toBe(true);
    const a = Array.from(out);
    step.fill(new RandomStream(keyFromSeed(3)), 1, out);
    expect(Array.from(out)).not.toEqual(a);

    const ep = new PlannerModel(pendulum, 'biased', 'per-episode', 4);
    ep.beginEpisode(rng());
    ep.fill(new RandomStream(keyFromSeed(8)), 1, out);
    const first = Array.from(out);
    ep.fill(new RandomStream(keyFromSeed(9)), 1, out);
    expect(Array.from(out)).toEqual(first);

    const t = new PlannerModel(pendulum, 'true', 'per-sample-per-step', 4);
    expect(t.fill(rng(), 1, out)).toBe(0);
    expect([out[0], out[1]]).toEqual([1, 1]);
  });
});

describe('config rules', () => {
  it('accept the paper defaults and name what is wrong', () => {
    expect(configProblems(defaultAgentConfig(pendulum), defaultLearnConfig(pendulum))).toEqual([]);
    const bad = defaultAgentConfig(pendulum);
    bad.mppi.lambda = 0;
    bad.mppi.samples = 1;
    expect(configProblems(bad)).toEqual([
      'samples must be an integer in [2, 65536], got 1',
      'lambda must be a number in (0, 1000000], got 0',
    ]);
    const soft = defaultAgentConfig(pendulum, 'softq');
    expect(soft.mppi.horizon).toBe(1);
    expect(configProblems(soft)).toEqual([]);
    soft.mppi.horizon = 4;
    expect(configProblems(soft)).toEqual(['horizon must be 1 for softq (SoftQLearning plans one step), got 4']);
  });
});

describe('overrides for the page', () => {
  it('RealSystem runs on given true parameters; PlannerModel draws from a given box and true values', () => {
    const moved = new RealSystem(pendulum, null, [1.2, 0.8]);
    const plain = new RealSystem(pendulum);
    for (const sys of [moved, plain]) {
      sys.state.set([0.5, 0]);
      sys.step(Float64Array.of(1), 0);
    }
    expect(Array.from(moved.stepParams)).toEqual([1.2, 0.8]);
    expect(moved.next[1]).not.toBe(plain.next[1]);

    const box = { low: [1.1, 1.0], high: [1.2, 1.05] };
    const m = new PlannerModel(pendulum, 'biased', 'per-sample-per-step', 50, { box });
    const out = new Float64Array(100);
    expect(m.fill(new RandomStream(keyFromSeed(1)), 1, out)).toBe(2);
    for (let r = 0; r < 50; r++) {
      expect(out[2 * r]).toBeGreaterThanOrEqual(1.1);
      expect(out[2 * r]).toBeLessThanOrEqual(1.2);
      expect(out[2 * r + 1]).toBeGreaterThanOrEqual(1.0);
      expect(out[2 * r + 1]).toBeLessThanOrEqual(1.05);
    }
    const t = new PlannerModel(pendulum, 'true', 'per-sample-per-step', 50, { trueParams: [1.3, 0.7] });
    expect(t.fill(new RandomStream(keyFromSeed(1)), 1, out)).toBe(0);
    expect([out[0], out[1]]).toEqual([1.3, 0.7]);
  });
});
