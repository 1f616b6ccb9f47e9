/** Shared pieces of the bench cases: the result record, timing and the JSON contract. */
import type { TaskSpec } from '../../core/task';

export type Metric =
  | 'substepsPerSec'
  | 'controlStepsPerSec'
  | 'sampleStepsPerSec'
  | 'targetsPerSec'
  | 'updatesPerSec'
  | 'rowsPerSec'
  | 'trainStepsPerSec'
  | 'episodesPerMin'
  | 'rmsErrorM'
  | 'speedRatio'
  | 'successes';

export interface BenchResult {
  name: string;
  task: string;
  backend: string;
  metric: Metric;
  value: number;
  params: Record<string, unknown>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** CPU time this process has used (ms): user + system over all its threads, GC included. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The shortest CPU time of one timed repeat (ms). Shorter repeats are at the
 * mercy of the scheduler on a loaded machine: repeats of a few ms were seen to
 * move up to 15× between runs, repeats of this length hold.
 */
export const MIN_REPEAT_MS = 300;

/**
 * Rates in units per CPU-second of `body` (which does `work` units): one call
 * to warm up, then calls are grouped so that each of the `repeats` timed
 * repeats takes at least MIN_REPEAT_MS of CPU time. CPU time, not wall time:
 * time the process spends waiting for a core taken by other work is not counted.
 */
export async function rates(repeats: number, work: number, body: () => void | Promise<void>): Promise<number[]> {
  await body();
  // Size the group: grow it until one group reaches the minimum.
  let calls = 1;
  for (;;) {
    const t0 = cpuMs();
    for (let c = 0; c < calls; c++) await body();
    const ms = cpuMs() - t0;
    if (ms >= MIN_REPEAT_MS) break;
    calls = Math.ceil(calls * Math.min(100, (1.2 * MIN_REPEAT_MS) / Math.max(ms, 0.05)));
  }
  const out: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = cpuMs();
    for (let c = 0; c < calls; c++) await body();
    out.push((work * calls) / ((cpuMs() - t0) / 1000));
  }
  return out;
}

/** A rate result: the median of `rs`, with the repeats and the slowest and fastest in params. */
export function result(
  name: string,
  task: TaskSpec | string,
  backend: string,
  metric: Metric,
  rs: number[],
  params: Record<string, unknown>,
): BenchResult {
  const id = typeof task === 'string' ? task : task.id;
  return {
    name,
    task: id,
    backend,
    metric,
    value: median(rs),
    params: { ...params, repeats: rs.length, spread: [Math.min(...rs), Math.max(...rs)], clock: 'cpu' },
  };
}

/** A single measured value (an error, a count, a ratio). */
export function single(
  name: string,
  task: string,
  backend: string,
  metric: Metric,
  value: number,
  params: Record<string, unknown>,
): BenchResult {
  return { name, task, backend, metric, value, params };
}
