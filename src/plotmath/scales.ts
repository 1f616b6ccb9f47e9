/** Data → pixel maps for one axis, linear or logarithmic, finite for any input. */

/** How an axis maps its values: evenly, or by decades. */
export type AxisScale = 'linear' | 'log';

/** Maps [d0, d1] linearly onto [r0, r1]; safe near the float limits (works on halves); a zero-width domain maps to the middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 / 2 - d0 / 2;
  if (!(span !== 0) || !Number.isFinite(span)) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v / 2 - d0 / 2) / span) * (r1 - r0);
}

/** Maps [d0, d1] (both > 0) logarithmically onto [r0, r1]; v ≤ 0 maps to NaN. */
export function logScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const l = linearScale(Math.log10(d0), Math.log10(d1), r0, r1);
  return (v) => (v > 0 ? l(Math.log10(v)) : NaN);
}

/** A data → pixel map for one axis. */
export function makeScale(
  scale: AxisScale,
  domain: readonly [number, number],
  range: readonly [number, number],
): (v: number) => number {
  return scale === 'log'
    ? logScale(domain[0], domain[1], range[0], range[1])
    : linearScale(domain[0], domain[1], range[0], range[1]);
}
