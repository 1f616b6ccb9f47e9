/** The WGSL rollout code of every task that has one, by task id. */
import { entryFor, isTaskId, type TaskId } from '../../core/tasks/registry';
import { ballInCupWgsl } from './ballInCupWgsl';
import { fetchWgsl } from './fetchWgsl';
import { frankaWgsl } from './frankaWgsl';
import { pendulumWgsl } from './pendulumWgsl';
import type { WgslTask } from './wgslMppi';

const WGSL_TASKS: Partial<Record<TaskId, WgslTask>> = {
  pendulum: pendulumWgsl,
  ballincup: ballInCupWgsl,
  fetch: fetchWgsl,
  franka: frankaWgsl,
};

/** Twins of tasks registered at run time (registry.ts's registerTask): tests only. */
const added = new Map<string, WgslTask>();

/**
 * Adds the WGSL twin of a task registered at run time; for tests only, as
 * registerTask is (lint keeps both out of product code): a product task's twin
 * is a line in the table above.
 */
export function registerWgsl(id: string, twin: WgslTask): void {
  if (!isTaskId(id)) throw new Error(`register the task "${id}" before its WGSL twin`);
  if (entryFor(WGSL_TASKS, id)) throw new Error(`the task "${id}" has a WGSL twin already`);
  added.set(id, twin);
}

/** The task's WGSL for GpuMppi, or null when it has none (plan on the CPU). */
export function wgslFor(id: string): WgslTask | null {
  return entryFor(WGSL_TASKS, id) ?? (isTaskId(id) ? added.get(id) : undefined) ?? null;
}
