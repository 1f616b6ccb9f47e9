/**
 * The sampled rollouts and the planned mean trajectory, drawn in world (z-up)
 * coordinates.
 *
 * Rollouts: one LineSegments over one indexed BufferGeometry. Vertex n·H + h is
 * point h of rollout n (positions copied straight from the frame's [N, H, 3]
 * paths); the index joins consecutive points of a rollout. Each rollout gets
 * one RGBA colour from its weight normalised by the frame's largest weight:
 * faint and cool when low, opaque and warm when high. Alpha blending (not
 * additive) on the light background keeps 16k overlapping faint lines from
 * adding up to white: they saturate at their own colour. Buffers are sized for
 * a capacity of N·H vertices and replaced only when a frame needs more.
 *
 * Plan: the [H, 3] key points of the mean trajectory as instanced cylinders
 * (a world-space width, since WebGL lines are one pixel wide) with a dot at
 * each step, drawn over the rollouts.
 */
import * as THREE from 'three';
import { spanBetween } from './shapes';
import type { SceneFrame, SpreadPoint } from './types';

/** Colour of a weight-0 rollout (a pale steel blue) and of the heaviest (a saturated orange), linear RGB 0..1. */
const COOL = [0.45, 0.58, 0.78] as const;
const WARM = [1.0, 0.36, 0.0] as const;
const PLAN_COLOR = 0xa61e4d;
/** Rollouts not weighted yet (step-through's first sub-steps) and the ghost of an earlier plan. */
const PLAIN = [0.42, 0.45, 0.5] as const;
const GHOST_COLOR = 0x8a8f98;

/** Normalised weight t = w / wMax in [0, 1], lifted by a square root so middling weights stay visible. */
function level(w: number, wMax: number): number {
  const t = wMax > 0 ? w / wMax : 0;
  return t > 0 ? Math.sqrt(t < 1 ? t : 1) : 0; // also maps NaN to 0
}

/** Writes the RGB (0..1) of weight w into out[o..o+3): no allocation, for the per-frame loop. */
export function writeWeightColor(w: number, wMax: number, out: { [i: number]: number }, o: number): void {
  const s = level(w, wMax);
  out[o] = COOL[0] + (WARM[0] - COOL[0]) * s;
  out[o + 1] = COOL[1] + (WARM[1] - COOL[1]) * s;
  out[o + 2] = COOL[2] + (WARM[2] - COOL[2]) * s;
}

/**
 * Colour (r, g, b in [0, 1]) of a rollout of weight w in a frame whose largest
 * weight is wMax: red rises and blue falls monotonically with w / wMax, from a
 * pale cool blue to a saturated warm orange at the largest weight.
 */
export function weightColor(w: number, wMax: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  writeWeightColor(w, wMax, out, 0);
  return out;
}

/**
 * Opacity (0..1) of a rollout: a floor that falls with the sample count
 * (≈ 0.3 at N = 24, 0.03 at N = 16k) so thousands of light rollouts read as a
 * haze, rising monotonically to 1 at the largest weight.
 */
export function weightAlpha(w: number, wMax: number, samples: number): number {
  const base = Math.min(0.3, Math.max(0.03, 1.5 / Math.sqrt(Math.max(1, samples))));
  return base + (1 - base) * level(w, wMax);
}

/** Vertices the rollout buffers hold before the first frame (N·H). */
const INITIAL_CAPACITY = 256 * 64;

export class RolloutLines {
  /** Add this to the z-up world group. */
  readonly object = new THREE.Group();
  /** The sampled rollouts (exposed for tests). */
  readonly lines: THREE.LineSegments<THREE.BufferGeometry, THREE.LineBasicMaterial>;
  /** The plan's segments and step dots (exposed for tests). */
  planSegments: THREE.InstancedMesh;
  planDots: THREE.InstancedMesh;
  /** An earlier plan drawn faint behind the plan (SceneFrame.ghostPlan). */
  ghostSegments: THREE.InstancedMesh;
  ghostDots: THREE.InstancedMesh;

