/**
 * WGSL twins of core/rng.ts (Threefry-2x32-20, foldIn, uniforms, Box–Muller
 * normals) and the float32 math they need, as source text to prepend to a kernel.
 *
 * What matches how (checked in e2e/gpuParity.spec.ts):
 * - raw words and folded keys: bit for bit (only u32 add, xor, rotate);
 * - uniforms: exactly Math.fround(uniformAt(key, i)). The CPU value (k + 0.5)/2^24
 *   needs 25 bits when k ≥ 2^23, so it is rounded here with integer steps
 *   (half to even, as fround does) instead of trusting float adds;
 * - normals: within float32 rounding. Box–Muller's log and sin/cos are taken of
 *   the CPU's unrounded uniforms (exact integer steps, then our own polynomials),
 *   not of float32 uniforms through the device's log/sin/cos: WGSL only promises
 *   2^-11 absolute error for sin/cos and 2^-21 for log near 1, and rounding u1
 *   near 1 would blow up the radius's error.
 */

const ROT_A = [13, 15, 26, 6];
const ROT_B = [17, 29, 16, 24];

/** The 20 rounds unrolled, with key injections after every fourth (as threefry2x32 in rng.ts). */
function threefryBody(): string {
  const lines: string[] = [];
  for (let g = 0; g < 5; g++) {
    const rot = g % 2 === 0 ? ROT_A : ROT_B;
    for (const r of rot) lines.push(`  x0 += x1; x1 = (x1 << ${r}u) | (x1 >> ${32 - r}u); x1 ^= x0;`);
    const s = g + 1;
    lines.push(`  x0 += ks${s % 3}; x1 += ks${(s + 1) % 3} + ${s}u;`);
  }
  return lines.join('\n');
}

