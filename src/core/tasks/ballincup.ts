/**
 * Ball-in-cup, sparse (after dm_control's `ball_in_cup`; paper §4, App. B).
 *
 * A cup hangs on two spring-damped slide joints (x and z) and is driven by two
 * motors; a ball hangs from the cup on a string and must be swung into the cup.
 * The world is the vertical x–z plane, z up. Cup geometry and joint constants
 * come from dm_control's model; the ball's mass, inertia and the string's
 * stiffness are the model-bias parameters of the paper's Table 1.
 *
 * State (stateDim 9, world frame, SI units)
 *   [0] ball_x_m        ball centre x (m)
 *   [1] ball_z_m        ball centre z (m)
 *   [2] ball_vx_m_per_s ball velocity x (m/s)
 *   [3] ball_vz_m_per_s ball velocity z (m/s)
 *   [4] ball_spin_rad_per_s  ball angular velocity about the plane normal (rad/s),
 *                            counter-clockwise positive when x points right, z up
 *   [5] cup_x_m         cup body origin x (m); its rest position is 0
 *   [6] cup_z_m         cup body origin z (m); its rest position is 0.6
 *   [7] cup_vx_m_per_s  cup velocity x (m/s)
 *   [8] cup_vz_m_per_s  cup velocity z (m/s)
 * Action [0] motor x, [1] motor z, each in [−1, 1]; force on the cup = 5·u (N).
 * Params [0] ball mass (kg), [1] ball moment of inertia (kg·m²),
 *        [2] string (tendon) stiffness (N/m).
 * Obs (12, App. B) ball xz, target xz, ball velocity, target velocity,
 *        target − ball, cos Θ, sin Θ (Θ = angle of the line ball → target).
 *
 * Model, per physics substep (0.002 s, 10 per control step of 0.02 s):
 * - Cup: mass 0.0652 kg (density 1000 kg/m³ times the volume of the five wall
 *   capsules, which is how MuJoCo gets it from the XML), gravity, a spring of
 *   20 N/m to its start (0, 0.6) and a damper of 3 N·s/m per axis; the damper
 *   is integrated implicitly as MuJoCo's Euler integrator does.
 * - Ball: gravity; a spin degree of freedom with the inertia parameter I (see
 *   below).
 * - String: a tendon from the ball centre to the cup site (0, −0.108). Its
 *   stiffness T acts as a two-sided spring with rest length 0.292 m (the tendon
 *   length in the model's reference pose, MuJoCo's default spring length); its
 *   maximum length 0.3 m is a one-sided (pull-only) soft constraint.
 * - Contacts: the ball (circle, radius 0.025) against the five wall capsules
 *   (radius 0.008) and against the ground plane z = 0, with Coulomb friction
 *   μ = 1, acting on the cup as well (equal and opposite).
 * - Constraints (string limit, contact normal, contact friction) follow
 *   MuJoCo's soft-constraint law in its one-dimensional form: the constraint
 *   force removes a fraction d ∈ [0.9, 0.95] (solimp default, growing with the
 *   violation over 1 mm) of the unconstrained relative acceleration and
 *   replaces it with the reference acceleration −b·v − k·r of the default
 *   solref (time constant 0.02 s, damping ratio 1; 0.01 s for the string, see
 *   STRING_TIMECONST); normal and string forces only push / only pull;
 *   friction is bounded by μ times the normal force. The constraints are
 *   therefore soft and inelastic: no bounce, a ball landing at 2 m/s sinks
 *   ~1.3 cm into the wall for a few ms, a jerked string overshoots its 0.3 m by
 *   ≈ 3.5 ms × radial speed (≤ 2.5 cm for the true ball under any bounded
 *   control; tested). Constraints are resolved one after another (one
 *   Gauss–Seidel pass) each substep, rather than jointly as MuJoCo's solver
 *   does. A wall joint shared by two capsules counts as one contact point.
 *
 * What the inertia does: dm_control's ball has only x and z slide joints, so
 * in MuJoCo a ball inertia has no effect at all and friction makes the ball
 * slide. Here the ball may also spin: friction acts at the contact point, so it
 * changes the spin as well as the velocity, and a ball rolling on the cup wall
 * has an effective tangential mass m + I/r². I = 1.47e-5 is close to a solid
 * sphere's 2/5·m·r² (1.45e-5), so on the true system a ball that touches the
 * wall tends to roll instead of skid; a small I (biased range) behaves almost
 * like a frictionless slide, a large one like MuJoCo's non-rotating ball.
 *
 * Simplified / changed compared with MuJoCo: planar by construction
 * (MuJoCo's ball and cup are also planar through their joints), the spin
 * degree of freedom above, constraints solved sequentially, a stiffer string
 * limit (0.01 s instead of 0.02 s), the cup does not touch the ground (it
 * cannot reach it in practice; a position clamp stands in). Starts that put
 * the ball inside the target box are redrawn (dm_control redraws only
 * penetrating starts).
 *
 * Safety clamps (not reached by the true system in our tests; they keep any parameter in
 * the biased/DR boxes and any bounded action finite): ball speed ≤ 20 m/s per
 * axis, cup speed ≤ 10 m/s per axis, spin ≤ 4000 rad/s, cup x ∈ [−0.6, 0.6],
 * cup z ∈ [0.15, 1.2], ball x ∈ [−2, 2], ball z ∈ [0, 2] (velocity zeroed into
 * a clamped wall), the string stretched at most 0.05 m past its length (the
 * ball is projected back, its outward radial velocity removed); penetration
 * used in contact forces ≤ ball + wall radius; parameters floored at
 * m ≥ 1e-3 kg, I ≥ 1e-8 kg·m², T ≥ 0.
 */
