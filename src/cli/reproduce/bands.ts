/**
 * The numbers every figure over seeds is made of: the metric of an episode,
 * its trailing moving average, and the mean with its min–max band over runs
 * (src/plotmath's rolling mean and band over seeds, with their one rule for
 * runs of unequal length). `reproduce`'s report and `plot` both draw through
 * here, and the page's paper mode through the same plotmath functions, so a
 * curve over seeds means the same thing everywhere.
 */
import { getTask, type TaskId } from '../../core/tasks/registry';
import type { EpisodeRecord } from '../../core/train';
import { cumulativeSum, rollingMean } from '../../plotmath/rolling';
import { bandOverSeeds } from '../../plotmath/seeds';
import { mean, summarize } from '../../plotmath/stats';
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

/** Mean / min / max over runs (seeds) of a per-run scalar. */
export interface Stat {
  mean: number;
  min: number;
  max: number;
  seeds: number;
}

/** The mean, min and max of one number per seed. */
export function stat(xs: readonly number[]): Stat {
  const s = summarize(xs);
  return { mean: s.mean, min: s.min, max: s.max, seeds: s.count };
}

/**
 * One curve over runs: each run's episodes as the metric, as a trailing
 * moving average over `w` episodes, then per episode x = 1, 2, … the mean and
 * the min–max band across the runs that reached x (plotmath/seeds.ts).
 */
export function bandOverRuns(
  label: string,
  runs: readonly (readonly EpisodeRecord[])[],
  metric: Metric,
  w: number,
): Series {
  const band = bandOverSeeds(
    runs.map((eps) =>
      rollingMean(
        eps.map((e) => metricValue(metric, e)),
        w,
      ),
    ),
  );
  return { label, x: band.mean.map((_, i) => i + 1), mean: band.mean, lo: band.min, hi: band.max };
}

/** Mean metric over a run's last 10 episodes (the figure a training run is summed up by). */
export function finalMetric(episodes: readonly EpisodeRecord[], metric: Metric): number {
  return mean(episodes.slice(-10).map((e) => metricValue(metric, e)));
}

/**
 * The paper's Fig. 2 for a success task: each run's cumulative successes over
 * its training episodes, then per episode the mean and min–max over runs.
 */
export function cumulativeBand(label: string, runs: readonly (readonly EpisodeRecord[])[]): Series {
  const band = bandOverSeeds(runs.map((eps) => cumulativeSum(eps.map((e) => (e.success ? 1 : 0)))));
  return { label, x: band.mean.map((_, i) => i + 1), mean: band.mean, lo: band.min, hi: band.max };
}

/** Successes over all of a run's episodes (the end point of its cumulative curve). */
export function totalSuccesses(episodes: readonly EpisodeRecord[]): number {
  return episodes.filter((e) => e.success).length;
}
