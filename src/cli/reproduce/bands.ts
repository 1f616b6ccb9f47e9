/**
 * The numbers every figure over seeds is made of: the metric of an episode,
 * a trailing moving average, and the mean with its min–max band over runs.
 * `reproduce`'s report and `plot` both draw through here, so a curve over
 * seeds means the same thing in both.
 */
import { getTask, type TaskId } from '../../core/tasks/registry';
import type { EpisodeRecord } from '../../core/train';
import type { Series } from './svg';

export type Metric = 'success' | 'return';

/** The figure each task is judged by (its `paper.metric`: return for a dense cost, else success). */
export function metricOf(task: TaskId): Metric {
  return getTask(task).paper.metric;
}

/** An episode's value under a metric: its return, or 1/0 for success/failure. */
export function metricValue(metric: Metric, e: EpisodeRecord): number {
  return metric === 'return' ? e.return : e.success ? 1 : 0;
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Trailing moving average over `w` episodes (success curves are 0/1 per episode). */
export function smooth(xs: readonly number[], w: number): number[] {
  return xs.map((_, i) => {
    const from = Math.max(0, i - w + 1);
    const part = xs.slice(from, i + 1);
    return part.reduce((a, b) => a + b, 0) / part.length;
  });
}

/** Mean / min / max over runs (seeds) of a per-run scalar. */
export interface Stat {
  mean: number;
  min: number;
  max: number;
  seeds: number;
}

export function stat(xs: readonly number[]): Stat {
  return { mean: mean(xs), min: Math.min(...xs), max: Math.max(...xs), seeds: xs.length };
}

/**
 * One curve over runs: each run's episodes as the metric, smoothed over `w`
 * episodes, then per episode the mean and the min–max band across runs. Runs
 * of different lengths are cut to the shortest, so every point averages all runs.
 */
export function bandOverRuns(
  label: string,
  runs: readonly (readonly EpisodeRecord[])[],
  metric: Metric,
  w: number,
): Series {
  const curves = runs.map((eps) =>
    smooth(
      eps.map((e) => metricValue(metric, e)),
      w,
    ),
  );
  const n = Math.min(...curves.map((c) => c.length));
  const x = Array.from({ length: n }, (_, i) => i + 1);
  return {
    label,
    x,
    mean: x.map((_, i) => mean(curves.map((c) => c[i]))),
    lo: x.map((_, i) => Math.min(...curves.map((c) => c[i]))),
    hi: x.map((_, i) => Math.max(...curves.map((c) => c[i]))),
  };
}

/** Mean metric over a run's last 10 episodes (the figure a training run is summed up by). */
export function finalMetric(episodes: readonly EpisodeRecord[], metric: Metric): number {
  return mean(episodes.slice(-10).map((e) => metricValue(metric, e)));
}
