/**
 * Franka drawer-open (paper §4, after Chebotar et al. 2019): a velocity-
 * controlled 7-DOF Panda must hook a drawer's handle with a finger and pull
 * the drawer to a target opening.
 *
 * Arm. Kinematics from panda.xml (franka-kinematics.ts). Each joint j is a
 * velocity servo on a constant effective inertia I_j (the diagonal of the
 * joint-space mass matrix at the home keyframe from panda.xml's inertials, plus
 * the 0.1 armature); gravity and the off-diagonal coupling are taken as
 * compensated by the robot's controller, as on a real Panda:
 *   I_j q̈_j = k_j (u_j − q̇_j) − b q̇_j − f·sgn(q̇_j) + (Jᵀ F_contact)_j,
 * u_j the commanded velocity (the action, within the Panda's velocity limits),
 * k_j the servo gain (8.7 N·m·s/rad on joints 1–4, 1.2 on 5–7: 0.1 s × the
 * torque limit 87 / 12 N·m), b the joint damping (N·m·s/rad) and f the
 * friction loss (N·m) — the biased parameters. Per substep h the servo,
 * damping and dry friction are integrated implicitly (exact for the set-valued
 * friction law):
 *   A = I q̇ + h k u,  q̇' = 0 if |A| ≤ h f, else (A − h f sgn A) / (I + h (k + b)),
 * so the steady speed is k u/(k + b) beyond a dead band |u| ≤ f/k. With the
 * true b = f = 0.1 the wrist tracks 92 % of the command; the biased model's
 * b, f ∈ [0, 1.01] make that 54–100 % with a dead band up to 0.84 rad/s.
 * Then q += h q̇', clamped to panda.xml's ranges.
 *
 * Drawer. A 1.664 kg body (mjx_cabinet's handle + front plate at density
 * 1000) on a prismatic joint along −x (opening toward the robot), opening
 * d ∈ [0, 0.35] m, damping b_d (N·s/m) and friction loss f_d (N), integrated
 * the same implicit way. Front plate x = 0.77 − d, |y| ≤ 0.2, z ∈ [0.4, 0.6];
 * handle bar: capsule along y, half-length 0.08, radius 0.01, axis 0.05 in
 * front of the plate at z = 0.5 (a 3 cm clear gap), held by two posts (the
 * pocket behind the bar opens only upward and downward). Cabinet carcass: the
 * box x ≥ 0.77, z ≤ 0.65. Floor z = 0.
 *
 * Contact. The hand is 3 palm spheres (r 0.04, on panda.xml's hand capsule)
 * and 2 spheres per finger (r 0.01; fingers fixed fully open, as the home
 * keyframe); flange, wrist and elbow are spheres of r 0.05–0.07. Spheres touch
 * the floor, the carcass, the front plate (one-sided: it only resists motion
 * toward the cabinet) and the handle bar and posts (sphere vs capsule).
 * Contacts are unilateral with Coulomb friction μ = 1 (mjx_cabinet's value),
 * solved at velocity level by sequential impulses with speculative margins
 * (no tunnelling) over arm + drawer together with the drawer's travel limits.
 * The hand pulls the drawer open only with a finger behind the bar: a hook.
 *
 * Simplified vs a MuJoCo Panda: a constant diagonal inertia instead of
 * rigid-body arm dynamics, collision only for the listed spheres (no
 * self-collision), fingers not actuated (the paper's action is the 7 joint
 * velocities), box-approximated friction cone.
 *
 * Timing: control dt 0.04 s = 8 substeps of 0.005 s (mjx panda scene
 * timestep); 4 s episodes = 100 control steps. Start: each joint uniform
 * within ±0.8 rad of the home keyframe (clamped to its range), at rest;
 * drawer closed and at rest. (The 40 eval starts of seed 1 put no contact
 * sphere into the floor, the cabinet or the front; a start that did would be
 * pushed out by the contact solver's Baumgarte term.)
 *
 * Start spread and the horizon ordering. The paper randomises the
 * arm configuration every episode. A spread of ±0.4 rad put every start 10–40 cm
 * in front of the handle, from where following the reach cost's gradient drops
 * a fingertip over the bar into the pocket, so a short horizon needed no
 * lookahead (seed 1, 40 episodes: MPPI H10 BIASED 0.70 vs H64 TRUE 0.275).
 * ±0.8 rad starts the hand farther away, lower, higher and turned, so more
 * greedy approaches end in the local minimum of a near-vertical hand with its
 * fingers on or against the front of the bar.
 *
 * Known gap: the paper's ordering (MPPI H10 on the biased model far below H64
 * on the true model) does not hold. At ±0.8 rad, seed 1, 40 episodes:
 * H10 true 21/40, H10 biased 15/40, H64 true 12/40, H64 biased 6/40 — the bias
 * costs successes at both horizons, but H64 with one iteration of 36 samples
 * over 64 × 7 actions plans worse than H10 (it hooks late and often ends outside
 * the 1 cm band; docs/results-tasks.md has the numbers and a measured cause).
 * Unmeasured ideas: a realistic finger/palm shape, a hook test that counts a
 * finger only below the bar's top.
 *
 * State  [0..6] q (rad)  [7..13] q̇ (rad/s)  [14] d drawer opening (m)  [15] ḋ (m/s)
 * Params [0] arm joint damping b (N·m·s/rad)  [1] arm joint friction loss f (N·m)
 *        [2] drawer damping b_d (N·s/m)  [3] drawer friction loss f_d (N)
 *        (b and f are shared by the 7 arm joints, as a MuJoCo default class sets them)
 *
 * Obs (39, paper App. B, then filled):
 *   idx      quantity                                   unit
 *   0..2     ee position (world)                        m
 *   3..5     handle site position                       m
 *   6..8     handle − ee                                m
 *   9..11    ee linear velocity                         m/s
 *   12..14   handle velocity                            m/s
 *   15..18   ee quaternion (w, x, y, z), w ≥ 0          –
 *   19..22   handle grip quaternion (constant)          –
 *   23       drawer displacement d                      m
 *   24       distance ee–handle site                    m
 *   25       quaternion distance 1 − ⟨q_ee, q_h⟩²       – (0..1)
 *   26       angular distance                           rad
 *   27..33   joint positions q                          rad
 *   34..36   ee angular velocity                        rad/s
 *   37       hooked flag                                0/1
 *   38       target opening − d                         m
 * "ee" is the point between the fingertips (hand z = 0.1, mjx_panda's
 * `gripper` site). "Handle site" is the grip point for a hook: 0.03 behind
 * the bar's axis (the middle of the pocket), at the bar's height, moving
 * with the drawer. The handle grip frame has the hand's z pointing down and
 * the fingers opening along the bar; the gripper is symmetric under a
 * half-turn about its axis, so the distances take the nearer of the two.
 *
 * Cost (Table 3), c = Σ w_k term_k with H = hooked ∈ {0, 1}:
 *   reach   (1 − H)·d(ee, handle site)   m     weight 1
 *   orient  (1 − H)·angle(ee, grip)      rad   weight 0.08
 *   hooked  H                            –     weight −1
 *   drawer  H·|d − d*|/d*                –     weight 1
 * i.e. d + 0.08·ang while approaching, −1 + d_drawer/d_max once hooked, with
 * d_drawer = |d − d*| the drawer's distance to the target opening d* = 0.2 m
 * and d_max = d* that distance when closed. Hooked ⇔ a finger sphere's centre
 * lies in the pocket (x between the bar's back and the plate, |y| ≤ bar
 * half-length, |z − z_bar| < r_bar + r_finger).
 * Success ('final'): |d − d*| < 0.01 m at the episode's last state.
 */
