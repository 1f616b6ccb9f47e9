/**
 * A typed, read-only window API for the e2e tests (Playwright reads it with
 * page.evaluate). It reads the newest worker frame, not the throttled summary.
 */
import type { SimClient } from './simClient';

export interface MpqTestApi {
  /** Control steps since the last reset, as of the newest frame. */
  controlSteps(): number;
  running(): boolean;
  /** What tf.getBackend() returned in the worker, or null while it starts. */
  backend(): string | null;
  /** The backends passed over, with reasons. */
  backendFailures(): readonly string[];
  /** Largest |Q_tfjs − Q_TypeScript| of the backend check, or null while it starts. */
  qCheckMaxAbsDiff(): number | null;
  /** See Frame.rolloutMismatch (0 when the drawn rollouts are the planner's). */
  rolloutMismatch(): number;
  /** Canvas frames drawn so far. */
  framesDrawn(): number;
  error(): string | null;
}

declare global {
  interface Window {
    __mpqTest?: MpqTestApi;
  }
}

export function installTestApi(client: SimClient, framesDrawn: () => number): void {
  window.__mpqTest = {
    controlSteps: () => client.latest?.controlSteps ?? 0,
    running: () => client.latest?.running ?? false,
    backend: () => client.summary.getState().backend?.active ?? null,
    backendFailures: () => client.summary.getState().backend?.failures ?? [],
    qCheckMaxAbsDiff: () => client.summary.getState().backend?.qCheckMaxAbsDiff ?? null,
    rolloutMismatch: () => client.latest?.rolloutMismatch ?? 0,
    framesDrawn,
    error: () => client.summary.getState().error,
  };
}
