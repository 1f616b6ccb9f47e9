/** The one-line progress report of a training or evaluation episode, as `train`, `eval` and `reproduce` print it to stderr. */
import type { EpisodeRecord } from '../core/train';

export function progressLine(total: number, r: EpisodeRecord): string {
  const parts = [
    `episode ${String(r.episode).padStart(String(total).length)}/${total}`,
    `return ${r.return.toFixed(2)}`,
    `success ${r.success ? 'yes' : 'no'}`,
    `freeEnergy ${r.meanFreeEnergy.toFixed(3)}`,
  ];
  if (r.tdLoss !== null) parts.push(`tdLoss ${r.tdLoss.toExponential(3)}`);
  if (r.system === 'dr') parts.push('system dr');
  if (r.test)
    parts.push(
      `test(real, ${r.test.episodes} ep.) return ${r.test.meanReturn.toFixed(2)} success ${r.test.successRate.toFixed(2)}`,
    );
  parts.push(`${(r.wallMs / 1000).toFixed(2)} s`);
  return parts.join('  ');
}
