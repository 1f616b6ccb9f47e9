/** Every task by id. Add a task here and it appears in the CLI and the page. */
import type { TaskId, TaskSpec } from '../task';
import { pendulum } from './pendulum';
import { ballincup } from './ballincup';
import { fetchPush } from './fetch';
import { franka } from './franka';

export const TASKS: Partial<Record<TaskId, TaskSpec>> = {
  pendulum,
  ballincup,
  fetch: fetchPush,
  franka,
};

/** The ids of the registered tasks, in display order. */
export function taskIds(): TaskId[] {
  return (['pendulum', 'ballincup', 'fetch', 'franka'] as const).filter((id) => TASKS[id] !== undefined);
}

/** The task with this id, or a clear error listing the ones that exist. */
export function getTask(id: string): TaskSpec {
  const t = (TASKS as Record<string, TaskSpec | undefined>)[id];
  if (!t) throw new Error(`unknown task "${id}"; allowed: ${taskIds().join(', ')}`);
  return t;
}
