/**
 * How long the engine's next unit of work will take, from what the last ones
 * cost per rollout row (one sample stepped one horizon step in one MPPI
 * iteration). The engine warns the page before a long unit (a worker inside
 * one cannot answer), and the page predicts a settings change's cost per
 * control step from the same figure before it applies it.
 */

/** A unit of work predicted to take at least this long is announced with a `busy` event. */
export const BUSY_MS = 150;
/** Rows above which a unit of unknown cost (nothing measured yet) is announced anyway. */
export const UNKNOWN_LARGE_ROWS = 1 << 20;

/** Rollout rows of one control step: N × H × iterations. */
export function stepRows(s: { samples: number; horizon: number; iterations: number }): number {
  return s.samples * s.horizon * s.iterations;
}

/** Measured cost per row (ms), as a moving average over recent units of one kind. */
export class RowCost {
  private msPerRow: number | null = null;

  observe(ms: number, rows: number): void {
    if (!(rows > 0) || !Number.isFinite(ms) || ms < 0) return;
    const r = ms / rows;
    this.msPerRow = this.msPerRow === null ? r : 0.7 * this.msPerRow + 0.3 * r;
  }

  /** Predicted ms for `rows`, or null before anything was measured. */
  predict(rows: number): number | null {
    return this.msPerRow === null ? null : this.msPerRow * rows;
  }

  get perRowMs(): number | null {
    return this.msPerRow;
  }

  reset(): void {
    this.msPerRow = null;
  }
}

/** True when a unit of `rows` predicted to take `predictedMs` should be announced. */
export function announces(predictedMs: number | null, rows: number): boolean {
  return predictedMs === null ? rows >= UNKNOWN_LARGE_ROWS : predictedMs >= BUSY_MS;
}
