/**
 * Trajectory agreement between our physics and MuJoCo-WASM: the same start and
 * the same action sequence on both, compared at every control step.
 */
import { ballincup, ballincupSetState, BIC_TRUE_PARAMS } from '../core/tasks/ballincup';
import { fetchPush, FETCH_TRUE_PARAMS } from '../core/tasks/fetch';
import type { MjBallInCup, MjFetch } from './mujoco';

/** A start state (our layout) and a sequence of actions, one per control step. */
export interface CannedSequence {
  name: string;
  doc: string;
  /** Our 9-value ball-in-cup state. */
  start: readonly number[];
  /** [steps][2] actions (motor x, motor z) ∈ [−1, 1]. */
  actions: readonly (readonly [number, number])[];
}

/** Ball positions of both simulators, per control step, and their disagreement. */
export interface Agreement {
  name: string;
  steps: number;
  /** RMS over control steps of |ball_ours − ball_mujoco| (m). */
  rmsErrorM: number;
  /** Largest |ball_ours − ball_mujoco| over the steps (m). */
  maxErrorM: number;
  /** RMS of |cup_ours − cup_mujoco| (m). */
  cupRmsErrorM: number;
  /** Per-step ball error (m). */
  errors: number[];
  /** Control steps at which each simulator has the ball in the cup. */
  inCupOurs: number;
  inCupMujoco: number;
}

function stateOf(start: readonly number[]): Float64Array {
  return Float64Array.from(start);
}

/** Runs a sequence on our ball-in-cup (true parameters) and on `mj`; compares ball and cup paths. */
export function compareBallInCup(seq: CannedSequence, mj: MjBallInCup): Agreement {
  const ours = stateOf(seq.start);
  const theirs = new Float64Array(9);
  const params = Float64Array.from(BIC_TRUE_PARAMS);
  const a = new Float64Array(2);
  mj.setState(ours, 0);
  const errors: number[] = [];
  let sq = 0;
  let cupSq = 0;
  let inOurs = 0;
  let inMj = 0;
  for (const [ux, uz] of seq.actions) {
    a[0] = ux;
    a[1] = uz;
    ballincup.step(ours, a, params, 0, 1);
    mj.control(ux, uz);
    mj.getState(theirs, 0);
    const e = Math.hypot(ours[0] - theirs[0], ours[1] - theirs[1]);
    const ec = Math.hypot(ours[5] - theirs[5], ours[6] - theirs[6]);
    errors.push(e);
    sq += e * e;
    cupSq += ec * ec;
    if (ballincup.isSuccess(ours, 0)) inOurs++;
    if (ballincup.isSuccess(theirs, 0)) inMj++;
  }
  const n = seq.actions.length;
  return {
    name: seq.name,
    steps: n,
    rmsErrorM: Math.sqrt(sq / n),
    maxErrorM: Math.max(...errors),
    cupRmsErrorM: Math.sqrt(cupSq / n),
    errors,
    inCupOurs: inOurs,
    inCupMujoco: inMj,
  };
}

/** A rest state with the ball at (bx, bz) and the cup at its start. */
export function restStart(bx: number, bz: number): number[] {
  const s = new Float64Array(9);
  ballincupSetState(s, 0, bx, bz);
  return Array.from(s);
}

/** `steps` copies of one action. */
export function hold(steps: number, ux: number, uz: number): [number, number][] {
  return Array.from({ length: steps }, () => [ux, uz] as [number, number]);
}

/** A Fetch start (our 16-value state) and actions (dx, dy, dz, grip), one per control step. */
export interface FetchSequence {
  name: string;
  doc: string;
  start: readonly number[];
  actions: readonly (readonly [number, number, number, number])[];
}

/** Block and gripper disagreement of one Fetch sequence. */
export interface FetchAgreement {
  name: string;
  steps: number;
  /** RMS over control steps of |block_ours − block_mujoco| (m, 3-D centre). */
  rmsErrorM: number;
  maxErrorM: number;
  /** RMS of |grip_ours − grip_mujoco| (m). */
  gripperRmsErrorM: number;
  /** Block displacement over the sequence on each simulator (m), for scale. */
  blockTravelOursM: number;
  blockTravelMujocoM: number;
  /** Final yaw (rad) on each. */
  yawOursRad: number;
  yawMujocoRad: number;
}

/** Runs a sequence on our Fetch push (true parameters) and on `mj`. */
export function compareFetch(seq: FetchSequence, mj: MjFetch): FetchAgreement {
  const ours = Float64Array.from(seq.start);
  const theirs = new Float64Array(16);
  const params = Float64Array.from(FETCH_TRUE_PARAMS);
  const a = new Float64Array(4);
  mj.setState(ours, 0);
  let sq = 0;
  let gsq = 0;
  let max = 0;
  for (const act of seq.actions) {
    a.set(act);
    fetchPush.step(ours, a, params, 0, 1);
    mj.control(act[0], act[1], act[2]);
    mj.getState(theirs, 0);
    const e = Math.hypot(ours[6] - theirs[6], ours[7] - theirs[7], ours[8] - theirs[8]);
    const eg = Math.hypot(ours[0] - theirs[0], ours[1] - theirs[1], ours[2] - theirs[2]);
    sq += e * e;
    gsq += eg * eg;
    max = Math.max(max, e);
  }
  const n = seq.actions.length;
  const travel = (s: Float64Array) => Math.hypot(s[6] - seq.start[6], s[7] - seq.start[7]);
  return {
    name: seq.name,
    steps: n,
    rmsErrorM: Math.sqrt(sq / n),
    maxErrorM: max,
    gripperRmsErrorM: Math.sqrt(gsq / n),
    blockTravelOursM: travel(ours),
    blockTravelMujocoM: travel(theirs),
    yawOursRad: ours[9],
    yawMujocoRad: theirs[9],
  };
}
