/**
 * Paper mode's runs: one lab-engine worker per Fig. 2 agent, all at once (at
 * most five workers), each initialised with that agent's settings and frames
 * off, then told to train. An agent runs its seeds one after another, a fresh
 * worker per seed (a fresh Q-network, as the CLI's `reproduce`); a finished,
 * failed or stopped run's worker is terminated at once. Every agent uses the
 * same seeds, so all of them face the same training-episode starts.
 *
 * The state the panel shows lives in a small zustand store, published at most
 * five times a second (at once when a run starts, ends or fails).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TaskId } from '../../core/tasks/registry';
import type { EpisodeRecord } from '../../core/train';
import type { BackendReport, EngineCommand, EngineEvent } from '../../compute/engine/protocol';
import type { LabSettings } from '../../compute/engine/settings';
import { spawnEngineWorker, type WorkerFactory } from '../engineClient';
import { Throttle } from '../throttle';
import { agentSettings, paperAgents, paperSeeds, type AgentCurves } from './paperPlan';

const PUBLISH_EVERY_MS = 200;

/** Where one agent stands. */
export type AgentPhase = 'starting' | 'running' | 'done' | 'stopped' | 'failed';

export interface PaperAgentState extends AgentCurves {
  readonly agent: LabSettings['agent'];
  readonly horizon: number;
  readonly model: LabSettings['model'];
  readonly phase: AgentPhase;
  /** Index into the run's seeds of the seed being run (the last one once done). */
  readonly seedIndex: number;
  /** What the worker of the current (or last) seed reported it runs on. */
  readonly backend: BackendReport | null;
  /** The engine's last notice (e.g. a move to the CPU after a lost device). */
  readonly notice: string | null;
  readonly error: string | null;
}

export type PaperStatus = 'idle' | 'running' | 'done' | 'stopped';

export interface PaperState {
  readonly status: PaperStatus;
  /** The task, seeds and episodes per seed of the current or last run (null before the first). */
  readonly task: TaskId | null;
  readonly seeds: readonly number[];
  readonly episodes: number;
  readonly backend: LabSettings['backend'] | null;
  readonly agents: readonly PaperAgentState[];
  /** Workers alive now. */
  readonly workers: number;
}

export type PaperStore = StoreApi<PaperState>;

const IDLE: PaperState = { status: 'idle', task: null, seeds: [], episodes: 0, backend: null, agents: [], workers: 0 };

