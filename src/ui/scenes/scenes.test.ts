import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { ballincupSetState } from '../../core/tasks/ballincup';
import { FETCH_TRUE_PARAMS } from '../../core/tasks/fetch';
import { franka } from '../../core/tasks/franka';
import {
  FRANKA_FRAMES,
  FRANKA_FRAME_STRIDE,
  FRANKA_HOME,
  frankaForwardKinematics,
} from '../../core/tasks/franka-kinematics';
import { getTask, taskIds, type TaskId } from '../../core/tasks/registry';
import { createZUpRoot } from './frame';
import { createTaskScene } from './index';
import { RolloutLines, weightAlpha, weightColor } from './rolloutLines';
import type { SceneFrame, TaskScene } from './types';

/** World (z-up) position of the named object of a scene whose root sits unrotated at the origin. */
function worldPos(scene: TaskScene, name: string): number[] {
  scene.root.updateMatrixWorld(true);
  const o = scene.root.getObjectByName(name);
  if (!o) throw new Error(`no object named ${name}`);
  return o.getWorldPosition(new THREE.Vector3()).toArray();
}

function keyPoint(id: TaskId, state: Float64Array): number[] {
  const out = new Float64Array(3);
  getTask(id).keyPoint(state, 0, out);
  return Array.from(out);
}

function expectClose(a: readonly number[], b: readonly number[], tol = 1e-6): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
}

