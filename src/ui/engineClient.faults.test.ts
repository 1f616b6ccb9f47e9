import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { packCurves } from '../compute/engine/curvePack';
import type { RunCheckpoint } from '../compute/engine/checkpoint';
import type { EngineCommand, EngineEvent } from '../compute/engine/protocol';
import { defaultSettings } from '../compute/engine/settings';
import { EngineClient } from './engineClient';
import { DEAD_AFTER_MS } from './engineWatch';
import { createLabStore, type LabStore } from './store';

class FakeWorker {
  sent: { type: string }[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent<EngineEvent>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  postMessage(cmd: EngineCommand): void {
    this.sent.push(cmd);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(ev: EngineEvent): void {
    this.onmessage?.({ data: ev } as MessageEvent<EngineEvent>);
  }
}

describe('EngineClient faults', () => {
  let store: LabStore;
  let workers: FakeWorker[];
  let client: EngineClient;
  const w = () => workers[workers.length - 1];

  beforeEach(() => {
    vi.useFakeTimers();
    store = createLabStore(defaultSettings('pendulum'), []);
    workers = [];
    client = new EngineClient(store, 'http://x/tfjs-wasm/', () => {
      workers.push(new FakeWorker());
      return w() as unknown as Worker;
    });
  });
  afterEach(() => {
    client.dispose();
    vi.useRealTimers();
  });

  it('after a refused init, the next settings start the engine with init instead of configure', () => {
    w().emit({ type: 'error', command: 'init', message: 'navigator.gpu is undefined' });
    expect(store.getState().errors.at(-1)?.text).toMatch(
      /could not start: navigator\.gpu is undefined.*cpu always works/,
    );
    client.configure({ ...defaultSettings('pendulum'), backend: 'cpu' });
    expect(w().sent.map((c) => c.type)).toEqual(['init', 'init']);
    w().emit({ type: 'settings', settings: { ...defaultSettings('pendulum'), backend: 'cpu' } });
    client.configure({ ...defaultSettings('pendulum'), backend: 'cpu', lambda: 0.5 });
    expect(w().sent.map((c) => c.type)).toEqual(['init', 'init', 'configure']);
  });

  it('reports a worker that stops answering, once, and restarts it on request', () => {
    w().emit({ type: 'alive' });
    vi.advanceTimersByTime(DEAD_AFTER_MS - 300);
    expect(store.getState().health.state).toBe('ok');
    vi.advanceTimersByTime(600);
    expect(store.getState().health.state).toBe('dead');
    vi.advanceTimersByTime(2000);
    expect(store.getState().errors.filter((m) => /stopped answering/.test(m.text))).toHaveLength(1);
    client.restart('restart asked for');
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(w().sent.map((c) => c.type)).toEqual(['init']);
    expect(store.getState().health.state).toBe('ok');
    expect(store.getState().notices.at(-1)?.text).toMatch(
      /Engine restarted \(restart asked for\); no run had been saved/,
    );
  });

  it('a restart with no saved run does not keep naming the Q the old worker had', async () => {
    const fetched: string[] = [];
    client.dispose();
    workers = [];
    client = new EngineClient(
      store,
      'http://x/tfjs-wasm/',
      () => {
        workers.push(new FakeWorker());
        return w() as unknown as Worker;
      },
      (task) => {
        fetched.push(task);
        return Promise.resolve({ format: 'fake' });
      },
    );
    store.setState({ q: 'trained' });
    client.restart('restart asked for');
    expect(store.getState().q).toBe('none');
    expect(store.getState().notices.at(-1)?.text).toMatch(/the trained Q is lost and the Q-network starts untrained/);
    expect(fetched).toEqual([]);
    store.setState({ q: 'pretrained' });
    client.restart('restart asked for');
    expect(store.getState().q).toBe('none');
    expect(store.getState().notices.at(-1)?.text).toMatch(/the published Q is loaded again/);
    await vi.waitFor(() => expect(w().sent.map((c) => c.type)).toContain('loadWeights'));
    expect(fetched).toEqual(['pendulum']);
  });

  it("a worker's life lock: silence under load is not a death, the lock's release is one (reported at once, once)", async () => {
    // The browser's lock manager, reduced to what the client uses: a request is granted when the holder lets go.
    const waiting = new Map<string, () => void>();
    vi.stubGlobal('navigator', {
      locks: {
        request: (name: string, grant: () => void) =>
          new Promise<void>((resolve) => waiting.set(name, () => resolve(grant()))),
      },
    });
    try {
      w().emit({ type: 'alive', lifeLock: 'life-1' });
      expect([...waiting.keys()]).toEqual(['life-1']);
      vi.advanceTimersByTime(10_000); // ten silent seconds on a starved machine
      expect(store.getState().health.state).toBe('ok');
      waiting.get('life-1')!(); // the worker ended
      await Promise.resolve();
      expect(store.getState().health).toEqual({
        state: 'dead',
        message: "the engine's worker ended: it crashed or was closed",
      });
      vi.advanceTimersByTime(1000);
      expect(store.getState().errors.filter((m) => /worker ended/.test(m.text))).toHaveLength(1);
      // A restart ends the old worker on purpose: its lock's release says nothing about the new one.
      client.restart('restart asked for');
      w().emit({ type: 'alive', lifeLock: 'life-2' });
      client.restart('restart asked for');
      w().emit({ type: 'alive', lifeLock: 'life-3' });
      waiting.get('life-2')!(); // the terminated second worker
      await Promise.resolve();
      vi.advanceTimersByTime(1000);
      expect(store.getState().health.state).toBe('ok');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a pause during a long step cancels it: a new engine, restored from the last checkpoint, paused', () => {
    const settings = defaultSettings('pendulum');
    const cp: RunCheckpoint = {
      settings,
      curves: packCurves([]),
      weights: null,
      train: null,
      updates: 0,
      reason: 'stop',
    };
    w().emit({ type: 'checkpoint', checkpoint: cp });
    w().emit({ type: 'busy', work: 'control step', predictedMs: 60_000 });
    vi.advanceTimersByTime(3000);
    expect(store.getState().health.state).toBe('busy');
    client.pause();
    expect(workers).toHaveLength(2);
    expect(workers[0].sent.map((c) => c.type)).toEqual(['init']); // the pause never queued behind the step
    expect(w().sent.map((c) => c.type)).toEqual(['init', 'restoreRun', 'configure']);
    expect(store.getState().notices.at(-1)?.text).toMatch(/control step in progress was cancelled for pause/);
  });

  it('a pause during a step about to end waits for it', () => {
    w().emit({ type: 'busy', work: 'control step', predictedMs: 200 });
    vi.advanceTimersByTime(100);
    client.pause();
    expect(workers).toHaveLength(1);
    expect(w().sent.map((c) => c.type)).toEqual(['init', 'pause']);
  });
});