export const RNG_WGSL = /* wgsl */ `
// ---- core/rng.ts in WGSL --------------------------------------------------
fn mpq_threefry(k: vec2<u32>, c: vec2<u32>) -> vec2<u32> {
  let ks0 = k.x;
  let ks1 = k.y;
  let ks2 = 0x1BD11BDAu ^ k.x ^ k.y;
  var x0 = c.x + ks0;
  var x1 = c.y + ks1;
${threefryBody()}
  return vec2<u32>(x0, x1);
}

// foldIn(key, d): first word pair of threefry(key, (d, 0x9E3779B9)).
fn mpq_fold_in(k: vec2<u32>, d: u32) -> vec2<u32> {
  return mpq_threefry(k, vec2<u32>(d, 0x9E3779B9u));
}

fn mpq_word_at(k: vec2<u32>, i: u32) -> u32 {
  let b = mpq_threefry(k, vec2<u32>(i >> 1u, 0u));
  return select(b.x, b.y, (i & 1u) == 1u);
}

// fround(((w >>> 8) + 0.5) / 2^24), computed exactly with integer steps.
fn mpq_word_to_uniform(w: u32) -> f32 {
  let k = w >> 8u;
  if (k < 0x800000u) {
    return f32(2u * k + 1u) * 2.98023223876953125e-8; // (2k+1)·2^-25, exact
  }
  return f32(k + (k & 1u)) * 5.9604644775390625e-8; // a tie at 2^-24 spacing: to even
}

fn mpq_uniform_at(k: vec2<u32>, i: u32) -> f32 {
  return mpq_word_to_uniform(mpq_word_at(k, i));
}

// ---- float32 math that does not lean on the device's log/sin/cos -----------
const MPQ_PI: f32 = 3.14159265358979;
const MPQ_TWO_PI: f32 = 6.28318530717959;

// ln x for finite x > 0 (normal numbers): x = m·2^e with m in (√½, √2],
// ln m = 2 atanh((m−1)/(m+1)) by its series (|s| ≤ 0.172, 6 terms).
fn mpq_ln(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  var e = i32((bits >> 23u) & 0xffu) - 127;
  var m = bitcast<f32>((bits & 0x007fffffu) | 0x3f800000u);
  if (m > 1.41421356) {
    m = m * 0.5;
    e = e + 1;
  }
  let s = (m - 1.0) / (m + 1.0);
  let z = s * s;
  let p = 1.0 + z * (0.333333333 + z * (0.2 + z * (0.142857143 + z * (0.111111111 + z * 0.0909090909))));
  let fe = f32(e);
  return fe * 0.693145751953125 + (2.0 * s * p + fe * 1.428606765330187e-6);
}

// (sin r, cos r) for |r| ≤ π/4 (Cephes sinf/cosf polynomials), rotated by q quarter turns.
fn mpq_sincos_reduced(r: f32, q: i32) -> vec2<f32> {
  let z = r * r;
  let s = r + r * z * ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1);
  let c = 1.0 - 0.5 * z + z * z * ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2);
  switch (q & 3) {
    case 0: { return vec2<f32>(s, c); }
    case 1: { return vec2<f32>(c, -s); }
    case 2: { return vec2<f32>(-s, -c); }
    default: { return vec2<f32>(-c, s); }
  }
}

// (sin x, cos x) for |x| up to a few hundred (Cody–Waite reduction by π/2).
fn mpq_sincos(x: f32) -> vec2<f32> {
  let q = round(x * 0.636619772);
  let r = ((x - q * 1.5703125) - q * 4.837512969970703125e-4) - q * 7.54978995489188216e-8;
  return mpq_sincos_reduced(r, i32(q));
}

// ln u of the CPU's unrounded uniform u = (k + 0.5)/2^24 of word w. Below ½ it is
// exact in float32; above, 1 − u = (2^25 − 2k − 1)·2^-25 is, and
// ln(1 − x) = 2 atanh(−x/(2 − x)) keeps the relative accuracy that Box–Muller's
// radius needs when u is near 1.
fn mpq_ln_uniform(w: u32) -> f32 {
  let k = w >> 8u;
  if (k < 0x800000u) {
    return mpq_ln(f32(2u * k + 1u) * 2.98023223876953125e-8);
  }
  let x = f32(0x2000000u - 2u * k - 1u) * 2.98023223876953125e-8;
  let s = -x / (2.0 - x);
  let z = s * s; // ≤ 1/9: ten terms
  let p = 1.0 + z * (0.333333333 + z * (0.2 + z * (0.142857143 + z * (0.111111111 + z * (0.0909090909
        + z * (0.0769230769 + z * (0.0666666667 + z * (0.0588235294 + z * 0.0526315789))))))));
  return 2.0 * s * p;
}

// (sin 2πu, cos 2πu) of the CPU's unrounded uniform u = (2k + 1)/2^25 of word w:
// the reduction to quarter turns is done on the odd integer 2k + 1, exactly.
fn mpq_sincos_uniform(w: u32) -> vec2<f32> {
  let v = 2u * (w >> 8u) + 1u;
  let q = (v + 0x400000u) >> 23u; // nearest quarter turn (no ties: v is odd)
  let rem = i32(v) - i32(q << 23u); // |rem| ≤ 2^22: exact in f32
  return mpq_sincos_reduced(f32(rem) * 1.8725351414619643e-7, i32(q)); // 2π / 2^25
}

// Both normals of Threefry block b: (cosine branch = index 2b, sine branch = 2b + 1).
fn mpq_normal_pair(k: vec2<u32>, b: u32) -> vec2<f32> {
  let w = mpq_threefry(k, vec2<u32>(b, 0u));
  let r = sqrt(max(0.0, -2.0 * mpq_ln_uniform(w.x)));
  let sc = mpq_sincos_uniform(w.y);
  return vec2<f32>(r * sc.y, r * sc.x);
}

fn mpq_normal_at(k: vec2<u32>, i: u32) -> f32 {
  let p = mpq_normal_pair(k, i >> 1u);
  return select(p.x, p.y, (i & 1u) == 1u);
}
`;

/**
 * A kernel that dumps the RNG for the parity test: for i < count, words[i],
 * uniforms[i], normals[i] of `key`, and fold[i] = foldIn(key, i).
 */
export const RNG_CHECK_WGSL = /* wgsl */ `
${RNG_WGSL}
struct RngCheck { key: vec2<u32>, count: u32, _pad: u32 }
@group(0) @binding(0) var<uniform> C: RngCheck;
@group(0) @binding(1) var<storage, read_write> words: array<u32>;
@group(0) @binding(2) var<storage, read_write> uniforms: array<f32>;
@group(0) @binding(3) var<storage, read_write> normals: array<f32>;
@group(0) @binding(4) var<storage, read_write> folds: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= C.count) { return; }
  words[i] = mpq_word_at(C.key, i);
  uniforms[i] = mpq_uniform_at(C.key, i);
  normals[i] = mpq_normal_at(C.key, i);
  let f = mpq_fold_in(C.key, i);
  folds[2u * i] = f.x;
  folds[2u * i + 1u] = f.y;
}
`;
