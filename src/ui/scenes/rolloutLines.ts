/**
 * The sampled rollouts and the planned mean trajectory, drawn in world (z-up)
 * coordinates.
 *
 * Rollouts are fat screen-space lines: one instanced quad per segment between
 * consecutive key points (instanced quads, because WebGL lines are one pixel
 * wide). Each rollout's width, colour and opacity come from its ABSOLUTE MPPI
 * weight measured against the uniform weight 1/N — r = w·N (Eq. 17's w) — not
 * from the frame's largest weight: at a small λ one or two rollouts carry all
 * the weight and are drawn thick and bright over thin, faint others; at a
 * large λ every r is near 1 and every rollout looks the same. Rollouts are
 * drawn lightest first, so heavy ones lie on top. Normal alpha blending with
 * an opacity floor that falls with N keeps 16k overlapping faint lines from
 * adding up to white: they saturate at their own dim colour.
 *
 * Buffers: the key points of all rollouts one after another (rollout-major,
 * [N·H] points), read twice by the segment shader — as the start of segment i
 * and the end of segment i − 1 — so no point is stored twice. The segment that
 * would join one rollout's last point to the next rollout's first has width 0.
 * Buffers are sized for a capacity of N·H points and replaced only when a
 * frame needs more.
 *
 * Without a GPU (softwareRendering.ts) the same quads are drawn from an
 * `expanded` layout instead: every segment's four corners carry their own copy
 * of its ends, colour and width, in one plain (not instanced) draw. A software
 * rasteriser (SwiftShader) pays a fixed cost per instance: 4,096 instanced
 * quads took ~130 ms of its CPU a frame where the same quads as one plain draw
 * took ~20 ms, and the page's thread waits for that frame when it reads it back.
 * The expanded buffers are 4× larger, which only the few rollouts drawn there
 * can afford.
 *
 * Plan: the [H, 3] key points of the mean trajectory as instanced cylinders
 * (a world-space width) with a dot at each step, drawn over the rollouts; an
 * earlier plan (the step-through's plan before an update) faint behind it.
 * Step-through's first sub-steps draw the rollouts plain (not weighted yet)
 * or not at all (SceneFrame.rollouts).
 */
import * as THREE from 'three';
import { SCENE_COLORS } from './sceneColors';
import { spanBetween } from './shapes';
import type { SceneFrame, SpreadPoint } from './types';

/** Rollouts with r = w·N below this fraction of the uniform weight are drawn at the floor. */
const R_FLOOR = 0.05;
/** Line width (CSS px at a 500 px tall canvas) of the lightest and of the heaviest rollout. */
export const WIDTH_MIN_PX = 1;
export const WIDTH_MAX_PX = 9;

const hexRgb = (hex: number): [number, number, number] => [
  ((hex >> 16) & 255) / 255,
  ((hex >> 8) & 255) / 255,
  (hex & 255) / 255,
];
const COOL = hexRgb(SCENE_COLORS.rolloutLight);
const WARM = hexRgb(SCENE_COLORS.rolloutHeavy);
const PLAIN = hexRgb(SCENE_COLORS.rolloutPlain);
/** Opacity and width (CSS px) of rollouts drawn plain, before they are weighted. */
const PLAIN_ALPHA = 0.6;
const PLAIN_WIDTH_PX = 2;

/**
 * How heavy a rollout is, in [0, 1], from its absolute weight w among N
 * samples: 0 at or below R_FLOOR/N, 1 when it holds all the weight, log-scaled
 * in between (the uniform weight 1/N lands in the lower middle: 0.49 at N 24,
 * 0.24 at N 16384). NaN and negative weights give 0.
 */
export function weightLevel(w: number, samples: number): number {
  const r = w * samples;
  if (!(r > R_FLOOR)) return 0;
  const s = Math.log(r / R_FLOOR) / Math.log(Math.max(samples, 2) / R_FLOOR);
  return s < 1 ? s : 1;
}

/** Writes the RGB (0..1) of level s into out[o..o+3): no allocation, for the per-frame loop. */
function writeLevelColor(s: number, out: { [i: number]: number }, o: number): void {
  out[o] = COOL[0] + (WARM[0] - COOL[0]) * s;
  out[o + 1] = COOL[1] + (WARM[1] - COOL[1]) * s;
  out[o + 2] = COOL[2] + (WARM[2] - COOL[2]) * s;
}

/** Colour (r, g, b in [0, 1]) of a rollout of weight w among N: from a dim slate blue to a bright gold. */
export function weightColor(w: number, samples: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  writeLevelColor(weightLevel(w, samples), out, 0);
  return out;
}

