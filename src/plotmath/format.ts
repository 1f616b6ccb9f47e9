/** Numbers as labels: significant digits, tick decimals from the step, a true minus sign. */
import type { AxisScale } from './scales';

const MINUS = '\u2212';

function withMinus(s: string): string {
  return s.replace(/^-/, MINUS).replace(/e\+?(-?)(\d+)$/, (_, sign: string, d: string) => `e${sign ? MINUS : ''}${d}`);
}

/** A value to `digits` significant digits for labels: "−412", "0.0123", "1.2e6", with a true minus sign. */
export function formatNumber(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6 || a < 1e-3) {
    const [mant, exp] = v.toExponential(Math.max(0, digits - 1)).split('e');
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    return withMinus(`${m}e${exp.replace('+', '')}`);
  }
  if (a >= 10 ** digits) return withMinus(String(Math.round(v)));
  return withMinus(String(Number(v.toPrecision(digits))));
}

/** A tick label: as many decimals as the step needs (2.5 → one), exponents for very large or small values. */
export function formatTick(v: number, step: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || (Number.isFinite(step) && Math.abs(step) < 1e-4) || a < 1e-4) return formatNumber(v, 3);
  const s = Number.isFinite(step) && step > 0 ? String(Number(step.toPrecision(6))) : '';
  const dot = s.indexOf('.');
  const decimals = dot < 0 || s.includes('e') ? 0 : Math.min(8, s.length - dot - 1);
  return withMinus(v.toFixed(decimals));
}

/** Tick labels for ticks on one axis. */
export function tickLabels(ticks: readonly number[], scale: AxisScale): string[] {
  if (scale === 'log') return ticks.map((t) => formatNumber(t, 2));
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : NaN;
  return ticks.map((t) => formatTick(t, step));
}
