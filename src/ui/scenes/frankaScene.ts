/**
 * Franka drawer-open (franka.ts): the Panda placed by `frankaForwardKinematics`
 * (franka-kinematics.ts) and the cabinet with its drawer.
 *
 * Arm: one group per FK frame (link1..link7, hand) posed from the frame's
 * position and rotation; in each, a joint housing along the frame's z (the
 * joint axis) and a link cylinder to the next body's origin (FRANKA_BODY_POS,
 * constant in this frame). The hand holds the palm (franka.ts' palm spheres,
 * r 0.04 along hand y at z 0.03), two open fingers (its finger spheres at
 * y ±0.05) and a marker at the end-effector point FRANKA_EE_LOCAL, which is
 * what `keyPoint` reports.
 * Cabinet: the carcass x ≥ DRAWER_FACE_X, z ≤ CABINET_TOP_Z around an opening
 * for the drawer; the drawer (front plate, a tray behind it, the handle bar on
 * two posts) slides toward the robot by the opening d (state[14]); a
 * translucent frame marks where the front must reach, d* = DRAWER_TARGET_OPEN.
 */
import * as THREE from 'three';
import {
  CABINET_TOP_Z,
  DRAWER_FACE_X,
  DRAWER_FRONT_HALF_WIDTH,
  DRAWER_FRONT_THICKNESS,
  DRAWER_FRONT_Z_HIGH,
  DRAWER_FRONT_Z_LOW,
  DRAWER_TARGET_OPEN,
  FRANKA_EE_LOCAL,
  HANDLE_HALF_LENGTH,
  HANDLE_RADIUS,
  HANDLE_STANDOFF,
  HANDLE_Z,
} from '../../core/tasks/franka';
import {
  FRANKA_BODY_POS,
  FRANKA_DOF,
  FRANKA_FRAMES,
  FRANKA_FRAME_STRIDE,
  FRANKA_HAND_FRAME,
  FRANKA_HOME,
  frankaForwardKinematics,
} from '../../core/tasks/franka-kinematics';
import { box, capsuleBetween, cylinderBetween, disposeTree, floor, matte, sphere } from './shapes';
import { PALETTE } from './sceneColors';
import type { TaskScene } from './types';

const LINK_RADIUS = 0.055;
const JOINT_RADIUS = 0.062;
const JOINT_LENGTH = 0.13;
/** Drawn carcass (m): the task only says x ≥ DRAWER_FACE_X, z ≤ CABINET_TOP_Z. */
const CABINET_DEPTH = 0.45;
const CABINET_HALF_WIDTH = 0.35;
/** Drawn drawer tray behind the front plate (m). */
const TRAY_DEPTH = 0.35;
const TRAY_INSET = 0.015;

