/** The WGSL rollout code of every task that has one, by task id. */
import { entryFor, type TaskId } from '../../core/tasks/registry';
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

/** The task's WGSL for GpuMppi, or null when it has none (plan on the CPU). */
export function wgslFor(id: string): WgslTask | null {
  return entryFor(WGSL_TASKS, id) ?? null;
}
