/**
 * The one place where the physics' world frame (MuJoCo: z up, metres) meets
 * three.js (y up). Everything task-related is built in world coordinates under
 * the group made here; the group turns world z into three's y.
 */
import * as THREE from 'three';

/**
 * A group rotated −90° about x: world (x, y, z) appears at three.js (x, z, −y),
 * a proper rotation, so handedness and winding stay as built.
 */
export function createZUpRoot(): THREE.Group {
  const g = new THREE.Group();
  g.name = 'world-z-up';
  g.rotation.x = -Math.PI / 2;
  g.updateMatrixWorld(true);
  return g;
}