interface Slot {
  state: { -readonly [K in keyof PaperAgentState]: PaperAgentState[K] };
  runs: EpisodeRecord[][];
  worker: Worker | null;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class PaperRun {
  readonly store: PaperStore = createStore<PaperState>(() => IDLE);
  /** Workers spawned since the page started (for tests). */
  spawned = 0;

  private readonly live = new Set<Worker>();
  private slots: Slot[] = [];
  private lab: LabSettings | null = null;
  private seeds: number[] = [];
  private status: PaperStatus = 'idle';
  private readonly publisher = new Throttle(PUBLISH_EVERY_MS, () => this.publishNow());

  constructor(
    private readonly wasmPath: string,
    private readonly spawn: WorkerFactory = spawnEngineWorker,
  ) {}

  /** Workers alive now. */
  get workers(): number {
    return this.live.size;
  }

  /**
   * Runs Fig. 2's agents for the lab's task with its seed (and the next
   * `seedCount − 1` seeds), training episodes and backend. A run in progress
   * is stopped first, its workers terminated.
   */
  start(lab: LabSettings, seedCount: number): void {
    this.terminateAll();
    this.lab = lab;
    this.seeds = paperSeeds(lab.seed, seedCount);
    this.slots = paperAgents(lab.task).map((a) => ({
      state: { ...a, runs: [], phase: 'starting', seedIndex: 0, backend: null, notice: null, error: null },
      runs: [],
      worker: null,
    }));
    this.status = 'running';
    this.slots.forEach((_, i) => this.launch(i, 0));
    this.publish();
  }

  /** Terminates every worker; what was recorded stays on the plots. */
  stop(): void {
    if (this.status !== 'running') return;
    this.terminateAll();
    for (const s of this.slots)
      if (s.state.phase === 'starting' || s.state.phase === 'running') s.state.phase = 'stopped';
    this.status = 'stopped';
    this.publish();
  }

  /** Terminates every worker and forgets the curves (a new task). */
  clear(): void {
    this.terminateAll();
    this.slots = [];
    this.lab = null;
    this.seeds = [];
    this.status = 'idle';
    this.publish();
  }

  dispose(): void {
    this.clear();
    this.publisher.cancel();
  }

  private terminateAll(): void {
    for (const s of this.slots) s.worker = null;
    for (const w of this.live) w.terminate();
    this.live.clear();
  }

  private retire(slot: Slot): void {
    const w = slot.worker;
    slot.worker = null;
    if (!w) return;
    w.terminate();
    this.live.delete(w);
  }

  /** A fresh worker for agent `i`'s seed number `k`: init with frames off, then train. */
  private launch(i: number, k: number): void {
    const slot = this.slots[i];
    const settings = agentSettings(this.lab!, slot.state, this.seeds[k]);
    slot.state.seedIndex = k;
    slot.state.phase = 'starting';
    slot.runs[k] = [];
    let worker: Worker;
    try {
      worker = this.spawn();
    } catch (err) {
      return this.fail(slot, `the worker could not start: ${messageOf(err)}`);
    }
    this.spawned++;
    this.live.add(worker);
    slot.worker = worker;
    worker.onmessage = (ev: MessageEvent<EngineEvent>) => {
      if (slot.worker === worker) this.receive(i, k, ev.data);
    };
    worker.onerror = (ev) => {
      if (slot.worker === worker) this.fail(slot, `the worker failed: ${ev.message || 'it could not be loaded'}`);
    };
    const send = (cmd: EngineCommand) => worker.postMessage(cmd);
    send({ type: 'init', settings, wasmPath: this.wasmPath, frames: false });
    send({ type: 'train' });
  }

  private receive(i: number, k: number, ev: EngineEvent): void {
    const slot = this.slots[i];
    switch (ev.type) {
      case 'backend':
        slot.state.backend = ev.report;
        this.schedule(true);
        break;
      case 'episode':
        if (ev.episode.phase === 'train') slot.runs[k].push(ev.episode.record);
        this.schedule(false);
        break;
      case 'training':
        if (ev.progress.running) {
          if (slot.state.phase === 'starting') {
            slot.state.phase = 'running';
            this.schedule(true);
          }
        } else if (ev.progress.done >= ev.progress.total) this.finishSeed(i, k);
        // Stopped short: only an engine error does that here, and its error event follows.
        break;
      case 'notice':
        slot.state.notice = ev.message;
        this.schedule(true);
        break;
      case 'error':
        this.fail(slot, ev.command ? `${ev.command}: ${ev.message}` : ev.message);
        break;
      case 'frame':
      case 'inspect':
      case 'settings':
      case 'valueMap':
      case 'run':
      case 'checkpoint':
      case 'busy':
      case 'alive':
        break;
      default:
        ev satisfies never;
    }
  }

  private finishSeed(i: number, k: number): void {
    const slot = this.slots[i];
    this.retire(slot);
    if (k + 1 < this.seeds.length) this.launch(i, k + 1);
    else {
      slot.state.phase = 'done';
      this.settle();
    }
    this.publish();
  }

  private fail(slot: Slot, message: string): void {
    this.retire(slot);
    slot.state.phase = 'failed';
    slot.state.error = message;
    this.settle();
    this.publish();
  }

  /** The run is done once no agent is starting or running. */
  private settle(): void {
    if (
      this.status === 'running' &&
      this.slots.every((s) => s.state.phase !== 'starting' && s.state.phase !== 'running')
    )
      this.status = 'done';
  }

  private schedule(urgent: boolean): void {
    this.publisher.request(urgent);
  }

  /** At once (a run starts, ends or fails). */
  private publish(): void {
    this.publisher.now();
  }

  private publishNow(): void {
    this.store.setState({
      status: this.status,
      task: this.lab?.task ?? null,
      seeds: [...this.seeds],
      episodes: this.lab?.trainEpisodes ?? 0,
      backend: this.lab?.backend ?? null,
      agents: this.slots.map((s) => ({ ...s.state, runs: s.runs.map((r) => r.slice()) })),
      workers: this.live.size,
    });
  }
}
