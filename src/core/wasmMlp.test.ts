import { describe, expect, it } from 'vitest';
import { MlpForward, type DenseWeights } from './mlp';
import { keyFromSeed, RandomStream } from './rng';
import { randomLayers } from './testing/fixedQ';
import { sleb, uleb } from './wasmBytes';
import { referenceForward, referenceTanh, WasmMlp, WasmQ, wasmSimdSupported } from './wasmMlp';

/** `rows` input rows of width `dim`, mostly in ±3, some large enough to saturate tanh, some exact zeros. */
function inputs(rows: number, dim: number, seed: number): Float32Array {
  const rng = new RandomStream(keyFromSeed(seed));
  return Float32Array.from({ length: rows * dim }, (_, i) =>
    i % 17 === 0 ? 0 : i % 13 === 0 ? rng.uniformIn(-400, 400) : rng.uniformIn(-3, 3),
  );
}

describe('LEB128', () => {
  it('encodes the specification examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
  });
});

describe('the WebAssembly SIMD forward pass', () => {
  it('runs here (Node has WebAssembly SIMD)', () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  for (const hidden of [[100, 100], [7], [16, 9, 5]]) {
    it(`equals its scalar float32 definition bit for bit (hidden ${hidden.join('×')}, 1 to 13 rows, chunks of 5)`, () => {
      const inDim = 6;
      const layers = randomLayers(inDim, hidden, 4);
      const net = new WasmMlp(layers, 5);
      const x = inputs(13, inDim, 2);
      for (const count of [1, 3, 4, 5, 8, 13]) {
        const out = new Float64Array(count);
        net.forward(x, count, out);
        for (let r = 0; r < count; r++) {
          const want = referenceForward(layers, x.subarray(r * inDim, (r + 1) * inDim));
          expect(Object.is(out[r], want), `rows ${count}, row ${r}: ${out[r]} vs ${want}`).toBe(true);
        }
      }
    });
  }

  it('gives a row the same bits whatever rows share its call (the minibatch slices rely on it)', () => {
    const layers = randomLayers(14, [100, 100], 8);
    const x = inputs(300, 14, 3);
    const all = new Float64Array(300);
    new WasmMlp(layers).forward(x, 300, all);
    const one = new Float64Array(1);
    const single = new WasmMlp(layers, 7);
    for (const r of [0, 1, 2, 3, 4, 127, 255, 256, 299]) {
      single.forward(x.subarray(r * 14), 1, one);
      expect(Object.is(one[0], all[r])).toBe(true);
    }
  });

  it('agrees with the float64 TypeScript pass to float32 accuracy', () => {
    const layers = randomLayers(14, [100, 100], 9);
    const x = inputs(500, 14, 5);
    const a = new Float64Array(500);
    const b = new Float64Array(500);
    new WasmMlp(layers).forward(x, 500, a);
    new MlpForward(layers, 512).forward(x, 500, b);
    for (let r = 0; r < 500; r++) expect(Math.abs(a[r] - b[r])).toBeLessThan(2e-5 * Math.max(1, Math.abs(b[r])));
  });

  it('its tanh is within 4e-7 of Math.tanh and exactly ±1 far out', () => {
    let worst = 0;
    for (let x = -12; x <= 12; x += 1 / 1024) worst = Math.max(worst, Math.abs(referenceTanh(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(4e-7);
    expect(referenceTanh(50)).toBe(1);
    expect(referenceTanh(-1e30)).toBe(-1);
    expect(referenceTanh(0)).toBe(0);
  });

  it('refuses layers it cannot run and weights of another shape', () => {
    const layers = randomLayers(4, [8], 1);
    expect(() => new WasmMlp(layers.slice(1))).toThrow(/hidden layer/);
    const wide: DenseWeights[] = [layers[0], { ...layers[1], outDim: 2, kernel: new Float32Array(16) }];
    expect(() => new WasmMlp(wide)).toThrow(/one output/);
    expect(() => new WasmMlp(layers).setLayers(randomLayers(4, [9], 1))).toThrow(/shapes differ/);
  });
});

describe('WasmQ', () => {
  it('loads a Q-function’s weights again only when it hands out new ones', () => {
    let layers = randomLayers(4, [8], 2);
    let calls = 0;
    const q = {
      inputDim: 4,
      evaluate: () => {
        throw new Error('WasmQ must not call evaluate');
      },
      weights: () => {
        calls++;
        return layers;
      },
    };
    const w = new WasmQ();
    const x = inputs(3, 4, 1);
    const out = new Float64Array(3);
    w.evaluate(q, x, 3, out);
    const first = Array.from(out);
    w.evaluate(q, x, 3, out);
    expect(Array.from(out)).toEqual(first);
    layers = randomLayers(4, [8], 3);
    w.evaluate(q, x, 3, out);
    expect(Array.from(out)).not.toEqual(first);
    expect(out[0]).toBe(referenceForward(layers, x.subarray(0, 4)));
    expect(calls).toBe(3);
  });
});
