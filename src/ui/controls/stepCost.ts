/**
 * Settings that would make one control step take longer than a second are
 * warned about as they are applied, before a step runs: a lecture on a
 * projector must never sit in a step of minutes by accident, and the warning
 * says how long and that a step in progress can be cancelled. The prediction is the engine's own cost
 * model (compute/engine/workCost.ts): the measured cost per rollout row (one
 * sample, one horizon step, one MPPI iteration) of the task, agent and planner
 * in use, times the rows of the new settings, N × H × iterations. The cost per
 * row is taken from the largest step measured: a small step is mostly fixed
 * overhead (the pendulum at N 24 × H 8 costs 4.6 µs a row, at N 1024 × H 32
 * 0.26 µs), so the prediction from it errs long, never short.
 */
import type { AgentKind } from '../../core/config';
import type { TaskId } from '../../core/tasks/registry';
import type { LabSettings } from '../../compute/engine/settings';
import { stepRows } from '../../compute/engine/workCost';
import { durationText } from '../engineWatch';

/** A change predicted to make a control step longer than this is warned about. */
export const WARN_ABOVE_MS = 1000;

/** What the prediction starts from: the measured cost per rollout row of one task, agent and planner. */
export interface MeasuredStepCost {
  readonly msPerRow: number;
  readonly task: TaskId;
  readonly agent: AgentKind;
  readonly planner: 'cpu' | 'webgpu';
  /** The step it was measured on: its rows and time (ms), the fastest of `steps` steps of that size. */
  readonly rows: number;
  readonly ms: number;
  readonly steps: number;
}

/**
 * Keeps the largest step measured for the task, agent and planner in use (a
 * new one of those starts again): the fastest of the steps of that size, and
 * only once there are two of them, since the first step of a size carries the
 * warm-up (kernels compiled, buffers made) and a loaded machine stalls some.
 */
export class StepCostMeter {
  private cost: MeasuredStepCost | null = null;

  /** A control step of `s` planned on `planner` in `ms`. */
  observe(s: LabSettings, planner: 'cpu' | 'webgpu', ms: number): void {
    if (!(ms > 0) || !Number.isFinite(ms)) return;
    const rows = stepRows(s);
    const c = this.cost;
    const same = c !== null && c.task === s.task && c.agent === s.agent && c.planner === planner;
    if (same && rows < c.rows) return;
    // The same size again: the fastest so far; a larger one (or another task, agent or planner) starts again.
    const again = same && rows === c.rows;
    const t = again ? Math.min(c.ms, ms) : ms;
    const steps = again ? c.steps + 1 : 1;
    this.cost = { msPerRow: t / rows, task: s.task, agent: s.agent, planner, rows, ms: t, steps };
  }

  get measured(): MeasuredStepCost | null {
    return this.cost && this.cost.steps >= 2 ? this.cost : null;
  }
}

/** ms per control step of `s`, from `cost`. */
export function predictStepMs(s: LabSettings, cost: MeasuredStepCost): number {
  return cost.msPerRow * stepRows(s);
}

/**
 * The warning for `next` replacing `current`, or null: given when `next` plans
 * more rows per step than `current` and is predicted to take over
 * WARN_ABOVE_MS a step. No prediction (so no warning) without a measurement of
 * the same task and agent, or across a backend change.
 */
export function stepCostWarning(current: LabSettings, next: LabSettings, cost: MeasuredStepCost | null): string | null {
  if (!cost || next.task !== cost.task || next.agent !== cost.agent || next.backend !== current.backend) return null;
  if (stepRows(next) <= stepRows(current)) return null;
  const ms = predictStepMs(next, cost);
  if (!(ms > WARN_ABOVE_MS)) return null;
  const its = `${next.iterations} iteration${next.iterations === 1 ? '' : 's'}`;
  const where = cost.planner === 'webgpu' ? 'the GPU' : 'the CPU';
  return (
    `Slow settings: N ${next.samples.toLocaleString('en-US')} × H ${next.horizon} × ${its} on ${where} ` +
    `take about ${durationText(ms)} per control step (predicted from the steps measured here). ` +
    'A step in progress can be cancelled: Pause, or "Cancel it" on the busy banner.'
  );
}
