/** The task scenes by id. (The view itself is `sceneView.ts`; importing it here would make a cycle.) */
import type { TaskId } from '../../core/task';
import { createBallInCupScene } from './ballInCupScene';
import { createFetchScene } from './fetchScene';
import { createFrankaScene } from './frankaScene';
import { createPendulumScene } from './pendulumScene';
import type { TaskScene } from './types';

export type { FrameSource, SceneFrame, TaskScene } from './types';

/** A fresh scene of the task's real system; the caller disposes it. */
export function createTaskScene(id: TaskId): TaskScene {
  switch (id) {
    case 'pendulum':
      return createPendulumScene();
    case 'ballincup':
      return createBallInCupScene();
    case 'fetch':
      return createFetchScene();
    case 'franka':
      return createFrankaScene();
    default: {
      const never: never = id;
      throw new Error(`no scene for task "${String(never)}"`);
    }
  }
}
