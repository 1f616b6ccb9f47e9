import { describe, expect, it } from 'vitest';
import { pendulum } from './tasks/pendulum';
import { finiteFloat32, FLOAT32_MAX, weightsFromFile, weightsToFile } from './weightsFile';

const layers = [
  { inDim: 4, outDim: 3, kernel: new Float32Array(12).fill(0.5), bias: new Float32Array(3) },
  { inDim: 3, outDim: 1, kernel: new Float32Array([1, 2, 3]), bias: new Float32Array([0.25]) },
];

describe('weights file', () => {
  it('round-trips exactly through JSON', () => {
    const back = weightsFromFile(
      JSON.parse(JSON.stringify(weightsToFile(pendulum, layers, { note: 'x' }))),
      pendulum,
      [3],
    );
    expect(back.map((l) => [l.inDim, l.outDim, Array.from(l.kernel), Array.from(l.bias)])).toEqual(
      layers.map((l) => [l.inDim, l.outDim, Array.from(l.kernel), Array.from(l.bias)]),
    );
  });

  it.each([
    ['not an object', 42, /not a JSON object/],
    ['wrong format', { format: 'other' }, /format is "other"/],
    ['wrong task', { ...weightsToFile(pendulum, layers), task: 'fetch' }, /for task "fetch", not "pendulum"/],
    ['wrong layer count', { ...weightsToFile(pendulum, layers), layers: [] }, /expected 2 layers/],
    [
      'wrong shape',
      weightsToFile(pendulum, [{ ...layers[0], inDim: 5, kernel: new Float32Array(15) }, layers[1]]),
      /layer 0 is 5×3, expected 4×3/,
    ],
    [
      'short kernel',
      {
        ...weightsToFile(pendulum, layers),
        layers: [{ inDim: 4, outDim: 3, kernel: [1], bias: [0, 0, 0] }, weightsToFile(pendulum, layers).layers[1]],
      },
      /kernel has 1 values, expected 12/,
    ],
  ])('rejects %s', (_name, data, message) => {
    expect(() => weightsFromFile(data, pendulum, [3])).toThrow(message);
  });

  it('rejects NaN weights', () => {
    const f = weightsToFile(pendulum, layers);
    f.layers[1].kernel[2] = NaN;
    // JSON turns NaN into null: both forms are refused, with the place named.
    expect(() => weightsFromFile(f, pendulum, [3])).toThrow(/layer 1 kernel\[2\] is NaN: weights must be numbers/);
    expect(() => weightsFromFile(JSON.parse(JSON.stringify(f)), pendulum, [3])).toThrow(/layer 1 kernel\[2\] is null/);
  });

  it('rejects weights that are finite in float64 but not in float32, and keeps the largest float32', () => {
    const f = JSON.parse(JSON.stringify(weightsToFile(pendulum, layers)));
    f.layers[0].bias[1] = 1e39;
    expect(Number.isFinite(1e39)).toBe(true);
    expect(() => weightsFromFile(f, pendulum, [3])).toThrow(
      /layer 0 bias\[1\] is 1e\+39: weights must be numbers that are finite in float32 \(\|w\| ≤ 3\.4028e\+38\)/,
    );
    f.layers[0].bias[1] = -FLOAT32_MAX;
    expect(weightsFromFile(f, pendulum, [3])[0].bias[1]).toBe(-FLOAT32_MAX);
    // Just above the largest float32 but still rounding down to it is fine; past the rounding midpoint is not.
    expect(finiteFloat32(3.4028235e38)).toBe(true);
    expect(finiteFloat32(3.40282357e38)).toBe(false);
    expect(finiteFloat32('1')).toBe(false);
  });
});
