/**
 * How many sampled rollouts a frame carries to the page, and which. A frame
 * holds D × H × 3 path values; at N 16384 and H 128 the whole set is 6.3
 * million numbers a frame, more than the page can draw without freezing. So a
 * frame carries at most DRAW_BUDGET rollouts and DRAW_POINTS points (fewer
 * rollouts for long horizons: 1,024 at H 128), chosen by weight: the heaviest
 * half of the budget (what MPPI's update actually follows) and an even spread
 * over the rest (so the cloud still shows how widely the planner sampled).
 */

/** The most rollouts one frame carries. */
export const DRAW_BUDGET = 4096;
/** The most rollout points (rollouts × H) one frame carries. */
export const DRAW_POINTS = 4096 * 32;

/** Rollouts a frame of N samples of H points carries. */
export function drawnCount(samples: number, horizon = 1): number {
  return Math.min(samples, DRAW_BUDGET, Math.max(1, Math.floor(DRAW_POINTS / horizon)));
}

/**
 * Writes the indices of the rollouts to draw into `out` (ascending) and
 * returns how many: all N when N ≤ out.length, else the ⌈D/2⌉ heaviest by
 * `weights` (ties to the lower index) and D − ⌈D/2⌉ evenly spaced among the others.
 */
export function chooseDrawn(weights: ArrayLike<number>, samples: number, out: Int32Array): number {
  const D = Math.min(samples, out.length);
  if (D === samples) {
    for (let i = 0; i < D; i++) out[i] = i;
    return D;
  }
  const heavy = Math.ceil(D / 2);
  const order = new Int32Array(samples);
  for (let i = 0; i < samples; i++) order[i] = i;
  // NaN weights (never expected) sort last rather than poisoning the order.
  const w = (i: number): number => (Number.isNaN(weights[i]) ? -Infinity : weights[i]);
  order.sort((a, b) => w(b) - w(a) || a - b);
  const picked = new Uint8Array(samples);
  for (let i = 0; i < heavy; i++) picked[order[i]] = 1;
  const rest = samples - heavy;
  const spread = D - heavy;
  // The k-th of the spread is the ⌊k·rest/spread⌋-th rollout not already picked.
  let k = 0;
  let seen = 0;
  for (let i = 0; i < samples && k < spread; i++) {
    if (picked[i]) continue;
    if (seen === Math.floor((k * rest) / spread)) {
      picked[i] = 2;
      k++;
    }
    seen++;
  }
  let n = 0;
  for (let i = 0; i < samples; i++) if (picked[i]) out[n++] = i;
  return n;
}
