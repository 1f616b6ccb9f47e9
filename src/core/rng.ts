/**
 * Counter-based random numbers: Threefry-2x32 with 20 rounds (Salmon et al.,
 * "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the generator JAX uses).
 *
 * Why counter-based: a draw is a pure function of (key, counter), so the GPU
 * kernels can reproduce exactly the CPU's noise by computing the same block
 * for the same address, and a run is reproduced from its seed alone.
 *
 * Only 32-bit add, xor and rotate are used, so the WGSL port is line-for-line:
 * every `(a + b) >>> 0` here is a wrapping `a + b` on `u32` there.
 *
 * Conventions shared with the WGSL port (keep them in step):
 * - a Key is two u32 words; `foldIn(key, d)` = first word pair of
 *   threefry(key, (d, 0x9E3779B9)), like JAX's fold_in;
 * - `uniformAt(key, i)` uses block `i >>> 1` (counter (i>>>1, 0)) and word
 *   `i & 1`, mapped to (0, 1) as ((w >>> 8) + 0.5) / 2^24 (a float64; rounded to
 *   float32 it is exact below 0.5 and rounds for larger values, which the WGSL
 *   port reproduces with integer steps);
 * - `normalAt(key, i)` uses Box–Muller on the two words of block `i >>> 1`:
 *   even i takes the cosine branch, odd i the sine branch.
 */

/** Two 32-bit words. */
export type Key = readonly [number, number];

const KS_PARITY = 0x1bd11bda;
const FOLD_SALT = 0x9e3779b9;
const INV_2_24 = 1 / 16777216;
const TWO_PI = 2 * Math.PI;

/**
 * Threefry-2x32-20 block function. Writes the two output words to out[0], out[1].
 * All inputs are treated as u32.
 */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number, out: Uint32Array | number[]): void {
  threefryBlocks(k0, k1, c0, c1, 1, out, 0);
}

/**
 * Threefry-2x32-20 of the `count` counters (c0 + i, c1), i < count: block i's two words into
 * out[o + 2i], out[o + 2i + 1]. The 20 rounds (rotations 13, 15, 26, 6 in rounds 1–4, 9–12, 17–20 and
 * 17, 29, 16, 24 in the others; a key injection after every fourth) are unrolled on int32 locals:
 * `(a + b) | 0` keeps the same low 32 bits as a wrapping u32 add. One loop over many blocks, so a run of
 * noise costs no call per block (the rounds are too long for V8 to inline the call).
 */
export function threefryBlocks(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  count: number,
  out: Uint32Array | number[],
  o: number,
): void {
  k0 |= 0;
  k1 |= 0;
  const k2 = KS_PARITY ^ k0 ^ k1;
  for (let i = 0; i < count; i++) {
    let x0 = (c0 + i + k0) | 0;
    let x1 = (c1 + k1) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
    x0 = (x0 + k1) | 0;
    x1 = (x1 + k2 + 1) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
    x0 = (x0 + k2) | 0;
    x1 = (x1 + k0 + 2) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
    x0 = (x0 + k0) | 0;
    x1 = (x1 + k1 + 3) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
    x0 = (x0 + k1) | 0;
    x1 = (x1 + k2 + 4) | 0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
    x0 = (x0 + x1) | 0;
    x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
    x0 = (x0 + k2) | 0;
    x1 = (x1 + k0 + 5) | 0;
    out[o + 2 * i] = x0 >>> 0;
    out[o + 2 * i + 1] = x1 >>> 0;
  }
}

const scratch = new Uint32Array(2);

/** The root key of a run: seed's low and high 32 bits. */
export function keyFromSeed(seed: number): Key {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  const lo = seed % 4294967296;
  const hi = Math.floor(seed / 4294967296);
  return [lo >>> 0, hi >>> 0];
}

/** A new key derived from `key` and the integer `data` (JAX fold_in analogue). */
export function foldIn(key: Key, data: number): Key {
  threefry2x32(key[0], key[1], data >>> 0, FOLD_SALT, scratch);
  return [scratch[0], scratch[1]];
}

/** foldIn(key, data) written into `out` (no new array: for per-step keys in hot loops). */
export function foldInto(key: Key, data: number, out: [number, number]): void {
  threefry2x32(key[0], key[1], data >>> 0, FOLD_SALT, scratch);
  out[0] = scratch[0];
  out[1] = scratch[1];
}

