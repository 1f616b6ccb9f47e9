/**
 * Ball-in-cup (ballincup.ts), drawn in the world x–z plane at y = 0: the cup as
 * its five wall capsules (radius 0.008 m through BIC_WALL_POINTS), the target
 * box it must catch the ball in (brighter while the ball is in it), the ball
 * (radius 0.025 m, the point `keyPoint` reports) and the string from the cup's
 * site to the ball, over the ground plane z = 0 the ball can land on.
 */
import * as THREE from 'three';
import {
  BIC_BALL_RADIUS,
  BIC_SITE_Z,
  BIC_TARGET_HALF,
  BIC_TARGET_Z,
  BIC_WALL_POINTS,
  BIC_WALL_RADIUS,
  ballInCup,
} from '../../core/tasks/ballincup';
import { capsuleBetween, disposeTree, floor, matte, spanBetween, sphere } from './shapes';
import { PALETTE } from './sceneColors';
import type { TaskScene } from './types';

/** Drawn radius of the string (m): thin, but wide enough to stay visible. */
const STRING_RADIUS = 0.002;
const TARGET_OPACITY_OUT = 0.22;
const TARGET_OPACITY_IN = 0.6;

export function createBallInCupScene(): TaskScene {
  const root = new THREE.Group();
  root.name = 'ballincup';
  root.add(floor(0, 0, 0, 2));

  // Cup body frame: origin at (cup_x, 0, cup_z).
  const cup = new THREE.Group();
  cup.name = 'cup';
  const wallMat = matte(PALETTE.blue);
  for (let i = 0; i + 3 < BIC_WALL_POINTS.length; i += 2) {
    const a = [BIC_WALL_POINTS[i], 0, BIC_WALL_POINTS[i + 1]];
    const b = [BIC_WALL_POINTS[i + 2], 0, BIC_WALL_POINTS[i + 3]];
    cup.add(capsuleBetween(a, b, BIC_WALL_RADIUS, wallMat));
  }
  const targetMat = matte(PALETTE.green, TARGET_OPACITY_OUT);
  const target = new THREE.Mesh(new THREE.PlaneGeometry(2 * BIC_TARGET_HALF, 2 * BIC_TARGET_HALF), targetMat);
  target.name = 'target';
  target.rotation.x = Math.PI / 2; // plane's x–y → world x–z
  target.position.set(0, 0.002, BIC_TARGET_Z); // just behind the swing plane
  cup.add(target);
  const site = sphere(0.006, matte(PALETTE.structure), 0, 0, BIC_SITE_Z);
  site.name = 'site';
  cup.add(site);
  root.add(cup);

  const ball = sphere(BIC_BALL_RADIUS, matte(PALETTE.red));
  ball.name = 'ball';
  root.add(ball);

  const string = new THREE.Mesh(
    new THREE.CylinderGeometry(STRING_RADIUS, STRING_RADIUS, 1, 8),
    matte(PALETTE.structure),
  );
  string.name = 'string';
  root.add(string);

  function setState(state: Float64Array): void {
    const bx = state[0];
    const bz = state[1];
    const cx = state[5];
    const cz = state[6];
    cup.position.set(cx, 0, cz);
    ball.position.set(bx, 0, bz);
    spanBetween(string, cx, 0, cz + BIC_SITE_Z, bx, 0, bz);
    targetMat.opacity = ballInCup(bx, bz, cx, cz) ? TARGET_OPACITY_IN : TARGET_OPACITY_OUT;
  }
  setState(new Float64Array([0, 0.2, 0, 0, 0, 0, 0.6, 0, 0]));

  return {
    root,
    setState,
    // Close in on the cup's reach for short horizons (H 4 moves the ball a few cm); further back for long ones.
    view: (horizon) => {
      const d = horizon <= 8 ? 0.95 : horizon <= 24 ? 1.2 : 1.45;
      return { target: [0, 0, 0.55], eye: [0, -d, 0.6] };
    },
    dispose: () => disposeTree(root),
  };
}
