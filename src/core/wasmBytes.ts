/**
 * A minimal WebAssembly binary writer: just what the SIMD kernels in
 * wasmMlp.ts need (one imported memory, functions of i32 parameters, i32 /
 * f32 / v128 locals, structured loops, loads, stores and float32x4
 * arithmetic). Kernels are written as TypeScript that emits their bytes, so
 * there is no build step and no binary in the repository.
 *
 * Opcodes and the module layout follow the WebAssembly core specification
 * (binary format, §5) and its fixed-width SIMD proposal (merged into 2.0).
 */

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function utf8(s: string): number[] {
  return [...new TextEncoder().encode(s)];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** The body of one function: its instructions appended through the methods (each returns `this`). */
export class Code {
  readonly bytes: number[] = [];
  private readonly localTypes: ValType[] = [];

  /** `params` locals come first (all i32), then those added with `local`. */
  constructor(readonly params: number) {}

  /** A new local of type `t`; returns its index. */
  local(t: ValType): number {
    this.localTypes.push(t);
    return this.params + this.localTypes.length - 1;
  }

  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }

  private simd(code: number, ...rest: number[]): this {
    return this.op(0xfd, ...uleb(code), ...rest);
  }

  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }
  i32(n: number): this {
    return this.op(0x41, ...sleb(n));
  }
  add(): this {
    return this.op(0x6a);
  }
  sub(): this {
    return this.op(0x6b);
  }
  mul(): this {
    return this.op(0x6c);
  }
  shrU(): this {
    return this.op(0x76);
  }
  ltU(): this {
    return this.op(0x49);
  }
  geU(): this {
    return this.op(0x4f);
  }
  eqz(): this {
    return this.op(0x45);
  }

  /** `block … end`; `br depth` from inside leaves it. */
  block(body: () => void): this {
    this.op(0x02, 0x40);
    body();
    return this.op(0x0b);
  }
  /** `loop … end`; `br depth` from inside jumps back to its start. */
  loop(body: () => void): this {
    this.op(0x03, 0x40);
    body();
    return this.op(0x0b);
  }
  /** `if … end` on the i32 on the stack. */
  when(body: () => void): this {
    this.op(0x04, 0x40);
    body();
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }

  /** f32.load / f32.store with a constant byte offset (alignment 4). */
  f32Load(offset = 0): this {
    return this.op(0x2a, 2, ...uleb(offset));
  }
  f32Store(offset = 0): this {
    return this.op(0x38, 2, ...uleb(offset));
  }
  f32Add(): this {
    return this.op(0x92);
  }

  /** v128.load / v128.store (alignment 16 declared as 4: rows are only 4-byte aligned). */
  v128Load(offset = 0): this {
    return this.simd(0x00, 2, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 2, ...uleb(offset));
  }
  /** One f32 from memory in all four lanes. */
  load32Splat(offset = 0): this {
    return this.simd(0x09, 2, ...uleb(offset));
  }
  /** A constant f32x4 with `v` in every lane. */
  f32x4Const(v: number): this {
    const b = new Uint8Array(new Float32Array([v, v, v, v]).buffer);
    return this.simd(0x0c, ...b);
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f, lane);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  /** Pseudo-minimum b < a ? b : a (no NaN or signed-zero fix-ups: cheaper, and exact for finite lanes). */
  f32x4Pmin(): this {
    return this.simd(0xea);
  }
  /** Pseudo-maximum a < b ? b : a. */
  f32x4Pmax(): this {
    return this.simd(0xeb);
  }

  /** The encoded body: local declarations, instructions, `end`. */
  encode(): number[] {
    const groups: number[][] = [];
    for (const t of this.localTypes) {
      const last = groups.at(-1);
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body = [...vec(groups.map(([n, t]) => [...uleb(n), t])), ...this.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/** A function to export: its name, and its code (i32 parameters, no results). */
export interface ExportedFunction {
  name: string;
  code: Code;
}

/** A module importing `env.memory` (at least `minPages` pages of 64 KiB) and exporting the functions. */
export function moduleBytes(functions: readonly ExportedFunction[], minPages: number): Uint8Array<ArrayBuffer> {
  // A function type: 0x60, its parameter types, no results.
  const types = functions.map((f) => [0x60, ...vec(Array.from({ length: f.code.params }, () => [I32])), 0]);
  const name = (s: string) => [...uleb(utf8(s).length), ...utf8(s)];
  // Import kind 0x02 (memory) with limits 0x00 (a minimum only).
  const imports = [[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(minPages)]];
  const exports = functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(functions.map((f) => f.code.encode()))),
  ]);
}