/** Derive a key along a path of integers: foldIn(foldIn(key, a), b)… */
export function deriveKey(key: Key, ...path: number[]): Key {
  let k = key;
  for (const d of path) k = foldIn(k, d);
  return k;
}

/** Maps a u32 word to a uniform in the open interval (0, 1) (24 random bits). */
export function wordToUniform(w: number): number {
  return ((w >>> 8) + 0.5) * INV_2_24;
}

/** The i-th raw u32 word of the stream `key`. */
export function wordAt(key: Key, i: number): number {
  threefry2x32(key[0], key[1], i >>> 1, 0, scratch);
  return scratch[i & 1];
}

/** The i-th uniform draw in (0, 1) of the stream `key`. */
export function uniformAt(key: Key, i: number): number {
  threefry2x32(key[0], key[1], i >>> 1, 0, scratch);
  return wordToUniform(scratch[i & 1]);
}

/**
 * How a block's two uniforms become its two normals; Box–Muller either way
 * (r = √(−2 ln u1); cosine branch r·cos 2πu2 at even indices, sine branch at odd):
 * - 'libm': through Math.log, Math.cos and Math.sin (the original stream);
 * - 'poly': through exact integer reductions and our own polynomials (ln by
 *   2·atanh on (√½, √2], sin and cos on [−π/4, π/4] after an exact quarter-turn
 *   reduction of the 25-bit integer behind u2), the same steps as the WGSL
 *   port. About four times cheaper, within 1e-13 of 'libm', and built only from
 *   correctly rounded operations, so the same bits in every JavaScript engine.
 */
export type NormalTransform = 'libm' | 'poly';

/** The i-th standard normal draw of the stream `key` (Box–Muller, see header). */
export function normalAt(key: Key, i: number, transform: NormalTransform = 'libm'): number {
  threefry2x32(key[0], key[1], i >>> 1, 0, scratch);
  return normalFromWords(scratch[0], scratch[1], (i & 1) === 1, transform);
}

/** The normal of a block's words w0, w1: the cosine branch, or the sine branch when `sine`. */
export function normalFromWords(w0: number, w1: number, sine: boolean, transform: NormalTransform): number {
  if (transform === 'poly') {
    const r = Math.sqrt(-2 * lnUniform(w0));
    sinCosTurn(w1);
    return r * sinCos[sine ? 0 : 1];
  }
  const r = Math.sqrt(-2 * Math.log(wordToUniform(w0)));
  const u2 = wordToUniform(w1);
  return sine ? r * Math.sin(TWO_PI * u2) : r * Math.cos(TWO_PI * u2);
}

/**
 * Fills out[offset .. offset+count) with standard normals i0, i0+1, … of `key`,
 * each times `scale`. Computes each Threefry block once for its pair of normals.
 */
export function fillNormals(
  key: Key,
  i0: number,
  count: number,
  out: Float64Array,
  offset = 0,
  scale = 1,
  transform: NormalTransform = 'libm',
): void {
  let i = i0;
  let o = offset;
  const end = offset + count;
  if ((i & 1) === 1 && o < end) out[o++] = normalAt(key, i++, transform) * scale;
  const pairs = (end - o) >> 1;
  if (transform === 'poly') fillPairsPoly(key[0], key[1], i >>> 1, pairs, out, o, scale);
  else fillPairsLibm(key[0], key[1], i >>> 1, pairs, out, o, scale);
  o += 2 * pairs;
  i += 2 * pairs;
  if (o < end) out[o] = normalAt(key, i, transform) * scale;
}

/** Blocks whose words fillPairs* draw at a time. */
const WORD_CHUNK = 256;
const words = new Uint32Array(2 * WORD_CHUNK);

function fillPairsLibm(k0: number, k1: number, b0: number, pairs: number, out: Float64Array, o: number, scale: number) {
  for (let b = b0; b < b0 + pairs; b += WORD_CHUNK) {
    const n = Math.min(WORD_CHUNK, b0 + pairs - b);
    threefryBlocks(k0, k1, b, 0, n, words, 0);
    for (let i = 0; i < n; i++) {
      const u1 = wordToUniform(words[2 * i]);
      const u2 = wordToUniform(words[2 * i + 1]);
      const r = Math.sqrt(-2 * Math.log(u1));
      out[o++] = r * Math.cos(TWO_PI * u2) * scale;
      out[o++] = r * Math.sin(TWO_PI * u2) * scale;
    }
  }
}

