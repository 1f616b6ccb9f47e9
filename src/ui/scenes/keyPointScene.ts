/**
 * The scene of a task that has no drawing of its own: a floor, and a ball at
 * the task's key point (`TaskSpec.keyPoint`), the same point its rollouts and
 * plan trace. The camera frames the key points of a few initial states, so a
 * new task is visible on the page before anyone models its shapes.
 */
import * as THREE from 'three';
import { keyFromSeed, RandomStream } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import { PALETTE } from './sceneColors';
import { disposeTree, floor, matte, sphere } from './shapes';
import type { TaskScene } from './types';

/** Initial states whose key points the framing covers. */
const FRAMING_STARTS = 16;

export function createKeyPointScene(task: TaskSpec): TaskScene {
  const state = new Float64Array(task.stateDim);
  const kp = new Float64Array(3);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  const rng = new RandomStream(keyFromSeed(0));
  for (let i = 0; i < FRAMING_STARTS; i++) {
    task.sampleInitialState(rng, state, 0);
    task.keyPoint(state, 0, kp);
    for (let j = 0; j < 3; j++) {
      lo[j] = Math.min(lo[j], kp[j]);
      hi[j] = Math.max(hi[j], kp[j]);
    }
  }
  const extent = Math.max(0.5, hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  const centre = lo.map((l, j) => (l + hi[j]) / 2) as [number, number, number];
  const radius = 0.04 * extent;

  const root = new THREE.Group();
  root.name = task.id;
  root.add(floor(centre[0], centre[1], lo[2] - 0.5 * extent, 4 * extent));
  const ball = sphere(radius, matte(PALETTE.blue));
  ball.name = 'key-point';
  root.add(ball);

  function setState(s: Float64Array): void {
    task.keyPoint(s, 0, kp);
    ball.position.set(kp[0], kp[1], kp[2]);
  }
  setState(state);

  return {
    root,
    setState,
    view: () => ({ target: centre, eye: [centre[0], centre[1] - 3 * extent, centre[2] + extent] }),
    dispose: () => disposeTree(root),
  };
}
