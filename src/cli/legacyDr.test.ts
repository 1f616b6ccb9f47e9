/**
 * Result files made before the DR settings were recorded still reproduce, read
 * as core/runConfig.ts reads them: the first training episode of committed
 * Table 2 DR runs, re-run from the file's recorded config, gives the same
 * record (free energy and TD loss to the bit, on the same tfjs backend) — the
 * broad box on ball-in-cup, Table 1's box (the paper's DR) on Franka.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { learnFromFile } from '../core/runConfig';
import { getTask } from '../core/tasks/registry';
import { train, type EpisodeRecord } from '../core/train';
import { networkFor } from './network';
import { startNodeBackend } from './nodeBackend';

/** The file's first training episode, and the same episode re-run (without its Q update when `update` is false). */
async function firstEpisode(
  file: string,
  update = true,
): Promise<{ old: EpisodeRecord; again: EpisodeRecord; drBox: string }> {
  const d = JSON.parse(readFileSync(file, 'utf8'));
  const task = getTask(d.config.task);
  const recorded = learnFromFile(task.id, d.config.learn);
  const learn = { ...recorded, episodes: 1, minibatches: update ? recorded.minibatches : 0 };
  const q = networkFor(task, d.config.agent, learn);
  const [again] = await train(task, d.config.agent, learn, q);
  q?.dispose();
  return { old: d.episodes[0], again, drBox: learn.drBox };
}

const fingerprint = ({ wallMs: _w, ...r }: EpisodeRecord) => r;

describe('DR result files written before the DR settings', () => {
  beforeAll(async () => {
    await startNodeBackend('cpu');
  });

  it('ball-in-cup: the broad box every step', async () => {
    const r = await firstEpisode('docs/results/table2-ballincup/ballincup-mpq-H4-dr-s1.json');
    expect(r.drBox).toBe('broad');
    expect(fingerprint(r.again)).toEqual(fingerprint(r.old));
  }, 120_000);

  it("Franka: Table 1's biased box every step, the paper's DR (the episode itself; its update is costly)", async () => {
    const r = await firstEpisode('docs/results/table2-franka/franka-mpq-H10-dr-s1.json', false);
    expect(r.drBox).toBe('biased');
    expect({ ...fingerprint(r.again), tdLoss: r.old.tdLoss }).toEqual(fingerprint(r.old));
    expect(r.again.tdLoss).toBeNull();
  }, 180_000);
});
