/**
 * The Q-network's forward pass (dense → tanh → … → linear, one output) in
 * WebAssembly SIMD, float32: what numerics 'v2' evaluates the terminal Q of
 * the Eq. 19 targets with, several times faster than the float64 TypeScript
 * pass (mlp.ts) on the B·N rows of a minibatch.
 *
 * Reproducible to the bit anywhere: every lane of every row goes through the
 * same sequence of float32 adds, multiplies and divides (IEEE, correctly
 * rounded; no fused multiply-add, no relaxed SIMD), so a row's value does not
 * depend on the machine, the engine, or which other rows share its call.
 * `referenceForward` below is that sequence in scalar TypeScript (Math.fround
 * after every operation); a test holds the kernel to it bit for bit.
 *
 * Per layer, four rows at a time: for eight outputs j, acc_j = bias_j, then
 * acc_j = acc_j + x_i · W_ij for i = 0, 1, …, inDim − 1; hidden layers apply
 * tanh (below). The output layer takes, per row, four partial sums over
 * i ≡ 0, 1, 2, 3 (mod 4), each in order, then ((s0 + s1) + (s2 + s3)) + bias.
 * Hidden widths are padded to a multiple of eight with zero weights.
 */
import type { DenseWeights } from './mlp';
import type { QFunction } from './qfunction';
import { Code, I32, moduleBytes, V128 } from './wasmBytes';

/**
 * tanh x ≈ x·P(x²)/Q(x²) on x clamped to [−9, 9] (tanh rounds to ±1 in float32
 * beyond), then clamped to [−1, 1]. A rational minimax fit of tanh(x)/x in x²
 * (fitted for this project; relative error 7e-9 in exact arithmetic, at most 6
 * float32 ulps as evaluated here, in Horner's order).
 */
const TANH_P = [
  0.9999999933924725, 0.130840113424439, 0.0031039575901210172, 1.1154322300763274e-5, -2.022528035689006e-8,
  5.2779733546792007e-11, -8.488770901562202e-14,
].map(Math.fround);
const TANH_Q = [1.0, 0.4641733844535689, 0.024495183907002106, 0.0002546147203353942].map(Math.fround);
const TANH_CLAMP = 9;

/** Outputs per register block: two f32x4 vectors. */
const BLOCK = 8;

/** `n` rounded up to a multiple of BLOCK. */
const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;

// ---- the kernel's code ------------------------------------------------------

/** Emits tanh (as TANH_P / TANH_Q above) of v128 local `v` in place, with scratch locals x, t, p. */
function emitTanh(c: Code, v: number, x: number, t: number, p: number): void {
  c.get(v).f32x4Const(TANH_CLAMP).f32x4Pmin().f32x4Const(-TANH_CLAMP).f32x4Pmax().set(x);
  c.get(x).get(x).f32x4Mul().set(t);
  c.f32x4Const(TANH_P[TANH_P.length - 1]);
  for (let k = TANH_P.length - 2; k >= 0; k--) c.get(t).f32x4Mul().f32x4Const(TANH_P[k]).f32x4Add();
  c.set(p);
  c.get(x).get(p).f32x4Mul();
  c.f32x4Const(TANH_Q[TANH_Q.length - 1]);
  for (let k = TANH_Q.length - 2; k >= 0; k--) c.get(t).f32x4Mul().f32x4Const(TANH_Q[k]).f32x4Add();
  c.f32x4Div().f32x4Const(1).f32x4Pmin().f32x4Const(-1).f32x4Pmax().set(v);
}

/**
 * dense(src, dst, n, inDim, outP, w, b, act): dst[r, j] = act(b[j] + Σ_i src[r, i]·w[i, j]) for r < n, j < outP
 * (outP a multiple of 8; byte offsets src, dst, w, b; row strides inDim and outP floats; tanh when act ≠ 0).
 */
