/**
 * Fetch push-block (fetch.ts): the table (top z = 0.4, centre (1.3, 0.75),
 * half-size 0.25 × 0.35), the gripper at its grip point (two closed finger
 * boxes 0.027 × 0.014 × 0.077 m as robot.xml's, their tips FETCH_FINGER_DROP
 * below the grip point, and a palm above them), the block (side 2·params[5],
 * at its state position and yaw; its centre is the point `keyPoint` reports)
 * and the goal as a translucent sphere of the success radius.
 */
import * as THREE from 'three';
import {
  FETCH_FINGER_DROP,
  FETCH_GRIP_START,
  FETCH_SUCCESS_DIST,
  FETCH_TABLE_CX,
  FETCH_TABLE_CY,
  FETCH_TABLE_HX,
  FETCH_TABLE_HY,
  FETCH_TABLE_Z,
  FETCH_TRUE_PARAMS,
} from '../../core/tasks/fetch';
import { box, disposeTree, floor, matte, sphere } from './shapes';
import { PALETTE } from './sceneColors';
import type { TaskScene } from './types';

// Finger boxes of robot.xml (half-sizes 0.0385 along the downward gripper axis, 0.0135 in x,
// 0.007 in y), closed: centres ±0.0079 in y, 0.02 above the grip point.
const FINGER_HALF_LEN = 0.0385;
const FINGER_HALF_X = 0.0135;
const FINGER_HALF_Y = 0.007;
const FINGER_Y = 0.0079;
const FINGER_CENTRE_Z = FINGER_HALF_LEN - FETCH_FINGER_DROP;
/** Palm block above the fingers (m): indicative of the gripper link, which is a mesh in robot.xml. */
const PALM = [0.05, 0.1, 0.04] as const;
const TABLE_THICKNESS = 0.03;
const LEG_SIZE = 0.05;

export function createFetchScene(): TaskScene {
  const root = new THREE.Group();
  root.name = 'fetch';
  root.add(floor(FETCH_TABLE_CX, FETCH_TABLE_CY, 0, 2.4));

  // Table: a top slab and four legs.
  const wood = matte(PALETTE.wood);
  root.add(
    box(
      2 * FETCH_TABLE_HX,
      2 * FETCH_TABLE_HY,
      TABLE_THICKNESS,
      wood,
      FETCH_TABLE_CX,
      FETCH_TABLE_CY,
      FETCH_TABLE_Z - TABLE_THICKNESS / 2,
    ),
  );
  const legH = FETCH_TABLE_Z - TABLE_THICKNESS;
  for (const sx of [-1, 1]) {
    for (const sy of [-1, 1]) {
      root.add(
        box(
          LEG_SIZE,
          LEG_SIZE,
          legH,
          wood,
          FETCH_TABLE_CX + sx * (FETCH_TABLE_HX - LEG_SIZE),
          FETCH_TABLE_CY + sy * (FETCH_TABLE_HY - LEG_SIZE),
          legH / 2,
        ),
      );
    }
  }

  // Gripper frame: origin at the grip point.
  const gripper = new THREE.Group();
  gripper.name = 'gripper';
  const fingerMat = matte(PALETTE.structure);
  for (const side of [-1, 1]) {
    const f = box(
      2 * FINGER_HALF_X,
      2 * FINGER_HALF_Y,
      2 * FINGER_HALF_LEN,
      fingerMat,
      0,
      side * FINGER_Y,
      FINGER_CENTRE_Z,
    );
    f.name = side < 0 ? 'finger-l' : 'finger-r';
    gripper.add(f);
  }
  const palmZ = FINGER_CENTRE_Z + FINGER_HALF_LEN + PALM[2] / 2;
  const palm = box(PALM[0], PALM[1], PALM[2], matte(PALETTE.metal), 0, 0, palmZ);
  palm.name = 'palm';
  gripper.add(palm);
  // A stub of the wrist above the palm, so the gripper reads as hanging from an arm.
  const wrist = new THREE.Mesh(new THREE.CylinderGeometry(0.03, 0.03, 0.12, 20), matte(PALETTE.light));
  wrist.rotation.x = Math.PI / 2;
  wrist.position.z = palmZ + PALM[2] / 2 + 0.06;
  gripper.add(wrist);
  root.add(gripper);

  // Block: a unit cube scaled to the side length.
  const block = box(1, 1, 1, matte(PALETTE.blue));
  block.name = 'block';
  root.add(block);

  // Goal: a translucent sphere of the success radius with a solid centre dot.
  const goal = new THREE.Group();
  goal.name = 'goal';
  goal.add(sphere(FETCH_SUCCESS_DIST, matte(PALETTE.green, 0.3)));
  goal.add(sphere(0.008, matte(PALETTE.green)));
  root.add(goal);

  function setState(state: Float64Array, params: readonly number[]): void {
    gripper.position.set(state[0], state[1], state[2]);
    block.position.set(state[6], state[7], state[8]);
    block.rotation.z = state[9];
    const side = 2 * (params[5] > 0 ? params[5] : FETCH_TRUE_PARAMS[5]);
    block.scale.setScalar(side);
    goal.position.set(state[13], state[14], state[15]);
  }
  const restZ = FETCH_TABLE_Z + FETCH_TRUE_PARAMS[5];
  const s0 = new Float64Array(16);
  s0.set(FETCH_GRIP_START, 0);
  s0.set([FETCH_GRIP_START[0] + 0.1, FETCH_GRIP_START[1], restZ], 6);
  s0.set([FETCH_GRIP_START[0], FETCH_GRIP_START[1] + 0.1, restZ], 13);
  setState(s0, FETCH_TRUE_PARAMS);

  return {
    root,
    setState,
    view: () => ({
      // Over the gripper's start, where the block and the goal start (within FETCH_OBJ_RANGE of it), 0.85 of the
      // distance that shows the whole table: the block and the grip point's rollouts read from a distance.
      target: [FETCH_GRIP_START[0], FETCH_GRIP_START[1], FETCH_TABLE_Z + 0.08],
      eye: [FETCH_GRIP_START[0] - 0.55, FETCH_GRIP_START[1] - 0.51, FETCH_TABLE_Z + 0.55],
    }),
    dispose: () => disposeTree(root),
  };
}
