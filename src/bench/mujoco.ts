/**
 * MuJoCo's official WebAssembly build (@mujoco/mujoco, a devDependency) driven
 * with OUR state layouts, so the same action sequences and the same MPPI code
 * run on both simulators. Benchmark and fidelity tests only; the app never
 * imports this.
 */
import loadMujoco, { type MainModule, type MjData, type MjModel } from '@mujoco/mujoco';
import { ballincup, BIC_SUBSTEPS } from '../core/tasks/ballincup';
import { FETCH_ACTION_SCALE, FETCH_WS_HI, FETCH_WS_LO } from '../core/tasks/fetch';
import type { TaskSpec } from '../core/task';
import { BIC_MJ, ballInCupMjcf, type BallInCupMjcfOptions } from './mjcf/ballincup';
import { FETCH_MJ, fetchMjcf } from './mjcf/fetch';

let modulePromise: Promise<MainModule> | null = null;

/** The MuJoCo module, loaded once per process. */
export function mujoco(): Promise<MainModule> {
  modulePromise ??= loadMujoco();
  return modulePromise;
}

/** A compiled model and one data instance; call `dispose` when done (WASM heap). */
export class MjSim {
  readonly model: MjModel;
  readonly data: MjData;

  constructor(
    readonly mj: MainModule,
    xml: string,
  ) {
    this.model = mj.MjModel.from_xml_string(xml);
    this.data = new mj.MjData(this.model);
  }

  // Views into the WASM heap are taken afresh on every use: compiling another model can grow the heap,
  // which detaches views taken before (they read as empty, and a sim with two models stepped NaN).
  get qpos(): Float64Array {
    return this.data.qpos as Float64Array;
  }
  get qvel(): Float64Array {
    return this.data.qvel as Float64Array;
  }
  get ctrl(): Float64Array {
    return this.data.ctrl as Float64Array;
  }

  /** `n` calls of mj_step. */
  substeps(n: number): void {
    for (let k = 0; k < n; k++) this.mj.mj_step(this.model, this.data);
  }

  dispose(): void {
    this.data.delete();
    this.model.delete();
  }
}

/**
 * Ball-in-cup on MuJoCo with our 9-value state
 * [ball x, z, vx, vz, spin, cup x, z, vx, vz] (world frame).
 */
export class MjBallInCup {
  readonly sim: MjSim;
  readonly spin: boolean;

  constructor(mj: MainModule, opts: BallInCupMjcfOptions = {}) {
    this.spin = opts.spin ?? true;
    this.sim = new MjSim(mj, ballInCupMjcf(opts));
  }

  /** Loads our state row into MuJoCo's qpos/qvel (joint offsets from the bodies' origins). */
  setState(s: Float64Array, so: number): void {
    const { qpos, qvel } = this.sim;
    qpos[BIC_MJ.cupX] = s[so + 5];
    qpos[BIC_MJ.cupZ] = s[so + 6] - BIC_MJ.cupBodyZ;
    qpos[BIC_MJ.ballX] = s[so];
    qpos[BIC_MJ.ballZ] = s[so + 1] - BIC_MJ.ballBodyZ;
    qvel[BIC_MJ.cupX] = s[so + 7];
    qvel[BIC_MJ.cupZ] = s[so + 8];
    qvel[BIC_MJ.ballX] = s[so + 2];
    qvel[BIC_MJ.ballZ] = s[so + 3];
    if (this.spin) {
      qpos[BIC_MJ.spin] = 0;
      qvel[BIC_MJ.spin] = s[so + 4];
    }
  }

  /** Writes MuJoCo's state into our row layout. */
  getState(s: Float64Array, so: number): void {
    const { qpos, qvel } = this.sim;
    s[so] = qpos[BIC_MJ.ballX];
    s[so + 1] = qpos[BIC_MJ.ballZ] + BIC_MJ.ballBodyZ;
    s[so + 2] = qvel[BIC_MJ.ballX];
    s[so + 3] = qvel[BIC_MJ.ballZ];
    s[so + 4] = this.spin ? qvel[BIC_MJ.spin] : 0;
    s[so + 5] = qpos[BIC_MJ.cupX];
    s[so + 6] = qpos[BIC_MJ.cupZ] + BIC_MJ.cupBodyZ;
    s[so + 7] = qvel[BIC_MJ.cupX];
    s[so + 8] = qvel[BIC_MJ.cupZ];
  }