import type { RandomStream } from '../rng';
import type { TaskSpec } from '../task';

// ---- geometry and constants (dm_control ball_in_cup.xml, MuJoCo defaults) ----
export const BIC_GRAVITY = 9.81;
export const BIC_DT = 0.002;
export const BIC_SUBSTEPS = 10;
export const BIC_GEAR = 5;
export const BIC_CUP_STIFFNESS = 20;
export const BIC_CUP_DAMPING = 3;
export const BIC_CUP_REST_X = 0;
export const BIC_CUP_REST_Z = 0.6;
export const BIC_BALL_RADIUS = 0.025;
export const BIC_WALL_RADIUS = 0.008;
/** Cup site where the string is tied, in the cup frame. */
export const BIC_SITE_Z = -0.108;
export const BIC_STRING_MAX = 0.3;
/** Tendon spring rest length: string length in the reference pose (ball at (0, 0.2)). */
export const BIC_STRING_REST = 0.6 + BIC_SITE_Z - 0.2;
/** Target box centre (cup frame) and half-sizes. */
export const BIC_TARGET_Z = -0.05;
export const BIC_TARGET_HALF = 0.05;
/** Contact friction coefficient (MuJoCo default sliding friction). */
export const BIC_FRICTION = 1;
/** Cup wall polyline (cup frame, x then z), the capsule centre line. */
export const BIC_WALL_POINTS: readonly number[] = [
  -0.05, 0, -0.05, -0.075, -0.025, -0.1, 0.025, -0.1, 0.05, -0.075, 0.05, 0,
];
export const NSEG = 5;

/** Cup mass (kg) as MuJoCo derives it from the XML: density 1000 × Σ capsule volumes. */
export const BIC_CUP_MASS = (() => {
  const r = BIC_WALL_RADIUS;
  let v = 0;
  for (let i = 0; i < NSEG; i++) {
    const dx = BIC_WALL_POINTS[2 * i + 2] - BIC_WALL_POINTS[2 * i];
    const dz = BIC_WALL_POINTS[2 * i + 3] - BIC_WALL_POINTS[2 * i + 1];
    v += Math.PI * r * r * Math.sqrt(dx * dx + dz * dz) + (4 / 3) * Math.PI * r * r * r;
  }
  return 1000 * v;
})();

// Soft-constraint law (MuJoCo defaults solref 0.02 1, solimp 0.9 0.95 0.001 0.5 2).
export const SOL_TIMECONST = 0.02;
export const SOL_DMIN = 0.9;
export const SOL_DMAX = 0.95;
export const SOL_WIDTH = 0.001;
export const SOL_K = 1 / (SOL_DMAX * SOL_DMAX * SOL_TIMECONST * SOL_TIMECONST);
export const SOL_B = 2 / (SOL_DMAX * SOL_TIMECONST);
/**
 * The string's length limit uses a time constant of 0.01 s instead of MuJoCo's default 0.02 s
 * (still ≥ 2·dt, MuJoCo's stability rule): with the default the string stretches ~7 ms × its radial
 * speed on a jerk (≈ 4–5 cm at 6 m/s), too elastic for a string.
 */