import type { RandomStream } from '../rng';
import { scaledBox, type TaskSpec } from '../task';
import {
  FRANKA_BODY_POS,
  FRANKA_DOF,
  FRANKA_FRAMES,
  FRANKA_FRAME_STRIDE,
  FRANKA_HAND_FRAME,
  FRANKA_HOME,
  FRANKA_QD_MAX,
  FRANKA_Q_HIGH,
  FRANKA_Q_LOW,
  frankaForwardKinematics,
  matToQuat,
} from './franka-kinematics';

// ---- timing ----
const DT = 0.04;
const SUBSTEPS = 8;
const H = DT / SUBSTEPS;

// ---- arm ----
/**
 * Effective joint inertia I_j (kg·m²): the diagonal of the arm's joint-space
 * mass matrix at the home keyframe, from panda.xml's link masses, centres of
 * mass and inertia tensors (hand + fingers lumped, 0.76 kg), plus the joint
 * armature 0.1. Held constant over the configuration.
 */
export const FRANKA_JOINT_INERTIA: readonly number[] = [1.509, 2.795, 1.471, 1.058, 0.144, 0.154, 0.107];
/** Velocity-servo gain k_v (N·m·s/rad) per joint: 0.1 s × the joint's torque limit (panda.xml forcerange 87 / 12 N·m). */
export const FRANKA_SERVO_GAIN: readonly number[] = [8.7, 8.7, 8.7, 8.7, 1.2, 1.2, 1.2];

// ---- drawer / cabinet layout (m) ----
/** Drawer mass (kg). */
export const DRAWER_MASS = 1.664;
/** x of the drawer's front face when closed; also the cabinet carcass plane. */
export const DRAWER_FACE_X = 0.77;
/** Height of the cabinet's top (the carcass is the box x ≥ DRAWER_FACE_X, z ≤ this). */
export const CABINET_TOP_Z = 0.65;
/** Front plate: half-width in y, z range, thickness. */
export const DRAWER_FRONT_HALF_WIDTH = 0.2;
export const DRAWER_FRONT_Z_LOW = 0.4;
export const DRAWER_FRONT_Z_HIGH = 0.6;
export const DRAWER_FRONT_THICKNESS = 0.02;
/** Handle bar: distance of its axis in front of the plate, height, half-length, radius. */
export const HANDLE_STANDOFF = 0.05;
export const HANDLE_Z = 0.5;
export const HANDLE_HALF_LENGTH = 0.08;
export const HANDLE_RADIUS = 0.01;
/** The handle site (the grip point for a hook): this far behind the bar's axis, toward the plate. */
export const HANDLE_SITE_OFFSET = 0.03;
/** Drawer travel (m): opening d ∈ [0, DRAWER_MAX_OPEN]. */
export const DRAWER_MAX_OPEN = 0.35;
/** Target opening d* (m) and success tolerance (m). */
export const DRAWER_TARGET_OPEN = 0.2;
export const DRAWER_SUCCESS_TOL = 0.01;
/** Hand-frame position of the end-effector point (gripper site). */
export const FRANKA_EE_LOCAL: readonly number[] = [0, 0, 0.1];
/** Half-width (rad) of the uniform start perturbation around the home keyframe. */
export const FRANKA_INIT_SPREAD_RAD = 0.8;

/**
 * Contact spheres: frame index (franka-kinematics frames), local x, y, z (m), radius (m).
 * Frame k moves with joints 0..k.
 */
export const FRANKA_SPHERES: readonly number[] = [
  7,
  0,
  -0.06,
  0.03,
  0.04, // palm
  7,
  0,
  0,
  0.03,
  0.04,
  7,
  0,
  0.06,
  0.03,
  0.04,
  7,
  0,
  0.05,
  0.075,
  0.01, // left finger
  7,
  0,
  0.05,
  0.1,
  0.01,
  7,
  0,
  -0.05,
  0.075,
  0.01, // right finger
  7,
  0,
  -0.05,
  0.1,
  0.01,
  6,
  0,
  0,
  0,
  0.05, // flange (link7 origin)
  5,
  0,
  0,
  0,
  0.06, // wrist (link6 origin)
  3,
  0,
  0,
  0,
  0.07, // elbow (link4 origin)
];
export const N_SPHERES = FRANKA_SPHERES.length / 5;
/** First and last+1 sphere index of the finger spheres (used by the hook test). */
export const FINGER_FIRST = 3;
export const FINGER_END = 7;

// ---- contact solver (exported, like the sphere table, for the WGSL port compute/gpu/frankaWgsl.ts) ----
export const SOLVER_ITERS = 6;
/** Coulomb friction of hand contacts (mjx_cabinet's sliding friction 1). */
export const CONTACT_FRICTION = 1;
export const CONTACT_MARGIN = 0.02;
export const BAUMGARTE = 0.2;
export const SLOP = 0.0005;
export const MAX_CONTACTS = N_SPHERES * 6 + 2;
/** Slack (m) of the contact culling's bounds, far above rounding and far below any contact distance. */
const CULL_SLACK = 1e-9;
let shortcuts = true;
/**
 * Turns the solver's shortcuts off or on (for the test that they change no bit of any step): the contact
 * culling (drawer and handle tests skipped out of their reach), the kinematics and contact detection
 * skipped in substeps where no sphere can have come within the margin of anything since the last
 * detection, a contact's normal row filled only once the joint and drawer speeds could close its gap
 * within the substep (before that its impulse stays 0), friction rows filled only once their contact's
 * normal impulse is positive (before that they cannot change an impulse), and each row's last kinematics
 * kept for the step that follows its cost.
 */
export function setFrankaSolverShortcuts(on: boolean): void {
  shortcuts = on;
}

/**
 * For tests of the normal-row shortcut: while `on`, the solver fills every normal row it bounds and
 * counts the rows the bound left idle (`idle`) and those it let through (`filled`), and the largest
 * |vrel| / bound it met (`worst`; the bound holds while this stays below 1). Results are unchanged.
 */
export const normalRowAudit = { on: false, idle: 0, filled: 0, worst: 0 };

// ---- state layout ----
const S_Q = 0;
const S_QD = 7;
const S_D = 14;
const S_DD = 15;
const STATE_DIM = 16;

/** FRANKA_SPHERES by column, typed (read every substep): frame offset in `frames`, frame, local centre, radius. */
const SPHERE_FRAME_AT = Int32Array.from({ length: N_SPHERES }, (_, k) => FRANKA_FRAME_STRIDE * FRANKA_SPHERES[5 * k]);
const SPHERE_FRAME = Int32Array.from({ length: N_SPHERES }, (_, k) => FRANKA_SPHERES[5 * k]);
const SPHERE_LOCAL = Float64Array.from(
  { length: 3 * N_SPHERES },
  (_, i) => FRANKA_SPHERES[5 * ((i / 3) | 0) + 1 + (i % 3)],
);
const SPHERE_RADIUS = Float64Array.from({ length: N_SPHERES }, (_, k) => FRANKA_SPHERES[5 * k + 4]);

/**
 * A bound (m) on how far sphere k's centre moves per radian of joint j, in every configuration, at
 * [FRANKA_DOF·k + j]: its distance to joint j's axis is at most the length of the chain from frame j's
 * origin to it (the body offsets after j, then its local centre), with 1 % and 1 mm over, far above the
 * rounding of the kinematics. 0 for joints after the sphere's frame, which do not move it. The same
 * number bounds |g_j| of any solver row on the sphere (fillRow: g_j = r · (dir × a_j), |r| that distance).
 */
