/**
 * The three.js view of the lab: a WebGLRenderer on the page's canvas, an orbit
 * camera, lights, the current task's scene and the rollout lines, all under
 * one z-up world group (frame.ts).
 *
 * Frame-rate data never goes through React: each animation frame pulls
 * `source.latest()` (a plain object the worker client replaces per planner
 * step) and touches the scene only when that object changed. Nothing here
 * imports React.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { TaskId } from '../../core/tasks/registry';
import { createZUpRoot } from './frame';
import { createTaskScene } from './index';
import { RolloutLines, type RolloutStyle } from './rolloutLines';
import { PALETTE } from './sceneColors';
import { FencedCopy, probeSoftwareRendering } from './softwareRendering';
import type { FrameSource, SceneFrame, SceneFraming, TaskScene } from './types';

/** Window (ms) over which `fps()` counts frames. */
const FPS_WINDOW_MS = 2000;
/** Frame timestamps kept: enough for 2 s at 240 Hz. */
const STAMPS = 512;
/** Plan line radius as a fraction of the camera's framing distance. */
const PLAN_RADIUS_PER_M = 0.0035;
/** Rollout widths are given for a canvas this tall (CSS px); taller canvases draw them wider, up to LINE_SCALE_MAX×. */
const LINE_REFERENCE_HEIGHT = 500;
const LINE_SCALE_MAX = 2.2;

