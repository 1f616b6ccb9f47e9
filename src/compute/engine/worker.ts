/**
 * The Web Worker host of the lab engine: commands in through onmessage,
 * events out through postMessage with their buffers transferred. Play is paced
 * in real time × speed without catching up after a stall; training runs flat
 * out in ~30 ms chunks that yield (setTimeout 0) so commands get through, with
 * at most 30 frames a second (60 while playing).
 *
 * The worker holds a Web Lock for its whole life and names it in a first
 * heartbeat: the page asks for that lock, and the browser grants it the moment
 * the worker ends, however it ends. A heartbeat (`alive`) goes out every
 * HEARTBEAT_MS while the worker's event loop turns; the page takes a long
 * silence it was not warned of (a `busy` event) as a hung worker
 * (ui/engineWatch.ts). `simulateCrash` (a test hook, handled here, not by the
 * engine) closes the worker without a word, as a crash would.
 */
import { LabEngine } from './engine';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const CHUNK_MS = 30;
/** Frames at most this often while training, and while playing (faster than real time). */
const TRAIN_FRAME_MS = 1000 / 30;
const PLAY_FRAME_MS = 1000 / 60;

const engine = new LabEngine((ev, transfer) => scope.postMessage(ev, transfer ?? []));
/** Heartbeat period (ms); engineClient.ts declares the worker dead after several missed. */
const HEARTBEAT_MS = 250;
setInterval(() => scope.postMessage({ type: 'alive' }), HEARTBEAT_MS);
// Web Locks exist in secure contexts only (as does randomUUID); elsewhere the page goes by the heartbeat alone.
if (scope.navigator.locks && typeof crypto.randomUUID === 'function') {
  const lifeLock = `mpq-engine-life:${crypto.randomUUID()}`;
  void scope.navigator.locks.request(lifeLock, () => {
    scope.postMessage({ type: 'alive', lifeLock });
    return new Promise<never>(() => {}); // held until the worker ends
  });
}

let timer: ReturnType<typeof setTimeout> | undefined;
/** True while a step or chunk runs (its end schedules the next). */
let ticking = false;
let nextDue = 0;
let lastFrame = -Infinity;

async function tick(): Promise<void> {
  timer = undefined;
  ticking = true;
  try {
    await work();
  } finally {
    ticking = false;
  }
}

/** One play step or one training chunk; schedules the next unless idle. */
async function work(): Promise<void> {
  const activity = engine.activity;
  let delay = 0;
  if (activity === 'playing') {
    const dtMs = (engine.controlDtSec * 1000) / engine.speed;
    const start = performance.now();
    const frame = start - lastFrame >= PLAY_FRAME_MS;
    if (frame) lastFrame = start;
    await engine.stepOnce({ frame });
    const now = performance.now();
    nextDue = Math.max(nextDue + dtMs, now);
    delay = nextDue - now;
  } else if (activity === 'training') {
    await engine.trainChunk(CHUNK_MS);
    const now = performance.now();
    if (now - lastFrame >= TRAIN_FRAME_MS) {
      lastFrame = now;
      await engine.emitFrame();
    }
  } else {
    return;
  }
  schedule(delay);
}

function schedule(delay: number): void {
  timer = setTimeout(() => void tick(), delay);
}

scope.onmessage = async (ev: MessageEvent<unknown>) => {
  if ((ev.data as { type?: unknown } | null)?.type === 'simulateCrash') return scope.close();
  const before = engine.activity;
  await engine.handle(ev.data);
  const after = engine.activity;
  if (after !== before) nextDue = performance.now();
  // Start the loop when it is not running already (a running loop keeps its pace).
  if (after !== 'idle' && timer === undefined && !ticking) schedule(0);
};
