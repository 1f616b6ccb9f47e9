/**
 * The MPPI kernels in WGSL (paper Eq. 16–18, 7), assembled around a task's
 * WGSL snippet. Mirrors core/mppi.ts index for index:
 * - noise ε of sample row r = p·N + n, step t, dim d is normal
 *   ((r₀ + r)·H + t)·na + d of the iteration's noise key, times √Σ (r₀: the
 *   first row's place in a larger batch, 0 but for a slice of a target minibatch);
 * - model parameter j of row r is lo_j + (hi_j − lo_j)·uniform((r₀ + r)·np + j) of
 *   the iteration's model key (per-episode draws: row r mod N of the episode's
 *   key), as core/model.ts's PlannerModel.fill draws it, or one fixed row;
 * - a = clamp(u + ε); the running cost is summed for t < H−1 (and at H−1 too
 *   without Q), the model stepped H−1 times, the last (s, a) scored by Q;
 * - control cost λ/(2Σ) Σ_t u_t(u_t + 2ε_t); weights by log-sum-exp; u ← clamp(u + α Σ_n w_n ε_n);
 * - after the P·N costs the rollout kernel writes each sample's split
 *   (running for t < H−1, terminal running cost without Q, control), for display.
 *
 * Parallel over the N samples throughout: one thread per sample row runs its
 * whole horizon (`rollout`); the scores, weights, free energy and mean update
 * are reductions in groups of WG samples: `scores` (S_n and each group's min),
 * `weigh` (e_n = exp(−(S_n − min S)/λ), each group's Σ e_n and Σ e_n ε_n),
 * `finish` (the groups' partial sums combined, weights normalised, the mean
 * moved, F). `shift` moves each mean one step. λ, Σ, α and γ are uniforms:
 * changing them rebuilds nothing.
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

/** Threads per workgroup of every kernel here, and the samples of one reduction group. */
export const WORKGROUP = 64;

/** Byte size of the Uniforms block below. */
export const UNIFORM_BYTES = 80;

/** Word offsets into the Uniforms block (u32 or f32 views of the same 20 words); keep in step with the WGSL. */
export const U = {
  key: 0,
  modelKey: 2,
  samples: 4,
  horizon: 5,
  problems: 6,
  paramStride: 7,
  paramRows: 8,
  firstRow: 9,
  hasQ: 10,
  shiftRepeat: 11,
  groups: 12,
  noiseStd: 13,
  gamma: 14,
  lambda: 15,
  alpha: 16,
  halfCtl: 17,
  discLast: 18,
} as const;

/** Shared by every kernel; written by GpuMppi (offsets in U above). */
const UNIFORMS_WGSL = /* wgsl */ `
struct Uniforms {
  key: vec2<u32>,      // noise key of this iteration
  modelKey: vec2<u32>, // model-parameter key of this iteration (or of the episode)
  samples: u32,        // N
  horizon: u32,        // H
  problems: u32,       // P
  paramStride: u32,    // floats between consecutive rows' params (0: one shared row)
  paramRows: u32,      // draw row r's params as row r mod paramRows of modelKey; 0: fixed params, no draw
  firstRow: u32,       // r₀: row 0's place in the batch its noise and params are drawn for
  hasQ: u32,           // 1: terminal Q (MPQ), 0: running cost at H−1 (plain MPPI)
  shiftRepeat: u32,    // 1: the shifted mean repeats its last action, 0: zero
  groups: u32,         // G = ceil(N / WG): reduction groups per problem
  noiseStd: f32,       // √Σ
  gamma: f32,          // γ
  lambda: f32,         // λ
  alpha: f32,          // α
  halfCtl: f32,        // λ / (2Σ)
  discLast: f32,       // γ^(H−1)
  _pad: f32,
}
@group(0) @binding(0) var<uniform> U: Uniforms;
// [actionLow (na), actionHigh (na), cost weights (K), param low (np), param high − low (np)]
@group(0) @binding(1) var<storage, read> consts: array<f32>;
`;

