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
import { PATH_SPREAD } from './pendulumScene';
import {
  RolloutLines,
  weightAlpha,
  weightColor,
  weightLevel,
  weightWidth,
  WIDTH_MAX_PX,
  WIDTH_MIN_PX,
} from './rolloutLines';
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

/** MPPI weights exp(−S/λ) normalised (Eq. 17), with the usual min-shift. */
function mppiWeights(costs: readonly number[], lambda: number): Float32Array {
  const m = Math.min(...costs);
  const e = costs.map((c) => Math.exp(-(c - m) / lambda));
  const z = e.reduce((x, y) => x + y, 0);
  return Float32Array.from(e.map((x) => x / z));
}

describe('weightLevel / weightColor / weightAlpha / weightWidth', () => {
  it('measure the ABSOLUTE weight against the uniform 1/N: 0 at the floor, 1 for all the weight', () => {
    for (const N of [2, 24, 16384]) {
      expect(weightLevel(1, N)).toBe(1);
      expect(weightLevel(0, N)).toBe(0);
      expect(weightLevel(0.04 / N, N)).toBe(0);
      // The uniform weight: ln(1/0.05) / ln(N/0.05).
      expect(weightLevel(1 / N, N)).toBeCloseTo(Math.log(20) / Math.log(N / 0.05), 6);
    }
    expect(weightLevel(1 / 24, 24)).toBeCloseTo(0.485, 3);
    expect(weightLevel(1 / 16384, 16384)).toBeCloseTo(0.236, 3);
  });

  it('are bounded and monotone in the weight (red, alpha and width rise, blue falls)', () => {
    const N = 100;
    let prev = weightColor(0.001, N);
    let prevA = weightAlpha(0.001, N);
    let prevW = weightWidth(0.001, N);
    for (let i = 1; i <= 100; i++) {
      const w = 0.001 + i / 100;
      const c = weightColor(w, N);
      const a = weightAlpha(w, N);
      const width = weightWidth(w, N);
      for (const v of [...c, a]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(c[0]).toBeGreaterThanOrEqual(prev[0]);
      expect(c[2]).toBeLessThan(prev[2]);
      expect(a).toBeGreaterThan(prevA);
      expect(width).toBeGreaterThan(prevW);
      prev = c;
      prevA = a;
      prevW = width;
    }
    expect(weightAlpha(1, 16384)).toBe(1);
    expect(weightWidth(1, 24)).toBe(WIDTH_MAX_PX);
    expect(weightWidth(0, 24)).toBe(WIDTH_MIN_PX);
  });

  it('stay bounded for weights above 1, zero, negative or NaN', () => {
    for (const w of [2, 0, Number.NaN, -1, Infinity]) {
      for (const v of weightColor(w, 24)) expect(v >= 0 && v <= 1).toBe(true);
      const a = weightAlpha(w, 24);
      expect(a >= 0 && a <= 1).toBe(true);
      expect(weightWidth(w, 24)).toBeLessThanOrEqual(WIDTH_MAX_PX);
    }
    expect(weightColor(2, 24)).toEqual(weightColor(1, 24));
  });

  it('make the faint floor fainter with more samples', () => {
    expect(weightAlpha(0, 16384)).toBeLessThan(weightAlpha(0, 24));
  });

  it('show λ: one heavy line among faint ones at a small λ, all alike at a large λ', () => {
    const costs = Array.from({ length: 24 }, (_, n) => 10 + 0.7 * n + 0.3 * Math.sin(n));
    const cold = mppiWeights(costs, 0.001);
    const hot = mppiWeights(costs, 100);
    const widths = (w: Float32Array) => Array.from(w, (x) => weightWidth(x, 24));
    const wc = widths(cold);
    const wh = widths(hot);
    expect(Math.max(...wc)).toBe(WIDTH_MAX_PX);
    expect(wc.filter((x) => x > WIDTH_MIN_PX + 0.5).length).toBe(1);
    expect(Math.max(...wh) - Math.min(...wh)).toBeLessThan(0.5); // px: no visible difference
    // The same rollouts at the two temperatures look different (the old max-normalised colours did not).
    expect(Math.max(...wc)).toBeGreaterThan(2 * Math.max(...wh));
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
  const point = (lines: RolloutLines, i: number): THREE.Vector3 => {
    const a = lines.lines.geometry.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute;
    return new THREE.Vector3(a.getX(i), a.getY(i), a.getZ(i));
  };

  it('draws N·H points as N·H − 1 segment quads, lightest rollout first, at the paths mapped from z-up', () => {
    const lines = new RolloutLines();
    const world = createZUpRoot();
    world.add(lines.object);
    lines.update(frame);
    expect(lines.counts()).toEqual({ points: N * H, segments: N * H - 1 });
    world.updateMatrixWorld(true);
    // Drawing order by weight: rollout 2 (0.1), rollout 0 (0.2), rollout 1 (0.7).
    const order = [2, 0, 1];
    for (let k = 0; k < N; k++) {
      for (let h = 0; h < H; h++) {
        const v = point(lines, k * H + h).applyMatrix4(lines.lines.matrixWorld);
        const i = order[k] * H + h;
        const [x, y, z] = [paths[3 * i], paths[3 * i + 1], paths[3 * i + 2]];
        expectClose(v.toArray(), [x, z, -y], 1e-6); // world z is three's y
      }
    }
    // A segment's end is the next point: the same buffer read one point on.
    const end = lines.lines.geometry.getAttribute('instanceEnd') as THREE.InterleavedBufferAttribute;
    expect(end.getX(0)).toBe(point(lines, 1).x);
    lines.dispose();
  });

  it('gives the heaviest rollout the widest, warmest, most opaque line, and joins no two rollouts', () => {
    const lines = new RolloutLines();
    lines.update(frame);
    const st = lines.style();
    expect(st.samples).toBe(N);
    expect(st.weights.map((w) => +w.toFixed(6))).toEqual([0.2, 0.7, 0.1]);
    for (const n of [0, 2]) {
      expect(st.widthsPx[1]).toBeGreaterThan(st.widthsPx[n]);
      expect(st.colors[1][0]).toBeGreaterThanOrEqual(st.colors[n][0]);
      expect(st.colors[1][2]).toBeLessThan(st.colors[n][2]);
      expect(st.colors[1][3]).toBeGreaterThan(st.colors[n][3]);
    }
    const width = lines.lines.geometry.getAttribute('instanceWidth');
    const color = lines.lines.geometry.getAttribute('instanceColor');
    for (let k = 0; k < N; k++) {
      for (let h = 0; h < H; h++) {
        // The last point of each rollout starts no segment.
        if (h === H - 1) expect(width.getX(k * H + h)).toBe(0);
        else expect(width.getX(k * H + h)).toBeGreaterThan(0);
      }
    }
    // The heaviest rollout is drawn last, with its own colour on every point.
    for (let h = 0; h < H - 1; h++) expect(width.getX(2 * H + h)).toBeCloseTo(st.widthsPx[1], 5);
    expect(color.getW(2 * H)).toBeCloseTo(st.colors[1][3] / 255, 5);
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
    expect(lines.counts().segments).toBe(600 * 4 - 1);
    expect(lines.planSegments.count).toBe(H - 1);
    expect(lines.planDots.count).toBe(H);
    const m = new THREE.Matrix4();
    lines.planDots.getMatrixAt(2, m);
    expectClose(new THREE.Vector3().setFromMatrixPosition(m).toArray(), Array.from(frame.plan.subarray(6, 9)));
    lines.dispose();
    expect(lines.object.children.length).toBe(0);
  });

  it('expanded layout: the same quads in one plain draw, each corner carrying its segment', () => {
    const inst = new RolloutLines();
    const flat = new RolloutLines(undefined, 'expanded');
    inst.update(frame);
    flat.update(frame);
    const geo = flat.lines.geometry;
    expect(geo).not.toBeInstanceOf(THREE.InstancedBufferGeometry);
    expect(flat.counts()).toEqual(inst.counts());
    const S = N * H - 1;
    expect(geo.drawRange.count).toBe(6 * S);
    // Quad s is corners 4s..4s+3, two triangles sharing the diagonal 4s+1, 4s+2.
    expect(Array.from(geo.index!.array.slice(6, 12))).toEqual([4, 5, 6, 6, 5, 7]);
    const corner = geo.getAttribute('position');
    const [start, end, color, width] = ['instanceStart', 'instanceEnd', 'instanceColor', 'instanceWidth'].map((a) =>
      geo.getAttribute(a),
    );
    const iEnd = inst.lines.geometry.getAttribute('instanceEnd');
    const iColor = inst.lines.geometry.getAttribute('instanceColor');
    const iWidth = inst.lines.geometry.getAttribute('instanceWidth');
    for (let s = 0; s < S; s++) {
      for (let k = 0; k < 4; k++) {
        const v = 4 * s + k;
        expect([corner.getX(v), corner.getY(v)]).toEqual([k % 2 === 0 ? -1 : 1, k < 2 ? 0 : 1]);
        expect([start.getX(v), start.getY(v), start.getZ(v)]).toEqual(point(inst, s).toArray());
        expect([end.getX(v), end.getY(v), end.getZ(v)]).toEqual([iEnd.getX(s), iEnd.getY(s), iEnd.getZ(s)]);
        expect([color.getX(v), color.getY(v), color.getZ(v), color.getW(v)]).toEqual([
          iColor.getX(s),
          iColor.getY(s),
          iColor.getZ(s),
          iColor.getW(s),
        ]);
        expect(width.getX(v)).toBe(iWidth.getX(s));
      }
    }
    // The segment joining two rollouts stays without a width in both layouts.
    expect(width.getX(4 * (H - 1))).toBe(0);
    expect(flat.style()).toEqual(inst.style());
    inst.dispose();
    flat.dispose();
  });

  it('expanded layout grows like the instanced one and uploads only the corners in use', () => {
    const flat = new RolloutLines(16, 'expanded');
    flat.update(frame);
    const geo = flat.lines.geometry;
    const big = {
      ...frame,
      samples: 600,
      horizon: 4,
      paths: Float32Array.from({ length: 600 * 4 * 3 }, (_, i) => i),
      weights: new Float32Array(600).fill(1 / 600),
    };
    flat.update(big);
    expect(flat.lines.geometry).not.toBe(geo);
    expect(flat.counts().segments).toBe(600 * 4 - 1);
    const ends = (flat.lines.geometry.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute).data;
    expect(ends.updateRanges).toEqual([{ start: 0, count: 4 * (600 * 4 - 1) * 6 }]);
    // The last segment's end is the last key point, as the frame gives it (the world group turns z-up into y-up).
    const last = 4 * (600 * 4 - 1) - 1;
    const end = flat.lines.geometry.getAttribute('instanceEnd');
    const p = big.paths.length - 3;
    expect([end.getX(last), end.getY(last), end.getZ(last)]).toEqual([p, p + 1, p + 2]);
    flat.dispose();
  });

  it("applies a scene's spread to the rollouts and the plan alike, leaving the frame untouched", () => {
    const lines = new RolloutLines();
    const before = frame.paths.slice();
    const spread = (xyz: Float32Array, o: number, step: number) => {
      xyz[o] += 10 * step;
    };
    lines.update({ ...frame, weights: Float32Array.from([0.3, 0.3, 0.4]) }, spread);
    expect(frame.paths).toEqual(before);
    lines.object.updateMatrixWorld(true);
    for (let k = 0; k < N; k++) {
      for (let h = 0; h < H; h++) {
        // Weights 0.3, 0.3, 0.4: the drawing order keeps 0 and 1, then 2.
        const v = point(lines, k * H + h).applyMatrix4(lines.object.matrixWorld);
        expect(v.x).toBeCloseTo(frame.paths[(k * H + h) * 3] + 10 * h, 5);
      }
    }
    const m = new THREE.Matrix4();
    lines.planDots.getMatrixAt(2, m);
    expect(new THREE.Vector3().setFromMatrixPosition(m).x).toBeCloseTo(frame.plan[6] + 20, 5);
    lines.dispose();
  });

  it('pendulum: the spread pushes tips outwards with look-ahead, the same 1.45 rod at the end of any H', () => {
    const s = createTaskScene('pendulum');
    for (const H of [4, 8, 32]) {
      const p = Float32Array.from([0.6, 0, 0.8, 0.6, 0, 0.8]);
      s.spreadPoint!(p, 0, 0, H);
      s.spreadPoint!(p, 3, H - 1, H);
      expectClose(Array.from(p.subarray(0, 3)), [0.6, 0, 0.8]);
      expect(Math.hypot(p[3], p[5])).toBeCloseTo(1 + PATH_SPREAD, 5);
      expect(Math.atan2(p[3], p[5])).toBeCloseTo(Math.atan2(0.6, 0.8), 6);
    }
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

  it.each(taskIds())('%s: builds with a framing for any horizon and disposes everything', (id) => {
    const s = createTaskScene(id);
    const parent = createZUpRoot();
    parent.add(s.root);
    expect(s.root.children.length).toBeGreaterThan(0);
    for (const H of [1, 4, 8, 32, 128]) {
      const v = s.view(H);
      expect(new THREE.Vector3(...v.eye).distanceTo(new THREE.Vector3(...v.target))).toBeGreaterThan(0.3);
    }
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