/**
 * Opacity (0..1) of a rollout: a floor that falls with the sample count
 * (≈ 0.3 at N 24, 0.04 at N 16384) so thousands of light rollouts read as a
 * haze, rising with the weight level to 1 for a rollout holding all the weight.
 */
export function weightAlpha(w: number, samples: number): number {
  const base = Math.min(0.3, Math.max(0.04, 1.5 / Math.sqrt(Math.max(1, samples))));
  return base + (1 - base) * weightLevel(w, samples);
}

/** Line width (CSS px at a 500 px tall canvas) of a rollout of weight w among N. */
export function weightWidth(w: number, samples: number): number {
  const s = weightLevel(w, samples);
  return WIDTH_MIN_PX + (WIDTH_MAX_PX - WIDTH_MIN_PX) * s * s;
}

/** What the rollouts were last drawn with, per rollout in the frame's order (for the test API). */
export interface RolloutStyle {
  readonly samples: number;
  readonly horizon: number;
  /** The weights as the frame gave them. */
  readonly weights: number[];
  /** Line widths in CSS pixels. */
  readonly widthsPx: number[];
  /** RGBA, 0–255 each. */
  readonly colors: [number, number, number, number][];
}

const VERTEX_SHADER = /* glsl */ `
attribute vec3 instanceStart;
attribute vec3 instanceEnd;
attribute vec4 instanceColor;
attribute float instanceWidth;
uniform vec2 resolution;
uniform float pxPerUnit;
varying vec4 vColor;
void main() {
  vColor = instanceColor;
  vec4 a = projectionMatrix * modelViewMatrix * vec4(instanceStart, 1.0);
  vec4 b = projectionMatrix * modelViewMatrix * vec4(instanceEnd, 1.0);
  float halfWidth = 0.5 * instanceWidth * pxPerUnit;
  if (halfWidth <= 0.0 || a.w <= 0.0 || b.w <= 0.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0); // outside the clip volume: nothing drawn
    return;
  }
  vec2 sa = a.xy / a.w * resolution * 0.5;
  vec2 sb = b.xy / b.w * resolution * 0.5;
  vec2 d = sb - sa;
  float len = length(d);
  vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
  vec2 normal = vec2(-dir.y, dir.x);
  bool atEnd = position.y > 0.5;
  vec4 p = atEnd ? b : a;
  // Square caps half a width long, so consecutive segments of a rollout join without gaps.
  vec2 offset = (normal * position.x + dir * (atEnd ? 1.0 : -1.0)) * halfWidth;
  p.xy += offset / resolution * 2.0 * p.w;
  gl_Position = p;
}
`;

const FRAGMENT_SHADER = /* glsl */ `
varying vec4 vColor;
void main() {
  gl_FragColor = vColor;
}
`;

/** Points the rollout buffers hold before the first frame (N·H). */
const INITIAL_CAPACITY = 256 * 64;

/**
 * How the segment quads reach the GPU: 'instanced' (one instance per segment,
 * reading the shared point buffer; best with a GPU) or 'expanded' (one plain
 * draw, each corner with its own copy; best for software rasterisers).
 */
export type SegmentLayout = 'instanced' | 'expanded';

/** The corners of a segment's quad, in the order the index pattern uses: x the side (−1, +1), y the end (0 start, 1 end). */
const CORNERS = [-1, 0, 0, 1, 0, 0, -1, 1, 0, 1, 1, 0];
const QUAD_INDEX = [0, 1, 2, 2, 1, 3];

export class RolloutLines {
  /** Add this to the z-up world group. */
  readonly object = new THREE.Group();
  /** The sampled rollouts: one quad per segment (exposed for tests). */
  readonly lines: THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial>;
  /** The plan's segments and step dots (exposed for tests). */
  planSegments: THREE.InstancedMesh;
  planDots: THREE.InstancedMesh;
  /** An earlier plan drawn faint behind the plan (SceneFrame.ghostPlan). */
  ghostSegments: THREE.InstancedMesh;
  ghostDots: THREE.InstancedMesh;

  private capacity = 0; // points
  private planCapacity = 0; // points
  private ghostCapacity = 0; // points
  private planRadius = 0.01;
  private readonly rgb = new Float32Array(3);
  private planScratch = new Float32Array(0);
  private order = new Uint32Array(0);
  private widths = new Float32Array(0);
  private colors = new Uint8Array(0);
  private drawnN = 0;
  private drawnH = 0;
  private drawnWeights = new Float32Array(0);
  private readonly dummy = new THREE.Object3D();
  /** Expanded layout: the key points, colours and widths per point, copied into the corners after each frame. */
  private points = new Float32Array(0);
  private pointColors = new Uint8Array(0);
  private pointWidths = new Float32Array(0);

