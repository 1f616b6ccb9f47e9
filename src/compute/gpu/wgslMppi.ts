/**
 * The MPPI kernels in WGSL (paper Eq. 16–18, 7), assembled around a task's
 * WGSL snippet. Mirrors core/mppi.ts index for index:
 * - noise ε of sample row r = p·N + n, step t, dim d is normal
 *   ((r·H + t)·na + d) of the iteration's noise key, times √Σ;
 * - a = clamp(u + ε); the running cost is summed for t < H−1 (and at H−1 too
 *   without Q), the model stepped H−1 times, the last (s, a) scored by Q;
 * - control cost λ/(2Σ) Σ_t u_t(u_t + 2ε_t); weights by log-sum-exp; u ← clamp(u + α Σ_n w_n ε_n);
 * - after the P·N costs the rollout kernel writes each sample's split
 *   (running for t < H−1, terminal running cost without Q, control), for display.
 *
 * One thread per sample row runs the whole horizon (`rollout`); one workgroup
 * per problem reduces its N samples (`update`); `shift` moves each mean one step.
 */
import { RNG_WGSL } from './wgslRng';

/** What a task contributes to the rollout kernel. Dimensions must match its TaskSpec. */
export interface WgslTask {
  readonly stateDim: number;
  readonly actionDim: number;
  readonly obsDim: number;
  readonly paramDim: number;
  readonly costTerms: number;
  /**
   * WGSL defining, with S = array<f32, stateDim> and A = array<f32, actionDim>:
   *   fn task_step(s: ptr<function, S>, a: ptr<function, A>, po: u32)   // params at params[po..]
   *   fn task_running_cost(s: ptr<function, S>, a: ptr<function, A>) -> f32  // weights: cost_weight(k)
   *   fn task_observe(s: ptr<function, S>, o: u32)                       // writes qIn[o .. o+obsDim)
   *   fn task_key_point(s: ptr<function, S>) -> vec3<f32>                // (x, y, z) world (m) of the drawn point
   * It may also declare module-scope constants and `var<private>` tables, prefixed by its task.
   */
  readonly wgsl: string;
}

