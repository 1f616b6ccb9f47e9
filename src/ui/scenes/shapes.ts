/**
 * Small builders shared by the task scenes: meshes of simple shapes placed in world (z-up) coordinates, a floor with a
 * grid, and the disposal of a whole subtree. Every scene makes its own
 * materials so disposing one scene never touches another.
 */
import * as THREE from 'three';
import { PALETTE } from './sceneColors';

/** A matte material; `opacity` < 1 makes it translucent (no depth writes, so it never hides what is behind). */
export function matte(color: number, opacity = 1): THREE.MeshLambertMaterial {
  const m = new THREE.MeshLambertMaterial({ color });
  if (opacity < 1) {
    m.transparent = true;
    m.opacity = opacity;
    m.depthWrite = false;
    m.side = THREE.DoubleSide;
  }
  return m;
}

/** A box of full sizes (sx, sy, sz) (m) centred at (x, y, z). */
export function box(sx: number, sy: number, sz: number, material: THREE.Material, x = 0, y = 0, z = 0): THREE.Mesh {
  const m = new THREE.Mesh(new THREE.BoxGeometry(sx, sy, sz), material);
  m.position.set(x, y, z);
  return m;
}

/** A sphere of radius r (m) centred at (x, y, z). */
export function sphere(r: number, material: THREE.Material, x = 0, y = 0, z = 0): THREE.Mesh {
  const m = new THREE.Mesh(new THREE.SphereGeometry(r, 24, 16), material);
  m.position.set(x, y, z);
  return m;
}

const Y_AXIS = new THREE.Vector3(0, 1, 0);
const tmpA = new THREE.Vector3();
const tmpB = new THREE.Vector3();

/**
 * Places `mesh` (whose geometry is a unit-length shape along its local y,
 * centred at the origin) so it spans a → b in its parent's coordinates.
 * No allocation: safe to call every frame.
 */
export function spanBetween(
  mesh: THREE.Object3D,
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
): void {
  tmpA.set(bx - ax, by - ay, bz - az);
  const len = tmpA.length();
  mesh.position.set((ax + bx) / 2, (ay + by) / 2, (az + bz) / 2);
  if (len > 1e-12) mesh.quaternion.setFromUnitVectors(Y_AXIS, tmpB.copy(tmpA).divideScalar(len));
  mesh.scale.set(1, len, 1);
}

/** A cylinder of radius r (m) from point a to point b. */
export function cylinderBetween(
  a: readonly number[],
  b: readonly number[],
  r: number,
  material: THREE.Material,
): THREE.Mesh {
  const m = new THREE.Mesh(new THREE.CylinderGeometry(r, r, 1, 20), material);
  spanBetween(m, a[0], a[1], a[2], b[0], b[1], b[2]);
  return m;
}

/** A capsule of radius r (m) whose segment runs from a to b (length excludes the caps). */
export function capsuleBetween(
  a: readonly number[],
  b: readonly number[],
  r: number,
  material: THREE.Material,
): THREE.Mesh {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  const m = new THREE.Mesh(new THREE.CapsuleGeometry(r, len, 6, 16), material);
  spanBetween(m, a[0], a[1], a[2], b[0], b[1], b[2]);
  m.scale.set(1, 1, 1); // the geometry already has the length
  return m;
}

/**
 * A light floor of side `size` (m) centred at (cx, cy) at height z, with a grid
 * every 0.1 m (every 0.5 m when the floor is wider than 4 m), drawn just above
 * the floor so the two never fight for depth.
 */
export function floor(cx: number, cy: number, z: number, size: number): THREE.Group {
  const g = new THREE.Group();
  g.name = 'floor';
  const plane = new THREE.Mesh(new THREE.PlaneGeometry(size, size), matte(PALETTE.floor));
  plane.position.set(cx, cy, z);
  g.add(plane);
  const step = size > 4 ? 0.5 : 0.1;
  const grid = new THREE.GridHelper(size, Math.round(size / step), PALETTE.gridMajor, PALETTE.gridMinor);
  grid.rotation.x = Math.PI / 2; // GridHelper lies in three's x–z plane; turn it into world x–y
  grid.position.set(cx, cy, z + 0.001);
  g.add(grid);
  return g;
}

/** Disposes every geometry and material under `root` (each once) and detaches the whole subtree. */
export function disposeTree(root: THREE.Object3D): void {
  const geometries = new Set<THREE.BufferGeometry>();
  const materials = new Set<THREE.Material>();
  root.traverse((o) => {
    const g = (o as THREE.Mesh).geometry as THREE.BufferGeometry | undefined;
    if (g) geometries.add(g);
    const m = (o as THREE.Mesh).material as THREE.Material | THREE.Material[] | undefined;
    if (Array.isArray(m)) m.forEach((x) => materials.add(x));
    else if (m) materials.add(m);
  });
  geometries.forEach((g) => g.dispose());
  materials.forEach((m) => m.dispose());
  const clear = (o: THREE.Object3D): void => {
    for (const c of [...o.children]) clear(c);
    o.clear();
  };
  clear(root);
  root.removeFromParent();
}
