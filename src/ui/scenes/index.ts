/** The task scenes by id. (The view itself is `sceneView.ts`; importing it here would make a cycle.) */
import { entryFor, getTask, type TaskId } from '../../core/tasks/registry';
import { createBallInCupScene } from './ballInCupScene';
import { createFetchScene } from './fetchScene';
import { createFrankaScene } from './frankaScene';
import { createKeyPointScene } from './keyPointScene';
import { createPendulumScene } from './pendulumScene';
import type { TaskScene } from './types';

export type { FrameSource, SceneFrame, TaskScene } from './types';

/** The tasks drawn with their own shapes; any other task gets the key-point scene. */
const SCENES: Partial<Record<TaskId, () => TaskScene>> = {
  pendulum: createPendulumScene,
  ballincup: createBallInCupScene,
  fetch: createFetchScene,
  franka: createFrankaScene,
};

/** A fresh scene of the task's real system; the caller disposes it. */
export function createTaskScene(id: TaskId): TaskScene {
  const own = entryFor(SCENES, id);
  return own ? own() : createKeyPointScene(getTask(id));
}