  private capacity = 0; // vertices
  private shapeN = -1; // N and H the index was built for
  private shapeH = -1;
  private planCapacity = 0; // points
  private ghostCapacity = 0; // points
  private planRadius = 0.01;
  private readonly rgb = new Float32Array(3);
  private planScratch = new Float32Array(0);
  private readonly dummy = new THREE.Object3D();

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.object.name = 'rollouts';
    const material = new THREE.LineBasicMaterial({ vertexColors: true, transparent: true, depthWrite: false });
    this.lines = new THREE.LineSegments(this.makeGeometry(initialCapacity), material);
    this.lines.name = 'rollout-lines';
    this.lines.frustumCulled = false; // positions change every frame; the bounding sphere would go stale
    this.object.add(this.lines);
    [this.planSegments, this.planDots] = this.makePlan(64);
    [this.ghostSegments, this.ghostDots] = this.makeGhost(64);
  }

  /** Width of the plan line (m): its cylinders' radius; the dots are 1.6× wider. */
  setPlanRadius(r: number): void {
    this.planRadius = r;
  }

  /** Copies the frame's paths, weights and plan into the buffers (no allocation unless N·H or H outgrows them). */
  update(frame: SceneFrame, spread?: SpreadPoint): void {
    const N = frame.samples;
    const H = frame.horizon;
    const nv = N * H;
    if (nv > this.capacity) this.lines.geometry = this.makeGeometry(nv, this.lines.geometry);
    const geo = this.lines.geometry;
    if (N !== this.shapeN || H !== this.shapeH) this.buildIndex(N, H);

    const pos = geo.getAttribute('position') as THREE.BufferAttribute;
    const p = pos.array as Float32Array;
    p.set(frame.paths.subarray(0, nv * 3));
    if (spread) for (let v = 0; v < nv; v++) spread(p, v * 3, v % H);
    pos.clearUpdateRanges();
    pos.addUpdateRange(0, nv * 3);
    pos.needsUpdate = true;

    const col = geo.getAttribute('color') as THREE.BufferAttribute;
    const c = col.array as Uint8Array;
    let wMax = 0;
    for (let n = 0; n < N; n++) if (frame.weights[n] > wMax) wMax = frame.weights[n];
    const plain = frame.rollouts === 'plain';
    this.lines.visible = frame.rollouts !== 'hidden';
    for (let n = 0; n < N; n++) {
      const w = frame.weights[n];
      writeWeightColor(w, wMax, this.rgb, 0);
      if (plain) this.rgb.set(PLAIN);
      const r = Math.round(this.rgb[0] * 255);
      const g = Math.round(this.rgb[1] * 255);
      const b = Math.round(this.rgb[2] * 255);
      const a = Math.round((plain ? 0.6 : weightAlpha(w, wMax, N)) * 255);
      for (let i = n * H * 4, end = (n + 1) * H * 4; i < end; i += 4) {
        c[i] = r;
        c[i + 1] = g;
        c[i + 2] = b;
        c[i + 3] = a;
      }
    }
    col.clearUpdateRanges();
    col.addUpdateRange(0, nv * 4);
    col.needsUpdate = true;

    let plan = frame.plan;
    if (spread) {
      if (this.planScratch.length < H * 3) this.planScratch = new Float32Array(H * 3);
      plan = this.planScratch;
      plan.set(frame.plan.subarray(0, H * 3));
      for (let h = 0; h < H; h++) spread(plan, h * 3, h);
    }
    this.updatePlan(plan, H);
    const ghost = frame.ghostPlan;
    if (ghost && H > this.ghostCapacity) {
      this.disposePair([this.ghostSegments, this.ghostDots]);
      [this.ghostSegments, this.ghostDots] = this.makeGhost(H);
    }
    if (ghost) {
      const g = spread ? Float32Array.from(ghost.subarray(0, H * 3)) : ghost;
      if (spread) for (let h = 0; h < H; h++) spread(g, h * 3, h);
      this.placePlan(this.ghostSegments, this.ghostDots, g, H, 0.8 * this.planRadius);
    } else this.ghostSegments.count = this.ghostDots.count = 0;
  }

  /** RGBA (0..255) the rollouts are drawn with now, one per rollout [N, 4] (tests read it back). */
  rolloutColors(): Uint8Array {
    const c = (this.lines.geometry.getAttribute('color') as THREE.BufferAttribute).array as Uint8Array;
    const N = Math.max(0, this.shapeN);
    const out = new Uint8Array(N * 4);
    for (let n = 0; n < N; n++) out.set(c.subarray(n * this.shapeH * 4, n * this.shapeH * 4 + 4), n * 4);
    return out;
  }

  /** Vertices (N·H) and index entries (2·N·(H−1)) in use. */
  counts(): { vertices: number; indices: number } {
    return { vertices: Math.max(0, this.shapeN * this.shapeH), indices: this.lines.geometry.drawRange.count };
  }

  dispose(): void {
    this.lines.geometry.dispose();
    this.lines.material.dispose();
    for (const m of [this.planSegments, this.planDots, this.ghostSegments, this.ghostDots]) {
      m.geometry.dispose();
      (m.material as THREE.Material).dispose();
      m.dispose();
    }
    this.object.clear();
    this.object.removeFromParent();
  }

  /** A geometry for `vertices` vertices (capacity rounded up to a power of two), replacing `old`. */
  private makeGeometry(vertices: number, old?: THREE.BufferGeometry): THREE.BufferGeometry {
    old?.dispose();
    let cap = 1024;
    while (cap < vertices) cap *= 2;
    this.capacity = cap;
    this.shapeN = -1;
    const geo = new THREE.BufferGeometry();
    geo.setAttribute(
      'position',
      new THREE.BufferAttribute(new Float32Array(cap * 3), 3).setUsage(THREE.DynamicDrawUsage),
    );
    geo.setAttribute(
      'color',
      new THREE.BufferAttribute(new Uint8Array(cap * 4), 4, true).setUsage(THREE.DynamicDrawUsage),
    );
    geo.setIndex(new THREE.BufferAttribute(new Uint32Array(2 * cap), 1));
    geo.setDrawRange(0, 0);
    return geo;
  }

  /** Index pairs (n·H + h, n·H + h + 1): rebuilt only when N or H changes. */
  private buildIndex(N: number, H: number): void {
    const index = this.lines.geometry.getIndex() as THREE.BufferAttribute;
    const idx = index.array as Uint32Array;
    let k = 0;
    for (let n = 0; n < N; n++) {
      for (let h = 0; h + 1 < H; h++) {
        idx[k++] = n * H + h;
        idx[k++] = n * H + h + 1;
      }
    }
    index.clearUpdateRanges();
    index.addUpdateRange(0, k);
    index.needsUpdate = true;
    this.lines.geometry.setDrawRange(0, k);
    this.shapeN = N;
    this.shapeH = H;
  }

  private makeGhost(points: number): [THREE.InstancedMesh, THREE.InstancedMesh] {
    this.ghostCapacity = points;
    const pair = this.makeMeshes(points, GHOST_COLOR, 'ghost-plan');
    for (const m of pair) {
      const mat = m.material as THREE.MeshBasicMaterial;
      mat.transparent = true;
      mat.opacity = 0.7;
      m.renderOrder = 0.5;
    }
    return pair;
  }

  private disposePair(pair: THREE.InstancedMesh[]): void {
    for (const m of pair) {
      m.geometry.dispose();
      (m.material as THREE.Material).dispose();
      m.dispose();
      m.removeFromParent();
    }
  }

  private makePlan(points: number): [THREE.InstancedMesh, THREE.InstancedMesh] {
    this.planCapacity = points;
    return this.makeMeshes(points, PLAN_COLOR, 'plan');
  }

  private makeMeshes(points: number, color: number, name: string): [THREE.InstancedMesh, THREE.InstancedMesh] {
    const material = new THREE.MeshBasicMaterial({ color });
    const segs = new THREE.InstancedMesh(new THREE.CylinderGeometry(1, 1, 1, 10), material, Math.max(1, points - 1));
    const dots = new THREE.InstancedMesh(new THREE.SphereGeometry(1, 12, 8), material.clone(), points);
    for (const m of [segs, dots]) {
      m.count = 0;
      m.frustumCulled = false;
      m.renderOrder = 1; // over the rollouts
      m.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
      this.object.add(m);
    }
    segs.name = `${name}-line`;
    dots.name = `${name}-dots`;
    return [segs, dots];
  }

  private updatePlan(plan: Float32Array, H: number): void {
    if (H > this.planCapacity) {
      this.disposePair([this.planSegments, this.planDots]);
      [this.planSegments, this.planDots] = this.makePlan(H);
    }
    this.placePlan(this.planSegments, this.planDots, plan, H, this.planRadius);
  }

  private placePlan(
    segs: THREE.InstancedMesh,
    dots: THREE.InstancedMesh,
    plan: Float32Array,
    H: number,
    r: number,
  ): void {
    const d = this.dummy;
    for (let h = 0; h < H; h++) {
      const o = 3 * h;
      d.position.set(plan[o], plan[o + 1], plan[o + 2]);
      d.quaternion.identity();
      d.scale.setScalar(1.6 * r);
      d.updateMatrix();
      dots.setMatrixAt(h, d.matrix);
      if (h + 1 < H) {
        spanBetween(d, plan[o], plan[o + 1], plan[o + 2], plan[o + 3], plan[o + 4], plan[o + 5]);
        d.scale.x = r;
        d.scale.z = r;
        d.updateMatrix();
        segs.setMatrixAt(h, d.matrix);
      }
    }
    dots.count = H;
    segs.count = Math.max(0, H - 1);
    dots.instanceMatrix.needsUpdate = true;
    segs.instanceMatrix.needsUpdate = true;
  }
}