export const STRING_TIMECONST = 0.01;
export const STRING_K = 1 / (SOL_DMAX * SOL_DMAX * STRING_TIMECONST * STRING_TIMECONST);
export const STRING_B = 2 / (SOL_DMAX * STRING_TIMECONST);

// Safety clamps (see header). Exported, like the constants above, for the WGSL port (compute/gpu/ballInCupWgsl.ts).
export const MAX_BALL_V = 20;
export const MAX_CUP_V = 10;
export const MAX_SPIN = 4000;
export const MAX_STRETCH = 0.05;
export const MIN_MASS = 1e-3;
export const MIN_INERTIA = 1e-8;

// Segment data, flattened for a line-for-line WGSL port: start (ax, az), direction (ex, ez), 1/|e|².
export const SEG = new Float64Array(NSEG * 5);
for (let i = 0; i < NSEG; i++) {
  const ax = BIC_WALL_POINTS[2 * i];
  const az = BIC_WALL_POINTS[2 * i + 1];
  const ex = BIC_WALL_POINTS[2 * i + 2] - ax;
  const ez = BIC_WALL_POINTS[2 * i + 3] - az;
  SEG[i * 5] = ax;
  SEG[i * 5 + 1] = az;
  SEG[i * 5 + 2] = ex;
  SEG[i * 5 + 3] = ez;
  SEG[i * 5 + 4] = 1 / (ex * ex + ez * ez);
}
/** Squared radius around the target centre beyond which no wall contact is possible. */
export const CONTACT_BOUND2 = (() => {
  let m = 0;
  for (let i = 0; i < NSEG + 1; i++) {
    const dx = BIC_WALL_POINTS[2 * i];
    const dz = BIC_WALL_POINTS[2 * i + 1] - BIC_TARGET_Z;
    m = Math.max(m, Math.sqrt(dx * dx + dz * dz));
  }
  const r = m + BIC_BALL_RADIUS + BIC_WALL_RADIUS + 1e-3;
  return r * r;
})();

/** Soft-constraint impedance d(r) for violation r ≥ 0 (MuJoCo solimp, power 2, midpoint 0.5). */
function impedance(r: number): number {
  let x = r / SOL_WIDTH;
  x = x > 1 ? 1 : x < 0 ? 0 : x;
  const y = x < 0.5 ? 2 * x * x : 1 - 2 * (1 - x) * (1 - x);
  return SOL_DMIN + y * (SOL_DMAX - SOL_DMIN);
}

// Per-substep accelerations of the row being stepped (module scratch; no allocation in step).
// [0] ball ax, [1] ball az, [2] ball spin acc, [3] cup ax, [4] cup az
const ACC = new Float64Array(5);

/**
 * The inputs of applyContact: nx, nz, pen, rvx, rvz, spin, invM, invI, invCupMass. Module scratch, not
 * arguments: V8 does not inline applyContact into the long step function, and numbers passed to a call
 * that is not inlined are boxed on the heap (a garbage collection every few milliseconds).
 */
const CONTACT = new Float64Array(9);

/**
 * Applies one frictional contact between the ball and a body (the cup, or the
 * ground when invCupMass = 0 and the cup velocity passed is 0) to ACC; its
 * inputs are in CONTACT.
 * n: unit normal pointing from the wall to the ball; pen > 0 penetration (m);
 * (rvx, rvz): ball velocity minus wall velocity at the contact; spin the ball's.
 */
