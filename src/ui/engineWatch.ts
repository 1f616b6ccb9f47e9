/**
 * Is the engine's worker alive, busy or dead? Two signs, the first decisive:
 *
 * - Its life lock. The worker holds a Web Lock (worker.ts) from its start to
 *   its end and names it in a heartbeat; the page asks for the same lock, and
 *   the browser grants the page's request the moment the worker ends (closed,
 *   crashed, terminated). That is a death, reported at once; a worker that
 *   still holds its lock is alive however long it is silent, which a loaded
 *   machine (a slow first step, a starved thread, the paper's runs on every
 *   core) makes it often.
 * - Its heartbeat, a few times a second while its event loop turns. A silence
 *   it announced (`busy`) is a long step. One it did not announce is a hung
 *   worker after HUNG_AFTER_MS when its lock shows it alive, and a dead one
 *   after DEAD_AFTER_MS where the browser has no Web Locks (an insecure
 *   context). A run file the page sent is read (copied in, parsed, checked)
 *   before the worker can answer anything: until its answer, a silence up to
 *   READ_GRACE_MS is that reading. Silence counts only while the page could
 *   listen: after its own thread was stalled (a watch tick came far later
 *   than due), the worker's messages may still be queued behind the stall.
 *
 * The page can end a long step only by ending the worker, so a command that
 * must land (pause, stop, new settings) during one whose end is not near
 * restarts the engine from its last checkpoint.
 */
import type { BusyWork } from '../compute/engine/protocol';

/**
 * Without a life lock, an unannounced silence this long means the worker is dead (heartbeats come every 250 ms;
 * on a loaded two-core machine a worker's unannounced setup has stayed silent for over 1.5 s).
 */
export const DEAD_AFTER_MS = 5000;
/** A worker whose life lock shows it alive, silent this long without having announced why, has hung. */
export const HUNG_AFTER_MS = 20_000;
/** A worker that has not said anything this long after it was started did not start. */
export const START_GRACE_MS = 30_000;
/** A watch tick this much later than due means the page's own thread was stalled. */
export const STALL_MS = 500;
/** How long a worker may be silent while it reads a run file the page sent (a 64 MiB file takes seconds). */
export const READ_GRACE_MS = 30_000;
/** A worker reading a run file, silent this long, is shown busy with it. */
export const SAY_READING_AFTER_MS = 1500;
/** A command waits for a long unit of work that ends within this long; otherwise the unit is cancelled. */
export const WAIT_FOR_END_MS = 150;

/** What keeps the worker from answering: a unit of work it announced, or a run file it is reading. */
export type SilentWork = BusyWork | 'run file';

/** What the page shows about the engine. */
export type EngineHealth =
  | { readonly state: 'ok' }
  | { readonly state: 'busy'; readonly work: SilentWork; readonly predictedMs: number | null; readonly sinceMs: number }
  | { readonly state: 'dead'; readonly message: string };

/** What the client knows of its worker. */
export interface WatchInput {
  readonly now: number;
  /** When the worker was started. */
  readonly startedAt: number;
  /** When anything was last heard from it (null: never). */
  readonly lastHeard: number | null;
  /** The `busy` it announced and has not ended yet (any later message ends it). */
  readonly busy: { readonly work: BusyWork; readonly predictedMs: number | null; readonly at: number } | null;
  /** When the oldest run file (import or restore) the worker has not answered yet was sent (null: none). */
  readonly reading: number | null;
  /** When the page's thread last came back from a stall (0: never). */
  readonly listeningSince: number;
  /** What the worker's life lock says: 'held' (it is alive), 'ended' (it is gone), 'unknown' (no lock yet or no Web Locks). */
  readonly life: 'held' | 'ended' | 'unknown';
}

/** The engine's health from what was heard and when. */
export function healthOf(w: WatchInput): EngineHealth {
  if (w.life === 'ended') return { state: 'dead', message: "the engine's worker ended: it crashed or was closed" };
  if (w.lastHeard === null) {
    return w.now - w.startedAt > START_GRACE_MS
      ? { state: 'dead', message: `the engine's worker did not start within ${START_GRACE_MS / 1000} s` }
      : { state: 'ok' };
  }
  if (w.busy) return { state: 'busy', work: w.busy.work, predictedMs: w.busy.predictedMs, sinceMs: w.now - w.busy.at };
  const silent = w.now - Math.max(w.lastHeard, w.listeningSince);
  const limit = w.life === 'held' ? HUNG_AFTER_MS : DEAD_AFTER_MS;
  if (silent > SAY_READING_AFTER_MS && w.reading !== null && w.now - w.reading <= READ_GRACE_MS)
    return { state: 'busy', work: 'run file', predictedMs: null, sinceMs: w.now - w.reading };
  if (silent <= limit) return { state: 'ok' };
  const s = (silent / 1000).toFixed(1);
  return {
    state: 'dead',
    message:
      w.life === 'held'
        ? `the engine's worker has not answered for ${s} s without saying why: it hung`
        : `the engine's worker stopped answering (no heartbeat for ${s} s): it crashed or was closed`,
  };
}

/** True when a command sent now would wait on a unit of work that does not end soon (so it is cancelled instead). */
export function mustCancel(w: WatchInput): boolean {
  // Setup (a backend starting, kernels compiling) is short and not worth a restart: commands queue behind it.
  if (!w.busy || w.busy.work === 'setup') return false;
  if (w.busy.predictedMs === null) return true;
  return w.busy.at + w.busy.predictedMs - w.now > WAIT_FOR_END_MS;
}

/** A duration as people say it: "400 ms", "2.5 s", "12 s", "20 min", "3 h". */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 90_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/** "12 s of about 20 min" for a busy unit. */
export function busyText(h: Extract<EngineHealth, { state: 'busy' }>): string {
  const of = h.predictedMs === null ? ' (length not known yet)' : ` of about ${durationText(h.predictedMs)}`;
  return `${h.work} ${h.work === 'run file' ? 'being read' : 'running'} for ${durationText(h.sinceMs)}${of}`;
}
