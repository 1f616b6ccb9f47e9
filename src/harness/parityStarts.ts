/**
 * Hand-picked start states for the CPU–GPU parity checks (testPage.ts), chosen
 * so that the rollouts run through each task's contact and constraint code,
 * not only free flight, and a per-state test of which contacts are active.
 * Problem p of a parity run starts from start p mod count.
 */
import type { TaskSpec } from '../core/task';
import { entryFor, type TaskId } from '../core/tasks/registry';
import { BIC_BALL_RADIUS, BIC_STRING_MAX, BIC_WALL_RADIUS, stringLength, wallDistance } from '../core/tasks/ballincup';
import {
  FETCH_FINGER_DROP,
  FETCH_FINGER_RADIUS,
  FETCH_TABLE_Z,
  fingersReachBlock,
  pointToBlockDistance,
} from '../core/tasks/fetch';
import {
  CABINET_TOP_Z,
  CONTACT_MARGIN,
  DRAWER_FACE_X,
  DRAWER_FRONT_HALF_WIDTH,
  DRAWER_FRONT_THICKNESS,
  DRAWER_FRONT_Z_HIGH,
  DRAWER_FRONT_Z_LOW,
  FRANKA_SPHERES,
  frankaHooked,
  HANDLE_HALF_LENGTH,
  HANDLE_RADIUS,
  HANDLE_STANDOFF,
  HANDLE_Z,
  N_SPHERES,
} from '../core/tasks/franka';
import {
  FRANKA_FRAME_STRIDE,
  FRANKA_FRAMES,
  frankaForwardKinematics,
  frankaFramePoint,
} from '../core/tasks/franka-kinematics';

/** Ball-in-cup starts [ball x, z, vx, vz, spin, cup x, z, vx, vz] (world, m and m/s). */
const BALLINCUP_STARTS: readonly (readonly number[])[] = [
  // resting on the cup's bottom capsule (in the cup)
  [0, 0.6 - 0.1 + BIC_WALL_RADIUS + BIC_BALL_RADIUS - 0.001, 0, 0, 0, 0, 0.6, 0, 0],
  // falling onto the right rim's top joint
  [0.05, 0.64, 0, -1, 0, 0, 0.6, 0, 0],
  // string just past its 0.3 m and still lengthening (site at (0, 0.492))
  [0.1, 0.207, 0.3, -1, 0, 0, 0.6, 0, 0],
  // flying sideways into the left wall from outside, spinning
  [-0.088, 0.56, 1.5, 0, 20, 0, 0.6, 0, 0],
  // cup low, ball landing on the ground with sideways speed (friction turns it into spin)
  [0.1, 0.03, 0.5, -0.5, 0, 0, 0.2, 0, 0],
];

/** Fetch starts: gripper (3), its velocity (3), block x, y, z, yaw, vx, vy, yaw rate, goal (3). */
const FETCH_STARTS: readonly (readonly number[])[] = [
  // fingertips at table level 2 cm behind the block's centre, moving into it
  [1.28, 0.75, 0.4185, 0.2, 0, 0, 1.3, 0.75, 0.425, 0.3, 0, 0, 0, 1.42, 0.8, 0.425],
  // above the block's centre, lowered onto its top face
  [1.3, 0.75, 0.46, 0, 0, -0.3, 1.3, 0.75, 0.425, 0, 0, 0, 0, 1.42, 0.8, 0.425],
  // block sliding and spinning, gripper clear of it (table friction)
  [1.2, 0.6, 0.5, 0, 0, 0, 1.3, 0.75, 0.425, 0.1, 0.3, -0.2, 2, 1.42, 0.8, 0.425],
  // finger disc centre inside the block's square (pushed out through the nearest face)
  [1.303, 0.752, 0.4185, 0, 0, 0, 1.3, 0.75, 0.425, -0.4, 0, 0, 0, 1.2, 0.7, 0.425],
  // block at the table's edge moving off it (falls to the floor)
  [1.45, 0.9, 0.55, 0, 0, 0, 1.545, 0.9, 0.425, 0, 0.3, 0, 0, 1.42, 0.8, 0.425],
];

/**
 * Franka starts: q (7, rad), q̇ (7), drawer opening d (m), ḋ. The arm poses are
 * franka.test.ts's damped least-squares IK of its hook grip (fingertips forward-down,
 * along the bar; the last one straight down) at the given end-effector point, rounded
 * to 1e-4 rad.
 */
