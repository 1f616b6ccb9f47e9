/**
 * Axis ticks and ranges: 1-2-2.5-5 steps on a linear axis, powers of ten on a
 * log axis, and the axis range widened to tick boundaries. Safe for any input:
 * non-finite ends give no ticks, ranges near the float limits step on halves.
 */
import type { AxisScale } from './scales';

/** A 1-2-2.5-5 step that cuts `span` into at most about `maxTicks` parts; NaN for a span that is not positive and finite. */
export function niceStep(span: number, maxTicks: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return NaN;
  const raw = span / Math.max(1, maxTicks);
  const mag = 10 ** Math.floor(Math.log10(raw));
  if (!(mag > 0) || !Number.isFinite(mag)) return raw;
  const f = raw / mag;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * mag;
}

/** Removes float noise (0.30000000000000004 → 0.3) and −0. */
function clean(v: number): number {
  const c = Number(v.toPrecision(12));
  return c === 0 ? 0 : c;
}

/** Nice tick values within [lo, hi] (inclusive), ascending; [] for non-finite input, [lo] when lo = hi. */
export function niceTicks(lo: number, hi: number, maxTicks = 6): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) return [clean(lo)];
  let step = niceStep(hi - lo, maxTicks);
  if (!Number.isFinite(step)) {
    // hi − lo overflows near the float limits: step on half the span, doubled.
    step = 2 * niceStep(hi / 2 - lo / 2, maxTicks);
    if (!Number.isFinite(step)) return [lo, hi];
  }
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = 0; i < 4 * maxTicks + 4; i++) {
    const v = clean((first + i) * step);
    if (v > hi + Math.abs(step) * 1e-9) break;
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  return out.length > 0 ? out : [lo, hi];
}

/** Powers of ten covering [lo, hi] (both > 0), thinned to at most `maxTicks`; [] otherwise. */
export function logTicks(lo: number, hi: number, maxTicks = 6): number[] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  const k0 = Math.ceil(Math.log10(lo) - 1e-9);
  const k1 = Math.floor(Math.log10(hi) + 1e-9);
  if (k1 < k0) return niceTicks(lo, hi, Math.min(maxTicks, 3)).filter((v) => v > 0);
  const every = Math.max(1, Math.ceil((k1 - k0 + 1) / maxTicks));
  const out: number[] = [];
  for (let k = k0; k <= k1; k++) if ((k - k0) % every === 0) out.push(clean(10 ** k));
  return out;
}

/**
 * The axis range for data in [lo, hi]: widened to nice tick boundaries
 * (linear) or whole decades (log); a single value gets room around it.
 * Returns null when there is nothing finite to show.
 */
export function axisDomain(lo: number, hi: number, scale: AxisScale = 'linear', maxTicks = 6): [number, number] | null {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (scale === 'log') {
    if (!(lo > 0)) return null;
    let k0 = Math.floor(Math.log10(lo) + 1e-9);
    let k1 = Math.ceil(Math.log10(hi) - 1e-9);
    if (k1 <= k0) {
      k0 -= 1;
      k1 += 1;
    }
    return [10 ** k0, 10 ** k1];
  }
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, maxTicks);
  if (!Number.isFinite(step)) return [lo, hi];
  const dlo = Math.floor(lo / step + 1e-9) * step;
  const dhi = Math.ceil(hi / step - 1e-9) * step;
  return Number.isFinite(dlo) && Number.isFinite(dhi) ? [clean(dlo), clean(dhi)] : [lo, hi];
}
