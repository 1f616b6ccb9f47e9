/**
 * Learning configs read back from run files, and what makes two runs the same.
 *
 * Run files record the whole LearnConfig. Files written before a field existed
 * lack it; they are read as the code then behaved: `drBox`/`drDraw` as the
 * legacy DR (dr.ts `legacyDr`: the broad box per step, Table 1's box on
 * Franka), `select` 'final' (Alg. 1's last θ) with the default validation
 * settings, which 'final' never uses.
 */
import { defaultLearnConfig, type AgentConfig, type LearnConfig } from './config';
import { legacyDr } from './dr';
import { getTask } from './tasks/registry';

/** A learning config from a run file of `taskId`, with the fields it predates filled as the code then behaved. */
export function learnFromFile(taskId: string, learn: Partial<LearnConfig>): LearnConfig {
  const d = defaultLearnConfig(getTask(taskId));
  const legacy = legacyDr(taskId);
  return {
    ...d,
    ...learn,
    drBox: learn.drBox ?? legacy.drBox,
    drDraw: learn.drDraw ?? legacy.drDraw,
    select: learn.select ?? 'final',
    validateEvery: learn.validateEvery ?? d.validateEvery,
    validateEpisodes: learn.validateEpisodes ?? d.validateEpisodes,
  };
}

/**
 * What decides a run's records, as one string: the agent config and the
 * learning config without the fields that cannot act — the DR settings when it
 * trains on the real system, the validation settings when it keeps the final θ,
 * the test count when it runs no tests.
 * Two runs with the same task, seed and identity train exactly the same.
 */
export function runIdentity(taskId: string, agent: AgentConfig, learn: Partial<LearnConfig>): string {
  const l: Partial<LearnConfig> = { ...learnFromFile(taskId, learn) };
  if (l.data !== 'dr') {
    delete l.drBox;
    delete l.drDraw;
  }
  if (l.select !== 'best') {
    delete l.validateEvery;
    delete l.validateEpisodes;
  }
  if (l.testEvery === 0) delete l.testEpisodes;
  const sorted = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ agent: sorted(agent), learn: sorted(l) });
}