function applyContact(): void {
  const nx = CONTACT[0];
  const nz = CONTACT[1];
  const pen = CONTACT[2];
  const rvx = CONTACT[3];
  const rvz = CONTACT[4];
  const spin = CONTACT[5];
  const invM = CONTACT[6];
  const invI = CONTACT[7];
  const invCupMass = CONTACT[8];
  const d = impedance(pen);
  const vn = rvx * nx + rvz * nz;
  const a0n = (ACC[0] - ACC[3]) * nx + (ACC[1] - ACC[4]) * nz;
  const aref = -SOL_B * vn + SOL_K * pen;
  const invMn = invM + invCupMass;
  const fn = (d * (aref - a0n)) / invMn;
  if (fn <= 0) return;
  ACC[0] += fn * nx * invM;
  ACC[1] += fn * nz * invM;
  ACC[3] -= fn * nx * invCupMass;
  ACC[4] -= fn * nz * invCupMass;
  // Friction along t = n rotated +90°; slip of the ball's contact point is v·t − ω·R.
  const tx = -nz;
  const tz = nx;
  const R = BIC_BALL_RADIUS;
  const vt = rvx * tx + rvz * tz - spin * R;
  const a0t = (ACC[0] - ACC[3]) * tx + (ACC[1] - ACC[4]) * tz - ACC[2] * R;
  const invMt = invM + invCupMass + R * R * invI;
  let ft = (d * (-SOL_B * vt - a0t)) / invMt;
  const fmax = BIC_FRICTION * fn;
  ft = ft > fmax ? fmax : ft < -fmax ? -fmax : ft;
  ACC[0] += ft * tx * invM;
  ACC[1] += ft * tz * invM;
  ACC[2] -= R * ft * invI;
  ACC[3] -= ft * tx * invCupMass;
  ACC[4] -= ft * tz * invCupMass;
}

/**
 * v clamped to [−m, m] (m > 0; NaN stays NaN, −0 stays −0). Math.min/max rather
 * than v > m ? m : …: V8 keeps their result an unboxed double, where a
 * conditional choosing between v and a module constant can make it box v.
 */
function clampAbs(v: number, m: number): number {
  return Math.min(Math.max(v, -m), m);
}

/**
 * Advances one row by `substeps` physics steps of BIC_DT under a constant action.
 * State row at `so` of `s`; params m, I, T; action (ux, uz) already in [−1, 1].
 */