function denseCode(): Code {
  const c = new Code(8);
  const [SRC, DST, N, IN, OUTP, W, B, ACT] = [0, 1, 2, 3, 4, 5, 6, 7];
  const r = c.local(I32);
  const j = c.local(I32);
  const i = c.local(I32);
  const xp = c.local(I32);
  const wp = c.local(I32);
  const dp = c.local(I32);
  const rowIn = c.local(I32);
  const rowOut = c.local(I32);
  const acc = Array.from({ length: 8 }, () => c.local(V128)); // [row k][half h] = acc[2k + h]
  const w0 = c.local(V128);
  const w1 = c.local(V128);
  const x = c.local(V128);
  const [tx, tt, tp] = [c.local(V128), c.local(V128), c.local(V128)];

  c.get(IN).i32(4).mul().set(rowIn);
  c.get(OUTP).i32(4).mul().set(rowOut);

  /** The column loop over j for `rows` rows starting at row r (rows = 4 or 1). */
  const columns = (rows: number) => {
    c.i32(0).set(j);
    c.loop(() => {
      for (let k = 0; k < rows; k++) {
        c.get(B)
          .get(j)
          .i32(4)
          .mul()
          .add()
          .v128Load(0)
          .set(acc[2 * k]);
        c.get(B)
          .get(j)
          .i32(4)
          .mul()
          .add()
          .v128Load(16)
          .set(acc[2 * k + 1]);
      }
      c.get(SRC).get(r).get(rowIn).mul().add().set(xp);
      c.get(W).get(j).i32(4).mul().add().set(wp);
      c.get(IN).set(i);
      c.loop(() => {
        c.get(wp).v128Load(0).set(w0);
        c.get(wp).v128Load(16).set(w1);
        for (let k = 0; k < rows; k++) {
          c.get(xp);
          for (let s = 0; s < k; s++) c.get(rowIn).add();
          c.load32Splat(0).set(x);
          c.get(acc[2 * k])
            .get(x)
            .get(w0)
            .f32x4Mul()
            .f32x4Add()
            .set(acc[2 * k]);
          c.get(acc[2 * k + 1])
            .get(x)
            .get(w1)
            .f32x4Mul()
            .f32x4Add()
            .set(acc[2 * k + 1]);
        }
        c.get(xp).i32(4).add().set(xp);
        c.get(wp).get(rowOut).add().set(wp);
        c.get(i).i32(1).sub().tee(i).brIf(0);
      });
      c.get(ACT).when(() => {
        for (let a = 0; a < 2 * rows; a++) emitTanh(c, acc[a], tx, tt, tp);
      });
      c.get(DST).get(r).get(rowOut).mul().add().get(j).i32(4).mul().add().set(dp);
      for (let k = 0; k < rows; k++) {
        c.get(dp)
          .get(acc[2 * k])
          .v128Store(0);
        c.get(dp)
          .get(acc[2 * k + 1])
          .v128Store(16);
        c.get(dp).get(rowOut).add().set(dp);
      }
      c.get(j).i32(BLOCK).add().tee(j).get(OUTP).ltU().brIf(0);
    });
  };

  c.i32(0).set(r);
  c.block(() =>
    c.loop(() => {
      c.get(N).get(r).sub().i32(4).ltU().brIf(1);
      columns(4);
      c.get(r).i32(4).add().set(r);
      c.br(0);
    }),
  );
  c.block(() =>
    c.loop(() => {
      c.get(r).get(N).geU().brIf(1);
      columns(1);
      c.get(r).i32(1).add().set(r);
      c.br(0);
    }),
  );
  return c;
}

/**
 * dot(src, n, inP, w, b, out): out[r] = ((s0 + s1) + (s2 + s3)) + b[0] for r < n, where s_m sums
 * src[r, i]·w[i] over i ≡ m (mod 4) in order (inP a multiple of 4; byte offsets src, w, b, out).
 */
function dotCode(): Code {
  const c = new Code(6);
  const [SRC, N, INP, W, B, OUT] = [0, 1, 2, 3, 4, 5];
  const r = c.local(I32);
  const i = c.local(I32);
  const xp = c.local(I32);
  const wp = c.local(I32);
  const acc = c.local(V128);
  const s = c.local(V128);
  c.i32(0).set(r);
  c.block(() =>
    c.loop(() => {
      c.get(r).get(N).geU().brIf(1);
      c.f32x4Const(0).set(acc);
      c.get(SRC).get(r).get(INP).i32(4).mul().mul().add().set(xp);
      c.get(W).set(wp);
      c.get(INP).i32(2).shrU().set(i);
      c.loop(() => {
        c.get(acc).get(xp).v128Load(0).get(wp).v128Load(0).f32x4Mul().f32x4Add().set(acc);
        c.get(xp).i32(16).add().set(xp);
        c.get(wp).i32(16).add().set(wp);
        c.get(i).i32(1).sub().tee(i).brIf(0);
      });
      c.get(acc).set(s);
      c.get(OUT).get(r).i32(4).mul().add();
      c.get(s).f32x4ExtractLane(0).get(s).f32x4ExtractLane(1).f32Add();
      c.get(s).f32x4ExtractLane(2).get(s).f32x4ExtractLane(3).f32Add();
      c.f32Add();
      c.get(B).f32Load(0).f32Add();
      c.f32Store(0);
      c.get(r).i32(1).add().set(r);
      c.br(0);
    }),
  );
  return c;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel module, or null where this engine has no WebAssembly SIMD. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  const bytes = moduleBytes(
    [
      { name: 'dense', code: denseCode() },
      { name: 'dot', code: dotCode() },
    ],
    1,
  );
  compiled = typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  return compiled;
}

