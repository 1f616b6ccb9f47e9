/**
 * The page's side of the pendulum worker: sends typed commands, keeps the
 * latest frame for the canvas (read in the render loop, never through React
 * state) and a throttled summary in a zustand store for the controls.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BackendReport, Frame, FromWorker, ToWorker } from './protocol';

/** What the controls and the status line show (a few updates per second). */
export interface Summary {
  readonly controlSteps: number;
  readonly episode: number;
  readonly episodeStep: number;
  readonly running: boolean;
  readonly rateHz: number;
  readonly planMs: number;
  readonly thetaRad: number;
  readonly torqueNm: number;
  readonly rolloutMismatch: number;
  readonly backend: BackendReport | null;
  readonly error: string | null;
}

const SUMMARY_EVERY_MS = 200;

export class SimClient {
  readonly summary: StoreApi<Summary>;
  /** The newest frame from the worker (null before the first). */
  latest: Frame | null = null;
  private readonly worker: Worker;
  private lastSummaryMs = 0;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(wasmPath: string, seed: number) {
    this.summary = createStore<Summary>(() => ({
      controlSteps: 0,
      episode: 0,
      episodeStep: 0,
      running: false,
      rateHz: 0,
      planMs: 0,
      thetaRad: 0,
      torqueNm: 0,
      rolloutMismatch: 0,
      backend: null,
      error: null,
    }));
    this.worker = new Worker(new URL('./pendulumWorker.ts', import.meta.url), { type: 'module', name: 'pendulum' });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => this.receive(ev.data);
    this.worker.onerror = (ev) => this.summary.setState({ error: `worker failed: ${ev.message || 'could not load'}` });
    this.send({ type: 'init', wasmPath, seed });
  }

  play(): void {
    this.send({ type: 'play' });
  }
  pause(): void {
    this.send({ type: 'pause' });
  }
  step(): void {
    this.send({ type: 'step' });
  }
  reset(): void {
    this.send({ type: 'reset' });
  }

  private send(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  private receive(msg: FromWorker): void {
    switch (msg.type) {
      case 'frame':
        this.latest = msg.frame;
        this.scheduleSummary(msg.frame);
        break;
      case 'backend':
        this.summary.setState({ backend: msg.report });
        break;
      case 'error':
        this.summary.setState({ error: msg.message });
        break;
      default:
        msg satisfies never;
    }
  }

  /** Publishes at once when the run state changes or it is paused, else at most every SUMMARY_EVERY_MS. */
  private scheduleSummary(frame: Frame): void {
    const now = performance.now();
    const urgent = !frame.running || frame.running !== this.summary.getState().running;
    if (urgent || now - this.lastSummaryMs >= SUMMARY_EVERY_MS) {
      this.publish();
    } else if (this.pending === undefined) {
      this.pending = setTimeout(() => this.publish(), SUMMARY_EVERY_MS - (now - this.lastSummaryMs));
    }
  }

  private publish(): void {
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = undefined;
    this.lastSummaryMs = performance.now();
    const f = this.latest;
    if (!f) return;
    this.summary.setState({
      controlSteps: f.controlSteps,
      episode: f.episode,
      episodeStep: f.episodeStep,
      running: f.running,
      rateHz: f.rateHz,
      planMs: f.planMs,
      thetaRad: f.state[0],
      torqueNm: f.torqueNm,
      rolloutMismatch: f.rolloutMismatch,
    });
  }
}