export function ballincupStepRow(
  s: Float64Array,
  so: number,
  m0: number,
  i0: number,
  t0: number,
  ux: number,
  uz: number,
  substeps: number,
): void {
  const m = m0 > MIN_MASS ? m0 : MIN_MASS;
  const inertia = i0 > MIN_INERTIA ? i0 : MIN_INERTIA;
  const T = t0 > 0 ? t0 : 0;
  const invM = 1 / m;
  const invI = 1 / inertia;
  const M = BIC_CUP_MASS;
  const invCup = 1 / M;
  // Implicit damping factor of MuJoCo's Euler integrator: Δv = dt·M/(M + dt·c)·a.
  const dampFactor = M / (M + BIC_DT * BIC_CUP_DAMPING);
  const R = BIC_BALL_RADIUS;
  const contactDist = R + BIC_WALL_RADIUS;
  let bx = s[so];
  let bz = s[so + 1];
  let bvx = s[so + 2];
  let bvz = s[so + 3];
  let w = s[so + 4];
  let cx = s[so + 5];
  let cz = s[so + 6];
  let cvx = s[so + 7];
  let cvz = s[so + 8];
  for (let k = 0; k < substeps; k++) {
    // Smooth forces.
    ACC[0] = 0;
    ACC[1] = -BIC_GRAVITY;
    ACC[2] = 0;
    ACC[3] = (BIC_GEAR * ux - BIC_CUP_STIFFNESS * (cx - BIC_CUP_REST_X) - BIC_CUP_DAMPING * cvx) * invCup;
    ACC[4] = (BIC_GEAR * uz - BIC_CUP_STIFFNESS * (cz - BIC_CUP_REST_Z) - BIC_CUP_DAMPING * cvz) * invCup - BIC_GRAVITY;

    // String: spring along it, then the one-sided length limit.
    const dx = bx - cx;
    const dz = bz - (cz + BIC_SITE_Z);
    const len = Math.sqrt(dx * dx + dz * dz);
    let ex = 0;
    let ez = -1;
    if (len > 1e-9) {
      ex = dx / len;
      ez = dz / len;
    }
    const fs = -T * (len - BIC_STRING_REST);
    ACC[0] += fs * ex * invM;
    ACC[1] += fs * ez * invM;
    ACC[3] -= fs * ex * invCup;
    ACC[4] -= fs * ez * invCup;
    if (len > BIC_STRING_MAX) {
      const r = len - BIC_STRING_MAX;
      const d = impedance(r);
      const ldot = (bvx - cvx) * ex + (bvz - cvz) * ez;
      const a0 = (ACC[0] - ACC[3]) * ex + (ACC[1] - ACC[4]) * ez;
      const aref = -STRING_B * ldot - STRING_K * r;
      let f = (d * (aref - a0)) / (invM + invCup);
      f = f > 0 ? 0 : f; // a string only pulls
      ACC[0] += f * ex * invM;
      ACC[1] += f * ez * invM;
      ACC[3] -= f * ex * invCup;
      ACC[4] -= f * ez * invCup;
    }

    // Ball against the cup wall (circle vs capsules), in the cup frame.
    const qx = bx - cx;
    const qz = bz - cz;
    const gx = qx;
    const gz = qz - BIC_TARGET_Z;
    if (gx * gx + gz * gz < CONTACT_BOUND2) {
      for (let i = 0; i < NSEG; i++) {
        const o = i * 5;
        const sx = SEG[o + 2];
        const sz = SEG[o + 3];
        let t = ((qx - SEG[o]) * sx + (qz - SEG[o + 1]) * sz) * SEG[o + 4];
        // A joint shared by two segments is one point of the wall: it is handled by the earlier
        // segment, and only when it is also the later segment's closest point (a convex corner);
        // otherwise the later segment's own closer point covers it (a concave corner).
        if (i > 0 && t <= 0) continue;
        if (i < NSEG - 1 && t >= 1) {
          const tn = ((qx - SEG[o + 5]) * SEG[o + 7] + (qz - SEG[o + 6]) * SEG[o + 8]) * SEG[o + 9];
          if (tn > 0) continue;
        }
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const px = qx - (SEG[o] + t * sx);
        const pz = qz - (SEG[o + 1] + t * sz);
        const dist = Math.sqrt(px * px + pz * pz);
        let pen = contactDist - dist;
        if (pen <= 0) continue;
        let nx: number;
        let nz: number;
        if (dist > 1e-9) {
          nx = px / dist;
          nz = pz / dist;
        } else {
          // Centre on the wall's centre line: push toward the cup's inside (left normal of the polyline).
          const il = Math.sqrt(SEG[o + 4]);
          nx = -sz * il;
          nz = sx * il;
        }
        pen = pen > contactDist ? contactDist : pen;
        CONTACT[0] = nx;
        CONTACT[1] = nz;
        CONTACT[2] = pen;
        CONTACT[3] = bvx - cvx;
        CONTACT[4] = bvz - cvz;
        CONTACT[5] = w;
        CONTACT[6] = invM;
        CONTACT[7] = invI;
        CONTACT[8] = invCup;
        applyContact();
      }
    }
    // Ball against the ground plane z = 0 (static: zero wall velocity and acceleration).
    if (bz < R) {
      let pen = R - bz;
      pen = pen > R ? R : pen;
      const keepAx = ACC[3];
      const keepAz = ACC[4];
      ACC[3] = 0;
      ACC[4] = 0;
      CONTACT[0] = 0;
      CONTACT[1] = 1;
      CONTACT[2] = pen;
      CONTACT[3] = bvx;
      CONTACT[4] = bvz;
      CONTACT[5] = w;
      CONTACT[6] = invM;
      CONTACT[7] = invI;
      CONTACT[8] = 0;
      applyContact();
      ACC[3] = keepAx;
      ACC[4] = keepAz;
    }

    // Integrate (semi-implicit Euler; cup damping implicit).
    bvx = clampAbs(bvx + BIC_DT * ACC[0], MAX_BALL_V);
    bvz = clampAbs(bvz + BIC_DT * ACC[1], MAX_BALL_V);
    w = clampAbs(w + BIC_DT * ACC[2], MAX_SPIN);
    cvx = clampAbs(cvx + BIC_DT * dampFactor * ACC[3], MAX_CUP_V);
    cvz = clampAbs(cvz + BIC_DT * dampFactor * ACC[4], MAX_CUP_V);
    bx += BIC_DT * bvx;
    bz += BIC_DT * bvz;
    cx += BIC_DT * cvx;
    cz += BIC_DT * cvz;

    // Safety clamps (see header).
    if (cx < -0.6) {
      cx = -0.6;
      if (cvx < 0) cvx = 0;
    }
    if (cx > 0.6) {
      cx = 0.6;
      if (cvx > 0) cvx = 0;
    }
    if (cz < 0.15) {
      cz = 0.15;
      if (cvz < 0) cvz = 0;
    }
    if (cz > 1.2) {
      cz = 1.2;
      if (cvz > 0) cvz = 0;
    }
    if (bx < -2) {
      bx = -2;
      if (bvx < 0) bvx = 0;
    }
    if (bx > 2) {
      bx = 2;
      if (bvx > 0) bvx = 0;
    }
    if (bz < 0) {
      bz = 0;
      if (bvz < 0) bvz = 0;
    }
    if (bz > 2) {
      bz = 2;
      if (bvz > 0) bvz = 0;
    }
    const lx = bx - cx;
    const lz = bz - (cz + BIC_SITE_Z);
    const l2 = lx * lx + lz * lz;
    const lmax = BIC_STRING_MAX + MAX_STRETCH;
    if (l2 > lmax * lmax) {
      const l = Math.sqrt(l2);
      const ux2 = lx / l;
      const uz2 = lz / l;
      bx = cx + ux2 * lmax;
      bz = cz + BIC_SITE_Z + uz2 * lmax;
      const vr = (bvx - cvx) * ux2 + (bvz - cvz) * uz2;
      if (vr > 0) {
        bvx -= vr * ux2;
        bvz -= vr * uz2;
      }
    }
  }
  // Last-resort guard: a non-finite input row is reset to the rest pose.
  if (!(
    Number.isFinite(bx) &&
    Number.isFinite(bz) &&
    Number.isFinite(bvx) &&
    Number.isFinite(bvz) &&
    Number.isFinite(w) &&
    Number.isFinite(cx) &&
    Number.isFinite(cz) &&
    Number.isFinite(cvx) &&
    Number.isFinite(cvz)
  )) {
    bx = 0;
    bz = BIC_CUP_REST_Z + BIC_SITE_Z - BIC_STRING_MAX;
    bvx = 0;
    bvz = 0;
    w = 0;
    cx = BIC_CUP_REST_X;
    cz = BIC_CUP_REST_Z;
    cvx = 0;
    cvz = 0;
  }
  s[so] = bx;
  s[so + 1] = bz;
  s[so + 2] = bvx;
  s[so + 3] = bvz;
  s[so + 4] = w;
  s[so + 5] = cx;
  s[so + 6] = cz;
  s[so + 7] = cvx;
  s[so + 8] = cvz;
}