  /** One control step (10 substeps of 0.002 s) under action (ux, uz) ∈ [−1, 1]². */
  control(ux: number, uz: number): void {
    this.sim.ctrl[0] = ux;
    this.sim.ctrl[1] = uz;
    this.sim.substeps(BIC_SUBSTEPS);
  }

  dispose(): void {
    this.sim.dispose();
  }
}

/**
 * Our ball-in-cup TaskSpec with `step` replaced by MuJoCo: every row is loaded
 * into one MjData, stepped 10 substeps and read back. The parameters passed to
 * `step` are ignored (the model's are baked into the MJCF: the true ones by
 * default), so use it with the 'true' model source only. Starts, cost, success
 * and observation are ours, so MPPI runs on it unchanged.
 */
export function mujocoBallInCupTask(sim: MjBallInCup): TaskSpec<'ballincup'> {
  return {
    ...ballincup,
    title: 'Ball-in-cup (sparse) on MuJoCo-WASM',
    step(states, actions, _params, _stride, count) {
      for (let r = 0; r < count; r++) {
        let ux = actions[r * 2];
        let uz = actions[r * 2 + 1];
        ux = ux < -1 ? -1 : ux > 1 ? 1 : ux === ux ? ux : 0;
        uz = uz < -1 ? -1 : uz > 1 ? 1 : uz === uz ? uz : 0;
        sim.setState(states, r * 9);
        sim.control(ux, uz);
        sim.getState(states, r * 9);
      }
    },
  };
}

/** Fetch push on MuJoCo with our 16-value state (see fetch.ts); the goal is carried through. */
export class MjFetch {
  readonly sim: MjSim;
  private readonly goal = new Float64Array(3);

  constructor(mj: MainModule) {
    this.sim = new MjSim(mj, fetchMjcf());
  }

  setState(s: Float64Array, so: number): void {
    const { qpos, qvel } = this.sim;
    for (let i = 0; i < 3; i++) {
      qpos[FETCH_MJ.grip + i] = s[so + i];
      qvel[FETCH_MJ.grip + i] = s[so + 3 + i];
      qpos[FETCH_MJ.block + i] = s[so + 6 + i];
      this.goal[i] = s[so + 13 + i];
    }
    const yaw = s[so + 9];
    qpos[FETCH_MJ.quat] = Math.cos(yaw / 2);
    qpos[FETCH_MJ.quat + 1] = 0;
    qpos[FETCH_MJ.quat + 2] = 0;
    qpos[FETCH_MJ.quat + 3] = Math.sin(yaw / 2);
    // Free joint qvel: linear (world) then angular (body frame; yaw only, so also world z).
    const v = FETCH_MJ.block;
    qvel[v] = s[so + 10];
    qvel[v + 1] = s[so + 11];
    qvel[v + 2] = 0;
    qvel[v + 3] = 0;
    qvel[v + 4] = 0;
    qvel[v + 5] = s[so + 12];
  }

  getState(s: Float64Array, so: number): void {
    const { qpos, qvel } = this.sim;
    for (let i = 0; i < 3; i++) {
      s[so + i] = qpos[FETCH_MJ.grip + i];
      s[so + 3 + i] = qvel[FETCH_MJ.grip + i];
      s[so + 6 + i] = qpos[FETCH_MJ.block + i];
      s[so + 13 + i] = this.goal[i];
    }
    const [w, x, y, z] = [
      qpos[FETCH_MJ.quat],
      qpos[FETCH_MJ.quat + 1],
      qpos[FETCH_MJ.quat + 2],
      qpos[FETCH_MJ.quat + 3],
    ];
    s[so + 9] = Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
    s[so + 10] = qvel[FETCH_MJ.block];
    s[so + 11] = qvel[FETCH_MJ.block + 1];
    s[so + 12] = qvel[FETCH_MJ.block + 5];
  }

  /** One control step (20 substeps): servo target = grip point + 0.05·(dx, dy, dz), clamped to the workspace. */
  control(dx: number, dy: number, dz: number): void {
    const d = [dx, dy, dz];
    for (let i = 0; i < 3; i++) {
      const a = d[i] < -1 ? -1 : d[i] > 1 ? 1 : d[i];
      const t = this.sim.qpos[FETCH_MJ.grip + i] + FETCH_ACTION_SCALE * a;
      this.sim.ctrl[i] = t < FETCH_WS_LO[i] ? FETCH_WS_LO[i] : t > FETCH_WS_HI[i] ? FETCH_WS_HI[i] : t;
    }
    this.sim.substeps(20);
  }

  dispose(): void {
    this.sim.dispose();
  }
}