const SPHERE_REACH = Float64Array.from({ length: N_SPHERES * FRANKA_DOF }, (_, i) => {
  const k = (i / FRANKA_DOF) | 0;
  const j = i % FRANKA_DOF;
  const f = FRANKA_SPHERES[5 * k];
  if (f < j) return 0;
  let len = Math.hypot(FRANKA_SPHERES[5 * k + 1], FRANKA_SPHERES[5 * k + 2], FRANKA_SPHERES[5 * k + 3]);
  for (let b = j + 1; b <= f; b++)
    len += Math.hypot(FRANKA_BODY_POS[3 * b], FRANKA_BODY_POS[3 * b + 1], FRANKA_BODY_POS[3 * b + 2]);
  return len * 1.01 + 1e-3;
});

/** A bound (m) on how far any sphere centre moves per radian of joint j: the largest SPHERE_REACH of joint j. */
const JOINT_REACH = Float64Array.from({ length: FRANKA_DOF }, (_, j) => {
  let most = 0;
  for (let k = 0; k < N_SPHERES; k++) most = Math.max(most, SPHERE_REACH[FRANKA_DOF * k + j]);
  return most;
});

/** 1 plus a relative slack far above the rounding of a sum of eight products (the normal-row bound below). */
const BOUND_SLACK = 1 + 1e-9;

/**
 * The culling box of each sphere k (below, in the step), 5 values: how far it reaches in front of the
 * handle bar's axis and behind the plate's front face, its half-width in y, and its z range.
 */
const CULL_BOX = Float64Array.from({ length: 5 * N_SPHERES }, (_, i) => {
  const r = FRANKA_SPHERES[5 * ((i / 5) | 0) + 4];
  const reach = HANDLE_RADIUS + r + CONTACT_MARGIN + CULL_SLACK;
  return [
    reach,
    Math.max(reach, DRAWER_FRONT_THICKNESS + r + CULL_SLACK),
    Math.max(DRAWER_FRONT_HALF_WIDTH, HANDLE_HALF_LENGTH + reach) + CULL_SLACK,
    Math.min(DRAWER_FRONT_Z_LOW, HANDLE_Z - reach) - CULL_SLACK,
    Math.max(DRAWER_FRONT_Z_HIGH, HANDLE_Z + reach) + CULL_SLACK,
  ][i % 5];
});

/** FRANKA_JOINT_INERTIA and FRANKA_SERVO_GAIN as typed arrays (the same values; read in the step's loops). */
const JOINT_INERTIA = Float64Array.from(FRANKA_JOINT_INERTIA);
const SERVO_GAIN = Float64Array.from(FRANKA_SERVO_GAIN);
/** The seven joint inertias one by one (the solver's unrolled loops). */
const [I0, I1, I2, I3, I4, I5, I6] = FRANKA_JOINT_INERTIA;

// Module-level scratch (one row at a time, no allocation in step).
const frames = new Float64Array(FRANKA_FRAMES * FRANKA_FRAME_STRIDE);
const FRAMES_LEN = FRANKA_FRAMES * FRANKA_FRAME_STRIDE;

/**
 * Rows whose last kinematics are kept (below). Any number of rows works; past this many, rows share slots and
 * find them taken more often (the planner's and the Eq. 19 targets' rows, 36 and 64·36, fit).
 */
const KIN_CACHE_ROWS = 4096;
/** Per slot: the seven joint angles the kept frames are for (NaN: none yet; NaN never matches). */
const kinCacheQ = new Float64Array(KIN_CACHE_ROWS * FRANKA_DOF).fill(NaN);
/** Per slot: the frames computed for those angles, each slot a view of one buffer. */
const kinCacheBuffer = new Float64Array(KIN_CACHE_ROWS * FRAMES_LEN);
const kinCacheFrames = Array.from({ length: KIN_CACHE_ROWS }, (_, i) =>
  kinCacheBuffer.subarray(i * FRAMES_LEN, (i + 1) * FRAMES_LEN),
);

/**
 * The kinematics at the joint angles q[qo..qo+7) of row `row` of a batch: the frames to read (not to write).
 * MPPI scores a state (the running cost needs the kinematics at s_t) and then steps from it (the step's first
 * substep needs them at the same angles): each row's last frames are kept, with the angles they are for, so
 * the step finds them instead of computing them again. A slot is read only when all seven angles are the same
 * numbers, so what is read is what the kinematics would return. (Off with the solver's shortcuts, for the
 * test that they change no bit.)
 */
function rowKinematics(q: Float64Array, qo: number, row: number): Float64Array {
  if (!shortcuts) {
    frankaForwardKinematics(q, qo, frames);
    return frames;
  }
  const slot = row % KIN_CACHE_ROWS;
  const ko = slot * FRANKA_DOF;
  const K = kinCacheQ;
  const fr = kinCacheFrames[slot];
  if (
    K[ko] === q[qo] &&
    K[ko + 1] === q[qo + 1] &&
    K[ko + 2] === q[qo + 2] &&
    K[ko + 3] === q[qo + 3] &&
    K[ko + 4] === q[qo + 4] &&
    K[ko + 5] === q[qo + 5] &&
    K[ko + 6] === q[qo + 6]
  )
    return fr;
  frankaForwardKinematics(q, qo, fr);
  for (let j = 0; j < FRANKA_DOF; j++) K[ko + j] = q[qo + j];
  return fr;
}
const qBuf = new Float64Array(FRANKA_DOF);
const vBuf = new Float64Array(FRANKA_DOF);
/** Per joint, constant over a control step: the servo's drive h·k·u and the implicit update's denominator. */
const driveBuf = new Float64Array(FRANKA_DOF);
const denBuf = new Float64Array(FRANKA_DOF);
// Solver rows: 3 per contact (normal, two friction directions).
const cG = new Float64Array(3 * MAX_CONTACTS * FRANKA_DOF); // [row, joint]: dir · (a_j × (c − o_j))
const cNe = new Float64Array(3 * MAX_CONTACTS); // [row]: coupling to the drawer's velocity
const cInvK = new Float64Array(3 * MAX_CONTACTS); // [row]: 1 / effective inverse mass
const cP = new Float64Array(3 * MAX_CONTACTS); // [row]: accumulated impulse
const cBias = new Float64Array(MAX_CONTACTS); // [contact]: target normal velocity
const cMu = new Float64Array(MAX_CONTACTS); // [contact]: friction coefficient
// What a contact's friction rows are made from, for filling them when first needed (fillFriction).
const cAt = new Float64Array(3 * MAX_CONTACTS); // [contact]: the sphere's centre
const cNormal = new Float64Array(3 * MAX_CONTACTS); // [contact]: the normal
const cMoving = new Float64Array(MAX_CONTACTS); // [contact]: 1 on the drawer, 0 static
const cLast = new Int32Array(MAX_CONTACTS); // [contact]: the last joint moving the sphere (its frame)
const cSphere = new Int32Array(MAX_CONTACTS); // [contact]: the sphere (its SPHERE_REACH bounds)
const cFilled = new Uint8Array(MAX_CONTACTS); // [contact]: 1 once the normal row is filled
const cFriction = new Uint8Array(MAX_CONTACTS); // [contact]: 1 once the friction rows are filled
// The drawer's two travel limits (opening ≥ 0, ≤ DRAWER_MAX_OPEN): accumulated impulse and target speed.
const limP = new Float64Array(2);
const limBias = new Float64Array(2);
const sph = new Float64Array(3);
const quatScratch = new Float64Array(4);

