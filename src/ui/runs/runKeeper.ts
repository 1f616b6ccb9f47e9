/**
 * Keeps the learner's work: every checkpoint the engine sends (after each
 * episode, a stop, a load, an import or a restore) is saved as the current
 * run; a run whose Q-network is replaced (pretrained weights, an import, a new
 * task or agent) stays in the Runs list, and the page says so; the last few
 * runs per task are kept. On load it offers to resume the run the page was
 * last working on. Saves are queued: one write at a time, and a newer
 * checkpoint of the same run replaces one still waiting.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { checkpointRunFile, type RunCheckpoint } from '../../compute/engine/checkpoint';
import type { LabSettings } from '../../compute/engine/settings';
import { getTask } from '../../core/tasks/registry';
import { memoryRunStorage, storageProblem, type RunMeta, type RunStorage, type StoredRun } from './runStorage';

/** Runs kept per task (the oldest beyond these are dropped, never the current one). */
export const RUNS_PER_TASK = 5;

export interface RunsState {
  /** Every kept run, newest first. */
  readonly runs: readonly RunMeta[];
  /** The run the page is working on (null until its first checkpoint). */
  readonly currentId: string | null;
  /** The run offered for resuming after a reload (null when none or answered). */
  readonly resume: RunMeta | null;
  /** Why runs are not kept between visits (null while saving works). */
  readonly problem: string | null;
}

/** What the keeper needs of the page. */
export interface KeeperHost {
  /** Sends a saved run to the engine. */
  restore(cp: RunCheckpoint): void;
  /** Tells the user something (once per event). */
  notice(text: string): void;
  /** Downloads a run file. */
  download(fileName: string, file: unknown): void;
  /** Wall clock (ms since 1970). */
  now(): number;
}

const AGENT: Record<string, string> = { mpq: 'MPQ', mppi: 'MPPI', softq: 'SoftQ' };

/** The Runs list's summary of a checkpoint. */
export function summarize(id: string, name: string, createdAt: number, savedAt: number, cp: RunCheckpoint): RunMeta {
  const c = cp.curves;
  let trainEpisodes = 0;
  for (let i = 0; i < c.count; i++) trainEpisodes += c.phase[i];
  const last = Math.max(0, c.count - 10);
  let wins = 0;
  for (let i = last; i < c.count; i++) wins += c.success[i];
  return {
    id,
    task: cp.settings.task,
    agent: cp.settings.agent,
    name,
    createdAt,
    savedAt,
    episodes: c.count,
    trainEpisodes,
    updates: cp.updates,
    lastReturn: c.count > 0 ? c.ret[c.count - 1] : null,
    successRate: c.count > 0 ? wins / (c.count - last) : null,
  };
}

/** True when a run holds something worth keeping: episodes, or weights that are not the seed's initial ones. */
const worthKeeping = (m: RunMeta | undefined): m is RunMeta =>
  !!m && (m.episodes > 0 || m.updates > 0 || m.name.startsWith('Pretrained') || m.name.startsWith('Imported'));

export class RunKeeper {
  readonly state: StoreApi<RunsState> = createStore<RunsState>(() => ({
    runs: [],
    currentId: null,
    resume: null,
    problem: null,
  }));
  private storage: RunStorage;
  private queue: Promise<unknown> = Promise.resolve();
  /** The newest checkpoint of each run not yet written (a newer one of the same run replaces it). */
  private readonly pending = new Map<string, StoredRun>();
  /** The run being opened: its restore checkpoint belongs to it. */
  private opening: string | null = null;
  /** Name for the next run made by a load or an import. */
  private nextName: string | null = null;
  private counter = 0;

  constructor(
    storage: RunStorage | (() => RunStorage),
    private readonly host: KeeperHost,
  ) {
    try {
      this.storage = typeof storage === 'function' ? storage() : storage;
    } catch (err) {
      this.storage = memoryRunStorage();
      this.fail(err);
    }
  }

  /** Reads the kept runs and offers the last one worked on, if it holds anything. */
  start(): Promise<void> {
    return this.serial(async () => {
      const runs = await this.storage.list();
      const current = await this.storage.currentId();
      const last = runs.find((r) => r.id === current);
      this.set({ runs: sorted(runs), resume: worthKeeping(last) ? last : null });
    });
  }

  /** A checkpoint from the engine: saved as the current run (a new one after a load or import). */
  onCheckpoint(cp: RunCheckpoint): void {
    const st = this.state.getState();
    let id = st.currentId;
    let name: string | null = null;
    if (cp.reason === 'load' || cp.reason === 'import') {
      this.keepCurrent(cp.reason === 'load' ? 'pretrained weights were loaded' : 'a run was imported');
      id = null;
      name = this.nextName ?? (cp.reason === 'load' ? `Pretrained ${getTask(cp.settings.task).title}` : 'Imported run');
      this.nextName = null;
    } else if (cp.reason === 'restore' && this.opening) {
      id = this.opening;
      this.opening = null;
    }
    const current = id ? st.runs.find((r) => r.id === id) : undefined;
    if (current && (current.task !== cp.settings.task || current.agent !== cp.settings.agent)) id = null;
    const now = this.host.now();
    if (id === null) {
      id = `${now.toString(36)}-${(this.counter++).toString(36)}`;
      name ??= `${getTask(cp.settings.task).title} · ${AGENT[cp.settings.agent]} · seed ${cp.settings.seed}`;
    }
    const meta = summarize(id, current?.name ?? name ?? 'run', current?.createdAt ?? now, now, cp);
    this.set({ currentId: id, runs: sorted([...st.runs.filter((r) => r.id !== id), meta]), resume: null });
    this.pending.set(id, { meta, checkpoint: cp });
    void this.serial(() => this.flush(id));
  }