  constructor(
    initialCapacity = INITIAL_CAPACITY,
    readonly layout: SegmentLayout = 'instanced',
  ) {
    this.object.name = 'rollouts';
    const material = new THREE.ShaderMaterial({
      vertexShader: VERTEX_SHADER,
      fragmentShader: FRAGMENT_SHADER,
      uniforms: { resolution: { value: new THREE.Vector2(1, 1) }, pxPerUnit: { value: 1 } },
      transparent: true,
      depthWrite: false,
      // Always over the system: a rollout inside the gripper or behind the ball is still seen.
      depthTest: false,
      side: THREE.DoubleSide,
    });
    this.lines = new THREE.Mesh(this.makeGeometry(initialCapacity), material);
    this.lines.name = 'rollout-lines';
    this.lines.frustumCulled = false; // positions change every frame; the bounding sphere would go stale
    this.lines.renderOrder = 2;
    this.object.add(this.lines);
    [this.planSegments, this.planDots] = this.makePlan(64);
    [this.ghostSegments, this.ghostDots] = this.makeGhost(64);
  }

  /** Width of the plan line (m): its cylinders' radius; the dots are 1.5× wider. */
  setPlanRadius(r: number): void {
    this.planRadius = r;
  }

  /**
   * The drawing buffer's size in device pixels and how many device pixels one
   * width unit is (the pixel ratio times the canvas's size factor).
   */
  setViewport(widthPx: number, heightPx: number, pxPerUnit: number): void {
    const u = this.lines.material.uniforms;
    (u.resolution.value as THREE.Vector2).set(Math.max(1, widthPx), Math.max(1, heightPx));
    u.pxPerUnit.value = pxPerUnit;
  }