/**
 * The handle frame's rotation (row-major): the hook grip, hand z pointing down
 * and the fingers opening along the bar (world y). The gripper is symmetric
 * under a half-turn about its axis, so the angular distance takes the nearer
 * of this frame and its half-turn (HANDLE_ROT_FLIP).
 */
export const HANDLE_ROT: readonly number[] = [-1, 0, 0, 0, 1, 0, 0, 0, -1];
export const HANDLE_ROT_FLIP: readonly number[] = [1, 0, 0, 0, -1, 0, 0, 0, -1];

/** World position of sphere k for the frames in `fr`, into sph. */
function spherePos(fr: Float64Array, k: number): void {
  const f = SPHERE_FRAME_AT[k];
  const lx = SPHERE_LOCAL[3 * k];
  const ly = SPHERE_LOCAL[3 * k + 1];
  const lz = SPHERE_LOCAL[3 * k + 2];
  sph[0] = fr[f] + fr[f + 3] * lx + fr[f + 4] * ly + fr[f + 5] * lz;
  sph[1] = fr[f + 1] + fr[f + 6] * lx + fr[f + 7] * ly + fr[f + 8] * lz;
  sph[2] = fr[f + 2] + fr[f + 9] * lx + fr[f + 10] * ly + fr[f + 11] * lz;
}

/** Fills solver row `row`: the joint couplings g_j = (c − o_j) · (dir × a_j) of point c along dir, the drawer coupling ne, 1/K. */
function fillRow(
  fr: Float64Array,
  last: number,
  cx: number,
  cy: number,
  cz: number,
  nx: number,
  ny: number,
  nz: number,
  ne: number,
  row: number,
): void {
  let kInv = (ne * ne) / DRAWER_MASS;
  const g = row * FRANKA_DOF;
  for (let j = 0; j < FRANKA_DOF; j++) {
    let gj = 0;
    if (j <= last) {
      const f = FRANKA_FRAME_STRIDE * j;
      // axis a = z column of frame j, origin o
      const ax = fr[f + 5];
      const ay = fr[f + 8];
      const az = fr[f + 11];
      const rx = cx - fr[f];
      const ry = cy - fr[f + 1];
      const rz = cz - fr[f + 2];
      gj = rx * (ny * az - nz * ay) + ry * (nz * ax - nx * az) + rz * (nx * ay - ny * ax);
    }
    cG[g + j] = gj;
    kInv += (gj * gj) / JOINT_INERTIA[j];
  }
  cNe[row] = ne;
  cInvK[row] = kInv > 1e-12 ? 1 / kInv : 0;
  cP[row] = 0;
}

/**
 * The numbers addContact takes besides the sphere's centre (in sph): normal nx, ny, nz, gap, moving.
 * Module scratch, not arguments: V8 does not inline these calls into the long step function, and numbers
 * passed to a call that is not inlined are boxed on the heap (a garbage collection every few milliseconds).
 */
const CONTACT = new Float64Array(5);

/**
 * Adds a contact on sphere k (frames fr, centre c in sph) with the numbers in
 * CONTACT: normal n (pointing from the obstacle to the sphere) and signed gap
 * (m, < 0 when penetrating): one normal row and two friction rows. `moving` is 1 for
 * obstacles on the drawer (their velocity is ḋ·e, e = −x) and 0 for static
 * ones. Returns the new count. With the shortcuts on, the rows are filled when
 * the solver first needs them: the normal row by fillNormal, the friction rows
 * by fillFriction.
 */
function addContact(fr: Float64Array, k: number, nc: number): number {
  const cx = sph[0];
  const cy = sph[1];
  const cz = sph[2];
  const nx = CONTACT[0];
  const ny = CONTACT[1];
  const nz = CONTACT[2];
  const moving = CONTACT[4];
  const last = SPHERE_FRAME[k];
  cAt[3 * nc] = cx;
  cAt[3 * nc + 1] = cy;
  cAt[3 * nc + 2] = cz;
  cNormal[3 * nc] = nx;
  cNormal[3 * nc + 1] = ny;
  cNormal[3 * nc + 2] = nz;
  cMoving[nc] = moving;
  cLast[nc] = last;
  cSphere[nc] = k;
  cP[3 * nc] = 0;
  cP[3 * nc + 1] = 0;
  cP[3 * nc + 2] = 0;
  cFilled[nc] = 0;
  cFriction[nc] = 0;
  if (!shortcuts) {
    fillNormal(fr, nc);
    fillFriction(fr, nc);
  }
  cBias[nc] = gapBias(CONTACT[3]);
  cMu[nc] = CONTACT_FRICTION;
  return nc + 1;
}

/** Fills contact c's normal row (along n, from the obstacle to the sphere). */
function fillNormal(fr: Float64Array, c: number): void {
  const nx = cNormal[3 * c];
  fillRow(
    fr,
    cLast[c],
    cAt[3 * c],
    cAt[3 * c + 1],
    cAt[3 * c + 2],
    nx,
    cNormal[3 * c + 1],
    cNormal[3 * c + 2],
    -nx * cMoving[c],
    3 * c,
  );
  cFilled[c] = 1;
}

/** normalRowAudit's count for contact c's unfilled normal row at drawer speed w and joint speeds v0…v6. */
function auditNormalRow(fr: Float64Array, c: number, bound: number, idle: boolean, w: number, ...v: number[]): void {
  fillNormal(fr, c);
  const g = 3 * c * FRANKA_DOF;
  let vrel = -cNe[3 * c] * w;
  for (let j = 0; j < FRANKA_DOF; j++) vrel += cG[g + j] * v[j];
  const ratio = bound > 0 ? Math.abs(vrel) / bound : vrel === 0 ? 0 : Infinity;
  normalRowAudit.worst = Math.max(normalRowAudit.worst, ratio);
  if (idle) {
    normalRowAudit.idle++;
    cFilled[c] = 0;
  } else normalRowAudit.filled++;
}

/** Fills contact c's two friction rows: tangents t1 = n × (x̂ or ŷ), normalised, and t2 = n × t1. */
function fillFriction(fr: Float64Array, c: number): void {
  const cx = cAt[3 * c];
  const cy = cAt[3 * c + 1];
  const cz = cAt[3 * c + 2];
  const nx = cNormal[3 * c];
  const ny = cNormal[3 * c + 1];
  const nz = cNormal[3 * c + 2];
  const moving = cMoving[c];
  const last = cLast[c];
  let t1x = 0;
  let t1y = nz;
  let t1z = -ny;
  if (nx * nx > 0.8) {
    t1x = -nz;
    t1y = 0;
    t1z = nx;
  }
  const tn = 1 / Math.sqrt(t1x * t1x + t1y * t1y + t1z * t1z);
  t1x *= tn;
  t1y *= tn;
  t1z *= tn;
  const t2x = ny * t1z - nz * t1y;
  const t2y = nz * t1x - nx * t1z;
  const t2z = nx * t1y - ny * t1x;
  fillRow(fr, last, cx, cy, cz, t1x, t1y, t1z, -t1x * moving, 3 * c + 1);
  fillRow(fr, last, cx, cy, cz, t2x, t2y, t2z, -t2x * moving, 3 * c + 2);
  cFriction[c] = 1;
}

/** The target normal speed of a constraint at this gap: an approach may close the gap; a penetration is pushed out. */
function gapBias(gap: number): number {
  return gap >= 0 ? -gap / H : (BAUMGARTE * Math.max(0, -gap - SLOP)) / H;
}