/** True where this JavaScript engine runs WebAssembly SIMD (every current browser and Node ≥ 16). */
export function wasmSimdSupported(): boolean {
  return kernelModule() !== null;
}

// ---- the forward pass -------------------------------------------------------

interface Kernel {
  dense(src: number, dst: number, n: number, inDim: number, outP: number, w: number, b: number, act: number): void;
  dot(src: number, n: number, inP: number, w: number, b: number, out: number): void;
}

/** Where one layer's weights sit in the kernel's memory (float indices) and its padded sizes. */
interface LayerSlot {
  inDim: number;
  outDim: number;
  /** Rows of the stored kernel (the previous layer's padded width, or the input width). */
  rows: number;
  /** Stored outputs: padded to BLOCK (hidden layers), 1 (the output layer). */
  cols: number;
  w: number;
  b: number;
}

export class WasmMlp {
  private readonly memory: WebAssembly.Memory;
  private readonly kernel: Kernel;
  private readonly slots: LayerSlot[];
  private readonly bufA: number;
  private readonly bufB: number;
  private readonly out: number;
  private f32: Float32Array;

  /**
   * `layers` are applied in order, tanh after every one but the last, which must
   * have one output; at least one hidden layer. Rows go through in chunks of
   * `chunkRows` (a chunk's activations stay in cache; results do not depend on it).
   */
  constructor(
    layers: readonly DenseWeights[],
    readonly chunkRows = 256,
  ) {
    const mod = kernelModule();
    if (!mod)
      throw new Error(
        "this JavaScript engine has no WebAssembly SIMD, which numerics 'v2' needs for its Q forward pass (numerics 'v1' runs without it)",
      );
    if (layers.length < 2) throw new Error('WasmMlp needs at least one hidden layer');
    if (layers.at(-1)!.outDim !== 1)
      throw new Error(`WasmMlp's last layer must have one output, not ${layers.at(-1)!.outDim}`);
    let at = 0;
    const alloc = (floats: number) => {
      const o = at;
      at += Math.ceil(floats / 4) * 4; // 16-byte aligned
      return o;
    };
    let rows = layers[0].inDim;
    this.slots = layers.map((l, k) => {
      if (l.inDim !== (k === 0 ? l.inDim : layers[k - 1].outDim))
        throw new Error(`layer ${k} does not fit the one before`);
      const cols = k === layers.length - 1 ? 1 : padded(l.outDim);
      const slot = { inDim: l.inDim, outDim: l.outDim, rows, cols, w: alloc(rows * cols), b: alloc(cols) };
      rows = cols;
      return slot;
    });
    const widest = Math.max(layers[0].inDim, ...this.slots.map((s) => s.cols));
    this.bufA = alloc(chunkRows * widest);
    this.bufB = alloc(chunkRows * widest);
    this.out = alloc(chunkRows);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((at * 4) / 65536) + 1 });
    this.kernel = new WebAssembly.Instance(mod, { env: { memory: this.memory } }).exports as unknown as Kernel;
    this.f32 = new Float32Array(this.memory.buffer);
    this.setLayers(layers);
  }

  get inputDim(): number {
    return this.slots[0].inDim;
  }

  /** Replaces the weights (same shapes); padding stays zero. */
  setLayers(layers: readonly DenseWeights[]): void {
    if (
      layers.length !== this.slots.length ||
      layers.some((l, k) => l.inDim !== this.slots[k].inDim || l.outDim !== this.slots[k].outDim)
    )
      throw new Error('WasmMlp.setLayers: layer shapes differ');
    const m = this.f32;
    layers.forEach((l, k) => {
      const s = this.slots[k];
      m.fill(0, s.w, s.w + s.rows * s.cols);
      m.fill(0, s.b, s.b + s.cols);
      for (let i = 0; i < l.inDim; i++)
        for (let j = 0; j < l.outDim; j++) m[s.w + i * s.cols + j] = l.kernel[i * l.outDim + j];
      for (let j = 0; j < l.outDim; j++) m[s.b + j] = l.bias[j];
    });
  }

  /** Scalar output of each of `count` input rows ([count, inputDim]) into out[0..count). */
  forward(inputs: Float32Array, count: number, out: Float64Array): void {
    const { kernel, slots, f32 } = this;
    const inDim = this.inputDim;
    const last = slots.length - 1;
    for (let start = 0; start < count; start += this.chunkRows) {
      const n = Math.min(this.chunkRows, count - start);
      f32.set(inputs.subarray(start * inDim, (start + n) * inDim), this.bufA);
      let src = this.bufA;
      let dst = this.bufB;
      for (let k = 0; k < last; k++) {
        const s = slots[k];
        kernel.dense(src * 4, dst * 4, n, s.rows, s.cols, s.w * 4, s.b * 4, 1);
        [src, dst] = [dst, src];
      }
      const s = slots[last];
      kernel.dot(src * 4, n, s.rows, s.w * 4, s.b * 4, this.out * 4);
      for (let r = 0; r < n; r++) out[start + r] = f32[this.out + r];
    }
  }
}

