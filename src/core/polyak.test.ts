import { describe, expect, it } from 'vitest';
import type { DenseWeights } from './mlp';
import { PolyakTarget } from './polyak';

const layer = (v: number): DenseWeights[] => [
  { inDim: 2, outDim: 2, kernel: new Float32Array([v, v, v, v]), bias: new Float32Array([v, -v]) },
  { inDim: 2, outDim: 1, kernel: new Float32Array([v, 2 * v]), bias: new Float32Array([0]) },
];

describe('PolyakTarget', () => {
  it('starts as a copy and lags the online network by (1 − τ)^k', () => {
    const t = new PolyakTarget(layer(1), 8);
    expect(Array.from(t.weights()[0].kernel)).toEqual([1, 1, 1, 1]);
    const tau = 0.1;
    for (let k = 1; k <= 5; k++) {
      t.update(layer(3), tau);
      // θ' = 3 + (1 − 3)(1 − τ)^k, in float32.
      const expected = 3 - 2 * (1 - tau) ** k;
      expect(t.weights()[0].kernel[0]).toBeCloseTo(expected, 5);
      expect(t.weights()[0].bias[1]).toBeCloseTo(-expected, 5);
    }
    const out = new Float64Array(1);
    t.evaluate(new Float32Array([0, 0]), 1, out);
    const w = 3 - 2 * 0.9 ** 5;
    expect(out[0]).toBeCloseTo(w * Math.tanh(w) + 2 * w * Math.tanh(-w), 4);
  });

  it('τ = 1 copies exactly', () => {
    const t = new PolyakTarget(layer(1), 8);
    t.update(layer(0.25), 1);
    expect(Array.from(t.weights()[1].kernel)).toEqual([0.25, 0.5]);
  });
});
