import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { BackendReport, EngineCommand, EngineEvent } from '../../compute/engine/protocol';
import { defaultSettings, settingsProblems, type LabSettings } from '../../compute/engine/settings';
import type { EpisodeRecord } from '../../core/train';
import { PaperPanel } from './PaperPanel';
import { agentSettings, latestReadout, paperAgents, paperSeeds, paperSeries, seedsProblem } from './paperPlan';
import { PaperRun } from './paperRun';

const record = (episode: number, ret: number, success = false): EpisodeRecord => ({
  episode,
  return: ret,
  success,
  steps: 200,
  wallMs: 1,
  meanFreeEnergy: 0,
  tdLoss: null,
  system: 'true',
});

const REPORT: BackendReport = {
  requested: 'wasm',
  tfjs: 'wasm',
  planner: 'cpu',
  plannerNote: '',
  failures: [],
  qCheckMaxAbsDiff: 0,
  initMs: 5,
};

describe('paper mode plan', () => {
  it("gives each Fig. 2 agent the task's paper settings with the lab's seed, episodes and backend", () => {
    const lab: LabSettings = {
      ...defaultSettings('fetch', 'mppi'),
      samples: 99,
      lambda: 3,
      horizon: 20,
      seed: 7,
      trainEpisodes: 12,
      backend: 'wasm',
      trueParams: defaultSettings('fetch').trueParams.map((x) => x),
    };
    const agents = paperAgents('fetch');
    expect(agents.map((a) => a.label)).toEqual([
      'MPQ H10',
      'MPPI H10',
      'MPPI H64',
      'MPPI H64 true dynamics',
      'SoftQ H1',
    ]);
    for (const a of agents) {
      const s = agentSettings(lab, a, 8);
      expect(settingsProblems(s)).toEqual([]);
      expect(s).toMatchObject({
        task: 'fetch',
        agent: a.agent,
        horizon: a.horizon,
        model: a.model,
        seed: 8,
        trainEpisodes: 12,
        backend: 'wasm',
        samples: 36,
        lambda: 0.01,
      });
    }
    // One colour each; the true-dynamics reference also dashed.
    expect(new Set(agents.map((a) => a.color)).size).toBe(5);
    expect(agents.filter((a) => a.dash).map((a) => a.label)).toEqual(['MPPI H64 true dynamics']);
  });

  it('runs the lab seed and the next ones, one to three of them', () => {
    expect(paperSeeds(4, 1)).toEqual([4]);
    expect(paperSeeds(4, 3)).toEqual([4, 5, 6]);
    expect(paperSeeds(2 ** 31 - 1, 2)).toEqual([2 ** 31 - 1, 2 ** 31 - 2]);
    expect(seedsProblem(2)).toBeNull();
    expect(seedsProblem(4)).toMatch(/\[1, 3\]/);
    expect(seedsProblem(1.5)).toMatch(/integer/);
  });

  it('draws one curve per agent with data: the mean over seeds, with a min–max band from two seeds on', () => {
    const [mpq, mppi, , truth] = paperAgents('pendulum');
    const s = paperSeries(
      [
        { ...mpq, runs: [[record(1, -100), record(2, -50, true)], [record(1, -300)]] },
        { ...mppi, runs: [[record(1, -200)]] },
        { ...truth, runs: [[]] },
      ],
      2,
    );
    expect(s.returns.map((c) => c.name)).toEqual(['MPQ H8', 'MPPI H8']);
    expect(s.returns[0].points).toEqual([
      [1, -200],
      [2, -50],
    ]);
    expect(s.returns[0].band).toEqual([
      [1, -300, -100],
      [2, -50, -50],
    ]);
    expect(s.returns[0].color).toBe(mpq.color);
    expect(s.returns[1].band).toBeUndefined();
    // Rolling success over 2 episodes, in percent, averaged over the seeds that got there.
    expect(s.success[0].points).toEqual([
      [1, 0],
      [2, 50],
    ]);
    expect(paperSeries([]).returns).toEqual([]);
  });

  it("reads out each agent's newest curve values, so agents whose curves overlap stay apart in words", () => {
    const [mpq, mppi, , truth] = paperAgents('pendulum');
    const s = paperSeries(
      [
        { ...mpq, runs: [[record(1, -1234.5), record(2, -50, true)], [record(1, -300)]] },
        { ...mppi, runs: [[record(1, -200), record(2, -400)]] },
        { ...truth, runs: [[]] },
      ],
      2,
    );
    // MPQ: episode 2 reached by one seed only, so its return and success are that seed's.
    expect(latestReadout('MPQ H8', s, 2)).toBe('episode 2: return −50 · success 50 % of the last 2');
    expect(latestReadout('MPPI H8', s, 2)).toBe('episode 2: return −400 · success 0 % of the last 2');
    expect(latestReadout('MPPI H32 true dynamics', s, 2)).toBeNull();
  });
});