const FRANKA_STARTS: readonly (readonly number[])[] = [
  // ee (0.75, 0, 0.5): fingers hooked behind the closed drawer's bar
  [-0.0545, 0.3238, 0.0669, -1.3857, -0.029, 2.2323, -2.3412, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  // ee (0.70, 0, 0.5): fingertips against the front of the bar
  [-0.0416, 0.1459, 0.0449, -1.6325, -0.0095, 2.3019, -2.3506, 0, 0.3, 0, 0.3, 0, 0, 0, 0, 0],
  // ee (0.75, 0, 0.62): hand over the bar, moving down onto it
  [-0.0388, 0.4979, 0.0701, -0.7979, -0.0416, 1.8185, -2.343, 0, 0.4, 0, 0.6, 0, 0, 0, 0, 0],
  // ee (0.65, 0, 0.5), drawer 0.1 m open and opening: hooked mid-pull
  [-0.0137, -0.0148, 0.0136, -1.8352, 0.0003, 2.344, -2.3564, 0, -0.2, 0, -0.2, 0, 0, 0, 0.1, 0.1],
  // ee (0.5, 0, 0.03), hand pointing straight down: fingertips at the floor, pressing on
  [-0.0043, 0.469, 0.0035, -2.363, -0.0052, 2.8319, -2.3524, 0, 0.3, 0, 0, 0, 0, 0, 0, 0],
];

const STARTS: Partial<Record<TaskId, readonly (readonly number[])[]>> = {
  ballincup: BALLINCUP_STARTS,
  fetch: FETCH_STARTS,
  franka: FRANKA_STARTS,
};

/** Contact starts [P, ns] for `task` (start p mod count), or null for a task without a set (draw random ones). */
export function parityStarts(task: TaskSpec, problems: number): Float64Array | null {
  const list = entryFor(STARTS, task.id);
  if (!list) return null;
  const out = new Float64Array(problems * task.stateDim);
  for (let p = 0; p < problems; p++) {
    const s = list[p % list.length];
    if (s.length !== task.stateDim)
      throw new Error(`a ${task.id} parity start has ${s.length} values, the state ${task.stateDim}`);
    out.set(s, p * task.stateDim);
  }
  return out;
}

const frames = new Float64Array(FRANKA_FRAMES * FRANKA_FRAME_STRIDE);
const sph = new Float64Array(3);

/**
 * Names of the contacts active in state row `so` (evaluated at control steps, so
 * a brief contact between two of them can be missed): what the parity run counts.
 */
export function activeContacts(
  task: TaskSpec,
  s: Float64Array,
  so: number,
  params: Float64Array,
  po: number,
): string[] {
  const on: string[] = [];
  switch (task.id) {
    case 'ballincup': {
      if (wallDistance(s[so] - s[so + 5], s[so + 1] - s[so + 6]) < BIC_BALL_RADIUS + BIC_WALL_RADIUS) on.push('wall');
      if (stringLength(s, so) > BIC_STRING_MAX) on.push('stringTaut');
      if (s[so + 1] < BIC_BALL_RADIUS) on.push('ground');
      break;
    }
    case 'fetch': {
      const h = params[po + 5];
      const onTable = s[so + 8] >= FETCH_TABLE_Z;
      const near =
        pointToBlockDistance(s[so], s[so + 1], s[so + 6], s[so + 7], s[so + 9], h) < FETCH_FINGER_RADIUS + 1e-3;
      if (onTable && near && fingersReachBlock(s[so + 2], h)) on.push('fingerSide');
      if (onTable && near && Math.abs(s[so + 2] - FETCH_FINGER_DROP - (FETCH_TABLE_Z + 2 * h)) < 1e-6)
        on.push('fingerTop');
      if (onTable && (s[so + 10] !== 0 || s[so + 11] !== 0 || s[so + 12] !== 0)) on.push('blockMoving');
      if (!onTable) on.push('offTable');
      break;
    }
    case 'franka': {
      // The contact detection of franka.ts's step (gaps within its speculative margin), per obstacle.
      frankaForwardKinematics(s, so, frames);
      const d = s[so + 14];
      const xFront = DRAWER_FACE_X - d;
      const xBar = xFront - HANDLE_STANDOFF;
      const hit = new Set<string>();
      for (let k = 0; k < N_SPHERES; k++) {
        frankaFramePoint(
          frames,
          FRANKA_SPHERES[5 * k],
          FRANKA_SPHERES[5 * k + 1],
          FRANKA_SPHERES[5 * k + 2],
          FRANKA_SPHERES[5 * k + 3],
          sph,
          0,
        );
        const [cx, cy, cz] = sph;
        const r = FRANKA_SPHERES[5 * k + 4];
        if (cz - r < CONTACT_MARGIN) hit.add('floor');
        const ex = cx - DRAWER_FACE_X;
        const ez = cz - CABINET_TOP_Z;
        const carcassGap =
          ex > 0 && ez > 0
            ? ez - r
            : ex <= 0 && ez > 0
              ? Math.hypot(ex, ez) - r
              : ex > 0 && -ez < ex
                ? ez - r
                : -ex - r;
        if (carcassGap < CONTACT_MARGIN) hit.add('carcass');
        if (
          Math.abs(cy) <= DRAWER_FRONT_HALF_WIDTH &&
          cz >= DRAWER_FRONT_Z_LOW &&
          cz <= DRAWER_FRONT_Z_HIGH &&
          cx < xFront + DRAWER_FRONT_THICKNESS + r &&
          xFront - (cx + r) < CONTACT_MARGIN
        )
          hit.add('front');
        const reach = HANDLE_RADIUS + r + CONTACT_MARGIN;
        const yc = Math.max(-HANDLE_HALF_LENGTH, Math.min(HANDLE_HALF_LENGTH, cy));
        if (Math.hypot(cx - xBar, cy - yc, cz - HANDLE_Z) < reach) hit.add('bar');
        const xc = Math.max(xBar, Math.min(xFront, cx));
        if (Math.hypot(cx - xc, Math.abs(cy) - HANDLE_HALF_LENGTH, cz - HANDLE_Z) < reach) hit.add('post');
      }
      on.push(...hit);
      if (frankaHooked(frames, d)) on.push('hooked');
      if (d > 0 && s[so + 15] !== 0) on.push('drawerMoving');
      break;
    }
    default:
      break;
  }
  return on;
}