  /** Names the run the next load or import makes (e.g. the imported file's name). */
  nameNext(name: string): void {
    this.nextName = name;
  }

  /** The page moves to another task or agent: the current run stays in the list and a new one starts. */
  onSettings(prev: LabSettings, next: LabSettings): void {
    if (prev.task === next.task && prev.agent === next.agent) return;
    this.keepCurrent(`${next.task !== prev.task ? 'the task' : 'the agent'} changed`);
  }

  /** Opens a kept run: the engine gets its settings, curves, weights and Adam state. */
  open(id: string): Promise<void> {
    return this.serial(async () => {
      const run = await this.storage.load(id);
      if (!run) return this.host.notice('That run is no longer kept.');
      this.opening = id;
      this.set({ resume: null });
      this.host.restore(run.checkpoint);
    });
  }

  dismissResume(): void {
    this.set({ resume: null });
  }

  rename(id: string, name: string): Promise<void> {
    const clean = name.trim().slice(0, 80);
    if (!clean) return Promise.resolve();
    this.set({ runs: this.state.getState().runs.map((r) => (r.id === id ? { ...r, name: clean } : r)) });
    const waiting = this.pending.get(id);
    if (waiting) this.pending.set(id, { ...waiting, meta: { ...waiting.meta, name: clean } });
    return this.serial(() => this.storage.rename(id, clean));
  }

  remove(id: string): Promise<void> {
    const st = this.state.getState();
    this.set({ runs: st.runs.filter((r) => r.id !== id), currentId: st.currentId === id ? null : st.currentId });
    this.pending.delete(id);
    return this.serial(async () => {
      await this.storage.remove(id);
      if ((await this.storage.currentId()) === id) await this.storage.setCurrentId(null);
    });
  }

  /** Downloads a kept run as a run file. */
  exportRun(id: string): Promise<void> {
    return this.serial(async () => {
      const run = await this.storage.load(id);
      if (!run) return this.host.notice('That run is no longer kept.');
      const safe = run.meta.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
      this.host.download(`mpq-run-${safe}.json`, checkpointRunFile(run.checkpoint));
    });
  }

  /** Waits for every save queued so far. */
  idle(): Promise<void> {
    return this.serial(async () => {});
  }

  private keepCurrent(why: string): void {
    const st = this.state.getState();
    const cur = st.runs.find((r) => r.id === st.currentId);
    this.set({ currentId: null });
    if (!worthKeeping(cur)) return;
    const what = cur.trainEpisodes > 0 ? `${cur.trainEpisodes} training episodes` : `${cur.episodes} episodes`;
    this.host.notice(
      `${why[0].toUpperCase()}${why.slice(1)}: your run “${cur.name}” (${what}) is kept in Runs; open it there to go on.`,
    );
  }

  private async flush(id: string): Promise<void> {
    const run = this.pending.get(id);
    if (!run) return;
    this.pending.delete(id);
    try {
      await this.storage.save(run);
    } catch (err) {
      // Kept for the fallback (fail() below saves it there).
      if (!this.pending.has(id)) this.pending.set(id, run);
      throw err;
    }
    await this.storage.setCurrentId(run.meta.id);
    await this.prune(run.meta.task, run.meta.id);
  }

  /** Drops the oldest runs of a task beyond RUNS_PER_TASK (never `keep`). */
  private async prune(task: string, keep: string): Promise<void> {
    const mine = sorted((await this.storage.list()).filter((r) => r.task === task));
    const drop = mine.filter((r) => r.id !== keep).slice(RUNS_PER_TASK - 1);
    for (const r of drop) await this.storage.remove(r.id);
    if (drop.length > 0) {
      const gone = new Set(drop.map((r) => r.id));
      this.set({ runs: this.state.getState().runs.filter((r) => !gone.has(r.id)) });
    }
  }

  /** Runs storage work one at a time; the first failure moves the runs to memory and is said once. */
  private serial<T>(fn: () => Promise<T>): Promise<T | undefined> {
    const p = this.queue.then(fn).catch(async (err: unknown) => {
      if (this.state.getState().problem !== null) throw err;
      this.fail(err);
      return undefined;
    });
    this.queue = p.catch(() => undefined);
    return p.catch(() => undefined);
  }

  private fail(err: unknown): void {
    const problem = storageProblem(err);
    this.set({ problem });
    this.host.notice(
      `Runs are kept only until this tab closes: ${problem}. Everything else works; export a run to keep it.`,
    );
    const fallback = memoryRunStorage();
    // What the list already shows stays openable for this visit.
    this.storage = fallback;
    for (const run of this.pending.values()) void fallback.save(run);
    this.pending.clear();
  }

  private set(patch: Partial<RunsState>): void {
    this.state.setState(patch);
  }
}

const sorted = (runs: readonly RunMeta[]): RunMeta[] => [...runs].sort((a, b) => b.savedAt - a.savedAt);
