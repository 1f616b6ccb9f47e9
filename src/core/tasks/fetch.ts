/**
 * Fetch push-block (Plappert et al. 2018, Gymnasium-Robotics `FetchPush`; paper §4, Tables 1 and 3).
 *
 * A position-controlled gripper with closed fingers pushes a cube across a table to a goal.
 * World frame as in FetchPush: z up, table top at z = 0.4, table centre (1.3, 0.75),
 * half-size (0.25, 0.35). "Grip point" = the point between the fingertips' centres
 * (FetchPush's `robot0:grip` site); the finger pair hangs 0.0185 m below it.
 *
 * State (stateDim 16)
 *   [0..2]   gripper grip point x, y, z (m, world)
 *   [3..5]   gripper velocity x, y, z (m/s)
 *   [6..8]   block centre x, y, z (m, world; z = 0.4 + half-size on the table, < 0.4 once fallen off)
 *   [9]      block yaw (rad, wrapped to [−π, π))
 *   [10..11] block velocity x, y (m/s)
 *   [12]     block yaw rate (rad/s)
 *   [13..15] goal x, y, z (m, world; fixed during an episode)
 *
 * Action (actionDim 4, each in [−1, 1])
 *   [0..2] dx, dy, dz: position target = grip point + 0.05·(dx, dy, dz) m, as FetchPush's
 *          mocap (reset to the gripper, then moved), clamped to the workspace box
 *   [3]    grip: ignored — FetchPush blocks the gripper (fingers held closed) for pushing
 *
 * Obs (obsDim 33, paper App. B, FetchPush order)
 *   [0..2] gripper pos (m)            [3..5] block pos (m)          [6..8] block − gripper (m)
 *   [9..10] finger opening (m, 0)     [11..13] block rotation (roll, pitch, yaw; rad)
 *   [14..16] block velocity (m/s)     [17..19] block angular velocity (rad/s)
 *   [20..21] finger velocity (m/s, 0) [22..24] gripper velocity (m/s)
 *   [25] |block − gripper| (m)        [26..28] goal − block (m)     [29] |goal − block| (m)
 *   [30..32] goal (m)
 *
 * Params (paramDim 6) [0] block mass (kg) [1] block yaw inertia (kg m²) [2] sliding friction μ
 *   [3] torsional friction (m) [4] rolling friction (m) [5] block half-size (m)
 *
 * Written as plain loops over typed arrays with module-level constants so that the WGSL
 * port is line for line.
 */
import type { RandomStream } from '../rng';
import { scaledBox, type TaskSpec } from '../task';

// ---- geometry (push.xml, robot.xml) -------------------------------------------------------------
/** Table top height (m). */
export const FETCH_TABLE_Z = 0.4;
export const FETCH_TABLE_CX = 1.3;
export const FETCH_TABLE_CY = 0.75;
export const FETCH_TABLE_HX = 0.25;
export const FETCH_TABLE_HY = 0.35;
/** Gripper start (grip site after FetchPush's reset; gripper_extra_height 0). */
export const FETCH_GRIP_START: readonly [number, number, number] = [1.3418, 0.7491, 0.5347];
/**
 * Finger pair below the grip point: finger boxes are 0.0385 long along the pointing-down
 * gripper axis, centred 0.02 above the grip site, so their tips are 0.0185 below it.
 */
export const FETCH_FINGER_DROP = 0.0185;
/**
 * The closed finger pair's footprint (x half 0.0135, y half 0.0149 from the finger boxes)
 * is modelled as a disc of this radius (m).
 */
