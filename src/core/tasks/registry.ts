/**
 * Every task, in display order: the one list the CLI, the engine, the page and
 * the experiments read. Add a task's module to TASK_LIST and it appears in
 * `--task`, the URL, the page's picker, the explanation panel and `reproduce`;
 * the compute and ui layers look up its WGSL twin and scene by id and fall back
 * (CPU planner, key-point scene) where it has none. See docs/adding-a-task.md.
 */
import type { TaskSpec } from '../task';
import { ballincup } from './ballincup';
import { fetchPush } from './fetch';
import { franka } from './franka';
import { pendulum } from './pendulum';

const TASK_LIST = [pendulum, ballincup, fetchPush, franka] as const;

/** The id of a task in the registry ('pendulum' | 'ballincup' | …), derived from TASK_LIST. */
export type TaskId = (typeof TASK_LIST)[number]['id'];

const registered = new Map<string, TaskSpec<TaskId>>(TASK_LIST.map((t) => [t.id, t]));

/** The ids of the registered tasks, in display order. */
export function taskIds(): TaskId[] {
  return [...registered.keys()] as TaskId[];
}

/** True when `id` names a registered task. */
export function isTaskId(id: unknown): id is TaskId {
  return typeof id === 'string' && registered.has(id);
}

/** The task with this id, or a clear error listing the ones that exist. */
export function getTask(id: string): TaskSpec<TaskId> {
  const t = registered.get(id);
  if (!t) throw new Error(`unknown task "${id}"; allowed: ${taskIds().join(', ')}`);
  return t;
}

/**
 * Adds a task at run time, after the built-in ones; for tests only (lint keeps
 * it out of product code), which use it to run a test task through every layer.
 * Its id then passes every check a built-in id passes; the static type TaskId
 * still lists the built-in tasks alone, hence the one cast here.
 */
export function registerTask(task: TaskSpec): TaskId {
  const had = registered.get(task.id);
  if (had && had !== task) throw new Error(`a different task is already registered as "${task.id}"`);
  registered.set(task.id, task as TaskSpec<TaskId>);
  return task.id as TaskId;
}

/**
 * Task `id`'s entry in a layer's own table keyed by TaskId (the WGSL twins, the
 * scenes, …), or undefined where the task has none: each layer decides its
 * fallback (plan on the CPU, draw the key point).
 */
export function entryFor<T>(table: Readonly<Partial<Record<TaskId, T>>>, id: string): T | undefined {
  return isTaskId(id) ? table[id] : undefined;
}