  /**
   * Copies the frame's paths, weights and plan into the buffers (no allocation
   * unless N·H or H outgrows them). The weight of a rollout is measured against
   * the uniform weight of all the planner's samples (`totalSamples`), also when
   * only the heaviest of them are drawn.
   */
  update(frame: SceneFrame, spread?: SpreadPoint): void {
    const N = frame.samples;
    const all = Math.max(N, frame.totalSamples ?? N);
    const plain = frame.rollouts === 'plain';
    this.lines.visible = frame.rollouts !== 'hidden';
    const H = frame.horizon;
    const nv = N * H;
    if (nv > this.capacity) this.lines.geometry = this.makeGeometry(nv, this.lines.geometry);
    if (this.order.length < N) {
      this.order = new Uint32Array(N);
      this.widths = new Float32Array(N);
      this.colors = new Uint8Array(4 * N);
      this.drawnWeights = new Float32Array(N);
    }
    const w = frame.weights;
    this.drawnN = N;
    this.drawnH = H;
    this.drawnWeights.set(w.subarray(0, N));

    // Per rollout: level → width and RGBA (plain: one colour and width for all).
    for (let n = 0; n < N; n++) {
      if (plain) this.rgb.set(PLAIN);
      else writeLevelColor(weightLevel(w[n], all), this.rgb, 0);
      const c = this.colors;
      c[4 * n] = Math.round(this.rgb[0] * 255);
      c[4 * n + 1] = Math.round(this.rgb[1] * 255);
      c[4 * n + 2] = Math.round(this.rgb[2] * 255);
      c[4 * n + 3] = Math.round((plain ? PLAIN_ALPHA : weightAlpha(w[n], all)) * 255);
      this.widths[n] = plain ? PLAIN_WIDTH_PX : weightWidth(w[n], all);
    }
    // Lightest first, so the heavy rollouts are drawn last, on top.
    const order = this.order.subarray(0, N);
    for (let n = 0; n < N; n++) order[n] = n;
    if (!plain) order.sort((a, b) => (w[a] || 0) - (w[b] || 0));

    const geo = this.lines.geometry;
    const pointBuf = (geo.getAttribute('instanceStart') as THREE.InterleavedBufferAttribute).data;
    const col = geo.getAttribute('instanceColor') as THREE.BufferAttribute;
    const wid = geo.getAttribute('instanceWidth') as THREE.BufferAttribute;
    const expanded = this.layout === 'expanded';
    // Per point: straight into the instanced buffers, or into the scratch the corners are copied from.
    const p = expanded ? this.points : (pointBuf.array as Float32Array);
    const c = expanded ? this.pointColors : (col.array as Uint8Array);
    const wa = expanded ? this.pointWidths : (wid.array as Float32Array);
    for (let k = 0; k < N; k++) {
      const n = order[k];
      p.set(frame.paths.subarray(n * H * 3, (n + 1) * H * 3), k * H * 3);
      const width = this.widths[n];
      for (let h = 0; h < H; h++) {
        const v = k * H + h;
        if (spread) spread(p, v * 3, h, H);
        c[4 * v] = this.colors[4 * n];
        c[4 * v + 1] = this.colors[4 * n + 1];
        c[4 * v + 2] = this.colors[4 * n + 2];
        c[4 * v + 3] = this.colors[4 * n + 3];
        wa[v] = h + 1 < H ? width : 0; // no segment from a rollout's last point to the next rollout
      }
    }
    const segments = Math.max(0, nv - 1);
    if (expanded)
      this.expand(segments, pointBuf.array as Float32Array, col.array as Uint8Array, wid.array as Float32Array);
    // Values written: per point (instanced) or per corner of each segment (expanded).
    const items = expanded ? 4 * segments : nv;
    pointBuf.clearUpdateRanges();
    pointBuf.addUpdateRange(0, items * pointBuf.stride);
    pointBuf.needsUpdate = true;
    for (const attr of [col, wid]) {
      attr.clearUpdateRanges();
      attr.addUpdateRange(0, items * attr.itemSize);
      attr.needsUpdate = true;
    }
    if (geo instanceof THREE.InstancedBufferGeometry) geo.instanceCount = segments;
    else geo.setDrawRange(0, 6 * segments);

    let plan = frame.plan;
    if (spread) {
      if (this.planScratch.length < H * 3) this.planScratch = new Float32Array(H * 3);
      plan = this.planScratch;
      plan.set(frame.plan.subarray(0, H * 3));
      for (let h = 0; h < H; h++) spread(plan, h * 3, h, H);
    }
    this.updatePlan(plan, H);
    const ghost = frame.ghostPlan;
    if (ghost && H > this.ghostCapacity) {
      this.disposePair([this.ghostSegments, this.ghostDots]);
      [this.ghostSegments, this.ghostDots] = this.makeGhost(H);
    }
    if (ghost) {
      const g = spread ? Float32Array.from(ghost.subarray(0, H * 3)) : ghost;
      if (spread) for (let h = 0; h < H; h++) spread(g, h * 3, h, H);
      this.placePlan(this.ghostSegments, this.ghostDots, g, H, 0.8 * this.planRadius);
    } else this.ghostSegments.count = this.ghostDots.count = 0;
  }

  /** Points (N·H) in use and segments drawn (N·H − 1 quads, N·(H−1) of them with a width). */
  counts(): { points: number; segments: number } {
    const geo = this.lines.geometry;
    const segments = geo instanceof THREE.InstancedBufferGeometry ? geo.instanceCount : geo.drawRange.count / 6;
    return { points: this.drawnN * this.drawnH, segments };
  }

