/**
 * core/tasks/fetch.ts in WGSL for the rollout kernel (see WgslTask), operation
 * for operation: the mocap target, 20 substeps of 0.002 s with the implicit
 * gripper servo, capped table-friction impulses, the finger disc vs block square
 * impulse contact with friction and Baumgarte correction, the block leaving the
 * table, the workspace clamp and the gripper resting on the block's top.
 *
 * One deliberate difference: the CPU's "fingertips below the block top" test
 * uses a 1e-9 m guard, below float32's resolution at 0.45 m (3e-8); here it is
 * 1e-6 m, so a gripper resting exactly on the top (gz − drop = top, re-rounded)
 * is not mistaken for one beside the block. Both only differ for fingertips
 * within 1e-6 m under the top.
 *
 * State (16), action (4; grip ignored), params (6), obs (33) as fetch.ts;
 * key point (x, y, z) = the block centre.
 */
import * as fp from '../../core/tasks/fetch';
import { wgslFloat as f, type WgslTask } from './wgslMppi';

const task = fp.fetchPush;

export const fetchWgsl: WgslTask = {
  stateDim: task.stateDim,
  actionDim: task.actionDim,
  obsDim: task.obsDim,
  paramDim: task.paramNames.length,
  costTerms: task.costTerms.length,
  wgsl: /* wgsl */ `
const FP_G: f32 = ${f(fp.GRAVITY)};
const FP_SUBSTEPS: u32 = ${fp.SUBSTEPS}u;
const FP_DT: f32 = ${f(fp.DT)};
const FP_TABLE_Z: f32 = ${f(fp.FETCH_TABLE_Z)};
const FP_TABLE_X0: f32 = ${f(fp.FETCH_TABLE_CX - fp.FETCH_TABLE_HX)};
const FP_TABLE_X1: f32 = ${f(fp.FETCH_TABLE_CX + fp.FETCH_TABLE_HX)};
const FP_TABLE_Y0: f32 = ${f(fp.FETCH_TABLE_CY - fp.FETCH_TABLE_HY)};
const FP_TABLE_Y1: f32 = ${f(fp.FETCH_TABLE_CY + fp.FETCH_TABLE_HY)};
const FP_WS_LO = vec3<f32>(${fp.FETCH_WS_LO.map(f).join(', ')});
const FP_WS_HI = vec3<f32>(${fp.FETCH_WS_HI.map(f).join(', ')});
const FP_ACTION_SCALE: f32 = ${f(fp.FETCH_ACTION_SCALE)};
const FP_DROP: f32 = ${f(fp.FETCH_FINGER_DROP)};
const FP_RF: f32 = ${f(fp.FETCH_FINGER_RADIUS)};
const FP_WN2: f32 = ${f(fp.SERVO_WN * fp.SERVO_WN)};
const FP_SERVO_DEN: f32 = ${f(1 + 2 * fp.SERVO_WN * fp.DT + fp.SERVO_WN * fp.SERVO_WN * fp.DT * fp.DT)};
const FP_INV_MG: f32 = ${f(1 / fp.FETCH_GRIPPER_MASS)};
const FP_BLOCK_DAMPING: f32 = ${f(fp.BLOCK_DAMPING)};
const FP_SPIN_ARM: f32 = ${f(fp.SPIN_ARM)};
const FP_BAUMGARTE: f32 = ${f(fp.BAUMGARTE)};
const FP_MAX_SPEED: f32 = ${f(fp.MAX_BLOCK_SPEED)};
const FP_MAX_SPIN: f32 = ${f(fp.MAX_BLOCK_SPIN)};
const FP_MIN_MASS: f32 = ${f(fp.MIN_MASS)};
const FP_MIN_INERTIA: f32 = ${f(fp.MIN_INERTIA)};
const FP_MIN_HALF: f32 = ${f(fp.MIN_HALF)};
const FP_MAX_HALF: f32 = ${f(fp.MAX_HALF)};
// float32 counterpart of fetch.ts's 1e-9 m guard on "fingertips below the top" (see the header).
const FP_BELOW_TOP_GUARD: f32 = 1e-6;

// wrapYaw: to [−π, π).
fn fp_wrap(x: f32) -> f32 {
  var y = x + MPQ_PI;
  y = y - MPQ_TWO_PI * floor(y / MPQ_TWO_PI);
  return y - MPQ_PI;
}

// pointToBlockDistance.
fn fp_block_distance(px: f32, py: f32, bx: f32, by: f32, yaw: f32, half: f32) -> f32 {
  let sc = mpq_sincos(yaw);
  let c = sc.y;
  let s = sc.x;
  let dx = px - bx;
  let dy = py - by;
  let lx = c * dx + s * dy;
  let ly = -s * dx + c * dy;
  let ex = lx - clamp(lx, -half, half);
  let ey = ly - clamp(ly, -half, half);
  return sqrt(ex * ex + ey * ey);
}

fn task_step(st: ptr<function, array<f32, 16>>, a: ptr<function, array<f32, 4>>, po: u32) {
  let p0 = params[po];
  let p1 = params[po + 1u];
  let p2 = params[po + 2u];
  let p3 = params[po + 3u];
  let p5 = params[po + 5u];
  let m = select(FP_MIN_MASS, p0, p0 > FP_MIN_MASS);
  let inertia = select(FP_MIN_INERTIA, p1, p1 > FP_MIN_INERTIA);
  let mu = select(0.0, p2, p2 > 0.0);
  let muT = select(0.0, p3, p3 > 0.0);
  let h = select(FP_MIN_HALF, select(FP_MAX_HALF, p5, p5 < FP_MAX_HALF), p5 > FP_MIN_HALF);
  let invM = 1.0 / m;
  let invI = 1.0 / inertia;
  let top = FP_TABLE_Z + 2.0 * h;
  let slideDv = mu * FP_G * FP_DT;
  let spinDw = (mu * FP_SPIN_ARM * h + muT) * m * FP_G * FP_DT * invI;
  let linDamp = 1.0 / (1.0 + FP_DT * FP_BLOCK_DAMPING * invM);
  let angDamp = 1.0 / (1.0 + FP_DT * FP_BLOCK_DAMPING * invI);

  var gx = (*st)[0];
  var gy = (*st)[1];
  var gz = (*st)[2];
  var gvx = (*st)[3];
  var gvy = (*st)[4];
  var gvz = (*st)[5];
  var bx = (*st)[6];
  var by = (*st)[7];
  var bz = (*st)[8];
  var yaw = (*st)[9];
  var bvx = (*st)[10];
  var bvy = (*st)[11];
  var bw = (*st)[12];

  // The mocap target: gripper + 0.05·action, clamped to the workspace.
  let ax = clamp((*a)[0], -1.0, 1.0);
  let ay = clamp((*a)[1], -1.0, 1.0);
  let az = clamp((*a)[2], -1.0, 1.0);
  let tx = clamp(gx + FP_ACTION_SCALE * ax, FP_WS_LO.x, FP_WS_HI.x);
  let ty = clamp(gy + FP_ACTION_SCALE * ay, FP_WS_LO.y, FP_WS_HI.y);
  let tz = clamp(gz + FP_ACTION_SCALE * az, FP_WS_LO.z, FP_WS_HI.z);

  var onTable = bz >= FP_TABLE_Z;

  for (var k = 0u; k < FP_SUBSTEPS; k++) {
    // 1. Gripper servo (implicit).
    gvx = (gvx + FP_DT * FP_WN2 * (tx - gx)) / FP_SERVO_DEN;
    gvy = (gvy + FP_DT * FP_WN2 * (ty - gy)) / FP_SERVO_DEN;
    gvz = (gvz + FP_DT * FP_WN2 * (tz - gz)) / FP_SERVO_DEN;

    if (onTable) {
      // 2. Table friction as capped impulses.
      bvx *= linDamp;
      bvy *= linDamp;
      bw *= angDamp;
      let speed = sqrt(bvx * bvx + bvy * bvy);
      if (speed <= slideDv) {
        bvx = 0.0;
        bvy = 0.0;
      } else {
        let fr = 1.0 - slideDv / speed;
        bvx *= fr;
        bvy *= fr;
      }
      if (bw <= spinDw && bw >= -spinDw) {
        bw = 0.0;
      } else {
        bw = select(bw + spinDw, bw - spinDw, bw > 0.0);
      }

      // 3. Finger disc vs block square, only with the fingertips below the block top.
      if (gz - FP_DROP < top - FP_BELOW_TOP_GUARD) {
        let sc = mpq_sincos(yaw);
        let c = sc.y;
        let s = sc.x;
        let dx = gx - bx;
        let dy = gy - by;
        let lx = c * dx + s * dy;
        let ly = -s * dx + c * dy;
        let qx = clamp(lx, -h, h);
        let qy = clamp(ly, -h, h);
        let ex = lx - qx;
        let ey = ly - qy;
        let d2 = ex * ex + ey * ey;
        var nlx = 0.0;
        var nly = 0.0;
        var pen = -1.0;
        var cx = qx;
        var cy = qy;
        if (d2 > 1e-14) {
          if (d2 < FP_RF * FP_RF) {
            let d = sqrt(d2);
            nlx = ex / d;
            nly = ey / d;
            pen = FP_RF - d;
          }
        } else {
          // Disc centre inside the square: out through the nearest face.
          let px = h - abs(lx);
          let py = h - abs(ly);
          if (px <= py) {
            nlx = select(1.0, -1.0, lx < 0.0);
            pen = FP_RF + px;
            cx = nlx * h;
          } else {
            nly = select(1.0, -1.0, ly < 0.0);
            pen = FP_RF + py;
            cy = nly * h;
          }
        }
        if (pen > 0.0) {
          let nx = c * nlx - s * nly;
          let ny = s * nlx + c * nly;
          let rcx = c * cx - s * cy;
          let rcy = s * cx + c * cy;
          let rn = rcx * ny - rcy * nx;
          let kn = FP_INV_MG + invM + rn * rn * invI;
          var vrx = gvx - (bvx - bw * rcy);
          var vry = gvy - (bvy + bw * rcx);
          let vn = vrx * nx + vry * ny;
          var jn = (FP_BAUMGARTE * pen / FP_DT - vn) / kn;
          if (jn < 0.0) { jn = 0.0; }
          gvx += jn * nx * FP_INV_MG;
          gvy += jn * ny * FP_INV_MG;
          bvx -= jn * nx * invM;
          bvy -= jn * ny * invM;
          bw -= rn * jn * invI;
          let tnx = -ny;
          let tny = nx;
          let rt = rcx * tny - rcy * tnx;
          let kt = FP_INV_MG + invM + rt * rt * invI;
          vrx = gvx - (bvx - bw * rcy);
          vry = gvy - (bvy + bw * rcx);
          let vt = vrx * tnx + vry * tny;
          let jtMax = mu * jn;
          let jt = clamp(-vt / kt, -jtMax, jtMax);
          gvx += jt * tnx * FP_INV_MG;
          gvy += jt * tny * FP_INV_MG;
          bvx -= jt * tnx * invM;
          bvy -= jt * tny * invM;
          bw -= rt * jt * invI;
        }
      }
      bvx = clamp(bvx, -FP_MAX_SPEED, FP_MAX_SPEED);
      bvy = clamp(bvy, -FP_MAX_SPEED, FP_MAX_SPEED);
      bw = clamp(bw, -FP_MAX_SPIN, FP_MAX_SPIN);

      // 4. Semi-implicit Euler for the block; off the table it falls and stays.
      bx += FP_DT * bvx;
      by += FP_DT * bvy;
      yaw += FP_DT * bw;
      bz = FP_TABLE_Z + h;
      if (bx < FP_TABLE_X0 || bx > FP_TABLE_X1 || by < FP_TABLE_Y0 || by > FP_TABLE_Y1) {
        onTable = false;
        bz = h;
        bvx = 0.0;
        bvy = 0.0;
        bw = 0.0;
      }
    }

    // 5. Gripper position, workspace box, resting on the block top.
    let wasAbove = gz - FP_DROP >= top - 1e-6;
    gx += FP_DT * gvx;
    gy += FP_DT * gvy;
    gz += FP_DT * gvz;
    if (gx < FP_WS_LO.x) { gx = FP_WS_LO.x; if (gvx < 0.0) { gvx = 0.0; } }
    if (gx > FP_WS_HI.x) { gx = FP_WS_HI.x; if (gvx > 0.0) { gvx = 0.0; } }
    if (gy < FP_WS_LO.y) { gy = FP_WS_LO.y; if (gvy < 0.0) { gvy = 0.0; } }
    if (gy > FP_WS_HI.y) { gy = FP_WS_HI.y; if (gvy > 0.0) { gvy = 0.0; } }
    if (gz < FP_WS_LO.z) { gz = FP_WS_LO.z; if (gvz < 0.0) { gvz = 0.0; } }
    if (gz > FP_WS_HI.z) { gz = FP_WS_HI.z; if (gvz > 0.0) { gvz = 0.0; } }
    if (onTable && wasAbove && gz - FP_DROP < top) {
      if (fp_block_distance(gx, gy, bx, by, yaw, h) < FP_RF) {
        gz = top + FP_DROP;
        if (gvz < 0.0) { gvz = 0.0; }
      }
    }
  }

  (*st)[0] = gx;
  (*st)[1] = gy;
  (*st)[2] = gz;
  (*st)[3] = gvx;
  (*st)[4] = gvy;
  (*st)[5] = gvz;
  (*st)[6] = bx;
  (*st)[7] = by;
  (*st)[8] = bz;
  (*st)[9] = fp_wrap(yaw);
  (*st)[10] = bvx;
  (*st)[11] = bvy;
  (*st)[12] = bw;
}

// blockGoalDistance.
fn task_running_cost(s: ptr<function, array<f32, 16>>, a: ptr<function, array<f32, 4>>) -> f32 {
  let dx = (*s)[13] - (*s)[6];
  let dy = (*s)[14] - (*s)[7];
  let dz = (*s)[15] - (*s)[8];
  return cost_weight(0u) * sqrt(dx * dx + dy * dy + dz * dz);
}

fn task_observe(s: ptr<function, array<f32, 16>>, o: u32) {
  let gx = (*s)[0];
  let gy = (*s)[1];
  let gz = (*s)[2];
  let bx = (*s)[6];
  let by = (*s)[7];
  let bz = (*s)[8];
  let rx = bx - gx;
  let ry = by - gy;
  let rz = bz - gz;
  let ex = (*s)[13] - bx;
  let ey = (*s)[14] - by;
  let ez = (*s)[15] - bz;
  for (var i = 0u; i < NO; i++) { qIn[o + i] = 0.0; }
  qIn[o] = gx;
  qIn[o + 1u] = gy;
  qIn[o + 2u] = gz;
  qIn[o + 3u] = bx;
  qIn[o + 4u] = by;
  qIn[o + 5u] = bz;
  qIn[o + 6u] = rx;
  qIn[o + 7u] = ry;
  qIn[o + 8u] = rz;
  qIn[o + 13u] = (*s)[9];
  qIn[o + 14u] = (*s)[10];
  qIn[o + 15u] = (*s)[11];
  qIn[o + 19u] = (*s)[12];
  qIn[o + 22u] = (*s)[3];
  qIn[o + 23u] = (*s)[4];
  qIn[o + 24u] = (*s)[5];
  qIn[o + 25u] = sqrt(rx * rx + ry * ry + rz * rz);
  qIn[o + 26u] = ex;
  qIn[o + 27u] = ey;
  qIn[o + 28u] = ez;
  qIn[o + 29u] = sqrt(ex * ex + ey * ey + ez * ez);
  qIn[o + 30u] = (*s)[13];
  qIn[o + 31u] = (*s)[14];
  qIn[o + 32u] = (*s)[15];
}

fn task_key_point(s: ptr<function, array<f32, 16>>) -> vec3<f32> {
  return vec3<f32>((*s)[0], (*s)[1], (*s)[2]);
}
`,
};