function fillPairsPoly(k0: number, k1: number, b0: number, pairs: number, out: Float64Array, o: number, scale: number) {
  for (let b = b0; b < b0 + pairs; b += WORD_CHUNK) {
    const n = Math.min(WORD_CHUNK, b0 + pairs - b);
    threefryBlocks(k0, k1, b, 0, n, words, 0);
    for (let i = 0; i < n; i++) {
      const r = Math.sqrt(-2 * lnUniform(words[2 * i]));
      sinCosTurn(words[2 * i + 1]);
      out[o++] = r * sinCos[1] * scale;
      out[o++] = r * sinCos[0] * scale;
    }
  }
}

// ---- the 'poly' transform's pieces -----------------------------------------

/**
 * Rotation by q quarter turns without branches: cos(qπ/2 + x) = COS_CS[q]·cos x + COS_SN[q]·sin x, and
 * likewise for sin. Exact: one product is ±cos x or ±sin x, the other ±0, and neither cos x nor sin x is 0 here.
 */
const COS_CS = Float64Array.of(1, 0, -1, 0);
const COS_SN = Float64Array.of(0, -1, 0, 1);
const SIN_CS = Float64Array.of(0, 1, 0, -1);
const SIN_SN = Float64Array.of(1, 0, -1, 0);
/** 2^−e for e = 0..31 (exact). */
const POW2_NEG = Float64Array.from({ length: 32 }, (_, e) => 2 ** -e);
/** √2·2^e for e = 0..31 (exact: the double √2 times a power of two). */
const SQRT2_POW2 = Float64Array.from({ length: 32 }, (_, e) => Math.SQRT2 * 2 ** e);
/** 2π / 2^25: radians per step of the 25-bit integer behind a uniform. */
const TURN_PER_2_25 = TWO_PI / 33554432;
// 2·atanh series: ln m = 2s(1 + z/3 + z²/5 + …), s = (m − 1)/(m + 1), z = s², |s| ≤ 0.172 (next term < 1e-14).
const L3 = 1 / 3;
const L5 = 1 / 5;
const L7 = 1 / 7;
const L9 = 1 / 9;
const L11 = 1 / 11;
const L13 = 1 / 13;
const L15 = 1 / 15;
// Taylor series of sin x / x and cos x in z = x², |x| ≤ π/4 (next terms < 3e-14).
const S3 = -1 / 6;
const S5 = 1 / 120;
const S7 = -1 / 5040;
const S9 = 1 / 362880;
const S11 = -1 / 39916800;
const S13 = 1 / 6227020800;
const C2 = -1 / 2;
const C4 = 1 / 24;
const C6 = -1 / 720;
const C8 = 1 / 40320;
const C10 = -1 / 3628800;
const C12 = 1 / 479001600;
const C14 = -1 / 87178291200;

/**
 * ln u of the uniform u = v / 2^25 of word w (v = 2·(w >>> 8) + 1, odd):
 * v = m·2^e with m in (√½, √2] exactly, so ln u = (e − 25)·ln 2 + ln m, and the
 * two parts never cancel badly (near u = 1, e = 25 and m = u).
 */
function lnUniform(w: number): number {
  const v = 2 * (w >>> 8) + 1;
  let e = 31 - Math.clz32(v);
  // m = v·2^−e > √2 exactly when v > √2·2^e (both sides scaled by a power of two): then one more halving.
  // Taken as a number, not a branch (the two cases are equally likely, a branch mispredicts half the time).
  e += Number(v > SQRT2_POW2[e]);
  const m = v * POW2_NEG[e];
  const s = (m - 1) / (m + 1);
  const z = s * s;
  // Estrin's scheme: shorter dependency chains than Horner's (this sits between a division and a square root).
  const z2 = z * z;
  const z4 = z2 * z2;
  const p = 1 + z * L3 + z2 * (L5 + z * L7) + z4 * (L9 + z * L11 + z2 * (L13 + z * L15));
  return (e - 25) * Math.LN2 + 2 * s * p;
}