/** True when a finger sphere's centre is in the pocket between the handle bar and the front plate. */
export function frankaHooked(fr: Float64Array, drawerOpenM: number): boolean {
  const xFront = DRAWER_FACE_X - drawerOpenM;
  const xBar = xFront - HANDLE_STANDOFF;
  for (let k = FINGER_FIRST; k < FINGER_END; k++) {
    spherePos(fr, k);
    const r = SPHERE_RADIUS[k];
    if (
      sph[0] > xBar + HANDLE_RADIUS &&
      sph[0] < xFront &&
      Math.abs(sph[1]) <= HANDLE_HALF_LENGTH &&
      Math.abs(sph[2] - HANDLE_Z) < HANDLE_RADIUS + r
    ) {
      return true;
    }
  }
  return false;
}

/** World position (m) of the end-effector point for the frames in `fr`, into out at oo. */
export function frankaEePosition(fr: Float64Array, out: Float64Array | Float32Array, oo: number): void {
  const f = FRANKA_FRAME_STRIDE * FRANKA_HAND_FRAME;
  const lz = FRANKA_EE_LOCAL[2];
  out[oo] = fr[f] + fr[f + 5] * lz;
  out[oo + 1] = fr[f + 1] + fr[f + 8] * lz;
  out[oo + 2] = fr[f + 2] + fr[f + 11] * lz;
}

/** Angle (rad) of the rotation between the hand frame in `fr` and the handle frame. */
export function frankaAngularDistance(fr: Float64Array): number {
  const f = FRANKA_FRAME_STRIDE * FRANKA_HAND_FRAME + 3;
  let tr = 0;
  let trFlip = 0;
  for (let i = 0; i < 9; i++) {
    tr += fr[f + i] * HANDLE_ROT[i];
    trFlip += fr[f + i] * HANDLE_ROT_FLIP[i];
  }
  let c = 0.5 * ((tr > trFlip ? tr : trFlip) - 1);
  c = c < -1 ? -1 : c > 1 ? 1 : c;
  return Math.acos(c);
}