/** A number as a WGSL float literal (abstract float, rounded to f32 where used). */
export function wgslFloat(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite WGSL literal: ${x}`);
  const t = String(x);
  return /[.eE]/.test(t) ? t : `${t}.0`;
}

/** `var<private>` table of f32 values (indexable at run time, unlike a const array everywhere). */
export function wgslTable(name: string, values: ArrayLike<number>): string {
  const list = Array.from(values, wgslFloat).join(', ');
  return `var<private> ${name}: array<f32, ${values.length}> = array<f32, ${values.length}>(${list});`;
}

/** Threads per workgroup of every kernel here. */
export const WORKGROUP = 64;

/** Byte size of the Uniforms block below. */
export const UNIFORM_BYTES = 64;

/** Shared by every kernel; written by GpuMppi.writeUniforms (keep the offsets in step). */
const UNIFORMS_WGSL = /* wgsl */ `
struct Uniforms {
  key: vec2<u32>,      // noise key of this iteration
  samples: u32,        // N
  horizon: u32,        // H
  problems: u32,       // P
  paramStride: u32,    // floats between consecutive rows' params (0: one shared row)
  hasQ: u32,           // 1: terminal Q (MPQ), 0: running cost at H−1 (plain MPPI)
  shiftRepeat: u32,    // 1: the shifted mean repeats its last action, 0: zero
  noiseStd: f32,       // √Σ
  gamma: f32,          // γ
  lambda: f32,         // λ
  alpha: f32,          // α
  halfCtl: f32,        // λ / (2Σ)
  discLast: f32,       // γ^(H−1)
  _pad0: f32,
  _pad1: f32,
}
@group(0) @binding(0) var<uniform> U: Uniforms;
// [actionLow (na), actionHigh (na), cost weights (K)]
@group(0) @binding(1) var<storage, read> consts: array<f32>;
`;

function constsWgsl(t: WgslTask): string {
  return /* wgsl */ `
const NS: u32 = ${t.stateDim}u;
const NA: u32 = ${t.actionDim}u;
const NO: u32 = ${t.obsDim}u;
const WG: u32 = ${WORKGROUP}u;
fn action_low(d: u32) -> f32 { return consts[d]; }
fn action_high(d: u32) -> f32 { return consts[NA + d]; }
fn cost_weight(k: u32) -> f32 { return consts[2u * NA + k]; }
`;
}

/** The rollout kernel for one task. */
export function rolloutWgsl(t: WgslTask): string {
  return /* wgsl */ `
${RNG_WGSL}
${UNIFORMS_WGSL}
@group(0) @binding(2) var<storage, read> starts: array<f32>;            // [P, ns]
@group(0) @binding(3) var<storage, read> means: array<f32>;             // [P, H, na]
@group(0) @binding(4) var<storage, read> params: array<f32>;            // [P·N, np] or [1, np]
@group(0) @binding(5) var<storage, read_write> noise: array<f32>;       // [P·N, H, na]
@group(0) @binding(6) var<storage, read_write> costs: array<f32>;       // [P·N] running + control cost, then its split [P·N, 3]
@group(0) @binding(7) var<storage, read_write> qIn: array<f32>;         // [P·N, obsDim + na]
@group(0) @binding(8) var<storage, read_write> paths: array<f32>;       // [P·N, H, 3] key point (x, y, z) at s_0 … s_{H−1}
${constsWgsl(t)}
${t.wgsl}

@compute @workgroup_size(${WORKGROUP})
fn rollout(@builtin(global_invocation_id) gid: vec3<u32>) {
  let N = U.samples;
  let H = U.horizon;
  let r = gid.x;
  if (r >= N * U.problems) { return; }
  let p = r / N;
  var s: array<f32, ${t.stateDim}>;
  var a: array<f32, ${t.actionDim}>;
  for (var j = 0u; j < NS; j++) { s[j] = starts[p * NS + j]; }
  let po = r * U.paramStride;
  var run = 0.0;
  var term = 0.0;
  var ctl = 0.0;
  var disc = 1.0;
  for (var t = 0u; t < H; t++) {
    for (var d = 0u; d < NA; d++) {
      let i = (r * H + t) * NA + d;
      let eps = mpq_normal_at(U.key, i) * U.noiseStd;
      noise[i] = eps;
      let u = means[(p * H + t) * NA + d];
      ctl += u * (u + 2.0 * eps);
      a[d] = clamp(u + eps, action_low(d), action_high(d));
    }
    let kp = task_key_point(&s);
    paths[(r * H + t) * 3u] = kp.x;
    paths[(r * H + t) * 3u + 1u] = kp.y;
    paths[(r * H + t) * 3u + 2u] = kp.z;
    let last = t + 1u == H;
    if (!last) { run += disc * task_running_cost(&s, &a); }
    else if (U.hasQ == 0u) { term = disc * task_running_cost(&s, &a); }
    if (!last) {
      task_step(&s, &a, po);
    } else if (U.hasQ != 0u) {
      let o = r * (NO + NA);
      task_observe(&s, o);
      for (var d = 0u; d < NA; d++) { qIn[o + NO + d] = a[d]; }
    }
    disc *= U.gamma;
  }
  costs[r] = run + term + U.halfCtl * ctl;
  // The split for the weights panel: running (t < H−1), terminal (plain MPPI; Q's is added on the CPU), control.
  let o = N * U.problems + r * 3u;
  costs[o] = run;
  costs[o + 1u] = term;
  costs[o + 2u] = U.halfCtl * ctl;
}
`;
}

/** The weights / mean update / free energy kernel and the shift kernel (task-independent but for na). */
export function updateWgsl(t: WgslTask): string {
  return /* wgsl */ `
${RNG_WGSL}
${UNIFORMS_WGSL}
@group(0) @binding(2) var<storage, read_write> costs: array<f32>;       // in: running + control; out: S (Eq. 16)
@group(0) @binding(3) var<storage, read> qOut: array<f32>;              // [P·N] Q(s_{H−1}, a_{H−1})
@group(0) @binding(4) var<storage, read> noise: array<f32>;             // [P·N, H, na]
@group(0) @binding(5) var<storage, read_write> means: array<f32>;       // [P, H, na]
@group(0) @binding(6) var<storage, read_write> weights: array<f32>;     // [P·N]
@group(0) @binding(7) var<storage, read_write> result: array<f32>;      // [P, na + 1]: u_0 after the update, free energy
${constsWgsl(t)}
var<workgroup> red: array<f32, ${WORKGROUP}>;

// One workgroup per problem p.
@compute @workgroup_size(${WORKGROUP})
fn update(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let p = wg.x;
  let N = U.samples;
  let base = p * N;
  // S_n with the terminal Q, and min S (the log-sum-exp shift).
  var m = 3.0e38;
  for (var n = li; n < N; n += WG) {
    var S = costs[base + n];
    if (U.hasQ != 0u) { S += U.discLast * qOut[base + n]; }
    costs[base + n] = S;
    m = min(m, S);
  }
  red[li] = m;
  workgroupBarrier();
  for (var k = WG / 2u; k > 0u; k >>= 1u) {
    if (li < k) { red[li] = min(red[li], red[li + k]); }
    workgroupBarrier();
  }
  let smin = red[0];
  workgroupBarrier();
  // Unnormalised weights exp(−(S − min)/λ) and their sum (Eq. 15, 17).
  var sum = 0.0;
  for (var n = li; n < N; n += WG) {
    let e = exp(-(costs[base + n] - smin) / U.lambda);
    weights[base + n] = e;
    sum += e;
  }
  red[li] = sum;
  workgroupBarrier();
  for (var k = WG / 2u; k > 0u; k >>= 1u) {
    if (li < k) { red[li] = red[li] + red[li + k]; }
    workgroupBarrier();
  }
  let total = red[0];
  for (var n = li; n < N; n += WG) { weights[base + n] = weights[base + n] / total; }
  storageBarrier();
  // u_t ← clamp(u_t + α Σ_n w_n ε_t^n) (Eq. 18).
  let HA = U.horizon * NA;
  for (var i = li; i < HA; i += WG) {
    var acc = 0.0;
    for (var n = 0u; n < N; n++) { acc += weights[base + n] * noise[(base + n) * HA + i]; }
    let d = i % NA;
    let u = clamp(means[p * HA + i] + U.alpha * acc, action_low(d), action_high(d));
    means[p * HA + i] = u;
    if (i < NA) { result[p * (NA + 1u) + i] = u; }
  }
  // F = −λ log (1/N) Σ exp(−S/λ) = min S − λ log(Σ exp(−(S − min)/λ) / N)  (Eq. 7, 19).
  if (li == 0u) { result[p * (NA + 1u) + NA] = smin - U.lambda * mpq_ln(total / f32(N)); }
}

// Receding horizon: u_t ← u_{t+1}, the last slot zero or repeated. One thread per (p, d).
@compute @workgroup_size(${WORKGROUP})
fn shift(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= U.problems * NA) { return; }
  let H = U.horizon;
  let o = (j / NA) * H * NA + j % NA;
  for (var t = 0u; t + 1u < H; t++) { means[o + t * NA] = means[o + (t + 1u) * NA]; }
  if (U.shiftRepeat == 0u) {
    means[o + (H - 1u) * NA] = 0.0;
  } else if (H > 1u) {
    means[o + (H - 1u) * NA] = means[o + (H - 2u) * NA];
  }
}
`;
}