function constsWgsl(t: WgslTask): string {
  return /* wgsl */ `
const NS: u32 = ${t.stateDim}u;
const NA: u32 = ${t.actionDim}u;
const NO: u32 = ${t.obsDim}u;
const NP: u32 = ${t.paramDim}u;
const NK: u32 = ${t.costTerms}u;
const WG: u32 = ${WORKGROUP}u;
fn action_low(d: u32) -> f32 { return consts[d]; }
fn action_high(d: u32) -> f32 { return consts[NA + d]; }
fn cost_weight(k: u32) -> f32 { return consts[2u * NA + k]; }
fn param_low(j: u32) -> f32 { return consts[2u * NA + NK + j]; }
fn param_width(j: u32) -> f32 { return consts[2u * NA + NK + NP + j]; }
`;
}

/** Floats of the consts buffer: action bounds, cost weights, the parameter box. */
export function constsLength(t: WgslTask): number {
  return 2 * t.actionDim + t.costTerms + 2 * t.paramDim;
}

/** The rollout kernel for one task. */
export function rolloutWgsl(t: WgslTask): string {
  return /* wgsl */ `
${RNG_WGSL}
${UNIFORMS_WGSL}
@group(0) @binding(2) var<storage, read> starts: array<f32>;            // [P, ns]
@group(0) @binding(3) var<storage, read> means: array<f32>;             // [P, H, na]
@group(0) @binding(4) var<storage, read_write> params: array<f32>;      // [P·N, np] drawn here, or [1, np] fixed
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
  // This row's model parameters (PlannerModel.fill's draws), written where task_step reads them.
  if (U.paramRows != 0u) {
    let src = ((U.firstRow + r) % U.paramRows) * NP;
    for (var j = 0u; j < NP; j++) {
      params[r * NP + j] = param_low(j) + param_width(j) * mpq_uniform_at(U.modelKey, src + j);
    }
  }
  var s: array<f32, ${t.stateDim}>;
  var a: array<f32, ${t.actionDim}>;
  for (var j = 0u; j < NS; j++) { s[j] = starts[p * NS + j]; }
  let po = r * U.paramStride;
  let nr = U.firstRow + r;
  var run = 0.0;
  var term = 0.0;
  var ctl = 0.0;
  var disc = 1.0;
  for (var t = 0u; t < H; t++) {
    for (var d = 0u; d < NA; d++) {
      let i = (r * H + t) * NA + d;
      let eps = mpq_normal_at(U.key, (nr * H + t) * NA + d) * U.noiseStd;
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

/**
 * The reductions (`scores`, `weigh`, `finish`) and `shift`: task-independent but
 * for na. `part` holds each problem's G group minima [P, G], group sums of e_n
 * [P, G] and group sums of e_n·ε_n [P, G, H·na], in that order.
 */
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
@group(0) @binding(8) var<storage, read_write> part: array<f32>;        // the groups' partial results (above)
${constsWgsl(t)}
var<workgroup> red: array<f32, ${WORKGROUP}>;
var<workgroup> red2: array<f32, ${WORKGROUP}>;
var<workgroup> ew: array<f32, ${WORKGROUP}>;

// The largest float: "no finite S" (WGSL may assume no infinities in arithmetic, so bits are tested instead).
const BIG: f32 = 3.4028234663852886e38;
fn finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }

// Tree reductions over the workgroup: red[0] ← min of red (min_of), red2[0] ← sum of red2 (sum_of), or both.
const MIN_OF: u32 = 1u;
const SUM_OF: u32 = 2u;
fn reduce(li: u32, what: u32) {
  workgroupBarrier();
  for (var k = WG / 2u; k > 0u; k >>= 1u) {
    if (li < k) {
      if ((what & MIN_OF) != 0u) { red[li] = min(red[li], red[li + k]); }
      if ((what & SUM_OF) != 0u) { red2[li] = red2[li] + red2[li + k]; }
    }
    workgroupBarrier();
  }
}

// S_n with the terminal Q (Eq. 16), and each group's min over finite S (the log-sum-exp shift).
// Dispatch (G, P): group g of problem p holds samples g·WG … g·WG + WG − 1.
@compute @workgroup_size(${WORKGROUP})
fn scores(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let p = wg.y;
  let n = wg.x * WG + li;
  var m = BIG;
  if (n < U.samples) {
    let r = p * U.samples + n;
    var S = costs[r];
    if (U.hasQ != 0u) { S += U.discLast * qOut[r]; }
    costs[r] = S;
    if (finite(S)) { m = S; }
  }
  red[li] = m;
  reduce(li, MIN_OF);
  if (li == 0u) { part[p * U.groups + wg.x] = red[0]; }
}

// e_n = exp(−(S_n − min S)/λ) (Eq. 15, 17; 0 for a non-finite S, 1 for all when none is finite),
// and per group Σ e_n and Σ e_n ε_n for every (t, d). Dispatch (G, P).
@compute @workgroup_size(${WORKGROUP})
fn weigh(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let p = wg.y;
  let g = wg.x;
  let G = U.groups;
  let N = U.samples;
  let PG = U.problems * G;
  var m = BIG;
  for (var k = li; k < G; k += WG) { m = min(m, part[p * G + k]); }
  red[li] = m;
  reduce(li, MIN_OF);
  let smin = red[0];
  let n = g * WG + li;
  var e = 0.0;
  if (n < N) {
    let S = costs[p * N + n];
    if (smin == BIG) {
      e = 1.0;
    } else if (finite(S)) {
      e = exp(-(S - smin) / U.lambda);
    }
    weights[p * N + n] = e;
  }
  ew[li] = e;
  red2[li] = e;
  reduce(li, SUM_OF);
  if (li == 0u) { part[PG + p * G + g] = red2[0]; }
  let HA = U.horizon * NA;
  let count = min(WG, N - g * WG);
  let row0 = p * N + g * WG;
  for (var i = li; i < HA; i += WG) {
    var acc = 0.0;
    for (var k = 0u; k < count; k++) { acc += ew[k] * noise[(row0 + k) * HA + i]; }
    part[2u * PG + (p * G + g) * HA + i] = acc;
  }
}

// The groups combined: weights normalised, u_t ← clamp(u_t + α Σ_n w_n ε_t^n) (Eq. 18),
// F = min S − λ log(Σ e_n / N) (Eq. 7, 19). Dispatch (ceil(max(N, H·na) / WG), P).
@compute @workgroup_size(${WORKGROUP})
fn finish(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let p = wg.y;
  let G = U.groups;
  let N = U.samples;
  let PG = U.problems * G;
  var m = BIG;
  var sum = 0.0;
  for (var k = li; k < G; k += WG) {
    m = min(m, part[p * G + k]);
    sum += part[PG + p * G + k];
  }
  red[li] = m;
  red2[li] = sum;
  reduce(li, MIN_OF | SUM_OF);
  let smin = red[0];
  let total = red2[0];
  let j = wg.x * WG + li;
  if (j < N) { weights[p * N + j] = weights[p * N + j] / total; }
  let HA = U.horizon * NA;
  if (j < HA) {
    var acc = 0.0;
    for (var k = 0u; k < G; k++) { acc += part[2u * PG + (p * G + k) * HA + j]; }
    let d = j % NA;
    let u = clamp(means[p * HA + j] + U.alpha * (acc / total), action_low(d), action_high(d));
    means[p * HA + j] = u;
    if (j < NA) { result[p * (NA + 1u) + j] = u; }
  }
  if (j == 0u) {
    // +∞ when no S is finite (as softminWeights); built at run time, a constant infinity does not compile.
    var infBits = 0x7f800000u;
    var F = bitcast<f32>(infBits);
    if (smin != BIG) { F = smin - U.lambda * mpq_ln(total / f32(N)); }
    result[p * (NA + 1u) + NA] = F;
  }
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