/** Advances one row (state at so, action at ao, params at po) by one control step. */
function stepRow(st: Float64Array, so: number, act: Float64Array, ao: number, prm: Float64Array, po: number): void {
  // The module's scratch and constants as locals: loaded once here, not at every use in the loops.
  const G = cG;
  const Ne = cNe;
  const InvK = cInvK;
  const P = cP;
  const Bias = cBias;
  const Mu = cMu;
  const V = vBuf;
  const Q = qBuf;
  const Drive = driveBuf;
  const Den = denBuf;
  const Fric = cFriction;
  const Filled = cFilled;
  const Sphere = cSphere;
  const Reach = SPHERE_REACH;
  const LimP = limP;
  const LimBias = limBias;
  const I_J = JOINT_INERTIA;
  const K_J = SERVO_GAIN;
  const bJ = prm[po] > 0 ? prm[po] : 0;
  const fJ = prm[po + 1] > 0 ? prm[po + 1] : 0;
  const bD = prm[po + 2] > 0 ? prm[po + 2] : 0;
  const fD = prm[po + 3] > 0 ? prm[po + 3] : 0;
  for (let j = 0; j < FRANKA_DOF; j++) {
    Q[j] = st[so + S_Q + j];
    V[j] = st[so + S_QD + j];
    const lim = FRANKA_QD_MAX[j];
    let u = act[ao + j];
    u = u < -lim ? -lim : u > lim ? lim : u === u ? u : 0;
    Drive[j] = H * K_J[j] * u;
    Den[j] = I_J[j] + H * (K_J[j] + bJ);
  }
  let d = st[so + S_D];
  let w = st[so + S_DD];
  const jointFric = H * fJ;
  const drawerDen = DRAWER_MASS + H * bD;
  const drawerFric = H * fD;
  const dMax = +DRAWER_MAX_OPEN;

  // How far the spheres may move before a contact is possible (from the last detection), and a bound on
  // how far they and the drawer have moved since.
  let clearance = 0;
  let travelled = 0;
  // The frames of the last detection.
  let fr: Float64Array = frames;
  for (let s = 0; s < SUBSTEPS; s++) {
    // 1. Servo, damping and dry friction, implicit.
    for (let j = 0; j < FRANKA_DOF; j++) {
      const A = I_J[j] * V[j] + Drive[j];
      const den = Den[j];
      V[j] = A > jointFric ? (A - jointFric) / den : A < -jointFric ? (A + jointFric) / den : 0;
    }
    {
      const A = DRAWER_MASS * w;
      w = A > drawerFric ? (A - drawerFric) / drawerDen : A < -drawerFric ? (A + drawerFric) / drawerDen : 0;
    }

    // 2. Kinematics at the current configuration, and 3. contact detection (speculative: gaps below
    // CONTACT_MARGIN). When the last detection found every sphere at least `clearance` from making a
    // contact and the spheres and the drawer have moved less than that since, there is no contact now:
    // both are skipped (the kinematics serve only the contacts).
    let nc = 0;
    const detect = !shortcuts || s === 0 || !(travelled + CULL_SLACK < clearance);
    // The first substep's angles are the state's, which the running cost has usually just seen.
    if (s === 0) fr = rowKinematics(st, so + S_Q, (so / STATE_DIM) | 0);
    else if (detect) {
      frankaForwardKinematics(Q, 0, frames);
      fr = frames;
    }
    const xFront = DRAWER_FACE_X - d;
    const xBar = xFront - HANDLE_STANDOFF;
    if (detect) {
      travelled = 0;
      clearance = Infinity;
    }
    for (let k = 0; detect && k < N_SPHERES; k++) {
      spherePos(fr, k);
      const cx = sph[0];
      const cy = sph[1];
      const cz = sph[2];
      const r = SPHERE_RADIUS[k];
      // floor z = 0
      const gFloor = cz - r;
      // How far this sphere may move before a test below could find a contact: each gap is a signed
      // distance (1-Lipschitz in the centre), a contact needs it below the margin.
      let clear = gFloor - CONTACT_MARGIN;
      if (gFloor < CONTACT_MARGIN) {
        CONTACT[0] = 0;
        CONTACT[1] = 0;
        CONTACT[2] = 1;
        CONTACT[3] = gFloor;
        CONTACT[4] = 0;
        nc = addContact(fr, k, nc);
      }
      // cabinet carcass: x ≥ DRAWER_FACE_X, z ≤ CABINET_TOP_Z (sphere vs the box's edge in x–z)
      {
        const ex = cx - DRAWER_FACE_X;
        const ez = cz - CABINET_TOP_Z;
        let nx = -1;
        let nz = 0;
        let gap = -ex - r;
        if (ex > 0 && ez > 0) {
          nx = 0;
          nz = 1;
          gap = ez - r;
        } else if (ex <= 0 && ez > 0) {
          const dist = Math.sqrt(ex * ex + ez * ez);
          nx = ex / dist;
          nz = ez / dist;
          gap = dist - r;
        } else if (ex > 0 && -ez < ex) {
          nx = 0;
          nz = 1;
          gap = ez - r;
        }
        clear = Math.min(clear, gap - CONTACT_MARGIN);
        if (gap < CONTACT_MARGIN) {
          CONTACT[0] = nx;
          CONTACT[1] = 0;
          CONTACT[2] = nz;
          CONTACT[3] = gap;
          CONTACT[4] = 0;
          nc = addContact(fr, k, nc);
        }
      }
      // The drawer's parts (front plate, handle bar, the bar's two posts) all lie in the box
      // x ∈ [xBar − HANDLE_RADIUS, xFront + DRAWER_FRONT_THICKNESS], |y| ≤ DRAWER_FRONT_HALF_WIDTH,
      // z ∈ [DRAWER_FRONT_Z_LOW, DRAWER_FRONT_Z_HIGH]. A sphere whose centre is farther than its radius plus
      // the margin from their reach (below, with 1 nm to spare for rounding) cannot make a contact with any
      // of them, so their tests are skipped: the same contacts, and most spheres, most of the time, far away.
      // The distance to that box is how far the sphere may move (or the drawer open) before they can.
      // (The box's extent per sphere is in CULL_BOX.)
      const boxX0 = xBar - CULL_BOX[5 * k];
      const boxX1 = xFront + CULL_BOX[5 * k + 1];
      const boxY = CULL_BOX[5 * k + 2];
      const boxZ0 = CULL_BOX[5 * k + 3];
      const boxZ1 = CULL_BOX[5 * k + 4];
      const ay = Math.abs(cy);
      const inBox = cx > boxX0 && cx < boxX1 && ay < boxY && cz > boxZ0 && cz < boxZ1;
      // Outside, the largest of the distances along x, y and z is at most the distance to the box.
      const toBox = inBox ? -1 : Math.max(boxX0 - cx, cx - boxX1, ay - boxY, boxZ0 - cz, cz - boxZ1);
      clearance = Math.min(clearance, clear, toBox);
      if (!shortcuts || inBox) {
        // drawer front plate (one-sided, normal −x), only where the sphere's centre is over the plate
        if (
          cy >= -DRAWER_FRONT_HALF_WIDTH &&
          cy <= DRAWER_FRONT_HALF_WIDTH &&
          cz >= DRAWER_FRONT_Z_LOW &&
          cz <= DRAWER_FRONT_Z_HIGH &&
          cx < xFront + DRAWER_FRONT_THICKNESS + r
        ) {
          const gFront = xFront - (cx + r);
          if (gFront < CONTACT_MARGIN) {
            CONTACT[0] = -1;
            CONTACT[1] = 0;
            CONTACT[2] = 0;
            CONTACT[3] = gFront;
            CONTACT[4] = 1;
            nc = addContact(fr, k, nc);
          }
        }
        // The handle's capsules of radius HANDLE_RADIUS, each as its axis point closest to the centre
        // (px, py, HANDLE_Z): the bar (along y at x = xBar), then its posts at y = −L and y = +L (along x
        // from the bar to the plate). The handle moves with the drawer, so ne = n · e = −n_x.
        for (let part = 0; part < 3; part++) {
          // Math.min/max: the same value as cy < −L ? −L : cy > L ? L : cy, kept an unboxed double by V8.
          const px = part === 0 ? xBar : cx < xBar ? xBar : cx > xFront ? xFront : cx;
          const py =
            part === 0
              ? Math.min(Math.max(cy, -HANDLE_HALF_LENGTH), HANDLE_HALF_LENGTH)
              : (part === 1 ? -1 : 1) * HANDLE_HALF_LENGTH;
          const dx = cx - px;
          const dy = cy - py;
          const dz = cz - HANDLE_Z;
          const dist2 = dx * dx + dy * dy + dz * dz;
          const capReach = HANDLE_RADIUS + r + CONTACT_MARGIN;
          if (dist2 >= capReach * capReach) continue;
          const dist = Math.sqrt(dist2);
          let nx = -1;
          let ny = 0;
          let nz = 0;
          if (dist > 1e-9) {
            nx = dx / dist;
            ny = dy / dist;
            nz = dz / dist;
          }
          CONTACT[0] = nx;
          CONTACT[1] = ny;
          CONTACT[2] = nz;
          CONTACT[3] = dist - HANDLE_RADIUS - r;
          CONTACT[4] = 1;
          nc = addContact(fr, k, nc);
        }
      }
    }
    // The drawer's travel limits: ḋ ≥ bias at the closed end (ne = −1), −ḋ ≥ bias at the open end
    // (ne = +1). Each is one row with no joint coupling, effective mass DRAWER_MASS and no friction,
    // solved after the contacts in every sweep.
    LimP[0] = 0;
    LimP[1] = 0;
    LimBias[0] = gapBias(d);
    LimBias[1] = gapBias(DRAWER_MAX_OPEN - d);

    // 4. Sequential impulses (projected Gauss–Seidel on accumulated impulses):
    //    normal rows P_n ≥ 0 reach the target separation speed; friction rows
    //    keep |P_t| ≤ μ P_n (Coulomb, box-approximated per tangent).
    //    A row whose impulse does not change (dP = 0, most rows of most sweeps)
    //    would add ±0 to the velocities, leaving them bit for bit as they are; so
    //    it is skipped, and a sweep in which no row changed ends the solve (every
    //    later sweep would repeat it exactly). Same results, fewer divisions.
    //    Likewise the friction rows of a contact that has not pushed yet (P_n = 0,
    //    friction impulses 0): their bound μ P_n is 0, so their impulses stay 0;
    //    they are filled when P_n first becomes positive.
    // The seven joint speeds live in locals during the solve (FRANKA_DOF is 7): the same sums and
    // products in the same order as a loop over V, without its loads, stores and bounds checks.
    let v0 = V[0];
    let v1 = V[1];
    let v2 = V[2];
    let v3 = V[3];
    let v4 = V[4];
    let v5 = V[5];
    let v6 = V[6];
    for (let it = 0; it < SOLVER_ITERS; it++) {
      let moved = false;
      for (let c = 0; c < nc; c++) {
        for (let k = 0; k < 3; k++) {
          const row = 3 * c + k;
          if (k === 0 && Filled[c] === 0) {
            // The row's relative speed vrel = −ne·ḋ + Σ g_j q̇_j is at most |ḋ| + Σ reach_j |q̇_j| in size
            // (|ne| ≤ 1; SPHERE_REACH bounds |g_j|). While that is below −bias = gap / h, vrel > bias: the
            // impulse would stay 0 (so would the friction rows'), and nothing would change. The row is
            // filled the first time the speeds could close the gap; filled later, its numbers are the same.
            const sr = FRANKA_DOF * Sphere[c];
            const bound =
              (Math.abs(w) +
                Reach[sr] * Math.abs(v0) +
                Reach[sr + 1] * Math.abs(v1) +
                Reach[sr + 2] * Math.abs(v2) +
                Reach[sr + 3] * Math.abs(v3) +
                Reach[sr + 4] * Math.abs(v4) +
                Reach[sr + 5] * Math.abs(v5) +
                Reach[sr + 6] * Math.abs(v6)) *
              BOUND_SLACK;
            const idle = bound < -Bias[c];
            // (Tests only: passing the speeds to a call boxes them, which the step never does with the audit off.)
            if (normalRowAudit.on) auditNormalRow(fr, c, bound, idle, w, v0, v1, v2, v3, v4, v5, v6);
            if (idle) break;
            fillNormal(fr, c);
          }
          if (k > 0 && Fric[c] === 0) {
            if (P[3 * c] === 0) break;
            fillFriction(fr, c);
          }
          if (InvK[row] === 0) continue;
          const g = row * FRANKA_DOF;
          let vrel = -Ne[row] * w;
          vrel += G[g] * v0;
          vrel += G[g + 1] * v1;
          vrel += G[g + 2] * v2;
          vrel += G[g + 3] * v3;
          vrel += G[g + 4] * v4;
          vrel += G[g + 5] * v5;
          vrel += G[g + 6] * v6;
          let pNew: number;
          if (k === 0) {
            pNew = P[row] + (Bias[c] - vrel) * InvK[row];
            if (pNew < 0) pNew = 0;
          } else {
            const lim = Mu[c] * P[3 * c];
            pNew = P[row] - vrel * InvK[row];
            pNew = pNew < -lim ? -lim : pNew > lim ? lim : pNew;
          }
          const dP = pNew - P[row];
          P[row] = pNew;
          if (dP === 0) continue;
          moved = true;
          v0 += (G[g] * dP) / I0;
          v1 += (G[g + 1] * dP) / I1;
          v2 += (G[g + 2] * dP) / I2;
          v3 += (G[g + 3] * dP) / I3;
          v4 += (G[g + 4] * dP) / I4;
          v5 += (G[g + 5] * dP) / I5;
          v6 += (G[g + 6] * dP) / I6;
          w -= (Ne[row] * dP) / DRAWER_MASS;
        }
      }
      for (let l = 0; l < 2; l++) {
        // The row's relative speed is −ne·ḋ: its joint terms are all 0·q̇ = ±0, which could only
        // change the sign of a zero impulse change, and those are skipped.
        const ne = l === 0 ? -1 : 1;
        let pNew = LimP[l] + (LimBias[l] + ne * w) * DRAWER_MASS;
        if (pNew < 0) pNew = 0;
        const dP = pNew - LimP[l];
        LimP[l] = pNew;
        if (dP === 0) continue;
        moved = true;
        // Each joint gets (0·dP)/I: +0 when dP > 0 (which makes a −0 speed +0), −0 otherwise (no change).
        if (dP > 0) {
          v0 += 0;
          v1 += 0;
          v2 += 0;
          v3 += 0;
          v4 += 0;
          v5 += 0;
          v6 += 0;
        }
        w -= (ne * dP) / DRAWER_MASS;
      }
      if (!moved) break;
    }
    V[0] = v0;
    V[1] = v1;
    V[2] = v2;
    V[3] = v3;
    V[4] = v4;
    V[5] = v5;
    V[6] = v6;

    // 5. Integrate positions; hold joints and drawer at their limits.
    for (let j = 0; j < FRANKA_DOF; j++) {
      let q = Q[j] + H * V[j];
      const qWas = Q[j];
      if (q <= FRANKA_Q_LOW[j]) {
        q = FRANKA_Q_LOW[j];
        if (V[j] < 0) V[j] = 0;
      } else if (q >= FRANKA_Q_HIGH[j]) {
        q = FRANKA_Q_HIGH[j];
        if (V[j] > 0) V[j] = 0;
      }
      Q[j] = q;
      travelled += Math.abs(q - qWas) * JOINT_REACH[j];
    }
    const dWas = d;
    d += H * w;
    if (d <= 0) {
      d = 0;
      if (w < 0) w = 0;
    } else if (d >= dMax) {
      d = dMax;
      if (w > 0) w = 0;
    }
    travelled += Math.abs(d - dWas);
  }

  // Write back; a non-finite value (never expected) falls back to a safe state.
  for (let j = 0; j < FRANKA_DOF; j++) {
    const q = Q[j];
    const v = V[j];
    const okQ = q - q === 0;
    st[so + S_Q + j] = okQ ? q : FRANKA_HOME[j];
    st[so + S_QD + j] = okQ && v - v === 0 ? (v < -10 ? -10 : v > 10 ? 10 : v) : 0;
  }
  st[so + S_D] = d - d === 0 ? d : 0;
  st[so + S_DD] = w - w === 0 ? (w < -5 ? -5 : w > 5 ? 5 : w) : 0;
}

