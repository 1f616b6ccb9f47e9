/**
 * The loop over planner timing cases shared by the browser bench (bench/browser.ts,
 * the cases run in Chromium through page.evaluate) and the Node WebGPU bench
 * (bench/gpuNode.ts, the cases run in this process on Dawn): per case one call of
 * harness/benchCases.ts's benchControl or benchTargets, a skip when one call
 * is predicted (linearly in the sample rows, from the next smaller N of the same
 * series) to take longer than the cap, and the result record.
 */
import type { TaskId } from '../../core/tasks/registry';
import type { BenchCaseOptions, BenchCaseReport } from '../../harness/benchCases';
import { median, type BenchResult, type Metric } from './common';

export interface PlannerPlan {
  name: string;
  task: TaskId;
  kind: 'control' | 'targets';
  backend: 'webgpu' | 'cpu';
  samples: number;
  /** Sample rows one call plans (N, or B·N for targets): what the cost is predicted from. */
  rows: number;
  /** Cases of one series (ascending N) predict each other's cost. */
  series: string;
  opts: BenchCaseOptions;
  /** The first fields of the result's params. */
  base: Record<string, unknown>;
}

/** Runs one case where the planner lives (a page, or this process). */
export interface PlannerRunner {
  control(o: BenchCaseOptions): Promise<BenchCaseReport>;
  targets(o: BenchCaseOptions): Promise<BenchCaseReport>;
}

export interface PlannerLoopOptions {
  repeats: number;
  caseBudgetMs: number;
  callCapMs: number;
  totalBudgetMs: number;
  /** Date.now() at the bench's start (the total budget counts from there). */
  t0: number;
  /** Why the webgpu cases cannot run (they are skipped with this note), or null when they can. */
  gpuUnavailable: string | null;
  /** Names the bench in the total-budget note ('browser bench'). */
  label: string;
  log: (line: string) => void;
  /** Called after every case (to save partial results). */
  onResult?: (r: BenchResult, all: BenchResult[]) => void;
}

const round = (x: number): number => Math.round(x * 100) / 100;

export async function runPlannerCases(
  plans: readonly PlannerPlan[],
  runner: PlannerRunner,
  o: PlannerLoopOptions,
): Promise<BenchResult[]> {
  const { callCapMs, caseBudgetMs, totalBudgetMs } = o;
  const results: BenchResult[] = [];
  const push = (r: BenchResult): void => {
    results.push(r);
    o.onResult?.(r, results);
  };
  // ms per call of the last case of each series, for the prediction of the next N.
  const lastCall = new Map<string, { rows: number; samples: number; ms: number }>();
  for (const p of plans) {
    const metric: Metric = p.kind === 'control' ? 'controlStepsPerSec' : 'targetsPerSec';
    const series = p.series;
    const base = p.base;
    const skip = (note: string): void => {
      push({
        name: p.name,
        task: p.task,
        backend: p.backend,
        metric,
        value: Number.NaN,
        params: { ...base, skipped: true, note },
      });
      o.log(`${p.name.padEnd(48)} skipped: ${note}`);
    };
    if (p.backend === 'webgpu' && o.gpuUnavailable !== null) {
      skip(o.gpuUnavailable);
      continue;
    }
    const elapsed = Date.now() - o.t0;
    if (elapsed > totalBudgetMs) {
      skip(`the ${o.label}'s total budget (${totalBudgetMs / 1000} s) was spent`);
      continue;
    }
    const prev = lastCall.get(series);
    if (prev === undefined && lastCall.has(`${series}:skipped`)) {
      skip('a smaller N of this series was already over the cap');
      continue;
    }
    if (prev) {
      const predicted = (prev.ms * p.rows) / prev.rows;
      if (predicted > callCapMs) {
        lastCall.delete(series);
        lastCall.set(`${series}:skipped`, { rows: p.rows, samples: p.samples, ms: predicted });
        skip(
          `one call predicted at ${(predicted / 1000).toFixed(1)} s (linear in the sample rows from N ${prev.samples}), over the ${callCapMs / 1000} s cap`,
        );
        continue;
      }
    }
    let rep: BenchCaseReport;
    try {
      rep = p.kind === 'control' ? await runner.control(p.opts) : await runner.targets(p.opts);
    } catch (err) {
      skip(`failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      lastCall.delete(series);
      lastCall.set(`${series}:skipped`, { rows: p.rows, samples: p.samples, ms: Infinity });
      continue;
    }
    const perCall = rep.unitsPerRepeat / (p.kind === 'targets' ? (rep.batch ?? 1) : 1);
    const rs = rep.repeatMs.map((ms) => rep.unitsPerRepeat / (ms / 1000));
    const cold = rs.length === 0;
    const value = cold ? (p.kind === 'targets' ? (rep.batch ?? 1) : 1) / (rep.warmupMs / 1000) : median(rs);
    const msPerCall = cold ? rep.warmupMs : median(rep.repeatMs) / perCall;
    lastCall.set(series, { rows: p.rows, samples: p.samples, ms: msPerCall });
    const params: Record<string, unknown> = {
      ...base,
      horizon: rep.horizon,
      iterations: rep.iterations,
      warmupMs: round(rep.warmupMs),
      msPerCall: round(msPerCall),
      repeats: rs.length,
      unitsPerRepeat: rep.unitsPerRepeat,
    };
    if (rs.length) params.spread = [Math.min(...rs), Math.max(...rs)];
    if (cold)
      params.note = `warm-up alone took ${(rep.warmupMs / 1000).toFixed(1)} s (over the ${callCapMs / 1000} s cap): value from that one cold call`;
    else if (rs.length < o.repeats)
      params.note = `${rs.length} of ${o.repeats} repeats within the ${caseBudgetMs / 1000} s case budget`;
    push({ name: p.name, task: p.task, backend: p.backend, metric, value, params });
    o.log(
      `${p.name.padEnd(48)} ${metric.padEnd(19)} ${value.toExponential(3)}  (${p.backend}${cold ? ', cold' : ''}, ${rs.length} repeats)`,
    );
  }
  return results;
}
