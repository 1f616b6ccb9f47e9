/**
 * Scripted arm poses for the Franka task: damped least-squares inverse
 * kinematics to a hand pose, and the hook grip on the drawer handle. Tests use
 * them to put the arm where the physics matters (hooked and pulling); the
 * physics bench uses the hooked state to time the contact solver under load.
 * Not used by the agents, which never see the drawer's geometry this way.
 */
import { franka, HANDLE_Z } from './franka';
import {
  FRANKA_DOF,
  FRANKA_FRAME_STRIDE,
  FRANKA_FRAMES,
  FRANKA_HAND_FRAME,
  FRANKA_HOME,
  FRANKA_Q_HIGH,
  FRANKA_Q_LOW,
  frankaForwardKinematics,
} from './franka-kinematics';

const frames = new Float64Array(FRANKA_FRAMES * FRANKA_FRAME_STRIDE);

/** [ee (hand z 0.1) (3), hand z axis (3), hand y axis (3)] for joint angles q. */
export function handFeatures(q: ArrayLike<number>): number[] {
  frankaForwardKinematics(q, 0, frames);
  const f = FRANKA_FRAME_STRIDE * FRANKA_HAND_FRAME;
  return [
    frames[f] + 0.1 * frames[f + 5],
    frames[f + 1] + 0.1 * frames[f + 8],
    frames[f + 2] + 0.1 * frames[f + 11],
    frames[f + 5],
    frames[f + 8],
    frames[f + 11],
    frames[f + 4],
    frames[f + 7],
    frames[f + 10],
  ];
}

/**
 * Joint angles whose handFeatures approach `target`, from q0: 200 damped
 * least-squares steps (damping 1e-3) on a finite-difference Jacobian, each
 * clamped to the joint limits.
 */
export function frankaIk(target: readonly number[], q0: ArrayLike<number>): number[] {
  const q = Array.from(q0);
  for (let it = 0; it < 200; it++) {
    const f0 = handFeatures(q);
    const e = target.map((v, i) => v - f0[i]);
    const J: number[][] = [];
    for (let j = 0; j < FRANKA_DOF; j++) {
      const q2 = q.slice();
      q2[j] += 1e-6;
      J.push(handFeatures(q2).map((v, i) => (v - f0[i]) / 1e-6));
    }
    // Normal equations (JᵀJ + 1e-3 I) dq = Jᵀe, solved by Gauss–Jordan on the augmented 7×8 matrix.
    const M = J.map((a, i) => [
      ...J.map((b, j) => a.reduce((s, v, r) => s + v * b[r], 0) + (i === j ? 1e-3 : 0)),
      a.reduce((s, v, r) => s + v * e[r], 0),
    ]);
    for (let i = 0; i < FRANKA_DOF; i++) {
      const piv = M[i][i];
      for (let c = i; c <= FRANKA_DOF; c++) M[i][c] /= piv;
      for (let k = 0; k < FRANKA_DOF; k++) {
        if (k === i) continue;
        const f = M[k][i];
        for (let c = i; c <= FRANKA_DOF; c++) M[k][c] -= f * M[i][c];
      }
    }
    for (let j = 0; j < FRANKA_DOF; j++)
      q[j] = Math.min(FRANKA_Q_HIGH[j], Math.max(FRANKA_Q_LOW[j], q[j] + M[j][FRANKA_DOF]));
  }
  return q;
}

/** The hook grip's hand tilt: fingertips forward-down, palm clear of the drawer front. */
const TILT = Math.PI / 6;

/** Hand-pose target of the hook grip at ee position (x, 0, z): fingers opening along the bar (hand y = world y). */
export const gripPose = (x: number, z: number): number[] => [x, 0, z, Math.sin(TILT), 0, -Math.cos(TILT), 0, 1, 0];

/** End-effector x of the hook grip: fingertips in the pocket behind the closed bar (at x 0.72). */
export const HOOK_X = 0.75;

/** A Franka state (drawer closed, at rest) with the hand hooked behind the handle. */
export function hookedState(): Float64Array {
  const s = new Float64Array(franka.stateDim);
  s.set(frankaIk(gripPose(HOOK_X, HANDLE_Z), FRANKA_HOME));
  return s;
}