const STATE_NAMES = [
  'q1_rad',
  'q2_rad',
  'q3_rad',
  'q4_rad',
  'q5_rad',
  'q6_rad',
  'q7_rad',
  'qd1_rad_per_s',
  'qd2_rad_per_s',
  'qd3_rad_per_s',
  'qd4_rad_per_s',
  'qd5_rad_per_s',
  'qd6_rad_per_s',
  'qd7_rad_per_s',
  'drawer_open_m',
  'drawer_vel_m_per_s',
];

const OBS_NAMES = [
  'ee_x_m',
  'ee_y_m',
  'ee_z_m',
  'handle_x_m',
  'handle_y_m',
  'handle_z_m',
  'handle_minus_ee_x_m',
  'handle_minus_ee_y_m',
  'handle_minus_ee_z_m',
  'ee_vx_m_per_s',
  'ee_vy_m_per_s',
  'ee_vz_m_per_s',
  'handle_vx_m_per_s',
  'handle_vy_m_per_s',
  'handle_vz_m_per_s',
  'ee_quat_w',
  'ee_quat_x',
  'ee_quat_y',
  'ee_quat_z',
  'handle_quat_w',
  'handle_quat_x',
  'handle_quat_y',
  'handle_quat_z',
  'drawer_open_m',
  'dist_ee_handle_m',
  'quat_dist',
  'ang_dist_rad',
  'q1_rad',
  'q2_rad',
  'q3_rad',
  'q4_rad',
  'q5_rad',
  'q6_rad',
  'q7_rad',
  'ee_wx_rad_per_s',
  'ee_wy_rad_per_s',
  'ee_wz_rad_per_s',
  'hooked',
  'target_minus_open_m',
];

const TRUE_PARAMS = [0.1, 0.1, 0.1, 0.1];
const BIASED = scaledBox(TRUE_PARAMS, 0.1, 10, () => 0);
const HANDLE_QUAT = new Float64Array(4);
matToQuat(HANDLE_ROT, 0, HANDLE_QUAT, 0);
const HANDLE_QUAT_FLIP = new Float64Array(4);
matToQuat(HANDLE_ROT_FLIP, 0, HANDLE_QUAT_FLIP, 0);