export class SceneView {
  private readonly renderer: THREE.WebGLRenderer;
  /** The browser draws this canvas without a GPU (softwareRendering.ts): frames must stay small. */
  readonly softwareRendering: boolean;
  /** Without a GPU: three.js draws off the page and this shows each finished frame on the page's canvas. */
  private readonly copy: FencedCopy | null = null;
  private readonly scene = new THREE.Scene();
  private readonly world = createZUpRoot();
  private readonly camera = new THREE.PerspectiveCamera(40, 1, 0.01, 100);
  private readonly controls: OrbitControls;
  private readonly lines: RolloutLines;
  private readonly observer: ResizeObserver | null = null;
  private task: TaskScene | null = null;
  private taskId: TaskId | null = null;
  /** The horizon the camera is framed for, and that framing (a new H reframes only when the framing changes). */
  private framedHorizon = 8;
  private framing: SceneFraming | null = null;
  private last: SceneFrame | null = null;
  private raf = 0;
  private disposed = false;
  private frameCount = 0;
  /** Renders done (a render happens only on an animation frame where something changed). */
  private renders = 0;
  /** Something changed since the last render. */
  private dirty = true;
  private readonly stamps = new Float64Array(STAMPS);
  private readonly tmp = new THREE.Vector3();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly source: FrameSource,
    taskId?: TaskId,
  ) {
    this.softwareRendering = probeSoftwareRendering(canvas.ownerDocument);
    // Without a GPU the page's canvas must never be a WebGL one: reading it back for the compositor would wait
    // for the rasteriser on this thread. three.js draws off the page; finished frames are copied over.
    const target = this.softwareRendering ? canvas.getContext('2d') : null;
    const drawOn = target ? canvas.ownerDocument.createElement('canvas') : canvas;
    // Multisampling doubled the rasteriser's CPU a frame there (~105 ms against ~43 ms at N 16384, H 128),
    // taken from the planner's worker and the page on a machine with few cores.
    this.renderer = new THREE.WebGLRenderer({
      canvas: drawOn,
      antialias: !this.softwareRendering,
      preserveDrawingBuffer: true,
    });
    this.renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio ?? 1, 2));
    if (target) this.copy = new FencedCopy(this.renderer.getContext() as WebGL2RenderingContext, target);
    // A software rasteriser pays per instance: there the segments go in one plain draw (rolloutLines.ts).
    this.lines = new RolloutLines(undefined, this.softwareRendering ? 'expanded' : 'instanced');
    this.scene.background = new THREE.Color(PALETTE.background);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x8a8a80, 2.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(2, 4, 3); // three.js coordinates: up and to the camera's right
    this.scene.add(sun);
    this.scene.add(this.world);
    this.world.add(this.lines.object);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = true;
    if (typeof ResizeObserver !== 'undefined') {
      this.observer = new ResizeObserver(() => this.resize());
      this.observer.observe(canvas);
    }
    this.resize();
    if (taskId) this.setTask(taskId);
    this.raf = requestAnimationFrame(this.tick);
  }

  /** Frames rendered since construction. */
  /** Animation frames so far (`fps()` counts these: the page's responsiveness). */
  get frames(): number {
    return this.frameCount;
  }

  /** Renders so far (fewer than frames when nothing changed). */
  get rendered(): number {
    return this.renders;
  }

  /** Frames per second over the last ~2 s (0 before two frames). */
  fps(): number {
    const n = Math.min(this.frameCount, STAMPS);
    if (n < 2) return 0;
    const newest = this.stamps[(this.frameCount - 1) % STAMPS];
    let oldest = newest;
    let k = 1;
    for (; k < n; k++) {
      const t = this.stamps[(this.frameCount - 1 - k) % STAMPS];
      if (newest - t > FPS_WINDOW_MS) break;
      oldest = t;
    }
    return oldest < newest ? ((k - 1) * 1000) / (newest - oldest) : 0;
  }

  /** Widths and colours the rollouts were last drawn with (for the test API). */
  rolloutStyle(): RolloutStyle {
    return this.lines.style();
  }

  /** Shows task `id`'s scene (a no-op if it is already shown) and frames the camera on it. */
  setTask(id: TaskId): void {
    if (id === this.taskId) return;
    this.task?.dispose();
    this.task = createTaskScene(id);
    this.taskId = id;
    this.world.add(this.task.root);
    this.last = null; // the next frame is drawn even if it is the same object
    this.lines.object.visible = false; // until a frame of this task arrives
    this.reframe();
  }

  /** Puts the camera back on the task's framing for the current horizon. */
  reframe(): void {
    if (!this.task) return;
    this.framing = this.task.view(this.framedHorizon);
    const { eye, target } = this.framing;
    this.world.updateMatrixWorld(true);
    const e = this.world.localToWorld(this.tmp.set(eye[0], eye[1], eye[2])).clone();
    const t = this.world.localToWorld(this.tmp.set(target[0], target[1], target[2]));
    this.controls.target.copy(t);
    this.camera.position.copy(e);
    const dist = e.distanceTo(t);
    this.camera.near = dist / 100;
    this.camera.far = dist * 50;
    this.camera.updateProjectionMatrix();
    this.controls.update();
    this.lines.setPlanRadius(PLAN_RADIUS_PER_M * dist);
    this.dirty = true;
  }

  /** Stops the loop and releases the scene, lines, controls, observer and renderer. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    cancelAnimationFrame(this.raf);
    this.observer?.disconnect();
    this.controls.dispose();
    this.task?.dispose();
    this.task = null;
    this.lines.dispose();
    this.copy?.dispose();
    this.scene.clear();
    this.renderer.dispose();
  }

  private readonly tick = (): void => {
    if (this.disposed) return;
    this.raf = requestAnimationFrame(this.tick);
    // A frame copied onto the page in this task: the next render waits for the next animation frame, so the
    // copy (a read-back) and a render never add up in one task.
    const copied = this.copy?.poll() ?? false;
    const frame = this.source.latest();
    if (frame && frame !== this.last && this.task && (frame.taskId === undefined || frame.taskId === this.taskId)) {
      if (frame.horizon !== this.framedHorizon) this.onHorizon(frame.horizon);
      this.task.setState(frame.state, frame.params);
      this.lines.update(frame, this.task.spreadPoint);
      this.lines.object.visible = true;
      this.last = frame;
      this.dirty = true;
    }
    // Draw only when something changed (a frame, the camera, the size): a paused
    // scene then costs nothing and leaves the cores to the planner.
    if (this.controls.update()) this.dirty = true;
    // Without a GPU a new render waits until the last one is on the page (the newest state is drawn then).
    if (this.dirty && !copied && !this.copy?.pending) {
      this.renderer.render(this.scene, this.camera);
      this.copy?.drawn();
      this.dirty = false;
      this.renders++;
    }
    this.stamps[this.frameCount % STAMPS] = performance.now();
    this.frameCount++;
  };

  /** A frame of another horizon: reframe if the task frames that horizon differently. */
  private onHorizon(horizon: number): void {
    this.framedHorizon = horizon;
    const next = this.task?.view(horizon);
    if (next && JSON.stringify(next) !== JSON.stringify(this.framing)) this.reframe();
  }

  private resize(): void {
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    if (w === 0 || h === 0) return;
    this.renderer.setSize(w, h, false);
    const ratio = this.renderer.getPixelRatio();
    const scale = Math.min(LINE_SCALE_MAX, Math.max(1, h / LINE_REFERENCE_HEIGHT));
    this.lines.setViewport(Math.round(w * ratio), Math.round(h * ratio), ratio * scale);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.dirty = true;
  }
}