export const FETCH_FINGER_RADIUS = 0.014;
/** Workspace box of the grip point (m): above the table top, fingertips never below it. */
export const FETCH_WS_LO: readonly [number, number, number] = [
  FETCH_TABLE_CX - FETCH_TABLE_HX,
  FETCH_TABLE_CY - FETCH_TABLE_HY,
  FETCH_TABLE_Z + FETCH_FINGER_DROP,
];
export const FETCH_WS_HI: readonly [number, number, number] = [
  FETCH_TABLE_CX + FETCH_TABLE_HX,
  FETCH_TABLE_CY + FETCH_TABLE_HY,
  FETCH_TABLE_Z + 0.3,
];
/** Target displacement per unit action per control step (m), FetchPush's 0.05. */
export const FETCH_ACTION_SCALE = 0.05;
/** Success / FetchPush distance_threshold (m). */
export const FETCH_SUCCESS_DIST = 0.05;
/** FetchPush obj_range and target_range (m), and the minimum gripper–block start distance. */
export const FETCH_OBJ_RANGE = 0.15;
export const FETCH_TARGET_RANGE = 0.15;
export const FETCH_OBJ_MIN_DIST = 0.1;

// ---- dynamics constants (exported for the WGSL port, compute/gpu/fetchWgsl.ts) ---------------------
export const GRAVITY = 9.81;
export const SUBSTEPS = 20;
export const DT = 0.002;
const CONTROL_DT = SUBSTEPS * DT;
/**
 * Gripper servo: critically damped, natural frequency 50 rad/s — the stiffness and damping
 * MuJoCo derives from the mocap weld's solref (0.02 s, damping ratio 1).
 */
export const SERVO_WN = 50;
/** Mass the contact pushes back against (kg): gripper_link 1.5175 + two fingers of 4 (robot.xml). */
export const FETCH_GRIPPER_MASS = 9.5175;
/** Free-joint damping of the block (push.xml), N·s/m and N·m·s. */
export const BLOCK_DAMPING = 0.01;
/** Mean distance from the centre over a uniformly loaded square of half-size 1: (√2 + ln(1+√2))/3. */
export const SPIN_ARM = 0.7652;
/** Baumgarte factor: fraction of the finger–block penetration removed per substep. */
export const BAUMGARTE = 0.2;
/** Safety caps (never reached in ordinary pushing). */
export const MAX_BLOCK_SPEED = 10;
export const MAX_BLOCK_SPIN = 300;
/** Parameter guards so a degenerate model row cannot divide by zero. */
export const MIN_MASS = 1e-4;
export const MIN_INERTIA = 1e-9;
export const MIN_HALF = 1e-4;
export const MAX_HALF = 0.2;

const TWO_PI = 2 * Math.PI;

/** True parameters: mass (kg), yaw inertia (kg m²), μ = [sliding, torsional (m), rolling (m)], half-size (m). */
export const FETCH_TRUE_PARAMS: readonly number[] = [2, 8.33e-4, 1, 0.005, 1e-4, 0.025];

/** Wraps an angle to [−π, π). */
function wrapYaw(x: number): number {
  let y = (x + Math.PI) % TWO_PI;
  if (y < 0) y += TWO_PI;
  return y - Math.PI;
}

