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

const ROT_A = [13, 15, 26, 6] as const;
const ROT_B = [17, 29, 16, 24] as const;
const KS_PARITY = 0x1bd11bda;
const FOLD_SALT = 0x9e3779b9;
const INV_2_24 = 1 / 16777216;
const TWO_PI = 2 * Math.PI;

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/**
 * Threefry-2x32-20 block function. Writes the two output words to out[0], out[1].
 * All inputs are treated as u32.
 */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number, out: Uint32Array | number[]): void {
  k0 >>>= 0;
  k1 >>>= 0;
  const ks = [k0, k1, (KS_PARITY ^ k0 ^ k1) >>> 0];
  let x0 = (c0 + k0) >>> 0;
  let x1 = (c1 + k1) >>> 0;
  for (let g = 0; g < 5; g++) {
    const rot = g % 2 === 0 ? ROT_A : ROT_B;
    for (let r = 0; r < 4; r++) {
      x0 = (x0 + x1) >>> 0;
      x1 = rotl(x1, rot[r]);
      x1 = (x1 ^ x0) >>> 0;
    }
    const s = g + 1;
    x0 = (x0 + ks[s % 3]) >>> 0;
    x1 = (x1 + ks[(s + 1) % 3] + s) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
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

/** The i-th standard normal draw of the stream `key` (Box–Muller, see header). */
export function normalAt(key: Key, i: number): number {
  threefry2x32(key[0], key[1], i >>> 1, 0, scratch);
  const u1 = wordToUniform(scratch[0]);
  const u2 = wordToUniform(scratch[1]);
  const r = Math.sqrt(-2 * Math.log(u1));
  return (i & 1) === 0 ? r * Math.cos(TWO_PI * u2) : r * Math.sin(TWO_PI * u2);
}

/**
 * Fills out[offset .. offset+count) with standard normals i0, i0+1, … of `key`.
 * Computes each Threefry block once for its pair of normals.
 */
export function fillNormals(key: Key, i0: number, count: number, out: Float64Array, offset = 0): void {
  let i = i0;
  let o = offset;
  const end = offset + count;
  const k0 = key[0];
  const k1 = key[1];
  if ((i & 1) === 1 && o < end) {
    out[o++] = normalAt(key, i++);
  }
  while (o + 1 < end) {
    threefry2x32(k0, k1, i >>> 1, 0, scratch);
    const u1 = wordToUniform(scratch[0]);
    const u2 = wordToUniform(scratch[1]);
    const r = Math.sqrt(-2 * Math.log(u1));
    out[o++] = r * Math.cos(TWO_PI * u2);
    out[o++] = r * Math.sin(TWO_PI * u2);
    i += 2;
  }
  if (o < end) out[o] = normalAt(key, i);
}

/**
 * A sequential stream over a key: each call takes the next index. Used where
 * draws happen one after another (episode starts, minibatch indices); the
 * planner's noise uses the addressable functions above instead.
 */
export class RandomStream {
  /** `next`: the index of the first draw (a stream can start where another would be after `next` draws). */
  constructor(
    readonly key: Key,
    private next = 0,
  ) {}

  /** Uniform in (0, 1). */
  uniform(): number {
    return uniformAt(this.key, this.next++);
  }

  /** Uniform in (lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal (uses its own index range, so pairs are not split across uniforms). */
  normal(): number {
    return normalAt(this.key, this.next++);
  }

  /** Integer in [0, n), from a full 32-bit word (n ≤ 2^32). */
  int(n: number): number {
    return Math.floor((wordAt(this.key, this.next++) / 4294967296) * n);
  }

  /** A child stream, independent of this one and of other labels. */
  child(label: number): RandomStream {
    return new RandomStream(foldIn(this.key, label));
  }
}