  /** The widths and colours of the last frame, per rollout in the frame's order. */
  style(): RolloutStyle {
    const N = this.drawnN;
    return {
      samples: N,
      horizon: this.drawnH,
      weights: Array.from(this.drawnWeights.subarray(0, N)),
      widthsPx: Array.from(this.widths.subarray(0, N)),
      colors: Array.from({ length: N }, (_, n) => {
        const c = this.colors;
        return [c[4 * n], c[4 * n + 1], c[4 * n + 2], c[4 * n + 3]] as [number, number, number, number];
      }),
    };
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

  /**
   * Expanded layout: corner k of segment s gets segment s's ends (points s and
   * s + 1), colour and width, as the instanced layout's instance s reads them.
   */
  private expand(segments: number, ends: Float32Array, colors: Uint8Array, widths: Float32Array): void {
    const p = this.points;
    const c = this.pointColors;
    const w = this.pointWidths;
    for (let s = 0; s < segments; s++) {
      for (let k = 0; k < 4; k++) {
        const v = 4 * s + k;
        for (let i = 0; i < 6; i++) ends[6 * v + i] = p[3 * s + i];
        for (let i = 0; i < 4; i++) colors[4 * v + i] = c[4 * s + i];
        widths[v] = w[s];
      }
    }
  }

  /** A geometry for `points` key points (capacity rounded up to a power of two), replacing `old`. */
  private makeGeometry(points: number, old?: THREE.BufferGeometry): THREE.BufferGeometry {
    old?.dispose();
    let cap = 1024;
    while (cap < points) cap *= 2;
    this.capacity = cap;
    return this.layout === 'expanded' ? this.makeExpanded(cap) : this.makeInstanced(cap);
  }

  /** Expanded layout for `cap` points: four corners and six indices per segment, one plain draw. */
  private makeExpanded(cap: number): THREE.BufferGeometry {
    this.points = new Float32Array(cap * 3);
    this.pointColors = new Uint8Array(cap * 4);
    this.pointWidths = new Float32Array(cap);
    const corners = new Float32Array(cap * 12);
    const index = new Uint32Array(cap * 6);
    for (let s = 0; s < cap; s++) {
      corners.set(CORNERS, 12 * s);
      for (let i = 0; i < 6; i++) index[6 * s + i] = 4 * s + QUAD_INDEX[i];
    }
    const geo = new THREE.BufferGeometry();
    geo.setAttribute('position', new THREE.BufferAttribute(corners, 3));
    geo.setIndex(new THREE.BufferAttribute(index, 1));
    // Per corner: its segment's start and end (one interleaved buffer), colour and width.
    const ends = new THREE.InterleavedBuffer(new Float32Array(cap * 4 * 6), 6);
    ends.setUsage(THREE.DynamicDrawUsage);
    geo.setAttribute('instanceStart', new THREE.InterleavedBufferAttribute(ends, 3, 0));
    geo.setAttribute('instanceEnd', new THREE.InterleavedBufferAttribute(ends, 3, 3));
    geo.setAttribute(
      'instanceColor',
      new THREE.BufferAttribute(new Uint8Array(cap * 4 * 4), 4, true).setUsage(THREE.DynamicDrawUsage),
    );
    geo.setAttribute(
      'instanceWidth',
      new THREE.BufferAttribute(new Float32Array(cap * 4), 1).setUsage(THREE.DynamicDrawUsage),
    );
    geo.setDrawRange(0, 0);
    return geo;
  }

  /** Instanced layout for `cap` points: one quad, one instance per segment reading the shared point buffer. */
  private makeInstanced(cap: number): THREE.InstancedBufferGeometry {
    const geo = new THREE.InstancedBufferGeometry();
    geo.setAttribute('position', new THREE.Float32BufferAttribute(CORNERS, 3));
    geo.setIndex(QUAD_INDEX);
    // One extra point so segment cap−1's end stays inside the buffer.
    const pts = new THREE.InstancedInterleavedBuffer(new Float32Array((cap + 1) * 3), 3, 1);
    pts.setUsage(THREE.DynamicDrawUsage);
    geo.setAttribute('instanceStart', new THREE.InterleavedBufferAttribute(pts, 3, 0));
    geo.setAttribute('instanceEnd', new THREE.InterleavedBufferAttribute(pts, 3, 3));
    geo.setAttribute(
      'instanceColor',
      new THREE.InstancedBufferAttribute(new Uint8Array(cap * 4), 4, true).setUsage(THREE.DynamicDrawUsage),
    );
    geo.setAttribute(
      'instanceWidth',
      new THREE.InstancedBufferAttribute(new Float32Array(cap), 1).setUsage(THREE.DynamicDrawUsage),
    );
    geo.instanceCount = 0;
    return geo;
  }

  private makeGhost(points: number): [THREE.InstancedMesh, THREE.InstancedMesh] {
    this.ghostCapacity = points;
    const pair = this.makeMeshes(points, SCENE_COLORS.ghostPlan, 'ghost-plan', 0.7);
    for (const m of pair) m.renderOrder = 2.5; // over the rollouts, under the plan
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
    return this.makeMeshes(points, SCENE_COLORS.plan, 'plan', 1);
  }

  private makeMeshes(
    points: number,
    color: number,
    name: string,
    opacity: number,
  ): [THREE.InstancedMesh, THREE.InstancedMesh] {
    // Transparent (at full opacity for the plan) so it is drawn in the rollouts' pass, after them.
    const material = new THREE.MeshBasicMaterial({
      color,
      opacity,
      depthTest: false,
      depthWrite: false,
      transparent: true,
    });
    const segs = new THREE.InstancedMesh(new THREE.CylinderGeometry(1, 1, 1, 10), material, Math.max(1, points - 1));
    const dots = new THREE.InstancedMesh(new THREE.SphereGeometry(1, 12, 8), material.clone(), points);
    for (const m of [segs, dots]) {
      m.count = 0;
      m.frustumCulled = false;
      m.renderOrder = 3; // over the rollouts
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
      d.scale.setScalar(1.5 * r);
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
