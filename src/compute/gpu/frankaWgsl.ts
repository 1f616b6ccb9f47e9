/**
 * core/tasks/franka.ts (and franka-kinematics.ts) in WGSL for the rollout kernel
 * (see WgslTask), operation for operation: per substep the implicit joint servo
 * with damping and friction loss, the drawer's, forward kinematics of the
 * panda.xml chain, speculative sphere contacts (floor, carcass, front plate,
 * handle bar and posts) and the drawer's travel limits, 6 sweeps of sequential
 * impulses over the same rows in the same order, then the position update with
 * the joint and drawer limits. The solver's scratch (up to MAX_CONTACTS contacts
 * × 3 rows × 7 joints) is per-thread private memory, as the CPU's module scratch
 * is per row.
 *
 * cos, sin and acos are our own float32 polynomials (wgslRng.ts's mpq_sincos and
 * fk_acos below, Cephes), not the device's, whose WGSL accuracy bounds are loose.
 *
 * State (16), action (7 joint velocities), params (4), obs (39) as franka.ts;
 * key point (x, y, z) = the end-effector point (hand z 0.1).
 */
import * as fk from '../../core/tasks/franka';
import {
  FRANKA_BODY_POS,
  FRANKA_BODY_ROT,
  FRANKA_DOF,
  FRANKA_FRAME_STRIDE,
  FRANKA_FRAMES,
  FRANKA_HAND_FRAME,
  FRANKA_HOME,
  FRANKA_Q_HIGH,
  FRANKA_Q_LOW,
  FRANKA_QD_MAX,
  matToQuat,
} from '../../core/tasks/franka-kinematics';
import { wgslFloat as f, wgslTable, type WgslTask } from './wgslMppi';

const task = fk.franka;
const handleQuat = new Float64Array(4);
matToQuat(fk.HANDLE_ROT, 0, handleQuat, 0);
const handleQuatFlip = new Float64Array(4);
matToQuat(fk.HANDLE_ROT_FLIP, 0, handleQuatFlip, 0);

