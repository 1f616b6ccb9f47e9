/**
 * core/tasks/ballincup.ts in WGSL for the rollout kernel (see WgslTask), operation
 * for operation: the same 10 substeps of 0.002 s, string spring then its soft
 * one-sided limit, ball vs the five wall capsules (shared joints counted once) and
 * vs the ground, MuJoCo's soft-constraint law solved one constraint after another
 * (same order), the same integration and safety clamps. Constants come from the
 * TypeScript module, so the two cannot drift apart silently.
 *
 * State [ball x, z, vx, vz, spin, cup x, z, vx, vz], action [motor x, motor z],
 * params [ball mass, ball inertia, string stiffness], obs (12) as `observe`,
 * key point (x, y, z) = (ball x, 0, ball z).
 */
import * as bic from '../../core/tasks/ballincup';
import { wgslFloat as f, wgslTable, type WgslTask } from './wgslMppi';

const { ballincup } = bic;

export const ballInCupWgsl: WgslTask = {
  stateDim: ballincup.stateDim,
  actionDim: ballincup.actionDim,
  obsDim: ballincup.obsDim,
  paramDim: ballincup.paramNames.length,
  costTerms: ballincup.costTerms.length,
  wgsl: /* wgsl */ `
const BIC_G: f32 = ${f(bic.BIC_GRAVITY)};
const BIC_DT: f32 = ${f(bic.BIC_DT)};
const BIC_SUBSTEPS: u32 = ${bic.BIC_SUBSTEPS}u;
const BIC_GEAR: f32 = ${f(bic.BIC_GEAR)};
const BIC_CUP_K: f32 = ${f(bic.BIC_CUP_STIFFNESS)};
const BIC_CUP_C: f32 = ${f(bic.BIC_CUP_DAMPING)};
const BIC_REST_X: f32 = ${f(bic.BIC_CUP_REST_X)};
const BIC_REST_Z: f32 = ${f(bic.BIC_CUP_REST_Z)};
const BIC_R: f32 = ${f(bic.BIC_BALL_RADIUS)};
const BIC_WALL_R: f32 = ${f(bic.BIC_WALL_RADIUS)};
const BIC_SITE_Z: f32 = ${f(bic.BIC_SITE_Z)};
const BIC_STRING_MAX: f32 = ${f(bic.BIC_STRING_MAX)};
const BIC_STRING_REST: f32 = ${f(bic.BIC_STRING_REST)};
const BIC_TARGET_Z: f32 = ${f(bic.BIC_TARGET_Z)};
const BIC_TARGET_HALF: f32 = ${f(bic.BIC_TARGET_HALF)};
const BIC_MU: f32 = ${f(bic.BIC_FRICTION)};
const BIC_CUP_MASS: f32 = ${f(bic.BIC_CUP_MASS)};
const BIC_NSEG: u32 = ${bic.NSEG}u;
const BIC_DMIN: f32 = ${f(bic.SOL_DMIN)};
const BIC_DMAX: f32 = ${f(bic.SOL_DMAX)};
const BIC_WIDTH: f32 = ${f(bic.SOL_WIDTH)};
const BIC_SOL_K: f32 = ${f(bic.SOL_K)};
const BIC_SOL_B: f32 = ${f(bic.SOL_B)};
const BIC_STR_K: f32 = ${f(bic.STRING_K)};
const BIC_STR_B: f32 = ${f(bic.STRING_B)};
const BIC_MAX_BALL_V: f32 = ${f(bic.MAX_BALL_V)};
const BIC_MAX_CUP_V: f32 = ${f(bic.MAX_CUP_V)};
const BIC_MAX_SPIN: f32 = ${f(bic.MAX_SPIN)};
const BIC_LMAX: f32 = ${f(bic.BIC_STRING_MAX + bic.MAX_STRETCH)};
const BIC_MIN_MASS: f32 = ${f(bic.MIN_MASS)};
const BIC_MIN_INERTIA: f32 = ${f(bic.MIN_INERTIA)};
const BIC_CONTACT_BOUND2: f32 = ${f(bic.CONTACT_BOUND2)};
// Per segment: start (ax, az), direction (ex, ez), 1/|e|² (ballincup.ts SEG).
${wgslTable('BIC_SEG', bic.SEG)}

// impedance(r): solimp d(r), power 2, midpoint 0.5.
fn bic_impedance(r: f32) -> f32 {
  var x = r / BIC_WIDTH;
  x = select(select(x, 0.0, x < 0.0), 1.0, x > 1.0);
  let y = select(1.0 - 2.0 * (1.0 - x) * (1.0 - x), 2.0 * x * x, x < 0.5);
  return BIC_DMIN + y * (BIC_DMAX - BIC_DMIN);
}

fn bic_clamp_abs(v: f32, m: f32) -> f32 {
  return select(select(v, -m, v < -m), m, v > m);
}

// applyContact: one frictional ball contact added to acc = [ball ax, az, spin acc, cup ax, az].
fn bic_contact(acc: ptr<function, array<f32, 5>>, nx: f32, nz: f32, pen: f32, rvx: f32, rvz: f32, spin: f32,
               invM: f32, invI: f32, invCup: f32) {
  let d = bic_impedance(pen);
  let vn = rvx * nx + rvz * nz;
  let a0n = ((*acc)[0] - (*acc)[3]) * nx + ((*acc)[1] - (*acc)[4]) * nz;
  let aref = -BIC_SOL_B * vn + BIC_SOL_K * pen;
  let invMn = invM + invCup;
  let fn_ = (d * (aref - a0n)) / invMn;
  if (fn_ <= 0.0) { return; }
  (*acc)[0] += fn_ * nx * invM;
  (*acc)[1] += fn_ * nz * invM;
  (*acc)[3] -= fn_ * nx * invCup;
  (*acc)[4] -= fn_ * nz * invCup;
  let tx = -nz;
  let tz = nx;
  let vt = rvx * tx + rvz * tz - spin * BIC_R;
  let a0t = ((*acc)[0] - (*acc)[3]) * tx + ((*acc)[1] - (*acc)[4]) * tz - (*acc)[2] * BIC_R;
  let invMt = invM + invCup + BIC_R * BIC_R * invI;
  var ft = (d * (-BIC_SOL_B * vt - a0t)) / invMt;
  let fmax = BIC_MU * fn_;
  ft = select(select(ft, -fmax, ft < -fmax), fmax, ft > fmax);
  (*acc)[0] += ft * tx * invM;
  (*acc)[1] += ft * tz * invM;
  (*acc)[2] -= BIC_R * ft * invI;
  (*acc)[3] -= ft * tx * invCup;
  (*acc)[4] -= ft * tz * invCup;
}

fn bic_finite(x: f32) -> bool { return abs(x) <= 3.4028234e38; }

// ballincupStepRow over BIC_SUBSTEPS substeps.
fn task_step(s: ptr<function, array<f32, 9>>, a: ptr<function, array<f32, 2>>, po: u32) {
  let m0 = params[po];
  let i0 = params[po + 1u];
  let t0 = params[po + 2u];
  let m = select(BIC_MIN_MASS, m0, m0 > BIC_MIN_MASS);
  let inertia = select(BIC_MIN_INERTIA, i0, i0 > BIC_MIN_INERTIA);
  let T = select(0.0, t0, t0 > 0.0);
  let ux = clamp((*a)[0], -1.0, 1.0);
  let uz = clamp((*a)[1], -1.0, 1.0);
  let invM = 1.0 / m;
  let invI = 1.0 / inertia;
  let invCup = 1.0 / BIC_CUP_MASS;
  let dampFactor = BIC_CUP_MASS / (BIC_CUP_MASS + BIC_DT * BIC_CUP_C);
  let contactDist = BIC_R + BIC_WALL_R;
  var bx = (*s)[0];
  var bz = (*s)[1];
  var bvx = (*s)[2];
  var bvz = (*s)[3];
  var w = (*s)[4];
  var cx = (*s)[5];
  var cz = (*s)[6];
  var cvx = (*s)[7];
  var cvz = (*s)[8];
  var acc: array<f32, 5>;
  for (var k = 0u; k < BIC_SUBSTEPS; k++) {
    acc[0] = 0.0;
    acc[1] = -BIC_G;
    acc[2] = 0.0;
    acc[3] = (BIC_GEAR * ux - BIC_CUP_K * (cx - BIC_REST_X) - BIC_CUP_C * cvx) * invCup;
    acc[4] = (BIC_GEAR * uz - BIC_CUP_K * (cz - BIC_REST_Z) - BIC_CUP_C * cvz) * invCup - BIC_G;

    // String: spring along it, then the one-sided length limit.
    let dx = bx - cx;
    let dz = bz - (cz + BIC_SITE_Z);
    let len = sqrt(dx * dx + dz * dz);
    var ex = 0.0;
    var ez = -1.0;
    if (len > 1e-9) {
      ex = dx / len;
      ez = dz / len;
    }
    let fs = -T * (len - BIC_STRING_REST);
    acc[0] += fs * ex * invM;
    acc[1] += fs * ez * invM;
    acc[3] -= fs * ex * invCup;
    acc[4] -= fs * ez * invCup;
    if (len > BIC_STRING_MAX) {
      let r = len - BIC_STRING_MAX;
      let d = bic_impedance(r);
      let ldot = (bvx - cvx) * ex + (bvz - cvz) * ez;
      let a0 = (acc[0] - acc[3]) * ex + (acc[1] - acc[4]) * ez;
      let aref = -BIC_STR_B * ldot - BIC_STR_K * r;
      var fstr = (d * (aref - a0)) / (invM + invCup);
      fstr = select(fstr, 0.0, fstr > 0.0);
      acc[0] += fstr * ex * invM;
      acc[1] += fstr * ez * invM;
      acc[3] -= fstr * ex * invCup;
      acc[4] -= fstr * ez * invCup;
    }

    // Ball against the cup wall (circle vs capsules), in the cup frame.
    let qx = bx - cx;
    let qz = bz - cz;
    let gz = qz - BIC_TARGET_Z;
    if (qx * qx + gz * gz < BIC_CONTACT_BOUND2) {
      for (var i = 0u; i < BIC_NSEG; i++) {
        let o = i * 5u;
        let sx = BIC_SEG[o + 2u];
        let sz = BIC_SEG[o + 3u];
        var t = ((qx - BIC_SEG[o]) * sx + (qz - BIC_SEG[o + 1u]) * sz) * BIC_SEG[o + 4u];
        if (i > 0u && t <= 0.0) { continue; }
        if (i < BIC_NSEG - 1u && t >= 1.0) {
          let tn = ((qx - BIC_SEG[o + 5u]) * BIC_SEG[o + 7u] + (qz - BIC_SEG[o + 6u]) * BIC_SEG[o + 8u]) * BIC_SEG[o + 9u];
          if (tn > 0.0) { continue; }
        }
        t = clamp(t, 0.0, 1.0);
        let px = qx - (BIC_SEG[o] + t * sx);
        let pz = qz - (BIC_SEG[o + 1u] + t * sz);
        let dist = sqrt(px * px + pz * pz);
        var pen = contactDist - dist;
        if (pen <= 0.0) { continue; }
        var nx: f32;
        var nz: f32;
        if (dist > 1e-9) {
          nx = px / dist;
          nz = pz / dist;
        } else {
          let il = sqrt(BIC_SEG[o + 4u]);
          nx = -sz * il;
          nz = sx * il;
        }
        pen = min(pen, contactDist);
        bic_contact(&acc, nx, nz, pen, bvx - cvx, bvz - cvz, w, invM, invI, invCup);
      }
    }
    // Ball against the ground plane z = 0 (static).
    if (bz < BIC_R) {
      let pen = min(BIC_R - bz, BIC_R);
      let keepAx = acc[3];
      let keepAz = acc[4];
      acc[3] = 0.0;
      acc[4] = 0.0;
      bic_contact(&acc, 0.0, 1.0, pen, bvx, bvz, w, invM, invI, 0.0);
      acc[3] = keepAx;
      acc[4] = keepAz;
    }

    // Integrate (semi-implicit Euler; cup damping implicit).
    bvx = bic_clamp_abs(bvx + BIC_DT * acc[0], BIC_MAX_BALL_V);
    bvz = bic_clamp_abs(bvz + BIC_DT * acc[1], BIC_MAX_BALL_V);
    w = bic_clamp_abs(w + BIC_DT * acc[2], BIC_MAX_SPIN);
    cvx = bic_clamp_abs(cvx + BIC_DT * dampFactor * acc[3], BIC_MAX_CUP_V);
    cvz = bic_clamp_abs(cvz + BIC_DT * dampFactor * acc[4], BIC_MAX_CUP_V);
    bx += BIC_DT * bvx;
    bz += BIC_DT * bvz;
    cx += BIC_DT * cvx;
    cz += BIC_DT * cvz;

    // Safety clamps.
    if (cx < -0.6) { cx = -0.6; if (cvx < 0.0) { cvx = 0.0; } }
    if (cx > 0.6) { cx = 0.6; if (cvx > 0.0) { cvx = 0.0; } }
    if (cz < 0.15) { cz = 0.15; if (cvz < 0.0) { cvz = 0.0; } }
    if (cz > 1.2) { cz = 1.2; if (cvz > 0.0) { cvz = 0.0; } }
    if (bx < -2.0) { bx = -2.0; if (bvx < 0.0) { bvx = 0.0; } }
    if (bx > 2.0) { bx = 2.0; if (bvx > 0.0) { bvx = 0.0; } }
    if (bz < 0.0) { bz = 0.0; if (bvz < 0.0) { bvz = 0.0; } }
    if (bz > 2.0) { bz = 2.0; if (bvz > 0.0) { bvz = 0.0; } }
    let lx = bx - cx;
    let lz = bz - (cz + BIC_SITE_Z);
    let l2 = lx * lx + lz * lz;
    if (l2 > BIC_LMAX * BIC_LMAX) {
      let l = sqrt(l2);
      let ux2 = lx / l;
      let uz2 = lz / l;
      bx = cx + ux2 * BIC_LMAX;
      bz = cz + BIC_SITE_Z + uz2 * BIC_LMAX;
      let vr = (bvx - cvx) * ux2 + (bvz - cvz) * uz2;
      if (vr > 0.0) {
        bvx -= vr * ux2;
        bvz -= vr * uz2;
      }
    }
  }
  // Last-resort guard, as the CPU's (a compiler may drop NaN checks; the clamps above keep values finite).
  if (!(bic_finite(bx) && bic_finite(bz) && bic_finite(bvx) && bic_finite(bvz) && bic_finite(w) &&
        bic_finite(cx) && bic_finite(cz) && bic_finite(cvx) && bic_finite(cvz))) {
    bx = 0.0; bz = BIC_REST_Z + BIC_SITE_Z - BIC_STRING_MAX; bvx = 0.0; bvz = 0.0; w = 0.0;
    cx = BIC_REST_X; cz = BIC_REST_Z; cvx = 0.0; cvz = 0.0;
  }
  (*s)[0] = bx;
  (*s)[1] = bz;
  (*s)[2] = bvx;
  (*s)[3] = bvz;
  (*s)[4] = w;
  (*s)[5] = cx;
  (*s)[6] = cz;
  (*s)[7] = cvx;
  (*s)[8] = cvz;
}

// ballInCup: dm_control's in-cup test (target box shrunk by the ball radius).
fn bic_in_cup(s: ptr<function, array<f32, 9>>) -> bool {
  let lim = BIC_TARGET_HALF - BIC_R;
  let dx = (*s)[0] - (*s)[5];
  let dz = (*s)[1] - ((*s)[6] + BIC_TARGET_Z);
  return abs(dx) < lim && abs(dz) < lim;
}

// notInCup.
fn task_running_cost(s: ptr<function, array<f32, 9>>, a: ptr<function, array<f32, 2>>) -> f32 {
  return cost_weight(0u) * select(1.0, 0.0, bic_in_cup(s));
}

fn task_observe(s: ptr<function, array<f32, 9>>, o: u32) {
  let bx = (*s)[0];
  let bz = (*s)[1];
  let tx = (*s)[5];
  let tz = (*s)[6] + BIC_TARGET_Z;
  let dx = tx - bx;
  let dz = tz - bz;
  let d = sqrt(dx * dx + dz * dz);
  qIn[o] = bx;
  qIn[o + 1u] = bz;
  qIn[o + 2u] = tx;
  qIn[o + 3u] = tz;
  qIn[o + 4u] = (*s)[2];
  qIn[o + 5u] = (*s)[3];
  qIn[o + 6u] = (*s)[7];
  qIn[o + 7u] = (*s)[8];
  qIn[o + 8u] = dx;
  qIn[o + 9u] = dz;
  qIn[o + 10u] = select(1.0, dx / d, d > 1e-9);
  qIn[o + 11u] = select(0.0, dz / d, d > 1e-9);
}

fn task_key_point(s: ptr<function, array<f32, 9>>) -> vec3<f32> {
  return vec3<f32>((*s)[0], 0.0, (*s)[1]);
}
`,
};