/** A stand-in for an engine worker: records commands, lets the test post events, counts terminations. */
class FakeWorker {
  sent: EngineCommand[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent<EngineEvent>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  postMessage(cmd: EngineCommand): void {
    this.sent.push(structuredClone(cmd));
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(ev: EngineEvent): void {
    this.onmessage?.({ data: ev } as MessageEvent<EngineEvent>);
  }
  /** What an engine sends for one finished training episode of `total`. */
  finishEpisode(done: number, total: number, ret = -100): void {
    this.emit({ type: 'episode', episode: { phase: 'train', record: record(done, ret) } });
    this.emit({ type: 'training', progress: { running: done < total, done, total, etaSec: 0, updates: 0, ...ACTING } });
  }
}

/** A training progress between updates. */
const ACTING = { phase: 'acting', minibatch: 0, minibatches: 32 } as const;

describe('PaperRun', () => {
  let workers: FakeWorker[];
  let run: PaperRun;
  const alive = () => workers.filter((w) => !w.terminated);
  const lab = (over: Partial<LabSettings> = {}): LabSettings => ({
    ...defaultSettings('pendulum'),
    seed: 3,
    trainEpisodes: 2,
    backend: 'cpu',
    ...over,
  });

  beforeEach(() => {
    vi.useFakeTimers();
    workers = [];
    run = new PaperRun('http://x/tfjs-wasm/', () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    });
  });
  afterEach(() => {
    run.dispose();
    vi.useRealTimers();
  });

  it('starts one worker per agent with its settings and frames off, then trains', () => {
    run.start(lab(), 1);
    expect(workers).toHaveLength(5);
    expect(run.workers).toBe(5);
    const agents = paperAgents('pendulum');
    workers.forEach((w, i) => {
      expect(w.sent).toEqual([
        { type: 'init', settings: agentSettings(lab(), agents[i], 3), wasmPath: 'http://x/tfjs-wasm/', frames: false },
        { type: 'train' },
      ]);
    });
    // Every agent faces the same starts: the same seed.
    expect(new Set(workers.map((w) => (w.sent[0] as Extract<EngineCommand, { type: 'init' }>).settings.seed))).toEqual(
      new Set([3]),
    );
    const st = run.store.getState();
    expect(st).toMatchObject({ status: 'running', task: 'pendulum', seeds: [3], episodes: 2, workers: 5 });
    expect(st.agents.map((a) => a.phase)).toEqual(Array(5).fill('starting'));
  });

  it('fills the curves from episode events, shows the backend, and ends each worker when its run ends', () => {
    run.start(lab(), 1);
    workers[0].emit({ type: 'backend', report: REPORT });
    workers[0].emit({
      type: 'training',
      progress: { running: true, done: 0, total: 2, etaSec: null, updates: 0, ...ACTING },
    });
    workers[0].finishEpisode(1, 2, -500);
    vi.advanceTimersByTime(250);
    let a0 = run.store.getState().agents[0];
    expect(a0).toMatchObject({ phase: 'running', backend: REPORT });
    expect(a0.runs).toEqual([[record(1, -500)]]);
    workers[0].finishEpisode(2, 2, -400);
    expect(workers[0].terminated).toBe(true);
    expect(run.workers).toBe(4);
    a0 = run.store.getState().agents[0];
    expect(a0.phase).toBe('done');
    expect(a0.runs[0].map((r) => r.return)).toEqual([-500, -400]);
    for (const w of workers.slice(1)) {
      w.finishEpisode(1, 2);
      w.finishEpisode(2, 2);
    }
    expect(run.store.getState()).toMatchObject({ status: 'done', workers: 0 });
    expect(alive()).toEqual([]);
  });

  it('runs the seeds one after another with a fresh worker each, never more than five at once', () => {
    run.start(lab({ trainEpisodes: 1 }), 3);
    let most = alive().length;
    const seedOf = (w: FakeWorker) => (w.sent[0] as Extract<EngineCommand, { type: 'init' }>).settings.seed;
    for (let k = 0; k < 3; k++) {
      expect(alive().map(seedOf)).toEqual(Array(5).fill(3 + k));
      expect(run.store.getState().agents.map((a) => a.seedIndex)).toEqual(Array(5).fill(k));
      // Finish the current seed of every agent.
      for (const w of alive()) w.finishEpisode(1, 1, -10 * (k + 1));
      most = Math.max(most, alive().length);
    }
    expect(most).toBeLessThanOrEqual(5);
    expect(workers).toHaveLength(15);
    expect(workers.map(seedOf)).toEqual([3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5]);
    const st = run.store.getState();
    expect(st.status).toBe('done');
    expect(st.agents[0].runs.map((r) => r.map((e) => e.return))).toEqual([[-10], [-20], [-30]]);
    expect(alive()).toEqual([]);
  });

  it('terminates every worker on stop and on a second start, so none leaks across Start presses', () => {
    run.start(lab(), 2);
    workers[0].finishEpisode(1, 2);
    run.start(lab(), 2);
    expect(workers).toHaveLength(10);
    expect(workers.slice(0, 5).every((w) => w.terminated)).toBe(true);
    expect(run.workers).toBe(5);
    // The old run's late events change nothing.
    workers[0].finishEpisode(2, 2);
    expect(run.store.getState().agents[0].runs).toEqual([[]]);
    run.start(lab(), 1);
    run.stop();
    expect(run.workers).toBe(0);
    expect(alive()).toEqual([]);
    const st = run.store.getState();
    expect(st.status).toBe('stopped');
    expect(st.agents.map((a) => a.phase)).toEqual(Array(5).fill('stopped'));
    // Stopped curves stay until a clear (a new task).
    run.clear();
    expect(run.store.getState()).toMatchObject({ status: 'idle', agents: [], workers: 0 });
  });

  it('marks an agent failed on an engine error or a worker failure and ends its worker; the others go on', () => {
    run.start(lab(), 2);
    workers[1].emit({ type: 'error', command: 'init', message: 'the wasm backend could not start' });
    workers[2].onerror?.({ message: 'boom' } as ErrorEvent);
    expect(workers[1].terminated && workers[2].terminated).toBe(true);
    const st = run.store.getState();
    expect(st.agents[1]).toMatchObject({ phase: 'failed', error: 'init: the wasm backend could not start' });
    expect(st.agents[2]).toMatchObject({ phase: 'failed', error: 'the worker failed: boom' });
    expect(st).toMatchObject({ status: 'running', workers: 3 });
    // A failed agent's seeds stop there: no new worker.
    expect(workers).toHaveLength(5);
  });
});

describe('PaperPanel', () => {
  it('renders its heading, the explanation, a labelled seeds field and Start before a run', () => {
    const run = new PaperRun('x', () => new FakeWorker() as unknown as Worker);
    const html = renderToStaticMarkup(
      createElement(PaperPanel, {
        settings: { ...defaultSettings('pendulum'), seed: 2, trainEpisodes: 5 },
        store: run.store,
        seedCount: 3,
        onSeedCount: () => {},
        onStart: () => {},
        onStop: () => {},
      }),
    );
    expect(html).toContain('<h2 id="paper-heading">Paper mode: Fig. 2 side by side</h2>');
    expect(html).toContain('(O1)');
    expect(html).toContain('(O2)');
    expect(html).toContain('aria-label="Seeds to run one after another for each agent"');
    expect(html).toContain('data-testid="paper-start"');
    // The seed count comes from the page's store (and so from the link): three seeds from the lab's.
    expect(html).toContain('seeds 2, 3, 4 (the lab&#x27;s seed and the next), 5 training episodes each');
    expect(html).toMatch(/data-testid="paper-seeds"[^>]*value="3"|value="3"[^>]*data-testid="paper-seeds"/);
    expect(html).toContain('Return per training episode: no data yet');
  });

  it('lists every agent with its episodes and backend while running', () => {
    vi.useFakeTimers();
    const workers: FakeWorker[] = [];
    const run = new PaperRun('x', () => {
      workers.push(new FakeWorker());
      return workers[workers.length - 1] as unknown as Worker;
    });
    run.start({ ...defaultSettings('pendulum'), seed: 1, trainEpisodes: 4 }, 2);
    workers[0].emit({ type: 'backend', report: REPORT });
    workers[0].finishEpisode(1, 4, -321);
    vi.advanceTimersByTime(250);
    // A server render reads a store's initial state: hand it the run's state now.
    const now = createStore(() => run.store.getState());
    const html = renderToStaticMarkup(
      createElement(PaperPanel, {
        settings: defaultSettings('pendulum'),
        store: now,
        seedCount: 2,
        onSeedCount: () => {},
        onStart: () => {},
        onStop: () => {},
      }),
    );
    expect(html).toContain('data-testid="paper-stop"');
    for (const label of ['MPQ H8', 'MPPI H8', 'MPPI H32', 'MPPI H32 true dynamics', 'SoftQ H1'])
      expect(html).toContain(`>${label}</strong>`);
    expect(html).toContain('seed 1 (1 of 2) · 1 / 8 episodes · running · planner cpu · Q wasm');
    expect(html).toContain('seed 1 (1 of 2) · 0 / 8 episodes · starting · backend: starting…');
    expect(html).toContain('MPQ H8: 1 episode, last −321');
    expect(html).toContain(
      'data-testid="paper-agent-readout-0">episode 1: return −321 · success 0 % of the last one (mean over seeds)<',
    );
    expect(html).not.toContain('paper-agent-readout-1');
    run.dispose();
    vi.useRealTimers();
  });
});
