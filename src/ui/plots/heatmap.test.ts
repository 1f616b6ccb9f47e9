import { describe, expect, it } from 'vitest';
import type { ValueMap } from '../../compute/engine/protocol';
import { describeValueMap, gridValue, luminance, MISSING_RGB, normalise, valueMapPixels, viridis } from './heatmap';

describe('viridis', () => {
  it('runs from dark purple to yellow', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(0.5)).toEqual([33, 145, 140]);
  });
  it('clamps outside [0, 1] and shows NaN as grey', () => {
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(7)).toEqual(viridis(1));
    expect(viridis(NaN)).toEqual(MISSING_RGB);
  });
  it('rises in luminance monotonically (readable in greyscale)', () => {
    let prev = -1;
    for (let i = 0; i <= 100; i++) {
      const l = luminance(viridis(i / 100));
      expect(l).toBeGreaterThanOrEqual(prev);
      prev = l;
    }
  });
  it('gives integer channels in 0..255', () => {
    for (let i = 0; i <= 37; i++) {
      for (const c of viridis(i / 37)) {
        expect(Number.isInteger(c)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(255);
      }
    }
  });
});

describe('ranges', () => {
  it('normalises into [0, 1]', () => {
    expect(normalise(5, 0, 10)).toBe(0.5);
    expect(normalise(0, 0, 10)).toBe(0);
    expect(normalise(4, 4, 4)).toBe(0.5);
    expect(Number.isNaN(normalise(NaN, 0, 1))).toBe(true);
    expect(normalise(1e308, -1.7e308, 1.7e308)).toBeCloseTo(0.794, 3);
  });
  it('spaces grid points from lo to hi', () => {
    expect(gridValue(0, 5, -2, 2)).toBe(-2);
    expect(gridValue(4, 5, -2, 2)).toBe(2);
    expect(gridValue(0, 1, -2, 2)).toBe(0);
  });
});

function map(values: number[], resolution: number): ValueMap {
  return {
    thetaRange: [-Math.PI, Math.PI],
    omegaRange: [-8, 8],
    resolution,
    values: Float32Array.from(values),
    method: 'V(s) = min over 9 actions of Q(s, a)',
  };
}

describe('valueMapPixels', () => {
  it('puts row 0 (lowest θ̇) at the bottom of the image', () => {
    // rows θ̇, columns θ: row 0 = [0, 1], row 1 = [2, 3]
    const px = valueMapPixels(map([0, 1, 2, 3], 2), [0, 3]);
    expect(px.length).toBe(16);
    // image row 0 (top) holds map row 1; its first pixel is value 2
    expect([...px.slice(0, 3)]).toEqual([...viridis(2 / 3)]);
    // image row 1 (bottom), first pixel = value 0 = darkest
    expect([...px.slice(8, 11)]).toEqual([...viridis(0)]);
    expect(px[3]).toBe(255);
  });
  it('paints non-finite cells grey', () => {
    const px = valueMapPixels(map([NaN, 1, 2, 3], 2), [1, 3]);
    expect([...px.slice(8, 11)]).toEqual([...MISSING_RGB]);
  });
});

describe('describeValueMap', () => {
  it('names the lowest and highest values and where they are', () => {
    const text = describeValueMap(map([5, 1, 9, 7], 2));
    expect(text).toContain('2×2 grid');
    expect(text).toContain('lowest 1 at θ 3.1 rad, θ̇ −8 rad/s');
    expect(text).toContain('highest 9 at θ −3.1 rad, θ̇ 8 rad/s');
    expect(text).toContain('min over 9 actions');
  });
  it('covers a missing map and a map without finite values', () => {
    expect(describeValueMap(null)).toContain('not computed yet');
    expect(describeValueMap(map([NaN, NaN, NaN, NaN], 2))).toContain('no finite values');
  });
});