export function createFrankaScene(): TaskScene {
  const root = new THREE.Group();
  root.name = 'franka';
  root.add(floor(0.35, 0, 0, 2.4));

  // ---- arm ----
  const white = matte(PALETTE.light);
  const dark = matte(PALETTE.dark);
  root.add(cylinderBetween([0, 0, 0], [0, 0, FRANKA_BODY_POS[2]], 0.07, white)); // base (link0), static
  const links: THREE.Group[] = [];
  for (let k = 0; k < FRANKA_FRAMES; k++) {
    const g = new THREE.Group();
    g.name = k === FRANKA_HAND_FRAME ? 'hand' : `link${k + 1}`;
    if (k < FRANKA_DOF) {
      const housing = new THREE.Mesh(new THREE.CylinderGeometry(JOINT_RADIUS, JOINT_RADIUS, JOINT_LENGTH, 24), dark);
      housing.rotation.x = Math.PI / 2; // cylinder y → frame z, the joint axis
      g.add(housing);
      const next = 3 * (k + 1);
      const to = [FRANKA_BODY_POS[next], FRANKA_BODY_POS[next + 1], FRANKA_BODY_POS[next + 2]];
      if (Math.hypot(to[0], to[1], to[2]) > 1e-9) g.add(cylinderBetween([0, 0, 0], to, LINK_RADIUS, white));
    }
    links.push(g);
    root.add(g);
  }
  const hand = links[FRANKA_HAND_FRAME];
  hand.add(box(0.08, 0.2, 0.07, white, 0, 0, 0.03)); // palm
  for (const side of [-1, 1]) hand.add(box(0.02, 0.02, 0.045, dark, 0, side * 0.05, 0.0875)); // fingers, tips at z 0.11
  const ee = sphere(0.012, matte(PALETTE.accent), FRANKA_EE_LOCAL[0], FRANKA_EE_LOCAL[1], FRANKA_EE_LOCAL[2]);
  ee.name = 'ee';
  hand.add(ee);

  // ---- cabinet: a carcass around the drawer's opening ----
  const carcassMat = matte(PALETTE.cabinet);
  const x0 = DRAWER_FACE_X;
  const cxC = x0 + CABINET_DEPTH / 2;
  const w = DRAWER_FRONT_HALF_WIDTH;
  root.add(box(CABINET_DEPTH, 2 * CABINET_HALF_WIDTH, DRAWER_FRONT_Z_LOW, carcassMat, cxC, 0, DRAWER_FRONT_Z_LOW / 2));
  root.add(
    box(
      CABINET_DEPTH,
      2 * CABINET_HALF_WIDTH,
      CABINET_TOP_Z - DRAWER_FRONT_Z_HIGH,
      carcassMat,
      cxC,
      0,
      (CABINET_TOP_Z + DRAWER_FRONT_Z_HIGH) / 2,
    ),
  );
  const sideW = CABINET_HALF_WIDTH - w;
  const openH = DRAWER_FRONT_Z_HIGH - DRAWER_FRONT_Z_LOW;
  const openZ = (DRAWER_FRONT_Z_HIGH + DRAWER_FRONT_Z_LOW) / 2;
  for (const side of [-1, 1])
    root.add(box(CABINET_DEPTH, sideW, openH, carcassMat, cxC, side * (w + sideW / 2), openZ));
  root.add(box(0.02, 2 * w, openH, matte(PALETTE.metal), x0 + CABINET_DEPTH - 0.01, 0, openZ)); // back of the cavity

  // ---- drawer (closed pose; slides by −d along x) ----
  const drawer = new THREE.Group();
  drawer.name = 'drawer';
  const front = box(
    DRAWER_FRONT_THICKNESS,
    2 * w,
    openH,
    matte(PALETTE.blue),
    x0 + DRAWER_FRONT_THICKNESS / 2,
    0,
    openZ,
  );
  front.name = 'drawer-front';
  drawer.add(front);
  const tray = new THREE.Group();
  const trayMat = matte(PALETTE.metal);
  const trayX = x0 + DRAWER_FRONT_THICKNESS + TRAY_DEPTH / 2;
  const trayZ = DRAWER_FRONT_Z_LOW + TRAY_INSET;
  tray.add(box(TRAY_DEPTH, 2 * (w - TRAY_INSET), 0.01, trayMat, trayX, 0, trayZ + 0.005)); // bottom
  for (const side of [-1, 1])
    tray.add(box(TRAY_DEPTH, 0.01, openH * 0.6, trayMat, trayX, side * (w - TRAY_INSET - 0.005), trayZ + openH * 0.3));
  drawer.add(tray);
  const handleMat = matte(PALETTE.accent);
  const xBar = x0 - HANDLE_STANDOFF;
  const bar = capsuleBetween(
    [xBar, -HANDLE_HALF_LENGTH, HANDLE_Z],
    [xBar, HANDLE_HALF_LENGTH, HANDLE_Z],
    HANDLE_RADIUS,
    handleMat,
  );
  bar.name = 'handle';
  drawer.add(bar);
  for (const side of [-1, 1]) {
    drawer.add(
      capsuleBetween(
        [xBar, side * HANDLE_HALF_LENGTH, HANDLE_Z],
        [x0, side * HANDLE_HALF_LENGTH, HANDLE_Z],
        HANDLE_RADIUS,
        handleMat,
      ),
    );
  }
  root.add(drawer);

  // ---- goal: where the front face must be at the target opening ----
  const goal = new THREE.Group();
  goal.name = 'goal';
  const goalX = x0 - DRAWER_TARGET_OPEN;
  const sheet = new THREE.Mesh(new THREE.PlaneGeometry(2 * w, openH), matte(PALETTE.green, 0.22));
  sheet.rotation.y = Math.PI / 2; // plane's normal z → world x
  sheet.position.set(goalX, 0, openZ);
  goal.add(sheet);
  const outline = new THREE.LineSegments(
    new THREE.EdgesGeometry(new THREE.BoxGeometry(0.002, 2 * w, openH)),
    new THREE.LineBasicMaterial({ color: PALETTE.green }),
  );
  outline.position.set(goalX, 0, openZ);
  goal.add(outline);
  root.add(goal);

  const frames = new Float64Array(FRANKA_FRAMES * FRANKA_FRAME_STRIDE);
  const rot = new THREE.Matrix4();
  function setState(state: Float64Array): void {
    frankaForwardKinematics(state, 0, frames);
    for (let k = 0; k < FRANKA_FRAMES; k++) {
      const f = FRANKA_FRAME_STRIDE * k;
      // Rotation columns are the frame's axes in world; Matrix4.set takes row-major values.
      rot.set(
        frames[f + 3],
        frames[f + 4],
        frames[f + 5],
        0,
        frames[f + 6],
        frames[f + 7],
        frames[f + 8],
        0,
        frames[f + 9],
        frames[f + 10],
        frames[f + 11],
        0,
        0,
        0,
        0,
        1,
      );
      links[k].quaternion.setFromRotationMatrix(rot);
      links[k].position.set(frames[f], frames[f + 1], frames[f + 2]);
    }
    drawer.position.x = -state[14];
  }
  const s0 = new Float64Array(16);
  s0.set(FRANKA_HOME, 0);
  setState(s0);

  return {
    root,
    setState,
    view: () => ({ target: [0.4, 0, 0.5], eye: [-0.6, -1.8, 1.2] }),
    dispose: () => disposeTree(root),
  };
}
