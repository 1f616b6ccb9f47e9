/**
 * The page's defaults where they differ from the paper's settings
 * (compute/engine/settings.ts's defaultSettings, which paper mode keeps so its
 * runs stay those of `reproduce`).
 *
 * MPQ on ball-in-cup plans with 3 MPPI iterations per control step: the K of
 * the Eq. 19 targets its published Q was trained with. With the paper's one
 * iteration that Q catches the ball in about half of the episodes and the
 * page's first visit (seed 0) fails two of its first three; with three it
 * catches 36, 31 and 29 of 40 test episodes on seeds 0, 1, 2 against 22, 17
 * and 20 with one (`mpq eval --task ballincup --agent mpq --weights
 * public/weights/ballincup.json --episodes 40 --seed S --control-iters 3|1`;
 * docs/lecture.md).
 */
import type { AgentKind } from '../core/config';
import type { TaskId } from '../core/tasks/registry';
import { defaultSettings, type LabSettings } from '../compute/engine/settings';

/** MPPI iterations per control step the page starts MPQ with, where not the paper's one. */
export const PAGE_MPQ_ITERATIONS: Partial<Record<TaskId, number>> = { ballincup: 3 };

/** The page's starting settings for a task and agent. */
export function pageDefaultSettings(task: TaskId, agent: AgentKind = 'mpq'): LabSettings {
  const s = defaultSettings(task, agent);
  const iterations = agent === 'mpq' ? PAGE_MPQ_ITERATIONS[task] : undefined;
  return iterations === undefined ? s : { ...s, iterations };
}
