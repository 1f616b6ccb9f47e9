/**
 * Where the page keeps runs between visits: IndexedDB through idb-keyval, one
 * record per run (its summary and its checkpoint: typed arrays, so a save is a
 * copy, not an object walk) and an index of the summaries. When IndexedDB is
 * unavailable (private mode, blocked storage) or full, the caller is told once
 * and the runs live in memory for the rest of the visit.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { RunCheckpoint } from '../../compute/engine/checkpoint';
import type { TaskId } from '../../core/tasks/registry';

/** What the Runs list shows of a run. */
export interface RunMeta {
  readonly id: string;
  readonly task: TaskId;
  readonly agent: string;
  readonly name: string;
  readonly createdAt: number;
  readonly savedAt: number;
  /** Curve entries (play and training episodes). */
  readonly episodes: number;
  readonly trainEpisodes: number;
  /** Adam steps behind the weights. */
  readonly updates: number;
  /** Return of the newest episode and success rate over the last ten (null without episodes). */
  readonly lastReturn: number | null;
  readonly successRate: number | null;
}

export interface StoredRun {
  readonly meta: RunMeta;
  readonly checkpoint: RunCheckpoint;
}

/** The runs kept, and which one the page was last working on. */
export interface RunStorage {
  list(): Promise<RunMeta[]>;
  load(id: string): Promise<StoredRun | undefined>;
  save(run: StoredRun): Promise<void>;
  remove(id: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  currentId(): Promise<string | null>;
  setCurrentId(id: string | null): Promise<void>;
}

/** Runs in a Map (tests; and the fallback when IndexedDB fails). */
export function memoryRunStorage(): RunStorage {
  const runs = new Map<string, StoredRun>();
  let current: string | null = null;
  return {
    list: async () => [...runs.values()].map((r) => r.meta),
    load: async (id) => runs.get(id),
    save: async (run) => void runs.set(run.meta.id, run),
    remove: async (id) => void runs.delete(id),
    rename: async (id, name) => {
      const r = runs.get(id);
      if (r) runs.set(id, { ...r, meta: { ...r.meta, name } });
    },
    currentId: async () => current,
    setCurrentId: async (id) => {
      current = id;
    },
  };
}

const INDEX = 'index';
const CURRENT = 'current';
const runKey = (id: string) => `run:${id}`;

/** Runs in IndexedDB (database "mpq-lab", store "runs"). */
export function idbRunStorage(db?: UseStore): RunStorage {
  if (typeof indexedDB === 'undefined' || indexedDB === null)
    throw new Error('indexedDB is not defined in this browser');
  db ??= createStore('mpq-lab', 'runs');
  const index = async (): Promise<RunMeta[]> => (await get<RunMeta[]>(INDEX, db)) ?? [];
  const writeIndex = (metas: RunMeta[]) => set(INDEX, metas, db);
  return {
    list: index,
    load: (id) => get<StoredRun>(runKey(id), db),
    save: async (run) => {
      await set(runKey(run.meta.id), run, db);
      await writeIndex([...(await index()).filter((m) => m.id !== run.meta.id), run.meta]);
    },
    remove: async (id) => {
      await del(runKey(id), db);
      await writeIndex((await index()).filter((m) => m.id !== id));
    },
    rename: async (id, name) => {
      const run = await get<StoredRun>(runKey(id), db);
      if (!run) return;
      const meta = { ...run.meta, name };
      await set(runKey(id), { ...run, meta }, db);
      await writeIndex((await index()).map((m) => (m.id === id ? meta : m)));
    },
    currentId: async () => (await get<string>(CURRENT, db)) ?? null,
    setCurrentId: (id) => (id === null ? del(CURRENT, db) : set(CURRENT, id, db)),
  };
}

/** One line for a storage failure: full, unavailable, or something else. */
export function storageProblem(err: unknown): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  const msg = err instanceof Error ? err.message : String(err);
  if (name === 'QuotaExceededError') return `the browser's storage for this page is full (${msg})`;
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError' || /indexedDB/i.test(msg))
    return `IndexedDB is not available here, as in a private window (${msg})`;
  return `saving failed (${name ? `${name}: ` : ''}${msg})`;
}