/** dm_control's in-cup test: ball centre inside the target box shrunk by the ball radius, both axes. */
export function ballInCup(bx: number, bz: number, cx: number, cz: number): boolean {
  const lim = BIC_TARGET_HALF - BIC_BALL_RADIUS;
  const dx = bx - cx;
  const dz = bz - (cz + BIC_TARGET_Z);
  return (dx < 0 ? -dx : dx) < lim && (dz < 0 ? -dz : dz) < lim;
}

/** Smallest distance (m) from a point (cup frame) to the wall capsules' centre line. */
export function wallDistance(qx: number, qz: number): number {
  let best = Infinity;
  for (let i = 0; i < NSEG; i++) {
    const o = i * 5;
    let t = ((qx - SEG[o]) * SEG[o + 2] + (qz - SEG[o + 1]) * SEG[o + 3]) * SEG[o + 4];
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const px = qx - (SEG[o] + t * SEG[o + 2]);
    const pz = qz - (SEG[o + 1] + t * SEG[o + 3]);
    const d = Math.sqrt(px * px + pz * pz);
    if (d < best) best = d;
  }
  return best;
}

/** Length (m) of the string: ball centre to the cup site. */
export function stringLength(s: Float64Array, so: number): number {
  const dx = s[so] - s[so + 5];
  const dz = s[so + 1] - (s[so + 6] + BIC_SITE_Z);
  return Math.sqrt(dx * dx + dz * dz);
}

/**
 * Total mechanical energy (J) of a state: kinetic (ball translation and spin,
 * cup), gravity (ball and cup), cup springs, string spring. Contact and
 * string-limit penetration energy is not included.
 */
