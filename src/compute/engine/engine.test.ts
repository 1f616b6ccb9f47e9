import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { STREAM } from '../../core/agent';
import { defaultAgentConfig, defaultLearnConfig, type LearnConfig } from '../../core/config';
import { deriveKey, keyFromSeed } from '../../core/rng';
import { pendulum } from '../../core/tasks/pendulum';
import { localTargets, type TargetSourceFactory } from '../../core/targets';
import { evaluate, train } from '../../core/train';
import { activateBackend } from '../backend';
import { TfQNetwork } from '../qnetwork';
import { parseCommand } from './commands';
import { LabEngine, type EngineDeps } from './engine';
import { CpuPlanner, type Planner, type PlanDisplay } from './planner';
import type { EngineEvent, EngineFrame, EpisodeEvent } from './protocol';
import { defaultSettings, type LabSettings } from './settings';
import type { TargetsChooser } from './targetsChoice';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

/** The learning settings of these tests: tiny, so a training run takes well under a second. */
const TINY: EngineDeps['learn'] = { minibatches: 2, batchSize: 8 };

function settings(over: Partial<LabSettings> = {}): LabSettings {
  return { ...defaultSettings(over.task ?? 'pendulum', over.agent ?? 'mppi'), backend: 'cpu', ...over };
}

function lab(deps: EngineDeps = {}) {
  const events: EngineEvent[] = [];
  const engine = new LabEngine((ev) => events.push(ev), deps);
  const of = <T extends EngineEvent['type']>(type: T) =>
    events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
  const frames = (): EngineFrame[] => of('frame').map((e) => e.frame);
  const lastFrame = (): EngineFrame => frames()[frames().length - 1];
  return { engine, events, of, frames, lastFrame };
}

async function started(s: LabSettings, deps: EngineDeps = {}) {
  const l = lab(deps);
  await l.engine.handle({ type: 'init', settings: s });
  expect(l.of('error')).toEqual([]);
  return l;
}

/** Everything a refused command must leave alone. */
function snapshot(engine: LabEngine) {
  return {
    steps: engine.steps,
    state: Array.from(engine.playState),
    settings: engine.currentSettings,
    activity: engine.activity,
  };
}

async function playSteps(engine: LabEngine, n: number): Promise<void> {
  await engine.handle({ type: 'play' });
  for (let i = 0; i < n; i++) expect(await engine.stepOnce({ frame: false })).toBe(true);
  await engine.handle({ type: 'pause' });
}

async function trainToEnd(engine: LabEngine): Promise<void> {
  while (engine.activity === 'training') await engine.trainChunk(1000);
}

const withoutWall = (r: EpisodeEvent['record']) => ({ ...r, wallMs: 0 });

describe('parseCommand', () => {
  it('types good commands and names what is wrong with bad ones', () => {
    expect(parseCommand({ type: 'play' })).toEqual({ type: 'play' });
    expect(parseCommand({ type: 'train', episodes: 3 })).toEqual({ type: 'train', episodes: 3 });
    expect(parseCommand(null)).toMatch(/object/);
    expect(parseCommand({ type: 'dance' })).toMatch(/unknown command type "dance"/);
    expect(parseCommand({ type: 'train', episodes: 0 })).toMatch(/^episodes:/);
    expect(parseCommand({ type: 'valueMap', resolution: 1.5 })).toMatch(/^resolution:/);
    expect(parseCommand({ type: 'loadWeights' })).toMatch(/^file: missing/);
    expect(parseCommand({ type: 'configure', settings: { ...settings(), lambda: -1 } })).toMatch(/lambda/);
    expect(parseCommand({ type: 'init', settings: settings(), wasmPath: 3 })).toMatch(/wasmPath/);
    expect(parseCommand({ type: 'init', settings: settings(), frames: false })).toEqual({
      type: 'init',
      settings: settings(),
      wasmPath: undefined,
      frames: false,
    });
    expect(parseCommand({ type: 'init', settings: settings(), frames: 'no' })).toMatch(
      /^frames: got "no", expected true or false/,
    );
  });
});