describe('weightColor / weightAlpha', () => {
  it('are bounded in [0, 1] and monotone in the weight (red and alpha rise, blue falls)', () => {
    let prev = weightColor(0, 1);
    let prevA = weightAlpha(0, 1, 100);
    for (let i = 1; i <= 100; i++) {
      const w = i / 100;
      const c = weightColor(w, 1);
      const a = weightAlpha(w, 1, 100);
      for (const v of [...c, a]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(c[0]).toBeGreaterThan(prev[0]);
      expect(c[2]).toBeLessThan(prev[2]);
      expect(a).toBeGreaterThan(prevA);
      prev = c;
      prevA = a;
    }
    expect(weightAlpha(1, 1, 16384)).toBe(1);
  });

  it('stays bounded for weights beyond the max, zero or NaN', () => {
    for (const [w, m] of [
      [2, 1],
      [0, 0],
      [Number.NaN, 1],
      [1, Number.NaN],
      [-1, 1],
    ]) {
      for (const v of weightColor(w, m)) expect(v >= 0 && v <= 1).toBe(true);
    }
    expect(weightColor(2, 1)).toEqual(weightColor(1, 1));
  });

  it('makes the faint floor fainter with more samples', () => {
    expect(weightAlpha(0, 1, 16384)).toBeLessThan(weightAlpha(0, 1, 24));
  });
});

describe('RolloutLines', () => {
  const N = 3;
  const H = 4;
  const paths = Float32Array.from({ length: N * H * 3 }, (_, i) => 0.1 * i - 1);
  const frame: SceneFrame = {
    state: new Float64Array(2),
    params: [1, 1],
    paths,
    weights: Float32Array.from([0.2, 0.7, 0.1]),
    plan: Float32Array.from({ length: H * 3 }, (_, i) => 0.05 * i),
    samples: N,
    horizon: H,
  };

  it('has N·H vertices joined into N·(H−1) segments, at the paths mapped from z-up', () => {
    const lines = new RolloutLines();
    const world = createZUpRoot();
    world.add(lines.object);
    lines.update(frame);
    expect(lines.counts()).toEqual({ vertices: N * H, indices: 2 * N * (H - 1) });
    const geo = lines.lines.geometry;
    const pos = geo.getAttribute('position');
    const idx = geo.getIndex()!;
    expect(Array.from(idx.array.slice(0, 6))).toEqual([0, 1, 1, 2, 2, 3]);
    world.updateMatrixWorld(true);
    const v = new THREE.Vector3();
    for (let i = 0; i < N * H; i++) {
      v.fromBufferAttribute(pos, i).applyMatrix4(lines.lines.matrixWorld);
      const [x, y, z] = [paths[3 * i], paths[3 * i + 1], paths[3 * i + 2]];
      expectClose(v.toArray(), [x, z, -y], 1e-6); // world z is three's y
    }
    lines.dispose();
  });

  it('gives the heaviest rollout the warmest, most opaque colour', () => {
    const lines = new RolloutLines();
    lines.update(frame);
    const col = lines.lines.geometry.getAttribute('color');
    const rgba = (n: number) => [col.getX(n * H), col.getY(n * H), col.getZ(n * H), col.getW(n * H)];
    const heavy = rgba(1);
    for (const n of [0, 2]) {
      const c = rgba(n);
      expect(heavy[0]).toBeGreaterThan(c[0]);
      expect(heavy[2]).toBeLessThan(c[2]);
      expect(heavy[3]).toBeGreaterThan(c[3]);
    }
    // every vertex of a rollout has the rollout's colour
    for (let h = 0; h < H; h++) expect(col.getX(H + h)).toBe(heavy[0]);
    lines.dispose();
  });

  it('grows its buffers only when a frame needs more, and draws the plan', () => {
    const lines = new RolloutLines(16);
    lines.update(frame);
    const geo = lines.lines.geometry;
    lines.update({ ...frame, weights: Float32Array.from([0.5, 0.25, 0.25]) });
    expect(lines.lines.geometry).toBe(geo);
    const big = {
      ...frame,
      samples: 600,
      horizon: 4,
      paths: new Float32Array(600 * 4 * 3),
      weights: new Float32Array(600).fill(1 / 600),
    };
    lines.update(big);
    expect(lines.lines.geometry).not.toBe(geo);
    expect(lines.counts().indices).toBe(2 * 600 * 3);
    expect(lines.planSegments.count).toBe(H - 1);
    expect(lines.planDots.count).toBe(H);
    const m = new THREE.Matrix4();
    lines.planDots.getMatrixAt(2, m);
    expectClose(new THREE.Vector3().setFromMatrixPosition(m).toArray(), Array.from(frame.plan.subarray(6, 9)));
    lines.dispose();
    expect(lines.object.children.length).toBe(0);
  });
  it("applies a scene's spread to the rollouts and the plan alike, leaving the frame untouched", () => {
    const lines = new RolloutLines();
    const before = frame.paths.slice();
    const spread = (xyz: Float32Array, o: number, step: number) => {
      xyz[o] += 10 * step;
    };
    lines.update(frame, spread);
    expect(frame.paths).toEqual(before);
    const pos = lines.lines.geometry.getAttribute('position');
    for (let n = 0; n < 3; n++) {
      for (let h = 0; h < H; h++) {
        const v = new THREE.Vector3(pos.getX(n * H + h), pos.getY(n * H + h), pos.getZ(n * H + h)).applyMatrix4(
          lines.object.matrixWorld,
        );
        expect(v.x).toBeCloseTo(frame.paths[(n * H + h) * 3] + 10 * h, 5);
      }
    }
    const m = new THREE.Matrix4();
    lines.planDots.getMatrixAt(2, m);
    expect(new THREE.Vector3().setFromMatrixPosition(m).x).toBeCloseTo(frame.plan[6] + 20, 5);
    lines.dispose();
  });

  it('pendulum: the spread pushes tips outwards with look-ahead and keeps the first point on the bob', () => {
    const s = createTaskScene('pendulum');
    const p = Float32Array.from([0.6, 0, 0.8, 0.6, 0, 0.8]);
    s.spreadPoint!(p, 0, 0);
    s.spreadPoint!(p, 3, 5);
    expectClose(Array.from(p.subarray(0, 3)), [0.6, 0, 0.8]);
    expect(Math.hypot(p[3], p[5])).toBeGreaterThan(1.2);
    expect(Math.atan2(p[3], p[5])).toBeCloseTo(Math.atan2(0.6, 0.8), 6);
    s.dispose();
  });
});

describe('task scenes', () => {
  it('pendulum: the bob sits at keyPoint', () => {
    const s = createTaskScene('pendulum');
    const state = Float64Array.from([0.3, 0]);
    s.setState(state, [1, 1]);
    expectClose(worldPos(s, 'bob'), keyPoint('pendulum', state));
    s.setState(Float64Array.from([-2.5, 1]), [1, 1]);
    expectClose(worldPos(s, 'bob'), keyPoint('pendulum', Float64Array.from([-2.5, 1])));
    s.dispose();
  });

  it('ball-in-cup: the ball sits at keyPoint and the string joins the cup site to it', () => {
    const s = createTaskScene('ballincup');
    const state = new Float64Array(9);
    ballincupSetState(state, 0, 0.12, 0.45);
    state[5] = 0.05;
    state[6] = 0.62;
    s.setState(state, [0.058, 1.47e-5, 0.05]);
    expectClose(worldPos(s, 'ball'), keyPoint('ballincup', state));
    expectClose(worldPos(s, 'cup'), [0.05, 0, 0.62]);
    const str = s.root.getObjectByName('string') as THREE.Mesh;
    str.updateMatrixWorld(true);
    const end = new THREE.Vector3(0, 0.5, 0).applyMatrix4(str.matrixWorld);
    expectClose(end.toArray(), [0.12, 0, 0.45], 1e-9);
    s.dispose();
  });

  it('fetch: block at its state position and size, gripper and goal at theirs', () => {
    const s = createTaskScene('fetch');
    const state = new Float64Array(16);
    state.set([1.3, 0.7, 0.45], 0);
    state.set([1.4, 0.8, 0.43, 0.4], 6);
    state.set([1.2, 0.6, 0.425], 13);
    const params = [...FETCH_TRUE_PARAMS];
    params[5] = 0.03;
    s.setState(state, params);
    expectClose(worldPos(s, 'block'), [state[6], state[7], state[8]]);
    expectClose(worldPos(s, 'gripper'), [1.3, 0.7, 0.45]);
    // the rollout paths follow the grip point
    expectClose(worldPos(s, 'gripper'), keyPoint('fetch', state));
    expectClose(worldPos(s, 'goal'), [1.2, 0.6, 0.425]);
    const block = s.root.getObjectByName('block') as THREE.Mesh;
    block.geometry.computeBoundingBox();
    const size = block.geometry.boundingBox!.getSize(new THREE.Vector3()).multiply(block.scale);
    expectClose(size.toArray(), [0.06, 0.06, 0.06]);
    expect(block.rotation.z).toBeCloseTo(0.4, 12);
    // fingertips: FETCH_FINGER_DROP below the grip point
    const finger = s.root.getObjectByName('finger-l') as THREE.Mesh;
    const fb = new THREE.Box3().setFromObject(finger);
    expect(fb.min.z).toBeCloseTo(0.45 - 0.0185, 9);
    s.dispose();
  });

  it('franka: every link at its FK frame, the ee marker at keyPoint, the drawer at its opening', () => {
    const s = createTaskScene('franka');
    const state = new Float64Array(16);
    state.set(FRANKA_HOME, 0);
    state[1] = 0.3; // "home"-like, with the shoulder leaning forward
    state[3] = -2.0;
    state[14] = 0.12;
    s.setState(state, franka.trueParams);
    expectClose(worldPos(s, 'ee'), keyPoint('franka', state));
    const frames = new Float64Array(FRANKA_FRAMES * FRANKA_FRAME_STRIDE);
    frankaForwardKinematics(state, 0, frames);
    const hand = s.root.getObjectByName('hand')!;
    hand.updateMatrixWorld(true);
    const e = hand.matrixWorld.elements; // column-major
    const f = 7 * FRANKA_FRAME_STRIDE;
    expectClose([e[12], e[13], e[14]], [frames[f], frames[f + 1], frames[f + 2]]);
    expectClose([e[2], e[6], e[10]], [frames[f + 9], frames[f + 10], frames[f + 11]]); // hand z axis
    expectClose(
      worldPos(s, 'link4'),
      Array.from(frames.subarray(3 * FRANKA_FRAME_STRIDE, 3 * FRANKA_FRAME_STRIDE + 3)),
    );
    expectClose(worldPos(s, 'drawer'), [-0.12, 0, 0]);
    s.dispose();
  });

  it.each(taskIds())('%s: builds with a framing and disposes everything', (id) => {
    const s = createTaskScene(id);
    const parent = createZUpRoot();
    parent.add(s.root);
    expect(s.root.children.length).toBeGreaterThan(0);
    const eye = new THREE.Vector3(...s.view.eye);
    expect(eye.distanceTo(new THREE.Vector3(...s.view.target))).toBeGreaterThan(0.3);
    let disposed = 0;
    let total = 0;
    s.root.traverse((o) => {
      const g = (o as THREE.Mesh).geometry as THREE.BufferGeometry | undefined;
      if (g) {
        total++;
        g.addEventListener('dispose', () => disposed++);
      }
    });
    s.dispose();
    expect(total).toBeGreaterThan(0);
    expect(disposed).toBe(total);
    expect(s.root.children.length).toBe(0);
    expect(s.root.parent).toBeNull();
    expect(parent.children.length).toBe(0);
  });
});