export function ballincupEnergy(s: Float64Array, so: number, m: number, inertia: number, T: number): number {
  const M = BIC_CUP_MASS;
  const bvx = s[so + 2];
  const bvz = s[so + 3];
  const w = s[so + 4];
  const cvx = s[so + 7];
  const cvz = s[so + 8];
  const ex = s[so + 5] - BIC_CUP_REST_X;
  const ez = s[so + 6] - BIC_CUP_REST_Z;
  const dl = stringLength(s, so) - BIC_STRING_REST;
  return (
    0.5 * m * (bvx * bvx + bvz * bvz) +
    0.5 * inertia * w * w +
    0.5 * M * (cvx * cvx + cvz * cvz) +
    m * BIC_GRAVITY * s[so + 1] +
    M * BIC_GRAVITY * s[so + 6] +
    0.5 * BIC_CUP_STIFFNESS * (ex * ex + ez * ez) +
    0.5 * T * dl * dl
  );
}

/** Writes the rest state: cup at its start, ball at (bx, bz), all velocities zero. */
export function ballincupSetState(out: Float64Array, o: number, bx: number, bz: number): void {
  out[o] = bx;
  out[o + 1] = bz;
  out[o + 2] = 0;
  out[o + 3] = 0;
  out[o + 4] = 0;
  out[o + 5] = BIC_CUP_REST_X;
  out[o + 6] = BIC_CUP_REST_Z;
  out[o + 7] = 0;
  out[o + 8] = 0;
}

export const BIC_TRUE_PARAMS: readonly number[] = [0.058, 1.47e-5, 0.05];