export const frankaWgsl: WgslTask = {
  stateDim: task.stateDim,
  actionDim: task.actionDim,
  obsDim: task.obsDim,
  paramDim: task.paramNames.length,
  costTerms: task.costTerms.length,
  wgsl: /* wgsl */ `
const FK_DOF: u32 = ${FRANKA_DOF}u;
const FK_FRAMES: u32 = ${FRANKA_FRAMES}u;
const FK_STRIDE: u32 = ${FRANKA_FRAME_STRIDE}u;
const FK_HAND: u32 = ${FRANKA_HAND_FRAME}u;
const FK_SUBSTEPS: u32 = ${task.substeps}u;
const FK_H: f32 = ${f(task.controlDtSec / task.substeps)};
const FK_DRAWER_MASS: f32 = ${f(fk.DRAWER_MASS)};
const FK_FACE_X: f32 = ${f(fk.DRAWER_FACE_X)};
const FK_TOP_Z: f32 = ${f(fk.CABINET_TOP_Z)};
const FK_FRONT_HW: f32 = ${f(fk.DRAWER_FRONT_HALF_WIDTH)};
const FK_FRONT_ZLO: f32 = ${f(fk.DRAWER_FRONT_Z_LOW)};
const FK_FRONT_ZHI: f32 = ${f(fk.DRAWER_FRONT_Z_HIGH)};
const FK_FRONT_THICK: f32 = ${f(fk.DRAWER_FRONT_THICKNESS)};
const FK_STANDOFF: f32 = ${f(fk.HANDLE_STANDOFF)};
const FK_HANDLE_Z: f32 = ${f(fk.HANDLE_Z)};
const FK_HANDLE_HL: f32 = ${f(fk.HANDLE_HALF_LENGTH)};
const FK_HANDLE_R: f32 = ${f(fk.HANDLE_RADIUS)};
const FK_SITE_OFFSET: f32 = ${f(fk.HANDLE_SITE_OFFSET)};
const FK_MAX_OPEN: f32 = ${f(fk.DRAWER_MAX_OPEN)};
const FK_TARGET_OPEN: f32 = ${f(fk.DRAWER_TARGET_OPEN)};
const FK_EE_Z: f32 = ${f(fk.FRANKA_EE_LOCAL[2])};
const FK_N_SPHERES: u32 = ${fk.N_SPHERES}u;
const FK_FINGER_FIRST: u32 = ${fk.FINGER_FIRST}u;
const FK_FINGER_END: u32 = ${fk.FINGER_END}u;
const FK_SOLVER_ITERS: u32 = ${fk.SOLVER_ITERS}u;
const FK_MU: f32 = ${f(fk.CONTACT_FRICTION)};
const FK_MARGIN: f32 = ${f(fk.CONTACT_MARGIN)};
const FK_BAUMGARTE: f32 = ${f(fk.BAUMGARTE)};
const FK_SLOP: f32 = ${f(fk.SLOP)};
const FK_MAX_CONTACTS: u32 = ${fk.MAX_CONTACTS}u;
${wgslTable('FK_BODY_POS', FRANKA_BODY_POS)}
${wgslTable('FK_BODY_ROT', FRANKA_BODY_ROT)}
// Per sphere: frame index, local x, y, z (m), radius (m).
${wgslTable('FK_SPHERES', fk.FRANKA_SPHERES)}
${wgslTable('FK_INERTIA', fk.FRANKA_JOINT_INERTIA)}
${wgslTable('FK_GAIN', fk.FRANKA_SERVO_GAIN)}
${wgslTable('FK_QD_MAX', FRANKA_QD_MAX)}
${wgslTable('FK_Q_LOW', FRANKA_Q_LOW)}
${wgslTable('FK_Q_HIGH', FRANKA_Q_HIGH)}
${wgslTable('FK_HOME', FRANKA_HOME)}
${wgslTable('FK_HANDLE_ROT', fk.HANDLE_ROT)}
${wgslTable('FK_HANDLE_ROT_FLIP', fk.HANDLE_ROT_FLIP)}
${wgslTable('FK_HANDLE_QUAT', handleQuat)}
${wgslTable('FK_HANDLE_QUAT_FLIP', handleQuatFlip)}

// Per-thread scratch, as franka.ts's module scratch: joints, frames, solver rows.
var<private> fk_q: array<f32, ${FRANKA_DOF}>;
var<private> fk_v: array<f32, ${FRANKA_DOF}>;
var<private> fk_u: array<f32, ${FRANKA_DOF}>;
var<private> fk_fr: array<f32, ${FRANKA_FRAMES * FRANKA_FRAME_STRIDE}>;
var<private> fk_G: array<f32, ${3 * fk.MAX_CONTACTS * FRANKA_DOF}>;   // [row, joint]
var<private> fk_Ne: array<f32, ${3 * fk.MAX_CONTACTS}>;              // [row] drawer coupling
var<private> fk_InvK: array<f32, ${3 * fk.MAX_CONTACTS}>;            // [row] 1 / effective inverse mass
var<private> fk_P: array<f32, ${3 * fk.MAX_CONTACTS}>;               // [row] accumulated impulse
var<private> fk_Bias: array<f32, ${fk.MAX_CONTACTS}>;                // [contact] target normal velocity
var<private> fk_Mu: array<f32, ${fk.MAX_CONTACTS}>;                  // [contact] friction

// acos for |x| ≤ 1 (Cephes acosf: asin of a reduced argument ≤ 0.5 by its polynomial).
fn fk_asin_small(a: f32) -> f32 {
  let z = a * a;
  return ((((4.2163199048e-2 * z + 2.4181311049e-2) * z + 4.5470025998e-2) * z + 7.4953002686e-2) * z + 1.6666752422e-1) * z * a + a;
}
fn fk_acos(x: f32) -> f32 {
  if (x < -0.5) { return MPQ_PI - 2.0 * fk_asin_small(sqrt(0.5 * (1.0 + x))); }
  if (x > 0.5) { return 2.0 * fk_asin_small(sqrt(0.5 * (1.0 - x))); }
  return 1.5707963267948966 - fk_asin_small(x);
}

// frankaForwardKinematics of fk_q into fk_fr.
fn fk_forward() {
  var px = 0.0;
  var py = 0.0;
  var pz = 0.0;
  var r00 = 1.0; var r01 = 0.0; var r02 = 0.0;
  var r10 = 0.0; var r11 = 1.0; var r12 = 0.0;
  var r20 = 0.0; var r21 = 0.0; var r22 = 1.0;
  for (var b = 0u; b < FK_FRAMES; b++) {
    let ox = FK_BODY_POS[3u * b];
    let oy = FK_BODY_POS[3u * b + 1u];
    let oz = FK_BODY_POS[3u * b + 2u];
    px += r00 * ox + r01 * oy + r02 * oz;
    py += r10 * ox + r11 * oy + r12 * oz;
    pz += r20 * ox + r21 * oy + r22 * oz;
    let m = 9u * b;
    let a00 = r00 * FK_BODY_ROT[m] + r01 * FK_BODY_ROT[m + 3u] + r02 * FK_BODY_ROT[m + 6u];
    let a01 = r00 * FK_BODY_ROT[m + 1u] + r01 * FK_BODY_ROT[m + 4u] + r02 * FK_BODY_ROT[m + 7u];
    let a02 = r00 * FK_BODY_ROT[m + 2u] + r01 * FK_BODY_ROT[m + 5u] + r02 * FK_BODY_ROT[m + 8u];
    let a10 = r10 * FK_BODY_ROT[m] + r11 * FK_BODY_ROT[m + 3u] + r12 * FK_BODY_ROT[m + 6u];
    let a11 = r10 * FK_BODY_ROT[m + 1u] + r11 * FK_BODY_ROT[m + 4u] + r12 * FK_BODY_ROT[m + 7u];
    let a12 = r10 * FK_BODY_ROT[m + 2u] + r11 * FK_BODY_ROT[m + 5u] + r12 * FK_BODY_ROT[m + 8u];
    let a20 = r20 * FK_BODY_ROT[m] + r21 * FK_BODY_ROT[m + 3u] + r22 * FK_BODY_ROT[m + 6u];
    let a21 = r20 * FK_BODY_ROT[m + 1u] + r21 * FK_BODY_ROT[m + 4u] + r22 * FK_BODY_ROT[m + 7u];
    let a22 = r20 * FK_BODY_ROT[m + 2u] + r21 * FK_BODY_ROT[m + 5u] + r22 * FK_BODY_ROT[m + 8u];
    let ang = select(0.0, fk_q[min(b, FK_DOF - 1u)], b < FK_DOF);
    let sc = mpq_sincos(ang);
    let c = sc.y;
    let s = sc.x;
    r00 = c * a00 + s * a01;
    r01 = -s * a00 + c * a01;
    r02 = a02;
    r10 = c * a10 + s * a11;
    r11 = -s * a10 + c * a11;
    r12 = a12;
    r20 = c * a20 + s * a21;
    r21 = -s * a20 + c * a21;
    r22 = a22;
    let f = FK_STRIDE * b;
    fk_fr[f] = px;
    fk_fr[f + 1u] = py;
    fk_fr[f + 2u] = pz;
    fk_fr[f + 3u] = r00;
    fk_fr[f + 4u] = r01;
    fk_fr[f + 5u] = r02;
    fk_fr[f + 6u] = r10;
    fk_fr[f + 7u] = r11;
    fk_fr[f + 8u] = r12;
    fk_fr[f + 9u] = r20;
    fk_fr[f + 10u] = r21;
    fk_fr[f + 11u] = r22;
  }
}

// spherePos: world centre of sphere k.
fn fk_sphere(k: u32) -> vec3<f32> {
  let b = 5u * k;
  let f = FK_STRIDE * u32(FK_SPHERES[b]);
  let lx = FK_SPHERES[b + 1u];
  let ly = FK_SPHERES[b + 2u];
  let lz = FK_SPHERES[b + 3u];
  return vec3<f32>(
    fk_fr[f] + fk_fr[f + 3u] * lx + fk_fr[f + 4u] * ly + fk_fr[f + 5u] * lz,
    fk_fr[f + 1u] + fk_fr[f + 6u] * lx + fk_fr[f + 7u] * ly + fk_fr[f + 8u] * lz,
    fk_fr[f + 2u] + fk_fr[f + 9u] * lx + fk_fr[f + 10u] * ly + fk_fr[f + 11u] * lz);
}

// fillRow: joint couplings of point c along direction n, drawer coupling ne, 1/K.
fn fk_fill_row(last: u32, c: vec3<f32>, n: vec3<f32>, ne: f32, row: u32) {
  var kInv = (ne * ne) / FK_DRAWER_MASS;
  let g = row * FK_DOF;
  for (var j = 0u; j < FK_DOF; j++) {
    var gj = 0.0;
    if (j <= last) {
      let f = FK_STRIDE * j;
      let ax = fk_fr[f + 5u];
      let ay = fk_fr[f + 8u];
      let az = fk_fr[f + 11u];
      let rx = c.x - fk_fr[f];
      let ry = c.y - fk_fr[f + 1u];
      let rz = c.z - fk_fr[f + 2u];
      gj = rx * (n.y * az - n.z * ay) + ry * (n.z * ax - n.x * az) + rz * (n.x * ay - n.y * ax);
    }
    fk_G[g + j] = gj;
    kInv += (gj * gj) / FK_INERTIA[j];
  }
  fk_Ne[row] = ne;
  fk_InvK[row] = select(0.0, 1.0 / kInv, kInv > 1e-12);
  fk_P[row] = 0.0;
}

fn fk_bias(gap: f32) -> f32 {
  return select((FK_BAUMGARTE * max(0.0, -gap - FK_SLOP)) / FK_H, -gap / FK_H, gap >= 0.0);
}

// addContact: one normal and two friction rows on sphere k.
fn fk_add_contact(k: u32, c: vec3<f32>, n: vec3<f32>, gap: f32, moving: f32, nc: u32) -> u32 {
  if (nc >= FK_MAX_CONTACTS) { return nc; } // never reached: at most 6 per sphere + 2 limits
  let last = u32(FK_SPHERES[5u * k]);
  var t1x = 0.0;
  var t1y = n.z;
  var t1z = -n.y;
  if (n.x * n.x > 0.8) {
    t1x = -n.z;
    t1y = 0.0;
    t1z = n.x;
  }
  let tn = 1.0 / sqrt(t1x * t1x + t1y * t1y + t1z * t1z);
  t1x *= tn;
  t1y *= tn;
  t1z *= tn;
  let t2 = vec3<f32>(n.y * t1z - n.z * t1y, n.z * t1x - n.x * t1z, n.x * t1y - n.y * t1x);
  let row = 3u * nc;
  fk_fill_row(last, c, n, -n.x * moving, row);
  fk_fill_row(last, c, vec3<f32>(t1x, t1y, t1z), -t1x * moving, row + 1u);
  fk_fill_row(last, c, t2, -t2.x * moving, row + 2u);
  fk_Bias[nc] = fk_bias(gap);
  fk_Mu[nc] = FK_MU;
  return nc + 1u;
}

// capsuleContact: sphere (c, r) vs the handle capsule whose closest axis point is (px, py, HANDLE_Z).
fn fk_capsule_contact(k: u32, c: vec3<f32>, r: f32, px: f32, py: f32, nc: u32) -> u32 {
  let dx = c.x - px;
  let dy = c.y - py;
  let dz = c.z - FK_HANDLE_Z;
  let dist2 = dx * dx + dy * dy + dz * dz;
  let reach = FK_HANDLE_R + r + FK_MARGIN;
  if (dist2 >= reach * reach) { return nc; }
  let dist = sqrt(dist2);
  var n = vec3<f32>(-1.0, 0.0, 0.0);
  if (dist > 1e-9) { n = vec3<f32>(dx / dist, dy / dist, dz / dist); }
  return fk_add_contact(k, c, n, dist - FK_HANDLE_R - r, 1.0, nc);
}

// addLimit: a drawer-only row (travel limit), no friction.
fn fk_add_limit(gap: f32, ne: f32, nc: u32) -> u32 {
  if (nc >= FK_MAX_CONTACTS) { return nc; }
  for (var r = 3u * nc; r < 3u * nc + 3u; r++) {
    let g = r * FK_DOF;
    for (var j = 0u; j < FK_DOF; j++) { fk_G[g + j] = 0.0; }
    fk_Ne[r] = 0.0;
    fk_InvK[r] = 0.0;
    fk_P[r] = 0.0;
  }
  fk_Ne[3u * nc] = ne;
  fk_InvK[3u * nc] = FK_DRAWER_MASS;
  fk_Bias[nc] = fk_bias(gap);
  fk_Mu[nc] = 0.0;
  return nc + 1u;
}

// frankaHooked: a finger sphere's centre in the pocket behind the bar.
fn fk_hooked(d: f32) -> bool {
  let xFront = FK_FACE_X - d;
  let xBar = xFront - FK_STANDOFF;
  for (var k = FK_FINGER_FIRST; k < FK_FINGER_END; k++) {
    let p = fk_sphere(k);
    let r = FK_SPHERES[5u * k + 4u];
    if (p.x > xBar + FK_HANDLE_R && p.x < xFront && abs(p.y) <= FK_HANDLE_HL && abs(p.z - FK_HANDLE_Z) < FK_HANDLE_R + r) {
      return true;
    }
  }
  return false;
}

// frankaEePosition.
fn fk_ee() -> vec3<f32> {
  let f = FK_STRIDE * FK_HAND;
  return vec3<f32>(fk_fr[f] + fk_fr[f + 5u] * FK_EE_Z, fk_fr[f + 1u] + fk_fr[f + 8u] * FK_EE_Z, fk_fr[f + 2u] + fk_fr[f + 11u] * FK_EE_Z);
}

// frankaAngularDistance: hand frame vs the handle frame (or its half-turn).
fn fk_angular_distance() -> f32 {
  let f = FK_STRIDE * FK_HAND + 3u;
  var tr = 0.0;
  var trFlip = 0.0;
  for (var i = 0u; i < 9u; i++) {
    tr += fk_fr[f + i] * FK_HANDLE_ROT[i];
    trFlip += fk_fr[f + i] * FK_HANDLE_ROT_FLIP[i];
  }
  var c = 0.5 * (select(trFlip, tr, tr > trFlip) - 1.0);
  c = clamp(c, -1.0, 1.0);
  return fk_acos(c);
}

// matToQuat of the hand frame's rotation (Shepperd), w ≥ 0: (w, x, y, z).
fn fk_hand_quat() -> vec4<f32> {
  let mo = FK_STRIDE * FK_HAND + 3u;
  let m00 = fk_fr[mo];
  let m11 = fk_fr[mo + 4u];
  let m22 = fk_fr[mo + 8u];
  let tr = m00 + m11 + m22;
  var w: f32;
  var x: f32;
  var y: f32;
  var z: f32;
  if (tr > 0.0) {
    let s = 2.0 * sqrt(1.0 + tr);
    w = 0.25 * s;
    x = (fk_fr[mo + 7u] - fk_fr[mo + 5u]) / s;
    y = (fk_fr[mo + 2u] - fk_fr[mo + 6u]) / s;
    z = (fk_fr[mo + 3u] - fk_fr[mo + 1u]) / s;
  } else if (m00 > m11 && m00 > m22) {
    let s = 2.0 * sqrt(max(1e-12, 1.0 + m00 - m11 - m22));
    w = (fk_fr[mo + 7u] - fk_fr[mo + 5u]) / s;
    x = 0.25 * s;
    y = (fk_fr[mo + 1u] + fk_fr[mo + 3u]) / s;
    z = (fk_fr[mo + 2u] + fk_fr[mo + 6u]) / s;
  } else if (m11 > m22) {
    let s = 2.0 * sqrt(max(1e-12, 1.0 + m11 - m00 - m22));
    w = (fk_fr[mo + 2u] - fk_fr[mo + 6u]) / s;
    x = (fk_fr[mo + 1u] + fk_fr[mo + 3u]) / s;
    y = 0.25 * s;
    z = (fk_fr[mo + 5u] + fk_fr[mo + 7u]) / s;
  } else {
    let s = 2.0 * sqrt(max(1e-12, 1.0 + m22 - m00 - m11));
    w = (fk_fr[mo + 3u] - fk_fr[mo + 1u]) / s;
    x = (fk_fr[mo + 2u] + fk_fr[mo + 6u]) / s;
    y = (fk_fr[mo + 5u] + fk_fr[mo + 7u]) / s;
    z = 0.25 * s;
  }
  let sgn = select(1.0, -1.0, w < 0.0);
  let nrm = sgn / sqrt(w * w + x * x + y * y + z * z);
  return vec4<f32>(w * nrm, x * nrm, y * nrm, z * nrm);
}

fn fk_finite(x: f32) -> bool { return abs(x) <= 3.4028234e38; }

// stepRow: one control step of FK_SUBSTEPS substeps.
fn task_step(st: ptr<function, array<f32, 16>>, a: ptr<function, array<f32, 7>>, po: u32) {
  let p0 = params[po];
  let p1 = params[po + 1u];
  let p2 = params[po + 2u];
  let p3 = params[po + 3u];
  let bJ = select(0.0, p0, p0 > 0.0);
  let fJ = select(0.0, p1, p1 > 0.0);
  let bD = select(0.0, p2, p2 > 0.0);
  let fD = select(0.0, p3, p3 > 0.0);
  for (var j = 0u; j < FK_DOF; j++) {
    fk_q[j] = (*st)[j];
    fk_v[j] = (*st)[7u + j];
    let lim = FK_QD_MAX[j];
    fk_u[j] = clamp((*a)[j], -lim, lim);
  }
  var d = (*st)[14];
  var w = (*st)[15];
  let jointFric = FK_H * fJ;
  let drawerDen = FK_DRAWER_MASS + FK_H * bD;
  let drawerFric = FK_H * fD;

  for (var ss = 0u; ss < FK_SUBSTEPS; ss++) {
    // 1. Servo, damping and dry friction, implicit.
    for (var j = 0u; j < FK_DOF; j++) {
      let I = FK_INERTIA[j];
      let kv = FK_GAIN[j];
      let A = I * fk_v[j] + FK_H * kv * fk_u[j];
      let den = I + FK_H * (kv + bJ);
      fk_v[j] = select(select(0.0, (A + jointFric) / den, A < -jointFric), (A - jointFric) / den, A > jointFric);
    }
    {
      let A = FK_DRAWER_MASS * w;
      w = select(select(0.0, (A + drawerFric) / drawerDen, A < -drawerFric), (A - drawerFric) / drawerDen, A > drawerFric);
    }

    // 2. Kinematics.
    fk_forward();

    // 3. Contacts within the speculative margin.
    var nc = 0u;
    let xFront = FK_FACE_X - d;
    let xBar = xFront - FK_STANDOFF;
    for (var k = 0u; k < FK_N_SPHERES; k++) {
      let c = fk_sphere(k);
      let r = FK_SPHERES[5u * k + 4u];
      // floor z = 0
      let gFloor = c.z - r;
      if (gFloor < FK_MARGIN) { nc = fk_add_contact(k, c, vec3<f32>(0.0, 0.0, 1.0), gFloor, 0.0, nc); }
      // cabinet carcass
      {
        let ex = c.x - FK_FACE_X;
        let ez = c.z - FK_TOP_Z;
        var nx = -1.0;
        var nz = 0.0;
        var gap = -ex - r;
        if (ex > 0.0 && ez > 0.0) {
          nx = 0.0;
          nz = 1.0;
          gap = ez - r;
        } else if (ex <= 0.0 && ez > 0.0) {
          let dist = sqrt(ex * ex + ez * ez);
          nx = ex / dist;
          nz = ez / dist;
          gap = dist - r;
        } else if (ex > 0.0 && -ez < ex) {
          nx = 0.0;
          nz = 1.0;
          gap = ez - r;
        }
        if (gap < FK_MARGIN) { nc = fk_add_contact(k, c, vec3<f32>(nx, 0.0, nz), gap, 0.0, nc); }
      }
      // drawer front plate (one-sided)
      if (c.y >= -FK_FRONT_HW && c.y <= FK_FRONT_HW && c.z >= FK_FRONT_ZLO && c.z <= FK_FRONT_ZHI &&
          c.x < xFront + FK_FRONT_THICK + r) {
        let gFront = xFront - (c.x + r);
        if (gFront < FK_MARGIN) { nc = fk_add_contact(k, c, vec3<f32>(-1.0, 0.0, 0.0), gFront, 1.0, nc); }
      }
      // handle bar
      nc = fk_capsule_contact(k, c, r, xBar, clamp(c.y, -FK_HANDLE_HL, FK_HANDLE_HL), nc);
      // the handle's two posts
      for (var side = -1.0; side <= 1.0; side += 2.0) {
        let xc = select(select(c.x, xFront, c.x > xFront), xBar, c.x < xBar);
        nc = fk_capsule_contact(k, c, r, xc, side * FK_HANDLE_HL, nc);
      }
    }
    nc = fk_add_limit(d, -1.0, nc);
    nc = fk_add_limit(FK_MAX_OPEN - d, 1.0, nc);

    // 4. Sequential impulses.
    for (var it = 0u; it < FK_SOLVER_ITERS; it++) {
      for (var ci = 0u; ci < nc; ci++) {
        for (var kk = 0u; kk < 3u; kk++) {
          let row = 3u * ci + kk;
          if (fk_InvK[row] == 0.0) { continue; }
          let g = row * FK_DOF;
          var vrel = -fk_Ne[row] * w;
          for (var j = 0u; j < FK_DOF; j++) { vrel += fk_G[g + j] * fk_v[j]; }
          var pNew: f32;
          if (kk == 0u) {
            pNew = fk_P[row] + (fk_Bias[ci] - vrel) * fk_InvK[row];
            if (pNew < 0.0) { pNew = 0.0; }
          } else {
            let lim = fk_Mu[ci] * fk_P[3u * ci];
            pNew = fk_P[row] - vrel * fk_InvK[row];
            pNew = select(select(pNew, lim, pNew > lim), -lim, pNew < -lim);
          }
          let dP = pNew - fk_P[row];
          fk_P[row] = pNew;
          for (var j = 0u; j < FK_DOF; j++) { fk_v[j] += (fk_G[g + j] * dP) / FK_INERTIA[j]; }
          w -= (fk_Ne[row] * dP) / FK_DRAWER_MASS;
        }
      }
    }

    // 5. Positions; joints and drawer held at their limits.
    for (var j = 0u; j < FK_DOF; j++) {
      var q = fk_q[j] + FK_H * fk_v[j];
      if (q <= FK_Q_LOW[j]) {
        q = FK_Q_LOW[j];
        if (fk_v[j] < 0.0) { fk_v[j] = 0.0; }
      } else if (q >= FK_Q_HIGH[j]) {
        q = FK_Q_HIGH[j];
        if (fk_v[j] > 0.0) { fk_v[j] = 0.0; }
      }
      fk_q[j] = q;
    }
    d += FK_H * w;
    if (d <= 0.0) {
      d = 0.0;
      if (w < 0.0) { w = 0.0; }
    } else if (d >= FK_MAX_OPEN) {
      d = FK_MAX_OPEN;
      if (w > 0.0) { w = 0.0; }
    }
  }

  for (var j = 0u; j < FK_DOF; j++) {
    let q = fk_q[j];
    let v = fk_v[j];
    let okQ = fk_finite(q);
    (*st)[j] = select(FK_HOME[j], q, okQ);
    (*st)[7u + j] = select(0.0, clamp(v, -10.0, 10.0), okQ && fk_finite(v));
  }
  (*st)[14] = select(0.0, d, fk_finite(d));
  (*st)[15] = select(0.0, clamp(w, -5.0, 5.0), fk_finite(w));
}

fn fk_load_q(s: ptr<function, array<f32, 16>>) {
  for (var j = 0u; j < FK_DOF; j++) { fk_q[j] = (*s)[j]; }
}

// reach, orient, hooked, drawer: Σ_k w_k term_k in the CPU's order.
fn task_running_cost(s: ptr<function, array<f32, 16>>, a: ptr<function, array<f32, 7>>) -> f32 {
  fk_load_q(s);
  fk_forward();
  let d = (*s)[14];
  var t0 = 0.0;
  var t1 = 0.0;
  var t2 = 0.0;
  var t3 = 0.0;
  if (fk_hooked(d)) {
    t2 = 1.0;
    t3 = abs(d - FK_TARGET_OPEN) / FK_TARGET_OPEN;
  } else {
    let e = fk_ee();
    let dx = FK_FACE_X - d - FK_STANDOFF + FK_SITE_OFFSET - e.x;
    let dy = -e.y;
    let dz = FK_HANDLE_Z - e.z;
    t0 = sqrt(dx * dx + dy * dy + dz * dz);
    t1 = fk_angular_distance();
  }
  return cost_weight(0u) * t0 + cost_weight(1u) * t1 + cost_weight(2u) * t2 + cost_weight(3u) * t3;
}

fn task_observe(s: ptr<function, array<f32, 16>>, o: u32) {
  fk_load_q(s);
  fk_forward();
  let d = (*s)[14];
  let e = fk_ee();
  let hx = FK_FACE_X - d - FK_STANDOFF + FK_SITE_OFFSET;
  let hz = FK_HANDLE_Z;
  qIn[o] = e.x;
  qIn[o + 1u] = e.y;
  qIn[o + 2u] = e.z;
  qIn[o + 3u] = hx;
  qIn[o + 4u] = 0.0;
  qIn[o + 5u] = hz;
  qIn[o + 6u] = hx - e.x;
  qIn[o + 7u] = -e.y;
  qIn[o + 8u] = hz - e.z;
  // ee velocities: v = Σ q̇_j a_j × (p − o_j), ω = Σ q̇_j a_j
  var vx = 0.0; var vy = 0.0; var vz = 0.0;
  var wx = 0.0; var wy = 0.0; var wz = 0.0;
  for (var j = 0u; j < FK_DOF; j++) {
    let f = FK_STRIDE * j;
    let qd = (*s)[7u + j];
    let ax = fk_fr[f + 5u];
    let ay = fk_fr[f + 8u];
    let az = fk_fr[f + 11u];
    let rx = e.x - fk_fr[f];
    let ry = e.y - fk_fr[f + 1u];
    let rz = e.z - fk_fr[f + 2u];
    vx += qd * (ay * rz - az * ry);
    vy += qd * (az * rx - ax * rz);
    vz += qd * (ax * ry - ay * rx);
    wx += qd * ax;
    wy += qd * ay;
    wz += qd * az;
  }
  qIn[o + 9u] = vx;
  qIn[o + 10u] = vy;
  qIn[o + 11u] = vz;
  qIn[o + 12u] = -(*s)[15];
  qIn[o + 13u] = 0.0;
  qIn[o + 14u] = 0.0;
  let hq = fk_hand_quat();
  var dq = 0.0;
  var dqFlip = 0.0;
  for (var i = 0u; i < 4u; i++) {
    qIn[o + 15u + i] = hq[i];
    qIn[o + 19u + i] = FK_HANDLE_QUAT[i];
    dq += hq[i] * FK_HANDLE_QUAT[i];
    dqFlip += hq[i] * FK_HANDLE_QUAT_FLIP[i];
  }
  qIn[o + 23u] = d;
  qIn[o + 24u] = sqrt((hx - e.x) * (hx - e.x) + e.y * e.y + (hz - e.z) * (hz - e.z));
  qIn[o + 25u] = 1.0 - select(dqFlip * dqFlip, dq * dq, dq * dq > dqFlip * dqFlip);
  qIn[o + 26u] = fk_angular_distance();
  for (var j = 0u; j < FK_DOF; j++) { qIn[o + 27u + j] = (*s)[j]; }
  qIn[o + 34u] = wx;
  qIn[o + 35u] = wy;
  qIn[o + 36u] = wz;
  qIn[o + 37u] = select(0.0, 1.0, fk_hooked(d));
  qIn[o + 38u] = FK_TARGET_OPEN - d;
}

fn task_key_point(s: ptr<function, array<f32, 16>>) -> vec3<f32> {
  fk_load_q(s);
  fk_forward();
  return fk_ee();
}
`,
};
