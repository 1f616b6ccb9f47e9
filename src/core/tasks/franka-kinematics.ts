/**
 * Forward kinematics of the Franka Emika Panda, from the kinematic chain of
 * MuJoCo Menagerie's panda.xml (numbers only): body offsets, fixed body
 * rotations and joint axes (every joint turns about its body's local z).
 *
 * Frames are written into a flat Float64Array, FRANKA_FRAME_STRIDE values per
 * frame: position (3, m, world) then the rotation matrix (9, row-major,
 * columns = the frame's x, y, z axes in world). Frame k = 0..6 is link k+1
 * (the frame joint k+1 turns about), frame 7 is the hand (flange + 0.107 m,
 * turned −45° about z). Plain loops and no allocation, so the same code ports
 * line for line to WGSL; the page can use it to draw links at true dimensions.
 */

/** Number of arm joints. */
export const FRANKA_DOF = 7;
/** Values per frame in an FK output buffer: p (3) + R row-major (9). */
export const FRANKA_FRAME_STRIDE = 12;
/** Frames in an FK output buffer: link1..link7, hand. */
export const FRANKA_FRAMES = 8;
/** Index of the hand frame in an FK output buffer. */
export const FRANKA_HAND_FRAME = 7;

/** Body offsets (m) in the parent frame: link1..link7, hand (panda.xml `pos`). */
export const FRANKA_BODY_POS: readonly number[] = [
  0,
  0,
  0.333, // link1
  0,
  0,
  0, // link2
  0,
  -0.316,
  0, // link3
  0.0825,
  0,
  0, // link4
  -0.0825,
  0.384,
  0, // link5
  0,
  0,
  0, // link6
  0.088,
  0,
  0, // link7
  0,
  0,
  0.107, // hand
];

const S = Math.SQRT1_2;
/** Fixed body rotations as unit quaternions (w, x, y, z): link1..link7, hand (panda.xml `quat`, normalised). */
export const FRANKA_BODY_QUAT: readonly number[] = [
  1,
  0,
  0,
  0, // link1
  S,
  -S,
  0,
  0, // link2: −90° about x
  S,
  S,
  0,
  0, // link3: +90° about x
  S,
  S,
  0,
  0, // link4: +90° about x
  S,
  -S,
  0,
  0, // link5: −90° about x
  S,
  S,
  0,
  0, // link6: +90° about x
  S,
  S,
  0,
  0, // link7: +90° about x
  0.9238795325112867,
  0,
  0,
  -0.3826834323650898, // hand: −45° about z
];

/** Joint position limits (rad), panda.xml `range`. */
export const FRANKA_Q_LOW: readonly number[] = [-2.8973, -1.7628, -2.8973, -3.0718, -2.8973, -0.0175, -2.8973];
export const FRANKA_Q_HIGH: readonly number[] = [2.8973, 1.7628, 2.8973, -0.0698, 2.8973, 3.7525, 2.8973];
/** Joint velocity limits (rad/s) of the Panda (Franka's datasheet). */
export const FRANKA_QD_MAX: readonly number[] = [2.175, 2.175, 2.175, 2.175, 2.61, 2.61, 2.61];
/** The "home" keyframe of panda.xml (arm joints only, rad). */
export const FRANKA_HOME: readonly number[] = [0, 0, 0, -1.57079, 0, 1.57079, -0.7853];

/** Rotation matrices (row-major) of the fixed body quaternions, computed once. */
export const FRANKA_BODY_ROT: Float64Array = (() => {
  const out = new Float64Array(9 * FRANKA_FRAMES);
  for (let b = 0; b < FRANKA_FRAMES; b++) quatToMat(FRANKA_BODY_QUAT, 4 * b, out, 9 * b);
  return out;
})();

/** Writes the row-major rotation matrix of unit quaternion q[o..o+4) = (w, x, y, z) into m at mo. */
export function quatToMat(q: ArrayLike<number>, o: number, m: Float64Array, mo: number): void {
  const w = q[o];
  const x = q[o + 1];
  const y = q[o + 2];
  const z = q[o + 3];
  m[mo] = 1 - 2 * (y * y + z * z);
  m[mo + 1] = 2 * (x * y - w * z);
  m[mo + 2] = 2 * (x * z + w * y);
  m[mo + 3] = 2 * (x * y + w * z);
  m[mo + 4] = 1 - 2 * (x * x + z * z);
  m[mo + 5] = 2 * (y * z - w * x);
  m[mo + 6] = 2 * (x * z - w * y);
  m[mo + 7] = 2 * (y * z + w * x);
  m[mo + 8] = 1 - 2 * (x * x + y * y);
}

/**
 * Writes the unit quaternion (w, x, y, z), w ≥ 0, of the row-major rotation
 * matrix m[mo..mo+9) into out at oo (Shepperd's method: branch on the largest
 * diagonal term so the square root never sees a small argument).
 */