describe('LabEngine protocol', () => {
  it('refuses commands before init, and bad or out-of-order ones after, leaving the state unchanged', async () => {
    const l = lab();
    await l.engine.handle({ type: 'play' });
    expect(l.events).toEqual([{ type: 'error', command: 'play', message: expect.stringMatching(/not initialised/) }]);
    expect(l.engine.activity).toBe('idle');

    // A backend that cannot start is an error, never a substitute (Node has no WebGPU).
    await l.engine.handle({ type: 'init', settings: settings({ backend: 'webgpu' }) });
    expect(l.events.pop()).toEqual({
      type: 'error',
      command: 'init',
      message: expect.stringMatching(/navigator\.gpu/),
    });
    expect(tf.getBackend()).toBe('cpu');
    expect(l.engine.currentSettings).toBeNull();

    await l.engine.handle({ type: 'init', settings: settings({ seed: 4 }) });
    expect(l.of('backend')[0].report).toMatchObject({ requested: 'cpu', tfjs: 'cpu', planner: 'cpu', plannerNote: '' });
    for (let i = 0; i < 5; i++) await l.engine.handle({ type: 'step' });
    const before = snapshot(l.engine);
    const bad: [unknown, string | null, RegExp][] = [
      [{ type: 'init', settings: settings() }, 'init', /already initialised/],
      [{ type: 'configure', settings: { ...settings(), samples: 1 } }, 'configure', /samples/],
      [{ type: 'configure', settings: { ...settings(), task: 'moon' } }, 'configure', /task/],
      [{ type: 'configure', settings: { ...settings({ seed: 4 }), backend: 'webgpu' } }, 'configure', /navigator\.gpu/],
      [{ type: 'train', episodes: 0 }, 'train', /episodes/],
      [{ type: 'valueMap', resolution: 9 }, 'valueMap', /no Q-function/],
      [{ type: 'loadWeights', file: {} }, 'loadWeights', /no Q-function/],
      [{ type: 'importRun', file: 'nonsense' }, 'importRun', /not JSON/],
      [{ type: 'stopTraining' }, 'stopTraining', /no training/],
      [{ type: 'simulateDeviceLoss' }, 'simulateDeviceLoss', /nothing runs on a WebGPU device/],
      [{ type: 'valueMap', resolution: 1 }, 'valueMap', /resolution/],
      [{ type: 'targetWorkers', count: 5 }, 'targetWorkers', /count: got 5, allowed an integer in \[0, 4\]/],
      [{ type: 'targetWorkers', count: 2 }, 'targetWorkers', /cannot start workers/],
      [{ type: 'warp' }, null, /unknown command type/],
      [42, null, /object/],
    ];
    for (const [cmd, command, message] of bad) {
      const n = l.events.length;
      await l.engine.handle(cmd);
      // A `busy` may precede the refusal (a backend was being started); nothing else may.
      expect(
        l.events.slice(n).filter((e) => e.type !== 'busy'),
        JSON.stringify(cmd),
      ).toEqual([{ type: 'error', command, message: expect.stringMatching(message) }]);
      expect(snapshot(l.engine)).toEqual(before);
    }
  });

  it('refuses play, step, reset and file commands while training, and the value map off the pendulum', async () => {
    const l = await started(settings({ agent: 'mpq', trainEpisodes: 1 }), { learn: TINY });
    await l.engine.handle({ type: 'train' });
    expect(l.engine.activity).toBe('training');
    for (const type of ['play', 'pause', 'step', 'reset', 'train'] as const) {
      const n = l.events.length;
      await l.engine.handle({ type });
      expect(l.events.slice(n)).toEqual([{ type: 'error', command: type, message: expect.stringMatching(/training/) }]);
    }
    expect(l.engine.activity).toBe('training');
    await l.engine.handle({ type: 'stopTraining' });
    expect(l.engine.activity).toBe('idle');

    const b = await started(settings({ task: 'ballincup', agent: 'mpq' }));
    await b.engine.handle({ type: 'valueMap', resolution: 8 });
    expect(b.of('error')).toEqual([
      { type: 'error', command: 'valueMap', message: expect.stringMatching(/pendulum only/) },
    ]);
  });
});

