/**
 * The agents of the paper's Fig. 2 for a task (paper §4; horizons from the
 * task's `paper` settings): MPQ with its short H on the biased model, plain MPPI with
 * the same H, plain MPPI with a long H, the long H on the true dynamics, and
 * SoftQLearning (H = 1). One list serves the CLI's `reproduce` and the page's
 * paper mode, so both run the same comparison under the same labels.
 */
import type { AgentKind } from './config';
import type { ModelSource } from './model';
import { getTask, type TaskId } from './tasks/registry';

/** One curve of Fig. 2. */
export interface PaperAgent {
  /** The curve's label, e.g. "MPQ H8" or "MPPI H32 true dynamics". */
  readonly label: string;
  readonly agent: AgentKind;
  /** MPPI horizon H (1 for SoftQ). */
  readonly horizon: number;
  /** The parameters the planner's rollouts use. */
  readonly model: ModelSource;
}

/** Fig. 2's five agents for a task, in the paper's legend order. */
export function fig2Agents(task: TaskId): PaperAgent[] {
  const p = getTask(task).paper;
  return [
    { label: `MPQ H${p.mpqHorizon}`, agent: 'mpq', horizon: p.mpqHorizon, model: 'biased' },
    { label: `MPPI H${p.mpqHorizon}`, agent: 'mppi', horizon: p.mpqHorizon, model: 'biased' },
    { label: `MPPI H${p.longHorizon}`, agent: 'mppi', horizon: p.longHorizon, model: 'biased' },
    { label: `MPPI H${p.longHorizon} true dynamics`, agent: 'mppi', horizon: p.longHorizon, model: 'true' },
    { label: 'SoftQ H1', agent: 'softq', horizon: 1, model: 'biased' },
  ];
}
