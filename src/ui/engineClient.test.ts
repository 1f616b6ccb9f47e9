import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { packCurves } from '../compute/engine/curvePack';
import type { BackendReport, EngineCommand, EngineEvent, EngineFrame } from '../compute/engine/protocol';
import { defaultSettings, type LabSettings } from '../compute/engine/settings';
import { EngineClient } from './engineClient';
import { createLabStore, type LabStore } from './store';

/** A stand-in for the worker: records commands, lets the test post events. */
class FakeWorker {
  sent: EngineCommand[] = [];
  onmessage: ((ev: MessageEvent<EngineEvent>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  postMessage(cmd: EngineCommand): void {
    this.sent.push(structuredClone(cmd));
  }
  terminate(): void {}
  emit(ev: EngineEvent): void {
    this.onmessage?.({ data: ev } as MessageEvent<EngineEvent>);
  }
}

function frame(controlSteps: number, running = true): EngineFrame {
  return {
    task: 'pendulum',
    controlSteps,
    episode: 0,
    episodeStep: controlSteps,
    running,
    training: false,
    state: new Float64Array([0.1, 0]),
    params: [1, 1],
    action: new Float64Array([0.5]),
    cost: 1,
    freeEnergy: 2,
    paths: new Float32Array(24 * 8 * 3),
    weights: new Float32Array(24).fill(1 / 24),
    costSplit: new Float32Array(24 * 3),
    weightStats: null,
    plan: new Float32Array(8 * 3),
    samples: 24,
    drawn: 24,
    horizon: 8,
    rateHz: 20,
    planMs: 1,
  };
}

describe('EngineClient', () => {
  let store: LabStore;
  let worker: FakeWorker;
  let client: EngineClient;

  beforeEach(() => {
    vi.useFakeTimers();
    store = createLabStore(defaultSettings('pendulum'), []);
    worker = new FakeWorker();
    client = new EngineClient(store, 'http://x/tfjs-wasm/', () => worker as unknown as Worker);
  });
  afterEach(() => {
    client.dispose();
    vi.useRealTimers();
  });

  it("starts the engine with the store's settings and the wasm folder", () => {
    expect(worker.sent[0]).toEqual({
      type: 'init',
      settings: defaultSettings('pendulum'),
      wasmPath: 'http://x/tfjs-wasm/',
    });
  });

  it('keeps the newest frame for the scene and publishes the status at most every 200 ms', () => {
    const seen: number[] = [];
    store.subscribe((s, prev) => {
      if (s.status !== prev.status) seen.push(s.status.controlSteps);
    });
    for (let i = 1; i <= 50; i++) {
      worker.emit({ type: 'frame', frame: frame(i) });
      expect(client.latest()?.samples).toBe(24);
      expect(client.latestFrame()?.controlSteps).toBe(i);
      vi.advanceTimersByTime(20); // 50 frames a second for one second
    }
    vi.advanceTimersByTime(500);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.length).toBeLessThanOrEqual(7);
    expect(seen.at(-1)).toBe(50);
    // The scene's frame is a new object per step, tagged with the task.
    expect(client.latest()?.taskId).toBe('pendulum');
  });

  it('publishes a pause at once', () => {
    worker.emit({ type: 'frame', frame: frame(1) });
    worker.emit({ type: 'frame', frame: frame(2, false) });
    expect(store.getState().status).toMatchObject({ controlSteps: 2, running: false });
  });

  it('collects episodes into one update', () => {
    const record = {
      episode: 1,
      return: -10,
      success: false,
      steps: 200,
      wallMs: 5,
      meanFreeEnergy: 1,
      tdLoss: null,
      system: 'true' as const,
    };
    worker.emit({ type: 'frame', frame: frame(1) });
    worker.emit({ type: 'episode', episode: { phase: 'play', record } });
    worker.emit({ type: 'episode', episode: { phase: 'play', record: { ...record, episode: 2 } } });
    vi.advanceTimersByTime(250);
    expect(store.getState().episodes.map((e) => e.record.episode)).toEqual([1, 2]);
  });

  it("configure updates the store at once and ignores the engine's answers to older configures", () => {
    const d = defaultSettings('pendulum');
    worker.emit({ type: 'settings', settings: d }); // init's answer
    const a: LabSettings = { ...d, horizon: 10 };
    const b: LabSettings = { ...d, horizon: 12 };
    client.configure(a);
    client.configure(b);
    expect(store.getState().settings.horizon).toBe(12);
    expect(worker.sent.filter((c) => c.type === 'configure')).toHaveLength(2);
    // The engine answers the first configure after the second was sent: the controls must not jump back.
    worker.emit({ type: 'settings', settings: { ...a } });
    expect(store.getState().settings.horizon).toBe(12);
    worker.emit({ type: 'settings', settings: { ...b } });
    expect(store.getState().settings.horizon).toBe(12);
  });

  it("an imported run's settings replace the store's, even when the page sent the same ones before", () => {
    const d = defaultSettings('pendulum');
    worker.emit({ type: 'settings', settings: d });
    client.configure({ ...d, horizon: 10 });
    worker.emit({ type: 'settings', settings: { ...d, horizon: 10 } });
    const record = {
      episode: 1,
      return: -10,
      success: false,
      steps: 200,
      wallMs: 5,
      meanFreeEnergy: 1,
      tdLoss: 0.2,
      system: 'true' as const,
    };
    const curves = [{ phase: 'train' as const, record }];
    client.importRun(JSON.stringify({ format: 'mpq-lab.run', curves }), 'run.json');
    worker.emit({ type: 'settings', settings: d });
    expect(store.getState().settings).toEqual(d);
    // The engine's checkpoint after the import carries the curves it checked: the plots' episodes now.
    const checkpoint = { settings: d, curves: packCurves(curves), weights: null, train: null, updates: 0 };
    worker.emit({ type: 'checkpoint', checkpoint: { ...checkpoint, reason: 'import' } });
    expect(store.getState().episodes.map((e) => e.record.tdLoss)).toEqual([0.2]);
  });

  it('a new agent starts a new labelled series beside the old one; a new task starts the curves again', () => {
    const record = {
      episode: 1,
      return: -10,
      success: false,
      steps: 200,
      wallMs: 5,
      meanFreeEnergy: 1,
      tdLoss: null,
      system: 'true' as const,
    };
    worker.emit({ type: 'frame', frame: frame(1) });
    worker.emit({ type: 'episode', episode: { phase: 'play', record } });
    vi.advanceTimersByTime(250);
    expect(store.getState().episodes).toHaveLength(1);
    client.configure({ ...defaultSettings('pendulum'), lambda: 0.3 });
    expect(store.getState().episodes).toHaveLength(1);
    client.configure({ ...defaultSettings('pendulum', 'softq') });
    worker.emit({ type: 'settings', settings: defaultSettings('pendulum', 'softq') });
    worker.emit({ type: 'episode', episode: { phase: 'play', record } });
    vi.advanceTimersByTime(250);
    const st = store.getState();
    expect(st.episodes.map((e) => e.series)).toEqual([0, 1]);
    expect(st.series.map((s) => s.label)).toEqual(['MPQ H8 biased · untrained Q', 'SoftQ H1 biased · untrained Q']);
    client.configure({ ...defaultSettings('fetch', 'softq') });
    expect(store.getState().episodes).toHaveLength(0);
    expect(store.getState().series).toHaveLength(0);
  });

  it('a published Q still on its way when a run is imported does not replace the imported run', async () => {
    let arrive: (file: unknown) => void = () => {};
    const c = new EngineClient(
      store,
      'http://x/tfjs-wasm/',
      () => worker as unknown as Worker,
      () => new Promise((resolve) => (arrive = resolve)),
    );
    const loading = c.loadPretrained();
    c.importRun('{"format":"mpq-lab.run"}', 'mine.json');
    arrive({ format: 'mpq-lab.q-weights', task: 'pendulum' });
    await loading;
    expect(worker.sent.map((m) => m.type)).not.toContain('loadWeights');
    expect(store.getState().weightsMessage).toBeNull();
    // The import's notice is shown, not taken for a loaded Q.
    worker.emit({ type: 'notice', message: 'run imported: pendulum, agent mpq, 3 episodes' });
    expect(store.getState().notices.at(-1)?.text).toMatch(/^run imported/);
    c.dispose();
  });

  it('loads the published Q when asked, restarting the series, and says when it cannot', async () => {
    const fetched: string[] = [];
    const c = new EngineClient(
      store,
      'http://x/tfjs-wasm/',
      () => worker as unknown as Worker,
      async (task) => {
        fetched.push(task);
        if (task === 'fetch') throw new Error('No pretrained Q-function is published for Fetch (HTTP 404)');
        return { format: 'mpq-lab.q-weights', task };
      },
    );
    await c.loadPretrained();
    expect(fetched).toEqual(['pendulum']);
    expect(worker.sent.at(-1)).toEqual({
      type: 'loadWeights',
      file: { format: 'mpq-lab.q-weights', task: 'pendulum' },
    });
    expect(store.getState().q).toBe('none'); // until the engine took it
    worker.emit({ type: 'notice', message: 'Q-weights loaded for pendulum (3 layers)' });
    expect(store.getState().q).toBe('pretrained');
    expect(store.getState().weightsMessage).toMatchObject({ kind: 'done' });
    expect(store.getState().notices).toEqual([]);
    c.resetQ();
    expect(worker.sent.at(-1)).toEqual({ type: 'resetQ' });
    worker.emit({ type: 'notice', message: 'Q-function reset' });
    expect(store.getState().q).toBe('none');
    // A new task asks for its own published Q when the page had the published one.
    store.setState({ q: 'pretrained' });
    c.configure(defaultSettings('fetch'));
    await vi.waitFor(() => expect(store.getState().weightsMessage?.kind).toBe('failed'));
    expect(fetched).toEqual(['pendulum', 'fetch']);
    expect(store.getState().weightsMessage?.text).toMatch(/No pretrained Q-function is published for Fetch/);
    expect(store.getState().q).toBe('none');
    c.dispose();
  });

  it("a refused configure puts the engine's settings back in the store", () => {
    const d = defaultSettings('pendulum');
    worker.emit({ type: 'settings', settings: d });
    client.configure({ ...d, backend: 'webgpu' });
    expect(store.getState().settings.backend).toBe('webgpu');
    worker.emit({ type: 'error', command: 'configure', message: 'the webgpu backend could not start' });
    expect(store.getState().settings).toEqual(d);
    expect(store.getState().errors.at(-1)?.text).toMatch(/webgpu backend/);
  });

  it('refuses settings settings.ts refuses, and says why', () => {
    client.configure({ ...defaultSettings('pendulum'), samples: 0 });
    expect(worker.sent.some((c) => c.type === 'configure')).toBe(false);
    expect(store.getState().errors.at(-1)?.text).toMatch(/samples/);
  });

  it('routes errors: a refused import next to the run-file controls, others as alerts', () => {
    worker.emit({ type: 'error', command: 'importRun', message: 'not a run file' });
    expect(store.getState().runFileError).toBe('not a run file');
    worker.emit({ type: 'error', command: 'play', message: 'training is running' });
    expect(store.getState().errors.map((m) => m.text)).toEqual(['play: training is running']);
    worker.emit({ type: 'notice', message: 'device lost' });
    expect(store.getState().notices.map((m) => m.text)).toEqual(['device lost']);
  });

  it('asks for the pendulum value map after learning, at most once a second', () => {
    worker.emit({ type: 'frame', frame: frame(1) });
    const maps = () => worker.sent.filter((c) => c.type === 'valueMap').length;
    expect(maps()).toBe(1);
    worker.emit({ type: 'frame', frame: frame(2, false) });
    expect(maps()).toBe(1); // nothing learnt since
    const record = {
      episode: 1,
      return: -10,
      success: false,
      steps: 200,
      wallMs: 5,
      meanFreeEnergy: 1,
      tdLoss: 0.1,
      system: 'true' as const,
    };
    worker.emit({ type: 'episode', episode: { phase: 'train', record } });
    vi.advanceTimersByTime(1100);
    worker.emit({ type: 'frame', frame: frame(3, false) });
    expect(maps()).toBe(2);
    // Plain MPPI has no Q to map.
    client.configure({ ...defaultSettings('pendulum', 'mppi') });
    vi.advanceTimersByTime(1100);
    worker.emit({ type: 'frame', frame: frame(4, false) });
    expect(maps()).toBe(2);
  });

  it('space does nothing while training', () => {
    worker.emit({ type: 'frame', frame: { ...frame(1), training: true } });
    client.toggle();
    expect(worker.sent.some((c) => c.type === 'pause' || c.type === 'play')).toBe(false);
  });

  it('warns before slow settings apply, from the steps it measured, one warning standing at a time', () => {
    const base = { ...defaultSettings('pendulum'), backend: 'cpu' as const, samples: 24, horizon: 8, iterations: 1 };
    client.configure(base);
    worker.emit({ type: 'settings', settings: base });
    worker.emit({
      type: 'backend',
      report: { requested: 'cpu', tfjs: 'cpu', planner: 'cpu', plannerNote: '' } as BackendReport,
    });
    worker.emit({ type: 'frame', frame: { ...frame(1), planMs: 9 } }); // the first step: warm-up
    worker.emit({ type: 'frame', frame: { ...frame(2), planMs: 2 } }); // 24 × 8 rows in 2 ms: 16384 × 128 × 10 in 218 s
    const slow = () => store.getState().notices.filter((m) => m.text.startsWith('Slow settings')).length;
    client.configure({ ...base, samples: 48 }); // 4 ms a step: no warning
    expect(slow()).toBe(0);
    client.configure({ ...base, samples: 16384, horizon: 64, iterations: 10 });
    expect(store.getState().notices.at(-1)!.text).toContain('N 16,384 × H 64 × 10 iterations');
    client.configure({ ...base, samples: 16384, horizon: 128, iterations: 10 });
    expect(slow()).toBe(1);
    const text = store.getState().notices.at(-1)!.text;
    expect(text).toMatch(
      /^Slow settings: N 16,384 × H 128 × 10 iterations on the CPU take about 4 min per control step/,
    );
    expect(text).toContain('"Cancel it"');
  });
});