/** sin and cos written by sinCosTurn. */
const sinCos = new Float64Array(2);

/**
 * sin 2πu and cos 2πu of the uniform u = v / 2^25 of word w into sinCos: the
 * nearest quarter turn q is taken off v exactly (v is odd, so never a tie),
 * leaving |x| < π/4 for the polynomials; the quarter turns are applied by
 * exact products with 0 and ±1.
 */
function sinCosTurn(w: number): void {
  const v = 2 * (w >>> 8) + 1;
  const q = (v + 0x400000) >>> 23;
  const x = (v - q * 0x800000) * TURN_PER_2_25;
  const z = x * x;
  const sn = x * (1 + z * (S3 + z * (S5 + z * (S7 + z * (S9 + z * (S11 + z * S13))))));
  const cs = 1 + z * (C2 + z * (C4 + z * (C6 + z * (C8 + z * (C10 + z * (C12 + z * C14))))));
  const quad = q & 3;
  sinCos[0] = SIN_CS[quad] * cs + SIN_SN[quad] * sn;
  sinCos[1] = COS_CS[quad] * cs + COS_SN[quad] * sn;
}

/**
 * A sequential stream over a key: each call takes the next index. Used where
 * draws happen one after another (episode starts, minibatch indices); the
 * planner's noise uses the addressable functions above instead.
 */
export class RandomStream {
  /** The Threefry block last computed and its two words (consecutive draws share a block). */
  private block = -1;
  private w0 = 0;
  private w1 = 0;

  /** `next`: the index of the first draw (a stream can start where another would be after `next` draws). */
  constructor(
    readonly key: Key,
    private next = 0,
  ) {}

  /** Word `i` of the stream (wordAt(key, i)), computing each block once for its two words. */
  private word(i: number): number {
    const b = i >>> 1;
    if (b !== this.block) {
      threefry2x32(this.key[0], this.key[1], b, 0, scratch);
      this.block = b;
      this.w0 = scratch[0];
      this.w1 = scratch[1];
    }
    return (i & 1) === 0 ? this.w0 : this.w1;
  }

  /** Uniform in (0, 1). */
  uniform(): number {
    return wordToUniform(this.word(this.next++));
  }

  /** Uniform in (lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /**
   * Fills out[0 .. rows·d) row-major with uniformIn(low[j], high[j]) for j < d = low.length, the same
   * draws as that many uniformIn calls in that order, in one loop (the planner's per-step model draws).
   */
  fillUniformIn(low: ArrayLike<number>, high: ArrayLike<number>, rows: number, out: Float64Array): void {
    const d = low.length;
    const n = rows * d;
    const k0 = this.key[0];
    const k1 = this.key[1];
    let i = this.next;
    let j = 0;
    let b0 = 0;
    for (let o = 0; o < n;) {
      // The blocks of draws i … i + m − 1, computed in one call.
      const m = Math.min(n - o, 2 * WORD_CHUNK - 2);
      b0 = i >>> 1;
      threefryBlocks(k0, k1, b0, 0, ((i + m - 1) >>> 1) - b0 + 1, words, 0);
      for (const end = o + m; o < end; o++, i++) {
        out[o] = low[j] + (high[j] - low[j]) * wordToUniform(words[2 * ((i >>> 1) - b0) + (i & 1)]);
        if (++j === d) j = 0;
      }
    }
    if (i > this.next) {
      // Keep the last block, as word() would have.
      this.block = (i - 1) >>> 1;
      this.w0 = words[2 * (this.block - b0)];
      this.w1 = words[2 * (this.block - b0) + 1];
    }
    this.next = i;
  }

  /** Standard normal (uses its own index range, so pairs are not split across uniforms). */
  normal(): number {
    return normalAt(this.key, this.next++);
  }

  /** Integer in [0, n), from a full 32-bit word (n ≤ 2^32). */
  int(n: number): number {
    return Math.floor((this.word(this.next++) / 4294967296) * n);
  }

  /** A child stream, independent of this one and of other labels. */
  child(label: number): RandomStream {
    return new RandomStream(foldIn(this.key, label));
  }
}
