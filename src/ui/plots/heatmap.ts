/**
 * Pure helpers of the value heatmap: the colour map (viridis: perceptually
 * uniform, readable with the common colour-vision deficiencies and in
 * greyscale, dark = low), the pixels of a grid and the grid's
 * summary in words.
 */
import type { ValueMap } from '../../compute/engine/protocol';
import { formatNumber } from '../../plotmath/format';

export type RGB = readonly [number, number, number];

/** Viridis at eleven evenly spaced stops (matplotlib's table, 0–255). */
const VIRIDIS: readonly RGB[] = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/** Shown for cells without a finite value. */
export const MISSING_RGB: RGB = [128, 128, 128];

/** The viridis colour at t ∈ [0, 1] (clamped), linearly interpolated between stops; grey for NaN. */
export function viridis(t: number): RGB {
  if (Number.isNaN(t)) return MISSING_RGB;
  const c = t < 0 ? 0 : t > 1 ? 1 : t;
  const x = c * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/** Relative luminance (sRGB, 0..1), to check that the map rises monotonically. */
export function luminance([r, g, b]: RGB): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Position of v in [lo, hi] as 0..1 (0.5 when the range is a single value; NaN for a non-finite v). */
export function normalise(v: number, lo: number, hi: number): number {
  if (!Number.isFinite(v)) return NaN;
  const span = hi / 2 - lo / 2;
  if (!(span > 0) || !Number.isFinite(span)) return 0.5;
  return (v / 2 - lo / 2) / span;
}

/**
 * RGBA pixels of the grid (resolution × resolution), θ̇ rising upwards: the
 * map's row 0 (lowest θ̇) becomes the image's bottom row.
 */
export function valueMapPixels(map: ValueMap, range: readonly [number, number]): Uint8ClampedArray<ArrayBuffer> {
  const n = map.resolution;
  const out = new Uint8ClampedArray(n * n * 4);
  for (let row = 0; row < n; row++) {
    const imgRow = n - 1 - row;
    for (let col = 0; col < n; col++) {
      const [r, g, b] = viridis(normalise(map.values[row * n + col], range[0], range[1]));
      const o = (imgRow * n + col) * 4;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = 255;
    }
  }
  return out;
}

/** Centre of grid cell i of `n` across [lo, hi] (cells are the grid points, spaced evenly from lo to hi). */
export function gridValue(i: number, n: number, lo: number, hi: number): number {
  return n > 1 ? lo + ((hi - lo) * i) / (n - 1) : (lo + hi) / 2;
}

/** The map in words: the lowest and highest V and where they are. */
export function describeValueMap(map: ValueMap | null): string {
  if (!map) return 'Value map V(θ, θ̇): not computed yet';
  const n = map.resolution;
  let iLo = -1;
  let iHi = -1;
  for (let i = 0; i < map.values.length; i++) {
    const v = map.values[i];
    if (!Number.isFinite(v)) continue;
    if (iLo < 0 || v < map.values[iLo]) iLo = i;
    if (iHi < 0 || v > map.values[iHi]) iHi = i;
  }
  const head = `Value map V(θ, θ̇) on a ${n}×${n} grid`;
  if (iLo < 0) return `${head}: no finite values`;
  const at = (i: number) => {
    const th = gridValue(i % n, n, map.thetaRange[0], map.thetaRange[1]);
    const om = gridValue(Math.floor(i / n), n, map.omegaRange[0], map.omegaRange[1]);
    return `θ ${formatNumber(th, 2)} rad, θ̇ ${formatNumber(om, 2)} rad/s`;
  };
  return `${head}: lowest ${formatNumber(map.values[iLo])} at ${at(iLo)}; highest ${formatNumber(map.values[iHi])} at ${at(iHi)}. ${map.method}`;
}