export const franka: TaskSpec<'franka'> = {
  id: 'franka',
  title: 'Franka drawer-open',
  label: 'Franka drawer',
  intro: {
    system:
      'A seven-joint Franka Panda arm in front of a cabinet with a drawer. The arm is driven by joint velocities.',
    goal: 'Hook a finger behind the drawer handle and pull the drawer 20 cm open.',
    traced: 'the hand',
    goalMarker: 'the drawer handle the hand has to reach',
  },
  paper: {
    samples: 36,
    sigma: 4.0,
    lambda: 0.05,
    alpha: 0.55,
    gamma: 0.9,
    mpqHorizon: 10,
    longHorizon: 64,
    // App. B: one MPPI iteration per target on Franka (three elsewhere).
    targetIterations: 1,
    trainEpisodes: 200,
    experiments: ['fig2', 'table2', 'fig3'],
    fig3Horizons: [1, 5, 10, 20],
    table2: { 'MPQ REAL': 0.53, 'MPQ DR': 0.17, 'H1 REAL': 0.0, 'H1 DR': 0.0 },
    metric: 'success',
  },
  doc:
    'A 7-joint Panda arm (kinematics of panda.xml) commands joint velocities and must hook a drawer handle with a finger and pull the drawer 0.2 m open (success: within 1 cm at the end). ' +
    'Each joint is a velocity servo on its effective inertia (mass-matrix diagonal at home from panda.xml) with damping and friction loss, integrated implicitly; the drawer is a 1.66 kg slide with damping and friction loss. ' +
    'The hand, fingers and wrist are spheres with one-sided frictional contacts (μ 1) against the handle bar and posts, the drawer front, the cabinet and the floor, solved by sequential impulses; only a finger hooked behind the bar can pull the drawer. ' +
    'Simplified: constant diagonal arm inertia with gravity compensated, fingers fixed open, no self-collision. ' +
    'Biased parameters (Table 1): arm joint damping and friction loss (shared by the 7 joints) and drawer damping and friction loss, true 0.1 each; the model draws each from U[0, 1.01] (mean 0.1·p, half-width 10·p, clamped at 0); domain randomisation (the paper’s) draws from the same box, and there is no broader one.',
  stateDim: STATE_DIM,
  stateNames: STATE_NAMES,
  actionDim: FRANKA_DOF,
  actionNames: [
    'qd1_cmd_rad_per_s',
    'qd2_cmd_rad_per_s',
    'qd3_cmd_rad_per_s',
    'qd4_cmd_rad_per_s',
    'qd5_cmd_rad_per_s',
    'qd6_cmd_rad_per_s',
    'qd7_cmd_rad_per_s',
  ],
  actionLow: FRANKA_QD_MAX.map((v) => -v),
  actionHigh: FRANKA_QD_MAX.slice(),
  obsDim: 39,
  obsNames: OBS_NAMES,
  controlDtSec: DT,
  substeps: SUBSTEPS,
  episodeSteps: 100,
  paramNames: [
    'joint_damping_Nms_per_rad',
    'joint_frictionloss_Nm',
    'drawer_damping_Ns_per_m',
    'drawer_frictionloss_N',
  ],
  trueParams: TRUE_PARAMS,
  biased: BIASED,
  dr: BIASED,
  costTerms: [
    { name: 'reach', doc: 'distance ee–handle (m) while not hooked', weight: 1, range: [0, 5] },
    {
      name: 'orient',
      doc: 'angle between hand and handle grip frames (rad) while not hooked',
      weight: 0.08,
      range: [0, 1],
    },
    {
      name: 'hooked',
      doc: '1 while a finger is hooked behind the handle bar, else 0 (weight −1: a bonus)',
      weight: -1,
      range: [-5, 0],
    },
    {
      name: 'drawer',
      doc: '|d − d*|/d* while hooked: drawer distance to the target opening over its closed value (0..1.75)',
      weight: 1,
      range: [0, 5],
    },
  ],
  successRule: { kind: 'final' },

  step(states, actions, params, paramStride, count) {
    for (let r = 0; r < count; r++) stepRow(states, r * STATE_DIM, actions, r * FRANKA_DOF, params, r * paramStride);
  },

  evalCostTerms(s, so, _a, _ao, out) {
    const fr = rowKinematics(s, so + S_Q, (so / STATE_DIM) | 0);
    const d = s[so + S_D];
    const hooked = frankaHooked(fr, d);
    if (hooked) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 1;
      out[3] = Math.abs(d - DRAWER_TARGET_OPEN) / DRAWER_TARGET_OPEN;
    } else {
      frankaEePosition(fr, sph, 0);
      const dx = DRAWER_FACE_X - d - HANDLE_STANDOFF + HANDLE_SITE_OFFSET - sph[0];
      const dy = -sph[1];
      const dz = HANDLE_Z - sph[2];
      out[0] = Math.sqrt(dx * dx + dy * dy + dz * dz);
      out[1] = frankaAngularDistance(fr);
      out[2] = 0;
      out[3] = 0;
    }
  },

  observe(s, so, out, oo) {
    frankaForwardKinematics(s, so + S_Q, frames);
    const d = s[so + S_D];
    frankaEePosition(frames, sph, 0);
    const ex = sph[0];
    const ey = sph[1];
    const ez = sph[2];
    const hx = DRAWER_FACE_X - d - HANDLE_STANDOFF + HANDLE_SITE_OFFSET;
    const hz = HANDLE_Z;
    out[oo] = ex;
    out[oo + 1] = ey;
    out[oo + 2] = ez;
    out[oo + 3] = hx;
    out[oo + 4] = 0;
    out[oo + 5] = hz;
    out[oo + 6] = hx - ex;
    out[oo + 7] = -ey;
    out[oo + 8] = hz - ez;
    // ee velocities: v = Σ q̇_j a_j × (p − o_j), ω = Σ q̇_j a_j
    let vx = 0,
      vy = 0,
      vz = 0,
      wx = 0,
      wy = 0,
      wz = 0;
    for (let j = 0; j < FRANKA_DOF; j++) {
      const f = FRANKA_FRAME_STRIDE * j;
      const qd = s[so + S_QD + j];
      const ax = frames[f + 5];
      const ay = frames[f + 8];
      const az = frames[f + 11];
      const rx = ex - frames[f];
      const ry = ey - frames[f + 1];
      const rz = ez - frames[f + 2];
      vx += qd * (ay * rz - az * ry);
      vy += qd * (az * rx - ax * rz);
      vz += qd * (ax * ry - ay * rx);
      wx += qd * ax;
      wy += qd * ay;
      wz += qd * az;
    }
    out[oo + 9] = vx;
    out[oo + 10] = vy;
    out[oo + 11] = vz;
    out[oo + 12] = -s[so + S_DD];
    out[oo + 13] = 0;
    out[oo + 14] = 0;
    matToQuat(frames, FRANKA_FRAME_STRIDE * FRANKA_HAND_FRAME + 3, quatScratch, 0);
    let dot = 0;
    let dotFlip = 0;
    for (let i = 0; i < 4; i++) {
      out[oo + 15 + i] = quatScratch[i];
      out[oo + 19 + i] = HANDLE_QUAT[i];
      dot += quatScratch[i] * HANDLE_QUAT[i];
      dotFlip += quatScratch[i] * HANDLE_QUAT_FLIP[i];
    }
    out[oo + 23] = d;
    out[oo + 24] = Math.sqrt((hx - ex) * (hx - ex) + ey * ey + (hz - ez) * (hz - ez));
    out[oo + 25] = 1 - (dot * dot > dotFlip * dotFlip ? dot * dot : dotFlip * dotFlip);
    out[oo + 26] = frankaAngularDistance(frames);
    for (let j = 0; j < FRANKA_DOF; j++) out[oo + 27 + j] = s[so + S_Q + j];
    out[oo + 34] = wx;
    out[oo + 35] = wy;
    out[oo + 36] = wz;
    out[oo + 37] = frankaHooked(frames, d) ? 1 : 0;
    out[oo + 38] = DRAWER_TARGET_OPEN - d;
  },

  isSuccess(s, so) {
    return Math.abs(s[so + S_D] - DRAWER_TARGET_OPEN) < DRAWER_SUCCESS_TOL;
  },

  sampleInitialState(rng: RandomStream, out, o) {
    for (let j = 0; j < FRANKA_DOF; j++) {
      let q = FRANKA_HOME[j] + rng.uniformIn(-FRANKA_INIT_SPREAD_RAD, FRANKA_INIT_SPREAD_RAD);
      q = q < FRANKA_Q_LOW[j] ? FRANKA_Q_LOW[j] : q > FRANKA_Q_HIGH[j] ? FRANKA_Q_HIGH[j] : q;
      out[o + S_Q + j] = q;
      out[o + S_QD + j] = 0;
    }
    out[o + S_D] = 0;
    out[o + S_DD] = 0;
  },

  keyPoint(s, so, out) {
    frankaForwardKinematics(s, so + S_Q, frames);
    frankaEePosition(frames, out, 0);
  },
};
