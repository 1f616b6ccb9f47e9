/**
 * The pendulum: a rod of length l (params[1], m) on a hinge at the origin,
 * turning in the world x–z plane, θ = 0 upright (pendulum.ts). The bob marks
 * the rod's tip, the point `pendulum.keyPoint` reports (it assumes l = 1 m, the
 * true length). Behind the rod: the circle the tip sweeps and the upright
 * success band |θ| < PENDULUM_UPRIGHT_RAD.
 */
import * as THREE from 'three';
import { PENDULUM_UPRIGHT_RAD } from '../../core/tasks/pendulum';
import { disposeTree, floor, matte, sphere } from './shapes';
import { PALETTE } from './sceneColors';
import type { TaskScene } from './types';

const ROD_RADIUS = 0.03;
const BOB_RADIUS = 0.07;
/** Height of the floor under the hinge (m): below the longest biased rod (1.5 m). */
const FLOOR_Z = -1.6;

/**
 * Radial push of a drawn tip point at the end of the horizon (fraction of the
 * rod), shared out evenly over the steps, so any H fits the same framing.
 */
export const PATH_SPREAD = 0.45;

export function createPendulumScene(): TaskScene {
  const root = new THREE.Group();
  root.name = 'pendulum';
  root.add(floor(0, 0, FLOOR_Z, 4));

  // Hinge: an axle along y and a small mount below it.
  const metal = matte(PALETTE.metal);
  const axle = new THREE.Mesh(new THREE.CylinderGeometry(0.05, 0.05, 0.16, 24), metal); // cylinder axis = y = hinge axis
  root.add(axle);
  const post = new THREE.Mesh(new THREE.CylinderGeometry(0.025, 0.025, 1, 12), metal);
  post.rotation.x = Math.PI / 2; // along z
  post.position.set(0, 0.09, FLOOR_Z / 2);
  post.scale.y = -FLOOR_Z;
  root.add(post);

  // Target: the tip's circle and the upright band, a little behind the swing plane (camera looks along +y).
  const band = new THREE.Mesh(
    new THREE.CircleGeometry(1.15, 32, Math.PI / 2 - PENDULUM_UPRIGHT_RAD, 2 * PENDULUM_UPRIGHT_RAD),
    matte(PALETTE.green, 0.28),
  );
  band.name = 'target';
  band.rotation.x = Math.PI / 2; // circle's x–y plane → world x–z; its angle counts from +x toward +z
  band.position.y = 0.03;
  root.add(band);
  const circle = new THREE.LineLoop(
    new THREE.BufferGeometry().setFromPoints(
      Array.from(
        { length: 96 },
        (_, i) => new THREE.Vector3(Math.cos((i / 96) * 2 * Math.PI), 0.03, Math.sin((i / 96) * 2 * Math.PI)),
      ),
    ),
    new THREE.LineBasicMaterial({ color: PALETTE.gridMajor }),
  );
  circle.name = 'tip-circle';
  root.add(circle);

  // The moving part: rotation about world y by θ takes +z to (sin θ, 0, cos θ).
  const arm = new THREE.Group();
  arm.name = 'arm';
  const rod = new THREE.Mesh(new THREE.CylinderGeometry(ROD_RADIUS, ROD_RADIUS, 1, 20), matte(PALETTE.structure));
  rod.name = 'rod';
  rod.rotation.x = Math.PI / 2;
  arm.add(rod);
  const bob = sphere(BOB_RADIUS, matte(PALETTE.blue));
  bob.name = 'bob';
  arm.add(bob);
  root.add(arm);

  function setState(state: Float64Array, params: readonly number[]): void {
    const l = params[1] > 0 ? params[1] : 1;
    arm.rotation.y = state[0];
    rod.position.z = l / 2;
    rod.scale.y = l;
    bob.position.z = l;
    circle.scale.set(l, 1, l);
  }
  setState(new Float64Array([Math.PI, 0]), [1, 1]);

  return {
    root,
    setState,
    // Far enough back that the fanned look-ahead (out to 1.45 m at any H) stays in view.
    view: () => ({ target: [0, 0, -0.05], eye: [0, -5.4, 0.35] }),
    // Every rollout's tip lies on one circle; pushing each point outwards by its
    // look-ahead time fans them out like a clock face, so their spread stays visible.
    spreadPoint(xyz, o, step, horizon) {
      const k = 1 + (PATH_SPREAD * step) / Math.max(1, horizon - 1);
      xyz[o] *= k;
      xyz[o + 2] *= k;
    },
    dispose: () => disposeTree(root),
  };
}
