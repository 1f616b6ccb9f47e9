/**
 * The control rate and the planning time over one sliding window, so the two
 * readouts describe the same steps: steps per second between the oldest and
 * newest step still in the window, and the mean planning time of those steps.
 */

/** Steps kept at most (enough for a second at 4 kHz). */
const MAX_STEPS = 4096;

export class RateWindow {
  private readonly times = new Float64Array(MAX_STEPS);
  private readonly plans = new Float64Array(MAX_STEPS);
  private start = 0;
  private count = 0;

  /** `windowMs`: how far back a step still counts. */
  constructor(private readonly windowMs = 1000) {}

  /** Forgets every step (after a pause, a reset, a change of activity). */
  clear(): void {
    this.count = 0;
    this.start = 0;
  }

  /** One control step that ended at `nowMs` and planned for `planMs`. */
  record(nowMs: number, planMs: number): void {
    if (this.count === MAX_STEPS) this.drop();
    const i = (this.start + this.count) % MAX_STEPS;
    this.times[i] = nowMs;
    this.plans[i] = planMs;
    this.count++;
    while (this.count > 2 && nowMs - this.times[this.start] > this.windowMs) this.drop();
  }

  /** Control steps per second over the window (0 with fewer than two steps). */
  rateHz(): number {
    if (this.count < 2) return 0;
    const span = this.times[(this.start + this.count - 1) % MAX_STEPS] - this.times[this.start];
    return span > 0 ? ((this.count - 1) * 1000) / span : 0;
  }

  /** Mean planning time (ms) of the steps in the window (0 when there are none). */
  meanPlanMs(): number {
    let sum = 0;
    for (let k = 0; k < this.count; k++) sum += this.plans[(this.start + k) % MAX_STEPS];
    return this.count > 0 ? sum / this.count : 0;
  }

  /** Steps in the window. */
  get size(): number {
    return this.count;
  }

  private drop(): void {
    this.start = (this.start + 1) % MAX_STEPS;
    this.count--;
  }
}