function clampNum(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Distance (m) from a point to a yawed square of half-size `half` centred at (bx, by), 0 inside.
 * Used by the step for the finger-on-top test, and by tests and the page.
 */
export function pointToBlockDistance(
  px: number,
  py: number,
  bx: number,
  by: number,
  yawRad: number,
  half: number,
): number {
  const c = Math.cos(yawRad);
  const s = Math.sin(yawRad);
  const dx = px - bx;
  const dy = py - by;
  const lx = c * dx + s * dy;
  const ly = -s * dx + c * dy;
  const ex = lx - clampNum(lx, -half, half);
  const ey = ly - clampNum(ly, -half, half);
  return Math.sqrt(ex * ex + ey * ey);
}

/** Distance (m) a block sliding at `speedMPerSec` covers before Coulomb friction μ stops it: v²/(2μg). */
export function frictionStopDistance(speedMPerSec: number, mu: number): number {
  return (speedMPerSec * speedMPerSec) / (2 * mu * GRAVITY);
}

/** True when the fingertips at grip height `gripZ` are below the top of a block of half-size `half`. */
export function fingersReachBlock(gripZ: number, half: number): boolean {
  return gripZ - FETCH_FINGER_DROP < FETCH_TABLE_Z + 2 * half;
}

export const FETCH_STATE_DIM = 16;
const SD = FETCH_STATE_DIM;

/** The TaskSpec. Exported as `fetchPush` (a bare `fetch` would shadow the global). */
export const fetchPush: TaskSpec<'fetch'> = {
  id: 'fetch',
  title: 'Fetch push-block',
  label: 'Fetch push',
  intro: {
    system: 'A robot gripper with closed fingers above a table, and a small block lying on the table.',
    goal: 'Push the block to the goal spot on the table and leave it there.',
    traced: 'the grip point between the fingers (the block moves only when the fingers push it)',
    goalMarker: 'where the block should end up',
  },
  paper: {
    samples: 36,
    sigma: 3.0,
    lambda: 0.01,
    alpha: 0.5,
    gamma: 0.9,
    mpqHorizon: 10,
    longHorizon: 64,
    targetIterations: 3,
    // Fig. 2's Fetch panel ends at 160 training episodes.
    trainEpisodes: 160,
    experiments: ['fig2', 'fig3'],
    // Fig. 3 (App. C) on Fetch: MPQ and plain MPPI at H 4, 10, 16, 32, 64.
    fig3Horizons: [4, 10, 16, 32, 64],
    metric: 'success',
  },
  doc:
    'A gripper with closed fingers pushes a 5 cm cube on a table to a goal (FetchPush). ' +
    'Simulated: Cartesian position control (target = gripper + 0.05·action, clamped to a box above the table) tracked by a ' +
    'critically damped 50 rad/s servo of a 9.5 kg gripper; a planar block (x, y, yaw) with Coulomb sliding friction and ' +
    'spin friction, applied as per-substep velocity impulses capped so friction stops but never reverses the motion (the ' +
    'regularisation near zero speed: below μ·g·dt ≈ 0.02 m/s the force falls linearly to zero and the block sticks); the finger pair as a disc of radius 0.014 m against the block square, an impulse contact with ' +
    'friction and penetration correction, active only when the fingertips are below the block top; a gripper lowered onto ' +
    'the block rests on its top face. ' +
    'Simplified vs MuJoCo: no arm (the grip point is a servoed point mass), fingers always closed (as FetchPush, grip is ' +
    'ignored), the block never tips or lifts, the finger pair is a disc, a block whose centre leaves the table falls to the ' +
    'floor and stays there, friction on sliding and spinning is independent. ' +
    'Parameters: mass → contact impulses (how much the block slows the gripper) and the friction load mg; inertia → spin ' +
    'from off-centre pushes; sliding μ → table friction mg·μ and finger–block friction; torsional μ (m) → extra spin ' +
    'friction torque μ_t·mg on top of sliding friction over the face (0.765·μ·h·mg); rolling μ has no effect (a planar ' +
    'block does not roll; MuJoCo ignores it too with condim 3); half-size → contact shape, block height (which finger ' +
    'heights touch it) and spin-friction arm (half-size 0.025 as push.xml; Table 1 calls it the side length). Biased model (Table 1): each parameter uniform with mean 0.35·p, half-width ' +
    '0.45·p, low end clamped at 0.05·p (the paper’s domain randomisation draws from it too); the broad box, a variant: uniform in [0.05·p, 2·p].',

  stateDim: SD,
  stateNames: [
    'gripper_x_m',
    'gripper_y_m',
    'gripper_z_m',
    'gripper_vx_m_per_s',
    'gripper_vy_m_per_s',
    'gripper_vz_m_per_s',
    'block_x_m',
    'block_y_m',
    'block_z_m',
    'block_yaw_rad',
    'block_vx_m_per_s',
    'block_vy_m_per_s',
    'block_yaw_rate_rad_per_s',
    'goal_x_m',
    'goal_y_m',
    'goal_z_m',
  ],
  actionDim: 4,
  actionNames: ['dx', 'dy', 'dz', 'grip_ignored'],
  actionLow: [-1, -1, -1, -1],
  actionHigh: [1, 1, 1, 1],
  obsDim: 33,
  obsNames: [
    'gripper_x_m',
    'gripper_y_m',
    'gripper_z_m',
    'block_x_m',
    'block_y_m',
    'block_z_m',
    'block_rel_x_m',
    'block_rel_y_m',
    'block_rel_z_m',
    'finger_r_opening_m',
    'finger_l_opening_m',
    'block_roll_rad',
    'block_pitch_rad',
    'block_yaw_rad',
    'block_vx_m_per_s',
    'block_vy_m_per_s',
    'block_vz_m_per_s',
    'block_wx_rad_per_s',
    'block_wy_rad_per_s',
    'block_wz_rad_per_s',
    'finger_r_vel_m_per_s',
    'finger_l_vel_m_per_s',
    'gripper_vx_m_per_s',
    'gripper_vy_m_per_s',
    'gripper_vz_m_per_s',
    'gripper_block_dist_m',
    'goal_rel_x_m',
    'goal_rel_y_m',
    'goal_rel_z_m',
    'goal_block_dist_m',
    'goal_x_m',
    'goal_y_m',
    'goal_z_m',
  ],
  controlDtSec: CONTROL_DT,
  substeps: SUBSTEPS,
  episodeSteps: 100,

  paramNames: [
    'block_mass_kg',
    'block_inertia_kg_m2',
    'sliding_friction',
    'torsional_friction_m',
    'rolling_friction_m',
    'block_half_size_m',
  ],
  trueParams: FETCH_TRUE_PARAMS,
  biased: scaledBox(FETCH_TRUE_PARAMS, 0.35, 0.45, (p) => 0.05 * p),
  dr: { low: FETCH_TRUE_PARAMS.map((p) => 0.05 * p), high: FETCH_TRUE_PARAMS.map((p) => 2 * p) },

  costTerms: [{ name: 'blockGoalDistance', doc: '|block − goal| (m), 3-D as FetchPush', weight: 1, range: [0, 5] }],
  successRule: { kind: 'final' },

  step(states, actions, params, paramStride, count) {
    const wlx = FETCH_WS_LO[0];
    const wly = FETCH_WS_LO[1];
    const wlz = FETCH_WS_LO[2];
    const whx = FETCH_WS_HI[0];
    const why = FETCH_WS_HI[1];
    const whz = FETCH_WS_HI[2];
    const tableX0 = FETCH_TABLE_CX - FETCH_TABLE_HX;
    const tableX1 = FETCH_TABLE_CX + FETCH_TABLE_HX;
    const tableY0 = FETCH_TABLE_CY - FETCH_TABLE_HY;
    const tableY1 = FETCH_TABLE_CY + FETCH_TABLE_HY;
    const wn2 = SERVO_WN * SERVO_WN;
    const servoDen = 1 + 2 * SERVO_WN * DT + wn2 * DT * DT;
    const invMg = 1 / FETCH_GRIPPER_MASS;
    const rf = FETCH_FINGER_RADIUS;

    for (let r = 0; r < count; r++) {
      const so = r * SD;
      const ao = r * 4;
      const po = r * paramStride;

      // Parameters, guarded so any row (even NaN) stays finite: mass ≥ 1e-4, inertia ≥ 1e-9,
      // frictions ≥ 0, half-size in [1e-4, 0.2].
      const m = params[po] > MIN_MASS ? params[po] : MIN_MASS;
      const inertia = params[po + 1] > MIN_INERTIA ? params[po + 1] : MIN_INERTIA;
      const mu = params[po + 2] > 0 ? params[po + 2] : 0;
      const muT = params[po + 3] > 0 ? params[po + 3] : 0;
      const h = params[po + 5] > MIN_HALF ? (params[po + 5] < MAX_HALF ? params[po + 5] : MAX_HALF) : MIN_HALF;
      const invM = 1 / m;
      const invI = 1 / inertia;
      const top = FETCH_TABLE_Z + 2 * h;
      const slideDv = mu * GRAVITY * DT;
      const spinDw = (mu * SPIN_ARM * h + muT) * m * GRAVITY * DT * invI;
      const linDamp = 1 / (1 + DT * BLOCK_DAMPING * invM);
      const angDamp = 1 / (1 + DT * BLOCK_DAMPING * invI);

      let gx = states[so];
      let gy = states[so + 1];
      let gz = states[so + 2];
      let gvx = states[so + 3];
      let gvy = states[so + 4];
      let gvz = states[so + 5];
      let bx = states[so + 6];
      let by = states[so + 7];
      let bz = states[so + 8];
      let yaw = states[so + 9];
      let bvx = states[so + 10];
      let bvy = states[so + 11];
      let bw = states[so + 12];

      // FetchPush: the mocap is reset to the gripper, then moved by 0.05·action.
      const ax = clampNum(actions[ao], -1, 1);
      const ay = clampNum(actions[ao + 1], -1, 1);
      const az = clampNum(actions[ao + 2], -1, 1);
      const tx = clampNum(gx + FETCH_ACTION_SCALE * ax, wlx, whx);
      const ty = clampNum(gy + FETCH_ACTION_SCALE * ay, wly, why);
      const tz = clampNum(gz + FETCH_ACTION_SCALE * az, wlz, whz);

      let onTable = bz >= FETCH_TABLE_Z;

      for (let k = 0; k < SUBSTEPS; k++) {
        // 1. Gripper servo, implicit Euler of  a = ωn²(target − x) − 2ωn v  (stable for any dt).
        gvx = (gvx + DT * wn2 * (tx - gx)) / servoDen;
        gvy = (gvy + DT * wn2 * (ty - gy)) / servoDen;
        gvz = (gvz + DT * wn2 * (tz - gz)) / servoDen;

        if (onTable) {
          // 2. Table friction as capped impulses: stops, never reverses (Coulomb stick–slip).
          bvx *= linDamp;
          bvy *= linDamp;
          bw *= angDamp;
          const speed = Math.sqrt(bvx * bvx + bvy * bvy);
          if (speed <= slideDv) {
            bvx = 0;
            bvy = 0;
          } else {
            const f = 1 - slideDv / speed;
            bvx *= f;
            bvy *= f;
          }
          if (bw <= spinDw && bw >= -spinDw) bw = 0;
          else bw = bw > 0 ? bw - spinDw : bw + spinDw;

          // 3. Finger disc vs block square, only when the fingertips are below the block top.
          if (gz - FETCH_FINGER_DROP < top - 1e-9) {
            const c = Math.cos(yaw);
            const s = Math.sin(yaw);
            const dx = gx - bx;
            const dy = gy - by;
            const lx = c * dx + s * dy;
            const ly = -s * dx + c * dy;
            const qx = clampNum(lx, -h, h);
            const qy = clampNum(ly, -h, h);
            const ex = lx - qx;
            const ey = ly - qy;
            const d2 = ex * ex + ey * ey;
            let nlx = 0;
            let nly = 0;
            let pen = -1;
            let cx = qx;
            let cy = qy;
            if (d2 > 1e-14) {
              if (d2 < rf * rf) {
                const d = Math.sqrt(d2);
                nlx = ex / d;
                nly = ey / d;
                pen = rf - d;
              }
            } else {
              // Disc centre inside the square: push out through the nearest face.
              const px = h - (lx < 0 ? -lx : lx);
              const py = h - (ly < 0 ? -ly : ly);
              if (px <= py) {
                nlx = lx < 0 ? -1 : 1;
                pen = rf + px;
                cx = nlx * h;
              } else {
                nly = ly < 0 ? -1 : 1;
                pen = rf + py;
                cy = nly * h;
              }
            }
            if (pen > 0) {
              // World normal n (block → finger) and contact arm rc from the block centre.
              const nx = c * nlx - s * nly;
              const ny = s * nlx + c * nly;
              const rcx = c * cx - s * cy;
              const rcy = s * cx + c * cy;
              // Normal impulse j ≥ 0 on the finger (+n) and the block (−n).
              const rn = rcx * ny - rcy * nx;
              const kn = invMg + invM + rn * rn * invI;
              let vrx = gvx - (bvx - bw * rcy);
              let vry = gvy - (bvy + bw * rcx);
              const vn = vrx * nx + vry * ny;
              let jn = ((BAUMGARTE * pen) / DT - vn) / kn;
              if (jn < 0) jn = 0;
              gvx += jn * nx * invMg;
              gvy += jn * ny * invMg;
              bvx -= jn * nx * invM;
              bvy -= jn * ny * invM;
              bw -= rn * jn * invI;
              // Tangential friction impulse, |jt| ≤ μ·jn.
              const tnx = -ny;
              const tny = nx;
              const rt = rcx * tny - rcy * tnx;
              const kt = invMg + invM + rt * rt * invI;
              vrx = gvx - (bvx - bw * rcy);
              vry = gvy - (bvy + bw * rcx);
              const vt = vrx * tnx + vry * tny;
              const jtMax = mu * jn;
              const jt = clampNum(-vt / kt, -jtMax, jtMax);
              gvx += jt * tnx * invMg;
              gvy += jt * tny * invMg;
              bvx -= jt * tnx * invM;
              bvy -= jt * tny * invM;
              bw -= rt * jt * invI;
            }
          }
          bvx = clampNum(bvx, -MAX_BLOCK_SPEED, MAX_BLOCK_SPEED);
          bvy = clampNum(bvy, -MAX_BLOCK_SPEED, MAX_BLOCK_SPEED);
          bw = clampNum(bw, -MAX_BLOCK_SPIN, MAX_BLOCK_SPIN);

          // 4. Semi-implicit Euler for the block.
          bx += DT * bvx;
          by += DT * bvy;
          yaw += DT * bw;
          bz = FETCH_TABLE_Z + h;
          // A block whose centre leaves the table top falls to the floor and stays there.
          if (bx < tableX0 || bx > tableX1 || by < tableY0 || by > tableY1) {
            onTable = false;
            bz = h;
            bvx = 0;
            bvy = 0;
            bw = 0;
          }
        }

        // 5. Gripper position, then its constraints: workspace box, and resting on the block top.
        const wasAbove = gz - FETCH_FINGER_DROP >= top - 1e-6;
        gx += DT * gvx;
        gy += DT * gvy;
        gz += DT * gvz;
        if (gx < wlx) {
          gx = wlx;
          if (gvx < 0) gvx = 0;
        }
        if (gx > whx) {
          gx = whx;
          if (gvx > 0) gvx = 0;
        }
        if (gy < wly) {
          gy = wly;
          if (gvy < 0) gvy = 0;
        }
        if (gy > why) {
          gy = why;
          if (gvy > 0) gvy = 0;
        }
        if (gz < wlz) {
          gz = wlz;
          if (gvz < 0) gvz = 0;
        }
        if (gz > whz) {
          gz = whz;
          if (gvz > 0) gvz = 0;
        }
        if (onTable && wasAbove && gz - FETCH_FINGER_DROP < top) {
          if (pointToBlockDistance(gx, gy, bx, by, yaw, h) < rf) {
            gz = top + FETCH_FINGER_DROP;
            if (gvz < 0) gvz = 0;
          }
        }
      }

      states[so] = gx;
      states[so + 1] = gy;
      states[so + 2] = gz;
      states[so + 3] = gvx;
      states[so + 4] = gvy;
      states[so + 5] = gvz;
      states[so + 6] = bx;
      states[so + 7] = by;
      states[so + 8] = bz;
      states[so + 9] = wrapYaw(yaw);
      states[so + 10] = bvx;
      states[so + 11] = bvy;
      states[so + 12] = bw;
    }
  },

  evalCostTerms(s, so, _a, _ao, out) {
    const dx = s[so + 13] - s[so + 6];
    const dy = s[so + 14] - s[so + 7];
    const dz = s[so + 15] - s[so + 8];
    out[0] = Math.sqrt(dx * dx + dy * dy + dz * dz);
  },

  observe(s, so, out, oo) {
    const gx = s[so];
    const gy = s[so + 1];
    const gz = s[so + 2];
    const bx = s[so + 6];
    const by = s[so + 7];
    const bz = s[so + 8];
    const rx = bx - gx;
    const ry = by - gy;
    const rz = bz - gz;
    const ex = s[so + 13] - bx;
    const ey = s[so + 14] - by;
    const ez = s[so + 15] - bz;
    out[oo] = gx;
    out[oo + 1] = gy;
    out[oo + 2] = gz;
    out[oo + 3] = bx;
    out[oo + 4] = by;
    out[oo + 5] = bz;
    out[oo + 6] = rx;
    out[oo + 7] = ry;
    out[oo + 8] = rz;
    out[oo + 9] = 0;
    out[oo + 10] = 0;
    out[oo + 11] = 0;
    out[oo + 12] = 0;
    out[oo + 13] = s[so + 9];
    out[oo + 14] = s[so + 10];
    out[oo + 15] = s[so + 11];
    out[oo + 16] = 0;
    out[oo + 17] = 0;
    out[oo + 18] = 0;
    out[oo + 19] = s[so + 12];
    out[oo + 20] = 0;
    out[oo + 21] = 0;
    out[oo + 22] = s[so + 3];
    out[oo + 23] = s[so + 4];
    out[oo + 24] = s[so + 5];
    out[oo + 25] = Math.sqrt(rx * rx + ry * ry + rz * rz);
    out[oo + 26] = ex;
    out[oo + 27] = ey;
    out[oo + 28] = ez;
    out[oo + 29] = Math.sqrt(ex * ex + ey * ey + ez * ez);
    out[oo + 30] = s[so + 13];
    out[oo + 31] = s[so + 14];
    out[oo + 32] = s[so + 15];
  },

  isSuccess(s, so) {
    const dx = s[so + 13] - s[so + 6];
    const dy = s[so + 14] - s[so + 7];
    const dz = s[so + 15] - s[so + 8];
    return dx * dx + dy * dy + dz * dz < FETCH_SUCCESS_DIST * FETCH_SUCCESS_DIST;
  },

  sampleInitialState(rng: RandomStream, out, o) {
    const g0x = FETCH_GRIP_START[0];
    const g0y = FETCH_GRIP_START[1];
    const g0z = FETCH_GRIP_START[2];
    // FetchPush: redraw the block offset while it is within 0.1 of the gripper (bounded here).
    let ox = 0;
    let oy = 0;
    for (let tries = 0; tries < 1000; tries++) {
      ox = rng.uniformIn(-FETCH_OBJ_RANGE, FETCH_OBJ_RANGE);
      oy = rng.uniformIn(-FETCH_OBJ_RANGE, FETCH_OBJ_RANGE);
      if (ox * ox + oy * oy >= FETCH_OBJ_MIN_DIST * FETCH_OBJ_MIN_DIST) break;
    }
    // Goal: gripper start + U(±0.15)³, then z set to the block's resting height (target_in_the_air False).
    const gxo = rng.uniformIn(-FETCH_TARGET_RANGE, FETCH_TARGET_RANGE);
    const gyo = rng.uniformIn(-FETCH_TARGET_RANGE, FETCH_TARGET_RANGE);
    rng.uniform();
    const restZ = FETCH_TABLE_Z + FETCH_TRUE_PARAMS[5];
    out[o] = g0x;
    out[o + 1] = g0y;
    out[o + 2] = g0z;
    out[o + 3] = 0;
    out[o + 4] = 0;
    out[o + 5] = 0;
    out[o + 6] = g0x + ox;
    out[o + 7] = g0y + oy;
    out[o + 8] = restZ;
    out[o + 9] = 0;
    out[o + 10] = 0;
    out[o + 11] = 0;
    out[o + 12] = 0;
    out[o + 13] = g0x + gxo;
    out[o + 14] = g0y + gyo;
    out[o + 15] = restZ;
  },

  keyPoint(s, so, out) {
    // The grip point: what the planner moves directly. (The block stays put in most
    // rollouts, so its path would collapse to a dot on the page.)
    out[0] = s[so];
    out[1] = s[so + 1];
    out[2] = s[so + 2];
  },
};
