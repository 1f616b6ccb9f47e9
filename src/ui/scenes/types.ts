/**
 * What the three.js view draws each frame and what a task's scene offers it.
 * Coordinates are the physics' world frame: MuJoCo's convention, z up, metres.
 * The one z-up → three.js y-up rotation lives in `frame.ts`.
 */
import type * as THREE from 'three';
import type { TaskId } from '../../core/tasks/registry';

/**
 * One planner step as the view draws it. The worker client fills a fresh object
 * per step; the view redraws only when `latest()` returns a different object.
 */
export interface SceneFrame {
  /** The task this frame belongs to; a frame of another task is not drawn (optional). */
  readonly taskId?: TaskId;
  /** The real system's state (task layout). */
  state: Float64Array;
  /** The real system's parameters (the task's true parameters unless the user changed them). */
  params: readonly number[];
  /** World key point (m, z up) of every sampled rollout, [N, H, 3]. */
  paths: Float32Array;
  /** MPPI weights [N], summing to 1. */
  weights: Float32Array;
  /** Key point along the planned mean trajectory, [H, 3]. */
  plan: Float32Array;
  /** N: rollouts in `paths` and `weights`. */
  samples: number;
  /** The planner's N when only the heaviest `samples` of them are drawn (weights stay those of all N). */
  totalSamples?: number;
  /** H: points per rollout and in `plan`. */
  horizon: number;
  /** How the rollouts are drawn: coloured by weight (default), all in one plain colour (not weighted yet), or not at all. */
  rollouts?: 'weighted' | 'plain' | 'hidden';
  /** A second plan [H, 3] drawn faint behind `plan` (the plan before an update or a shift). */
  ghostPlan?: Float32Array;
}

/** Something the view pulls frames from (the worker client); never React state. */
export interface FrameSource {
  latest(): SceneFrame | null;
}

/** A task's system drawn from simple shapes at its true dimensions. */
export interface TaskScene {
  /** Everything of the task, in world (z-up) coordinates; the view adds it under its z-up root. */
  readonly root: THREE.Object3D;
  /** Moves the drawn system to `state` (task layout); `params` are the real system's. */
  setState(state: Float64Array, params: readonly number[]): void;
  /** Camera framing in world (z-up) coords (m) for rollouts of `horizon` steps, so they stay in view. */
  view(horizon: number): SceneFraming;
  /**
   * Optional display-only spread of key points so rollouts that share one curve
   * stay visible: moves the point at xyz[o..o+3] that lies `step` of `horizon`
   * control steps ahead. Applied the same way to the rollouts and the plan.
   */
  spreadPoint?(xyz: Float32Array, o: number, step: number, horizon: number): void;
  /** Releases geometries and materials and detaches everything. */
  dispose(): void;
}

/** See TaskScene.spreadPoint. */
export type SpreadPoint = (xyz: Float32Array, o: number, step: number, horizon: number) => void;

/** Where the camera looks from and at, world (z-up) coords (m). */
export interface SceneFraming {
  readonly target: readonly [number, number, number];
  readonly eye: readonly [number, number, number];
}
