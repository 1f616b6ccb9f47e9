/**
 * The pendulum lab's worker: plain MPPI (paper Eq. 16–18, running cost at the
 * horizon's end) acting on the real pendulum in real time, one frame per
 * control step. It also starts a tfjs backend for the Q-network and reports it.
 *
 * Episode e of seed s starts where `mpq eval --seed s` starts its episode e.
 */
import { MpcAgent, STREAM } from '../core/agent';
import { defaultAgentConfig } from '../core/config';
import { deriveKey, RandomStream, type Key } from '../core/rng';
import { pendulum } from '../core/tasks/pendulum';
import { episodeKey, RealSystem } from '../core/train';
import { chooseBackend } from './chooseBackend';
import type { Frame, FromWorker, ToWorker } from './protocol';
import { RolloutPaths } from './rolloutPaths';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const task = pendulum;
const cfg = defaultAgentConfig(task, 'mppi');
const N = cfg.mppi.samples;
const H = cfg.mppi.horizon;
const dtMs = task.controlDtSec * 1000;

const agent = new MpcAgent(task, cfg, null);
const sys = new RealSystem(task);
const tracer = new RolloutPaths(agent);
const action = new Float64Array(task.actionDim);
const start = new Float64Array(task.stateDim);

let seed = 0;
let key: Key = [0, 0];
let episode = 0;
let t = 0;
let controlSteps = 0;
let running = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let nextDue = 0;
/** Wall times (ms) of recent steps while playing, for the rate. */
let stamps: number[] = [];
/** The last step's planning, kept so a frame sent on pause still shows it. */
let last = { planMs: 0, paths: new Float32Array(0), weights: new Float32Array(0), mismatch: 0 };

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

function beginEpisode(e: number): void {
  episode = e;
  t = 0;
  key = episodeKey(seed, 'eval', e);
  sys.reset(new RandomStream(deriveKey(key, STREAM.init)));
  agent.beginEpisode(key);
  action.fill(0);
}

function rateHz(): number {
  if (stamps.length < 2) return 0;
  return ((stamps.length - 1) * 1000) / (stamps[stamps.length - 1] - stamps[0]);
}

/** Posts the current state with copies of the last step's rollouts (the copies are transferred). */
function postFrame(): void {
  const paths = last.paths.slice();
  const weights = last.weights.slice();
  const frame: Frame = {
    controlSteps,
    episode,
    episodeStep: t,
    running,
    state: sys.state.slice(),
    torqueNm: action[0],
    torqueMaxNm: task.actionHigh[0],
    rateHz: running ? rateHz() : 0,
    planMs: last.planMs,
    paths,
    weights,
    samples: N,
    horizon: H,
    rolloutMismatch: last.mismatch,
  };
  post({ type: 'frame', frame }, [frame.state.buffer, paths.buffer, weights.buffer]);
}

/** One control step on the real system: plan, redraw the rollouts, act. */
function controlStep(): void {
  if (t >= task.episodeSteps) beginEpisode(episode + 1);
  start.set(sys.state);
  const t0 = performance.now();
  agent.act(sys.state, 0, t, action);
  const planMs = performance.now() - t0;
  const paths = new Float32Array(N * H * 2);
  const mismatch = tracer.trace(start, key, t, paths);
  const weights = Float32Array.from(agent.ws.weights.subarray(0, N));
  sys.step(action, t);
  sys.advance();
  t++;
  controlSteps++;
  if (running) {
    stamps.push(performance.now());
    while (stamps.length > 2 && stamps[stamps.length - 1] - stamps[0] > 1000) stamps.shift();
  }
  last = { planMs, paths, weights, mismatch };
  postFrame();
}

function safeStep(): void {
  try {
    controlStep();
  } catch (err) {
    setRunning(false);
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

/** Real-time pacing: one step per control timestep, without catching up after stalls. */
function tick(): void {
  timer = undefined;
  if (!running) return;
  safeStep();
  const now = performance.now();
  nextDue = Math.max(nextDue + dtMs, now);
  if (running) timer = setTimeout(tick, nextDue - now);
}

function setRunning(on: boolean): void {
  running = on;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  stamps = [];
  if (on) {
    nextDue = performance.now();
    tick();
  }
}

async function init(wasmPath: string, s: number): Promise<void> {
  seed = s;
  beginEpisode(0);
  postFrame();
  try {
    const report = await chooseBackend(wasmPath, task.obsDim + task.actionDim);
    post({ type: 'backend', report });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

scope.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  switch (msg.type) {
    case 'init':
      void init(msg.wasmPath, msg.seed);
      break;
    case 'play':
      if (!running) setRunning(true);
      break;
    case 'pause':
      setRunning(false);
      postFrame();
      break;
    case 'step':
      setRunning(false);
      safeStep();
      break;
    case 'reset':
      controlSteps = 0;
      beginEpisode(0);
      last = { planMs: 0, paths: new Float32Array(0), weights: new Float32Array(0), mismatch: 0 };
      postFrame();
      break;
    default:
      msg satisfies never;
  }
};