// ---- the same arithmetic in scalar TypeScript (for tests) ---------------------

/** tanh as the kernel computes it, one lane, in float32 steps. */
export function referenceTanh(v: number): number {
  const f = Math.fround;
  let x = TANH_CLAMP < v ? TANH_CLAMP : v;
  x = x < -TANH_CLAMP ? -TANH_CLAMP : x;
  x = f(x);
  const t = f(x * x);
  let p = TANH_P[TANH_P.length - 1];
  for (let k = TANH_P.length - 2; k >= 0; k--) p = f(f(p * t) + TANH_P[k]);
  let q = TANH_Q[TANH_Q.length - 1];
  for (let k = TANH_Q.length - 2; k >= 0; k--) q = f(f(q * t) + TANH_Q[k]);
  let y = f(f(x * p) / q);
  y = 1 < y ? 1 : y;
  return y < -1 ? -1 : y;
}

/**
 * The kernel's forward pass of one row in scalar float32 steps, on the same
 * zero-padded layers (padded outputs are computed too, and padded inputs add
 * their zero products): the definition WasmMlp must meet bit for bit.
 */
export function referenceForward(layers: readonly DenseWeights[], row: ArrayLike<number>): number {
  const f = Math.fround;
  let h = Array.from(row, f);
  for (let k = 0; k < layers.length; k++) {
    const l = layers[k];
    const lastLayer = k === layers.length - 1;
    const rows = h.length;
    const cols = lastLayer ? 1 : padded(l.outDim);
    const w = (i: number, j: number) => (i < l.inDim && j < l.outDim ? l.kernel[i * l.outDim + j] : 0);
    if (lastLayer) {
      const s = [0, 0, 0, 0];
      for (let i = 0; i < rows; i++) s[i % 4] = f(s[i % 4] + f(h[i] * w(i, 0)));
      return f(f(f(s[0] + s[1]) + f(s[2] + s[3])) + f(l.bias[0]));
    }
    const next: number[] = [];
    for (let j = 0; j < cols; j++) {
      let acc = j < l.outDim ? f(l.bias[j]) : 0;
      for (let i = 0; i < rows; i++) acc = f(acc + f(h[i] * w(i, j)));
      next.push(referenceTanh(acc));
    }
    h = next;
  }
  throw new Error('unreachable: the last layer returns');
}

/**
 * A Q-function's MLP through WasmMlp: the weights are taken from `q.weights()`
 * and loaded again whenever it hands out different arrays (after an update).
 */
export class WasmQ {
  private mlp: WasmMlp | null = null;
  private loaded: readonly DenseWeights[] | null = null;

  /** Q of `count` rows of `inputs` into out, as QFunction.evaluate. */
  evaluate(q: QFunction, inputs: Float32Array, count: number, out: Float64Array): void {
    const layers = q.weights?.();
    if (!layers) throw new Error("numerics 'v2' evaluates Q from its weights, which this Q-function does not hand out");
    if (layers !== this.loaded) {
      if (this.mlp && this.mlp.inputDim === layers[0].inDim) this.mlp.setLayers(layers);
      else this.mlp = new WasmMlp(layers);
      this.loaded = layers;
    }
    this.mlp!.forward(inputs, count, out);
  }
}
