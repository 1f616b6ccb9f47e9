/**
 * What a running training run lets the user change. Settings that would reset
 * its episode or replace its Q-network (task, agent, seed, backend, the real
 * system's parameters, training data and episodes, the cost weights: a Q-function
 * learns one cost) or that rebuild its planner's samples or model (N, the planner
 * model and its box) are locked while it runs.
 * The MPPI values λ, Σ, α, γ, H and the iterations change it live, from its
 * next control step and in its Eq. 19 targets, and the page says so.
 */
import type { LabSettings } from '../../compute/engine/settings';

/** The settings a running training run takes live, with the names the page shows. */
const LIVE: readonly [keyof LabSettings, string][] = [
  ['lambda', 'λ'],
  ['sigma', 'Σ'],
  ['alpha', 'α'],
  ['gamma', 'γ'],
  ['horizon', 'H'],
  ['iterations', 'MPPI iterations'],
];

/** The notice for a settings change during training, or null when no live setting changed. */
export function liveChangeNotice(prev: LabSettings, next: LabSettings): string | null {
  const changed = LIVE.filter(([k]) => prev[k] !== next[k]).map(([k, name]) => `${name} ${String(next[k])}`);
  if (changed.length === 0) return null;
  return `The training run goes on with ${changed.join(', ')} from its next control step (its Eq. 19 targets too).`;
}
