/**
 * Publishes at most once per `everyMs`: a non-urgent request within the
 * interval is deferred to its end (one timer, never several); an urgent one,
 * or `now()`, runs at once and restarts the interval. Used to keep slow
 * summaries from reaching React more often than a few times a second.
 */
export class Throttle {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => void,
  ) {}

  /** Runs now when urgent or the interval has passed, else once at the interval's end. */
  request(urgent: boolean): void {
    const elapsed = performance.now() - this.last;
    if (urgent || elapsed >= this.everyMs) this.now();
    else if (this.timer === undefined) this.timer = setTimeout(() => this.now(), this.everyMs - elapsed);
  }

  /** Runs at once (a deferred run is dropped: this one covers it). */
  now(): void {
    this.cancel();
    this.last = performance.now();
    this.run();
  }

  /** Drops a deferred run. */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