export const ballincup: TaskSpec<'ballincup'> = {
  id: 'ballincup',
  title: 'Ball-in-cup (sparse)',
  label: 'Ball-in-cup',
  intro: {
    system: 'A cup that slides in a vertical plane on two springy rails, with a ball tied to it by a 30 cm string.',
    goal:
      'Swing the ball up and catch it in the cup. The cost is 1 for every step the ball is outside the cup and 0 inside, so nothing rewards getting close: ' +
      'the planner only notices success when one of its rollouts really catches the ball (a sparse cost).',
    traced: 'the ball',
    goalMarker: 'the target region inside the cup',
  },
  paper: {
    samples: 36,
    sigma: 4.0,
    lambda: 0.15,
    alpha: 0.55,
    gamma: 0.9,
    mpqHorizon: 4,
    longHorizon: 48,
    targetIterations: 3,
    trainEpisodes: 350,
    experiments: ['fig2', 'table2', 'fig3'],
    fig3Horizons: [1, 4, 8, 16],
    table2: { 'MPQ REAL': 0.85, 'MPQ DR': 0.41, 'H1 REAL': 0.09, 'H1 DR': 0.06 },
    metric: 'success',
  },
  doc:
    'A cup on two spring-damped slide joints (x, z; 20 N/m, 3 N·s/m, motors 5 N) must catch a ball that hangs from it on a 0.3 m string; ' +
    'cost 1 per step unless the ball is in the cup (dm_control ball_in_cup, planar x–z). ' +
    'Simulated: cup and ball with gravity, the string as a pull-only length limit plus a spring of stiffness T (rest length 0.292 m), ' +
    'ball–wall (five capsules) and ball–ground contact with friction μ = 1, all constraints with MuJoCo-style soft laws (solref/solimp defaults; the string limit twice as stiff); ' +
    'substeps of 0.002 s, 10 per control step. ' +
    'Simplified: constraints solved one after another instead of jointly; the ball may spin (dm_control’s cannot), which is where its inertia acts — ' +
    'friction turns sliding into rolling with effective tangential mass m + I/r². ' +
    'Biased parameters (Table 1): ball mass (acts on gravity, string and contact response), inertia (rolling on the wall), string stiffness T (the spring along the string). ' +
    'Domain randomisation (the paper’s) draws from the biased box every step; the broad box, a variant: mass 0.0058–1.16 kg, inertia 0.07e-5–29.4e-5 kg·m², T 0–2 N/m.',
  stateDim: 9,
  stateNames: [
    'ball_x_m',
    'ball_z_m',
    'ball_vx_m_per_s',
    'ball_vz_m_per_s',
    'ball_spin_rad_per_s',
    'cup_x_m',
    'cup_z_m',
    'cup_vx_m_per_s',
    'cup_vz_m_per_s',
  ],
  actionDim: 2,
  actionNames: ['motor_x', 'motor_z'],
  actionLow: [-1, -1],
  actionHigh: [1, 1],
  obsDim: 12,
  obsNames: [
    'ball_x_m',
    'ball_z_m',
    'target_x_m',
    'target_z_m',
    'ball_vx_m_per_s',
    'ball_vz_m_per_s',
    'target_vx_m_per_s',
    'target_vz_m_per_s',
    'target_minus_ball_x_m',
    'target_minus_ball_z_m',
    'cos_theta',
    'sin_theta',
  ],
  controlDtSec: BIC_DT * BIC_SUBSTEPS,
  substeps: BIC_SUBSTEPS,
  episodeSteps: 200,
  paramNames: ['ball_mass_kg', 'ball_inertia_kg_m2', 'string_stiffness_N_per_m'],
  trueParams: BIC_TRUE_PARAMS,
  biased: { low: [0.0087, 0.22e-5, 0.00375], high: [0.87, 22e-5, 1.5] },
  // The broad box (`--dr-box broad`, the sliders' range): covers the biased box and the true values with margin
  // (mass ×0.1–×20, inertia ×0.05–×20, stiffness 0–2 N/m).
  dr: { low: [0.0058, 0.07e-5, 0], high: [1.16, 29.4e-5, 2] },
  costTerms: [
    {
      name: 'notInCup',
      doc: '0 when the ball is in the cup (dm_control test), else 1 (per step)',
      weight: 1,
      range: [0, 5],
    },
  ],
  successRule: { kind: 'anyOfLast', steps: 10 },

  step(states, actions, params, paramStride, count) {
    for (let r = 0; r < count; r++) {
      const po = r * paramStride;
      let ux = actions[r * 2];
      let uz = actions[r * 2 + 1];
      ux = ux < -1 ? -1 : ux > 1 ? 1 : ux === ux ? ux : 0;
      uz = uz < -1 ? -1 : uz > 1 ? 1 : uz === uz ? uz : 0;
      ballincupStepRow(states, r * 9, params[po], params[po + 1], params[po + 2], ux, uz, BIC_SUBSTEPS);
    }
  },

  evalCostTerms(s, so, _a, _ao, out) {
    out[0] = ballInCup(s[so], s[so + 1], s[so + 5], s[so + 6]) ? 0 : 1;
  },

  observe(s, so, out, oo) {
    const bx = s[so];
    const bz = s[so + 1];
    const tx = s[so + 5];
    const tz = s[so + 6] + BIC_TARGET_Z;
    const dx = tx - bx;
    const dz = tz - bz;
    const d = Math.sqrt(dx * dx + dz * dz);
    out[oo] = bx;
    out[oo + 1] = bz;
    out[oo + 2] = tx;
    out[oo + 3] = tz;
    out[oo + 4] = s[so + 2];
    out[oo + 5] = s[so + 3];
    out[oo + 6] = s[so + 7];
    out[oo + 7] = s[so + 8];
    out[oo + 8] = dx;
    out[oo + 9] = dz;
    out[oo + 10] = d > 1e-9 ? dx / d : 1;
    out[oo + 11] = d > 1e-9 ? dz / d : 0;
  },

  isSuccess(s, so) {
    return ballInCup(s[so], s[so + 1], s[so + 5], s[so + 6]);
  },

  sampleInitialState(rng: RandomStream, out, o) {
    // dm_control: ball joint offsets x ~ U[−0.2, 0.2], z ~ U[0.2, 0.5] from (0, 0.2); redraw while the
    // ball touches the cup (we also redraw when it starts in the cup).
    const touch = BIC_BALL_RADIUS + BIC_WALL_RADIUS;
    for (let tries = 0; tries < 1000; tries++) {
      const bx = rng.uniformIn(-0.2, 0.2);
      const bz = 0.2 + rng.uniformIn(0.2, 0.5);
      ballincupSetState(out, o, bx, bz);
      if (
        wallDistance(bx - BIC_CUP_REST_X, bz - BIC_CUP_REST_Z) > touch &&
        !ballInCup(bx, bz, BIC_CUP_REST_X, BIC_CUP_REST_Z)
      )
        return;
    }
    ballincupSetState(out, o, 0.15, 0.45);
  },

  keyPoint(s, so, out) {
    out[0] = s[so];
    out[1] = 0;
    out[2] = s[so + 1];
  },
};
