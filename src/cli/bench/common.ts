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

/** Runs `body` (which does `work` units) once to warm up, then `repeats` times; returns rates (units/s). */
export async function rates(repeats: number, work: number, body: () => void | Promise<void>): Promise<number[]> {
  await body();
  const out: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await body();
    out.push(work / ((performance.now() - t0) / 1000));
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
    params: { ...params, repeats: rs.length, spread: [Math.min(...rs), Math.max(...rs)] },
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