describe('LabEngine play', () => {
  it('runs exactly one control step per step command, one frame each, with the rollouts drawn', async () => {
    const s = settings({ samples: 8, horizon: 6 });
    const l = await started(s);
    const first = l.lastFrame();
    expect(first).toMatchObject({ controlSteps: 0, episodeStep: 0, running: false, training: false });
    expect(first.paths.length).toBe(0);
    for (let i = 1; i <= 4; i++) {
      const n = l.frames().length;
      const start = Array.from(l.engine.playState);
      await l.engine.handle({ type: 'step' });
      expect(l.frames().length).toBe(n + 1);
      const f = l.lastFrame();
      expect(f).toMatchObject({ controlSteps: i, episodeStep: i, running: false, samples: 8, horizon: 6 });
      expect(f.paths.length).toBe(8 * 6 * 3);
      expect(f.weights.length).toBe(8);
      expect(f.plan.length).toBe(6 * 3);
      expect(f.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      // Every rollout and the plan start at the tip of the state the step planned from.
      const tip = [Math.sin(start[0]), 0, Math.cos(start[0])];
      for (let n = 0; n < 8; n++) for (let d = 0; d < 3; d++) expect(f.paths[n * 6 * 3 + d]).toBeCloseTo(tip[d], 5);
      for (let d = 0; d < 3; d++) expect(f.plan[d]).toBeCloseTo(tip[d], 5);
      expect(Math.abs(f.action[0])).toBeLessThanOrEqual(2);
      expect(f.params).toEqual([1, 1]);
    }
    await l.engine.handle({ type: 'play' });
    expect(l.lastFrame().running).toBe(true);
    for (let i = 0; i < 3; i++) await l.engine.stepOnce();
    await l.engine.handle({ type: 'pause' });
    expect(await l.engine.stepOnce()).toBe(false);
    expect(l.engine.steps).toBe(7);
    expect(l.lastFrame()).toMatchObject({ controlSteps: 7, running: false });
  });

  it('a frame with no new step sends the last picture again without drawing it anew; a step or new settings draw anew', async () => {
    const s = settings({ samples: 64, horizon: 6 });
    const l = await started(s);
    const draws = vi.spyOn(CpuPlanner.prototype, 'display');
    try {
      await l.engine.handle({ type: 'step' });
      expect(draws).toHaveBeenCalledTimes(1);
      const stepped = l.lastFrame();
      await l.engine.handle({ type: 'play' });
      await l.engine.handle({ type: 'pause' });
      expect(draws).toHaveBeenCalledTimes(1);
      const again = l.lastFrame();
      expect(again).not.toBe(stepped);
      for (const k of ['paths', 'weights', 'costSplit', 'plan'] as const) {
        expect(again[k]).toEqual(stepped[k]);
        expect(again[k].buffer).not.toBe(stepped[k].buffer); // each frame's own buffers, to transfer
      }
      expect(again.weightStats).toEqual(stepped.weightStats);
      expect(again.weightStats!.sorted.buffer).not.toBe(stepped.weightStats!.sorted.buffer);
      await l.engine.handle({ type: 'step' });
      expect(draws).toHaveBeenCalledTimes(2);
      expect(l.lastFrame().paths).not.toEqual(stepped.paths);
      // New settings may change the picture (Σ, λ in place): drawn anew, here the same step with the new λ.
      await l.engine.handle({ type: 'configure', settings: { ...s, lambda: s.lambda * 2 } });
      await l.engine.emitFrame();
      expect(draws).toHaveBeenCalledTimes(3);
    } finally {
      draws.mockRestore();
    }
  });

  it('reset reproduces the same states, as does a fresh engine', async () => {
    const s = settings({ samples: 8, seed: 9 });
    const l = await started(s);
    const trace = async (engine: LabEngine) => {
      const out: number[][] = [];
      for (let i = 0; i < 10; i++) {
        await engine.handle({ type: 'step' });
        out.push(Array.from(engine.playState));
      }
      return out;
    };
    const a = await trace(l.engine);
    await l.engine.handle({ type: 'reset' });
    expect(l.lastFrame()).toMatchObject({ controlSteps: 0, episodeStep: 0 });
    expect(await trace(l.engine)).toEqual(a);
    expect(await trace((await started(s)).engine)).toEqual(a);
  });

  it('plays episode 0 of the seed exactly as `mpq eval` does (mppi, and mpq with a fixed Q)', async () => {
    for (const agent of ['mppi', 'mpq'] as const) {
      const s = settings({ agent, seed: 2, samples: 12 });
      const l = await started(s);
      await playSteps(l.engine, pendulum.episodeSteps);
      const played = l.of('episode').map((e) => e.episode);
      expect(played.map((e) => e.phase)).toEqual(['play']);
      const cfg = defaultAgentConfig(pendulum, agent);
      cfg.mppi.samples = 12;
      const q =
        agent === 'mpq'
          ? new TfQNetwork({
              inputDim: 4,
              hidden: [100, 100],
              learningRate: 1e-3,
              initKey: deriveKey(keyFromSeed(2), STREAM.qinit),
              maxRows: 4096,
            })
          : null;
      const [ref] = evaluate(pendulum, cfg, 1, 2, q);
      q?.dispose();
      expect(withoutWall(played[0].record)).toEqual(withoutWall(ref));
      // The next step begins episode 1.
      await l.engine.handle({ type: 'step' });
      expect(l.lastFrame()).toMatchObject({ episode: 1, episodeStep: 1 });
    }
  });

  it('takes a new λ at the next control step without resetting, and a new seed resets', async () => {
    const s = settings({ samples: 8, seed: 5 });
    const a = await started(s);
    const b = await started(s);
    for (let i = 0; i < 6; i++) {
      await a.engine.handle({ type: 'step' });
      await b.engine.handle({ type: 'step' });
    }
    expect(a.lastFrame().action).toEqual(b.lastFrame().action);
    await b.engine.handle({ type: 'configure', settings: { ...s, lambda: 5 } });
    expect(b.of('settings').map((e) => e.settings.lambda)).toEqual([0.15, 5]);
    await a.engine.handle({ type: 'step' });
    await b.engine.handle({ type: 'step' });
    expect(b.lastFrame()).toMatchObject({ controlSteps: 7, episodeStep: 7 });
    expect(b.lastFrame().action[0]).not.toBe(a.lastFrame().action[0]);

    await b.engine.handle({ type: 'configure', settings: { ...s, lambda: 5, seed: 6 } });
    expect(b.lastFrame()).toMatchObject({ controlSteps: 0, episodeStep: 0 });
    // A new horizon rebuilds the planner: the frame shows it at the next step.
    await b.engine.handle({ type: 'configure', settings: { ...s, lambda: 5, seed: 6, horizon: 4 } });
    await b.engine.handle({ type: 'step' });
    expect(b.lastFrame()).toMatchObject({ horizon: 4, controlSteps: 1 });
    expect(b.lastFrame().plan.length).toBe(4 * 3);
  });

  it("loading weights restarts the seed's first episode with them; resetQ goes back to the untrained Q", async () => {
    const s = settings({ agent: 'mpq', samples: 8, seed: 3 });
    const l = await started(s);
    const untrained = async (engine: LabEngine) => {
      await engine.handle({ type: 'exportRun' });
      return (l.of('run').pop()!.file as { weights: unknown }).weights;
    };
    const fresh = await untrained(l.engine);
    // Weights of another seed's initialisation, as a file.
    const other = await started(settings({ agent: 'mpq', samples: 8, seed: 11 }));
    await other.engine.handle({ type: 'exportRun' });
    const file = (other.of('run').pop()!.file as { weights: unknown }).weights;
    expect(file).not.toEqual(fresh);

    for (let i = 0; i < 5; i++) await l.engine.handle({ type: 'step' });
    await l.engine.handle({ type: 'loadWeights', file });
    expect(l.lastFrame()).toMatchObject({ controlSteps: 0, episode: 0, episodeStep: 0 });
    expect(l.of('notice').pop()!.message).toMatch(/Q-weights loaded/);
    // The episode that follows is the one a fresh engine plays with those weights.
    const trace = async (engine: LabEngine) => {
      const out: number[][] = [];
      for (let i = 0; i < 6; i++) {
        await engine.handle({ type: 'step' });
        out.push(Array.from(engine.playState));
      }
      return out;
    };
    const loaded = await trace(l.engine);
    const ref = await started(s);
    await ref.engine.handle({ type: 'loadWeights', file });
    expect(await trace(ref.engine)).toEqual(loaded);

    await l.engine.handle({ type: 'resetQ' });
    expect(l.lastFrame()).toMatchObject({ controlSteps: 0, episodeStep: 0 });
    expect(l.of('notice').pop()!.message).toMatch(/untrained/);
    expect(await untrained(l.engine)).toEqual(fresh);
    expect(await trace(l.engine)).toEqual(await trace((await started(s)).engine));
    expect(l.of('error')).toEqual([]);

    const m = await started(settings({ agent: 'mppi' }));
    await m.engine.handle({ type: 'resetQ' });
    expect(m.of('error').pop()).toMatchObject({ command: 'resetQ', message: expect.stringMatching(/no Q-function/) });
  });

  it('announces setup before a new task or agent (a new system and Q-network), not before a new λ', async () => {
    const l = await started(settings({ agent: 'mpq' }));
    const busyAfter = async (s: LabSettings) => {
      const n = l.events.length;
      await l.engine.handle({ type: 'configure', settings: s });
      expect(l.of('error')).toEqual([]);
      return l.events.slice(n).filter((e) => e.type === 'busy').length;
    };
    expect(await busyAfter(settings({ agent: 'mpq', lambda: 0.5 }))).toBe(0);
    expect(await busyAfter(settings({ agent: 'mppi', lambda: 0.5 }))).toBe(1);
    expect(await busyAfter(settings({ task: 'ballincup', agent: 'mppi' }))).toBe(1);
  });

  it('draws the pendulum value map of the current Q as a soft-min over torques', async () => {
    const l = await started(settings({ agent: 'mpq', seed: 1 }));
    await l.engine.handle({ type: 'valueMap', resolution: 5 });
    const [{ map }] = l.of('valueMap');
    expect(map.values.length).toBe(25);
    expect(map.method).toMatch(/log-sum-exp/);
    const q = new TfQNetwork({
      inputDim: 4,
      hidden: [100, 100],
      learningRate: 1e-3,
      initKey: deriveKey(keyFromSeed(1), STREAM.qinit),
    });
    // Row θ̇ = 0 (index 2), column θ = 0 (index 2): state (0, 0).
    const A = 41;
    const x = new Float32Array(A * 4);
    for (let a = 0; a < A; a++) x.set([1, 0, 0, -2 + (4 * a) / (A - 1)], a * 4);
    const out = new Float64Array(A);
    q.evaluate(x, A, out);
    const v = -0.15 * Math.log(out.reduce((s, y) => s + Math.exp(-y / 0.15), 0) / A);
    expect(map.values[2 * 5 + 2]).toBeCloseTo(v, 4);
    q.dispose();
  });
});

describe('LabEngine training', () => {
  it('records exactly what core train() records for the same seed and config', async () => {
    const s = settings({ agent: 'mpq', seed: 3, trainEpisodes: 2, samples: 16 });
    const l = await started(s, { learn: TINY });
    await l.engine.handle({ type: 'train' });
    await trainToEnd(l.engine);
    const got = l.of('episode').map((e) => e.episode);
    expect(got.map((e) => e.phase)).toEqual(['train', 'train']);

    const cfg = defaultAgentConfig(pendulum, 'mpq');
    cfg.mppi.samples = 16;
    const learn: LearnConfig = { ...defaultLearnConfig(pendulum), ...TINY, episodes: 2, seed: 3 };
    const q = new TfQNetwork({
      inputDim: 4,
      hidden: learn.hidden,
      learningRate: learn.learningRate,
      initKey: deriveKey(keyFromSeed(3), STREAM.qinit),
      maxRows: 4096,
    });
    const ref = await train(pendulum, cfg, learn, q);
    q.dispose();
    expect(got.map((e) => withoutWall(e.record))).toEqual(ref.map(withoutWall));
    expect(ref[1].tdLoss).not.toBeNull();

    const progress = l.of('training').map((e) => e.progress);
    expect(progress[0]).toMatchObject({ running: true, done: 0, total: 2, etaSec: null, phase: 'acting' });
    // The update after episode 1 says so, minibatch by minibatch, with an ETA already.
    const updating = progress.filter((p) => p.phase === 'updating' && p.done === 0);
    expect(updating.map((p) => p.minibatch)).toEqual([1, 2]);
    expect(updating[0]).toMatchObject({ minibatches: 2, running: true });
    expect(updating[0].etaSec).toBeGreaterThan(0);
    expect(progress.find((p) => p.done === 1)).toMatchObject({ running: true, total: 2, phase: 'acting' });
    expect(progress[progress.length - 1]).toMatchObject({ running: false, done: 2, total: 2, etaSec: 0, updates: 4 });
    expect(l.lastFrame()).toMatchObject({ training: false, running: false });
    expect(l.engine.steps).toBe(2 * pendulum.episodeSteps);
  });

  it('gives an ETA from the first episode on, every second of training', async () => {
    let t = 0;
    const l = await started(settings({ agent: 'mpq', seed: 3, samples: 8, trainEpisodes: 3 }), {
      learn: TINY,
      now: () => (t += 5), // 5 ms per clock read
    });
    await l.engine.handle({ type: 'train' });
    while (l.of('episode').length === 0) await l.engine.trainChunk(50);
    const first = l
      .of('training')
      .map((e) => e.progress)
      .filter((p) => p.done === 0 && p.phase === 'acting');
    expect(first.length).toBeGreaterThan(2);
    expect(first[0].etaSec).toBeNull(); // before the first step
    const later = first.slice(1);
    for (const p of later) expect(p.etaSec).toBeGreaterThan(0);
    await l.engine.handle({ type: 'stopTraining' });
  });

  it('says where the Eq. 19 targets run while training, takes them from the chosen source and releases it', async () => {
    // Node's tfjs runs cpu: the page's rule keeps the targets on the CPU, and says so only while training.
    const c = await started(settings({ agent: 'mpq', samples: 8, trainEpisodes: 1 }), { learn: TINY });
    expect(c.of('backend').pop()!.report.targets).toBeUndefined();
    await c.engine.handle({ type: 'train' });
    expect(c.of('backend').pop()!.report).toMatchObject({ targets: 'cpu', targetsNote: '' });
    await trainToEnd(c.engine);
    expect(c.of('backend').pop()!.report.targets).toBeUndefined();

    // A chooser that picks a (counting) GPU source: the trainer takes every minibatch from it.
    const counts = { made: 0, batches: 0, disposed: 0 };
    const counting: TargetSourceFactory = (...a) => {
      const inner = localTargets(...a);
      counts.made++;
      return {
        compute: (batch, q, y) => (counts.batches++, inner.compute(batch, q, y)),
        dispose: () => (counts.disposed++, inner.dispose()),
      };
    };
    const asked: Parameters<TargetsChooser>[0][] = [];
    const chooser: TargetsChooser = async (question) => {
      asked.push(question);
      return { where: 'webgpu', note: 'a minibatch of 8: GPU 1.0 ms, CPU 9.0 ms', factory: counting };
    };
    const g = await started(settings({ agent: 'mpq', samples: 8, trainEpisodes: 2, seed: 5 }), {
      learn: TINY,
      targets: chooser,
    });
    await g.engine.handle({ type: 'train' });
    expect(g.of('backend').pop()!.report).toMatchObject({
      targets: 'webgpu',
      targetsNote: 'a minibatch of 8: GPU 1.0 ms, CPU 9.0 ms',
    });
    expect(asked.map((x) => [x.task.id, x.learn.batchSize, x.learn.targetIterations])).toEqual([['pendulum', 8, 3]]);
    await trainToEnd(g.engine);
    expect(counts).toEqual({ made: 1, batches: 2 * TINY.minibatches!, disposed: 1 });
    // The same records as the CPU's own targets (the counting source computes them locally).
    const h = await started(settings({ agent: 'mpq', samples: 8, trainEpisodes: 2, seed: 5 }), { learn: TINY });
    await h.engine.handle({ type: 'train' });
    await trainToEnd(h.engine);
    const records = (x: typeof g) => x.of('episode').map((e) => withoutWall(e.episode.record));
    expect(records(g)).toEqual(records(h));

    // Plain MPPI learns nothing: no targets, nothing to choose.
    const m = await started(settings({ agent: 'mppi', samples: 8, trainEpisodes: 1 }), {
      learn: TINY,
      targets: chooser,
    });
    await m.engine.handle({ type: 'train' });
    expect(m.of('backend').pop()!.report.targets).toBeUndefined();
    expect(asked.length).toBe(1);
  });

  it('runs plain MPPI on the training starts without learning, as core train() does, and sends no frame when init said so', async () => {
    const s = settings({ agent: 'mppi', seed: 3, trainEpisodes: 2, samples: 12, horizon: 6 });
    const l = lab({ learn: TINY });
    await l.engine.handle({ type: 'init', settings: s, frames: false });
    await l.engine.handle({ type: 'step' });
    await l.engine.handle({ type: 'train' });
    expect(l.engine.activity).toBe('training');
    while (l.engine.activity === 'training') {
      await l.engine.trainChunk(1000);
      await l.engine.emitFrame();
    }
    expect(l.of('error')).toEqual([]);
    expect(l.frames()).toEqual([]);
    const got = l.of('episode').map((e) => e.episode);
    expect(got.map((e) => e.phase)).toEqual(['train', 'train']);
    const cfg = defaultAgentConfig(pendulum, 'mppi');
    cfg.mppi.samples = 12;
    cfg.mppi.horizon = 6;
    const ref = await train(pendulum, cfg, { ...defaultLearnConfig(pendulum), ...TINY, episodes: 2, seed: 3 }, null);
    expect(got.map((e) => withoutWall(e.record))).toEqual(ref.map(withoutWall));
    expect(ref.every((r) => r.tdLoss === null)).toBe(true);
    expect(l.of('training').pop()!.progress).toMatchObject({ running: false, done: 2, total: 2, updates: 0 });
    // The single play step ran too, without a frame either.
    expect(l.engine.steps).toBe(1 + 2 * pendulum.episodeSteps);
  });

  it('stops after the current step and keeps what was learnt', async () => {
    const s = settings({ agent: 'mpq', trainEpisodes: 5, samples: 8 });
    // A clock that ticks per reading: how far a chunk gets must not depend on this machine's speed.
    let tick = 0;
    const l = await started(s, { learn: TINY, now: () => tick++ });
    await l.engine.handle({ type: 'train', episodes: 3 });
    await l.engine.trainChunk(5);
    // New MPPI values apply to a running training; a new seed stops it (and resets play).
    await l.engine.handle({ type: 'configure', settings: { ...s, lambda: 0.5, samples: 12 } });
    expect(l.engine.activity).toBe('training');
    while (l.of('episode').length < 2) await l.engine.trainChunk(5);
    await l.engine.emitFrame();
    expect(l.lastFrame()).toMatchObject({ samples: 12, training: true, running: true });
    expect(l.lastFrame().paths.length).toBe(12 * 8 * 3);
    const steps = l.engine.steps;
    await l.engine.handle({ type: 'stopTraining' });
    expect(l.engine.steps).toBe(steps);
    expect(await l.engine.trainChunk(50)).toBe(0);
    const last = l.of('training').pop()!.progress;
    expect(last).toMatchObject({ running: false, done: 2, total: 3, updates: 4 });
    expect(l.lastFrame()).toMatchObject({ training: false });
    await l.engine.handle({ type: 'train' });
    await l.engine.handle({ type: 'configure', settings: { ...s, seed: 8 } });
    expect(l.engine.activity).toBe('idle');
    expect(l.of('training').pop()!.progress).toMatchObject({ running: false, done: 0, total: 5 });
    expect(l.of('error')).toEqual([]);
  });
});

/** A stand-in for the WGSL planner: the CPU planner behind a 'webgpu' label, counting its use. */
class FakeGpuPlanner implements Planner {
  readonly where = 'webgpu' as const;
  acts = 0;
  disposed = false;
  constructor(private readonly inner: CpuPlanner) {}
  get samples() {
    return this.inner.samples;
  }
  get horizon() {
    return this.inner.horizon;
  }
  get hasDisplay() {
    return this.inner.hasDisplay;
  }
  get displayVersion() {
    return this.inner.displayVersion;
  }
  get lastFreeEnergy() {
    return this.inner.lastFreeEnergy;
  }
  beginEpisode(key: [number, number]) {
    this.inner.beginEpisode(key);
  }
  async act(state: Float64Array, so: number, t: number, action: Float64Array) {
    this.acts++;
    this.inner.act(state, so, t, action);
  }
  update() {
    return false;
  }
  display(out: PlanDisplay) {
    this.inner.display(out);
  }
  inspect(state: Float64Array, t: number) {
    return this.inner.inspect(state, t);
  }
  dispose() {
    this.disposed = true;
  }
}

describe("LabEngine backend 'auto'", () => {
  const made: FakeGpuPlanner[] = [];
  const deps = (gpuMs: number, cpuMs: number): EngineDeps => ({
    startBackend: async () => ({ tfjs: 'cpu', failures: [] }),
    gpuPlanner: async (task, cfg, q) => {
      const p = new FakeGpuPlanner(new CpuPlanner(task, cfg, q));
      made.push(p);
      return p;
    },
    timePlanner: async (p) => (p.where === 'webgpu' ? gpuMs : cpuMs),
  });

  it('keeps the planner measured faster for the settings, says why, and plays the seed as usual', async () => {
    const fast = await started(settings({ backend: 'auto', samples: 8 }), deps(1, 5));
    expect(fast.of('backend')[0].report).toMatchObject({
      planner: 'webgpu',
      plannerNote: expect.stringMatching(
        /^auto: WebGPU is faster here \(1\.0 ms a step against 5\.0 ms on the CPU at N 8 × H 8\)/,
      ),
    });
    const slow = await started(settings({ backend: 'auto', samples: 8 }), deps(5, 1));
    const report = slow.of('backend')[0].report;
    expect(report).toMatchObject({
      planner: 'cpu',
      plannerNote: expect.stringMatching(
        /^auto: the CPU planner is faster here \(1\.0 ms a step against 5\.0 ms on WebGPU/,
      ),
    });
    expect(made.at(-1)!.disposed).toBe(true);
    // The timing leaves no trace: the episode is the one a plain CPU engine plays.
    const ref = await started(settings({ backend: 'cpu', samples: 8 }));
    for (let i = 0; i < 5; i++) {
      await slow.engine.handle({ type: 'step' });
      await ref.engine.handle({ type: 'step' });
    }
    expect(Array.from(slow.engine.playState)).toEqual(Array.from(ref.engine.playState));
  });

  it('does not measure when a backend is asked for by name', async () => {
    const l = await started(settings({ backend: 'cpu', samples: 8 }), deps(5, 1));
    expect(l.of('backend')[0].report).toMatchObject({ planner: 'webgpu', plannerNote: '' });
  });
});

describe('LabEngine device loss', () => {
  it('switches from the (fake) GPU planner to the CPU planner and goes on from the same state', async () => {
    const made: FakeGpuPlanner[] = [];
    let loseDevice: (reason: string) => void = () => {};
    const deps: EngineDeps = {
      learn: TINY,
      gpuPlanner: async (task, cfg, q) => {
        const p = new FakeGpuPlanner(new CpuPlanner(task, cfg, q));
        made.push(p);
        return p;
      },
      deviceLost: () => new Promise<string>((resolve) => (loseDevice = resolve)),
    };
    const l = await started(settings({ agent: 'mpq', samples: 8, trainEpisodes: 2 }), deps);
    expect(l.of('backend')[0].report.planner).toBe('webgpu');
    for (let i = 0; i < 3; i++) await l.engine.handle({ type: 'step' });
    expect(made[0].acts).toBe(3);
    const state = Array.from(l.engine.playState);

    await l.engine.handle({ type: 'simulateDeviceLoss' });
    expect(made[0].disposed).toBe(true);
    expect(l.of('notice').pop()!.message).toMatch(/WebGPU device was lost/);
    const report = l.of('backend').pop()!.report;
    expect(report).toMatchObject({ planner: 'cpu', tfjs: 'cpu' });
    expect(report.plannerNote).toMatch(/lost/);
    expect(Array.from(l.engine.playState)).toEqual(state);

    await l.engine.handle({ type: 'step' });
    expect(made[0].acts).toBe(3);
    expect(made.length).toBe(1);
    expect(l.lastFrame()).toMatchObject({ controlSteps: 4, episodeStep: 4, episode: 0 });
    expect(l.lastFrame().paths.length).toBe(8 * 8 * 3);

    // A second engine loses its device while training: training goes on on the CPU to the end, its
    // Eq. 19 targets too (they were on the GPU).
    const onGpu = { made: 0, disposed: 0 };
    const gpuTargets: TargetSourceFactory = (...a) => {
      const inner = localTargets(...a);
      onGpu.made++;
      return { compute: inner.compute, dispose: () => (onGpu.disposed++, inner.dispose()) };
    };
    deps.targets = async () => ({ where: 'webgpu', note: 'measured', factory: gpuTargets });
    const m = await started(settings({ agent: 'mpq', samples: 8, trainEpisodes: 2 }), deps);
    await m.engine.handle({ type: 'train' });
    await m.engine.trainChunk(20);
    const trainFake = made[made.length - 1];
    expect(trainFake.acts).toBeGreaterThan(0);
    loseDevice('destroyed');
    await new Promise((r) => setTimeout(r, 0));
    await m.engine.idle();
    expect(m.of('backend').pop()!.report).toMatchObject({
      planner: 'cpu',
      targets: 'cpu',
      targetsNote: 'the WebGPU device was lost',
    });
    expect(onGpu).toEqual({ made: 1, disposed: 1 });
    const acts = trainFake.acts;
    await trainToEnd(m.engine);
    expect(trainFake.acts).toBe(acts);
    expect(m.of('episode').map((e) => e.episode.phase)).toEqual(['train', 'train']);
    expect(m.engine.steps).toBe(2 * pendulum.episodeSteps);
  });
});