export function matToQuat(m: ArrayLike<number>, mo: number, out: Float64Array | Float32Array, oo: number): void {
  const m00 = m[mo];
  const m11 = m[mo + 4];
  const m22 = m[mo + 8];
  const tr = m00 + m11 + m22;
  let w: number;
  let x: number;
  let y: number;
  let z: number;
  if (tr > 0) {
    const s = 2 * Math.sqrt(1 + tr);
    w = 0.25 * s;
    x = (m[mo + 7] - m[mo + 5]) / s;
    y = (m[mo + 2] - m[mo + 6]) / s;
    z = (m[mo + 3] - m[mo + 1]) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(Math.max(1e-12, 1 + m00 - m11 - m22));
    w = (m[mo + 7] - m[mo + 5]) / s;
    x = 0.25 * s;
    y = (m[mo + 1] + m[mo + 3]) / s;
    z = (m[mo + 2] + m[mo + 6]) / s;
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(Math.max(1e-12, 1 + m11 - m00 - m22));
    w = (m[mo + 2] - m[mo + 6]) / s;
    x = (m[mo + 1] + m[mo + 3]) / s;
    y = 0.25 * s;
    z = (m[mo + 5] + m[mo + 7]) / s;
  } else {
    const s = 2 * Math.sqrt(Math.max(1e-12, 1 + m22 - m00 - m11));
    w = (m[mo + 3] - m[mo + 1]) / s;
    x = (m[mo + 2] + m[mo + 6]) / s;
    y = (m[mo + 5] + m[mo + 7]) / s;
    z = 0.25 * s;
  }
  const sign = w < 0 ? -1 : 1;
  const n = sign / Math.sqrt(w * w + x * x + y * y + z * z);
  out[oo] = w * n;
  out[oo + 1] = x * n;
  out[oo + 2] = y * n;
  out[oo + 3] = z * n;
}

/**
 * Forward kinematics: joint angles q[qo..qo+7) (rad) → the 8 frames (link1..7,
 * hand) in `frames` (FRANKA_FRAMES × FRANKA_FRAME_STRIDE values, see header).
 * Chain rule per body b: p_b = p_parent + R_parent · pos_b,
 * R_b = R_parent · R(quat_b) · Rz(q_b)  (the hand has no joint).
 * The robot base (link0) is the world frame.
 */
export function frankaForwardKinematics(q: ArrayLike<number>, qo: number, frames: Float64Array): void {
  // Parent frame: world.
  let px = 0;
  let py = 0;
  let pz = 0;
  let r00 = 1,
    r01 = 0,
    r02 = 0;
  let r10 = 0,
    r11 = 1,
    r12 = 0;
  let r20 = 0,
    r21 = 0,
    r22 = 1;
  const B = FRANKA_BODY_ROT;
  const P = FRANKA_BODY_POS;
  for (let b = 0; b < FRANKA_FRAMES; b++) {
    const ox = P[3 * b];
    const oy = P[3 * b + 1];
    const oz = P[3 * b + 2];
    px += r00 * ox + r01 * oy + r02 * oz;
    py += r10 * ox + r11 * oy + r12 * oz;
    pz += r20 * ox + r21 * oy + r22 * oz;
    // A = R_parent · R(quat_b)
    const m = 9 * b;
    const a00 = r00 * B[m] + r01 * B[m + 3] + r02 * B[m + 6];
    const a01 = r00 * B[m + 1] + r01 * B[m + 4] + r02 * B[m + 7];
    const a02 = r00 * B[m + 2] + r01 * B[m + 5] + r02 * B[m + 8];
    const a10 = r10 * B[m] + r11 * B[m + 3] + r12 * B[m + 6];
    const a11 = r10 * B[m + 1] + r11 * B[m + 4] + r12 * B[m + 7];
    const a12 = r10 * B[m + 2] + r11 * B[m + 5] + r12 * B[m + 8];
    const a20 = r20 * B[m] + r21 * B[m + 3] + r22 * B[m + 6];
    const a21 = r20 * B[m + 1] + r21 * B[m + 4] + r22 * B[m + 7];
    const a22 = r20 * B[m + 2] + r21 * B[m + 5] + r22 * B[m + 8];
    // R_b = A · Rz(q_b): x' = c·x + s·y, y' = −s·x + c·y (columns), z unchanged.
    const ang = b < FRANKA_DOF ? q[qo + b] : 0;
    const c = Math.cos(ang);
    const s = Math.sin(ang);
    r00 = c * a00 + s * a01;
    r01 = -s * a00 + c * a01;
    r02 = a02;
    r10 = c * a10 + s * a11;
    r11 = -s * a10 + c * a11;
    r12 = a12;
    r20 = c * a20 + s * a21;
    r21 = -s * a20 + c * a21;
    r22 = a22;
    const f = FRANKA_FRAME_STRIDE * b;
    frames[f] = px;
    frames[f + 1] = py;
    frames[f + 2] = pz;
    frames[f + 3] = r00;
    frames[f + 4] = r01;
    frames[f + 5] = r02;
    frames[f + 6] = r10;
    frames[f + 7] = r11;
    frames[f + 8] = r12;
    frames[f + 9] = r20;
    frames[f + 10] = r21;
    frames[f + 11] = r22;
  }
}

/** Writes the world position of point (lx, ly, lz) given in frame k of `frames` into out at oo. */
export function frankaFramePoint(
  frames: Float64Array,
  k: number,
  lx: number,
  ly: number,
  lz: number,
  out: Float64Array,
  oo: number,
): void {
  const f = FRANKA_FRAME_STRIDE * k;
  out[oo] = frames[f] + frames[f + 3] * lx + frames[f + 4] * ly + frames[f + 5] * lz;
  out[oo + 1] = frames[f + 1] + frames[f + 6] * lx + frames[f + 7] * ly + frames[f + 8] * lz;
  out[oo + 2] = frames[f + 2] + frames[f + 9] * lx + frames[f + 10] * ly + frames[f + 11] * lz;
}
