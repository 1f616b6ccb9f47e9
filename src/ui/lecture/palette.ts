/**
 * The colours the lecture tools share between figures and equations (a term
 * has one colour in the cost bars, the weights panel and the typeset
 * equation), chosen from the Okabe–Ito colour-blind-safe set and lightened
 * for a dark page.
 */
export const TERM_COLORS = {
  /** Running cost Σ γ^t c. */
  running: '#56b4e9',
  /** Terminal term γ^{H−1} Q (or the last running cost for plain MPPI). */
  terminal: '#e08ac0',
  /** Control cost λ Σ ½ uᵀΣ⁻¹(u + 2ε). */
  control: '#3fd6a6',
  /** Weights w_n (the warm colour of heavy rollouts in the scene). */
  weight: '#ff8a3d',
  /** The noise ε (neutral, like the unweighted rollouts). */
  noise: '#c8ced8',
} as const;

/** A number for display: 3 significant digits, no exponent between 1e−3 and 1e5. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  const s = a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1);
  return s.replace('-', '−');
}

/** The same number as TeX (an exponent as ×10^{k}). */
export function tex(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : x < 0 ? '-\\infty' : '\\text{–}';
  const a = Math.abs(x);
  if (x === 0 || (a >= 1e-3 && a < 1e5)) return String(Number(x.toPrecision(digits)));
  const [m, e] = x.toExponential(digits - 1).split('e');
  return `${m}\\times10^{${Number(e)}}`;
}

/** `body` in a term's colour, as TeX. */
export function colored(color: string, body: string): string {
  return `\\textcolor{${color}}{${body}}`;
}
