/**
 * Every kind of committed result file (a `train` output, an `eval` output, a
 * `reproduce` result) is re-run from its recorded settings — agent config with
 * its numerics (none recorded: v1), learning config, tfjs backend — for its
 * first episodes, and the records must equal the file's to the last bit
 * (every field but the wall time).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BackendName } from '../compute/backendNames';
import type { AgentConfig, LearnConfig } from '../core/config';
import { defaultLearnConfig } from '../core/config';
import { learnFromFile } from '../core/runConfig';
import { getTask } from '../core/tasks/registry';
import { evaluate, train, type EpisodeRecord } from '../core/train';
import { weightsFromFile } from '../core/weightsFile';
import { networkFor } from './network';
import { startNodeBackend } from './nodeBackend';

interface Recorded {
  agent: AgentConfig;
  learn: Partial<LearnConfig> & { seed: number };
  backend: BackendName;
  episodes: Record<string, unknown>[];
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** A train or eval output's settings and records. */
function fromOutput(file: string): Recorded {
  const d = read(file);
  return { agent: d.config.agent, learn: d.config.learn, backend: d.environment.backend, episodes: d.episodes };
}

/** Run `index` of a reproduce result. */
function fromReproduce(file: string, index: number): Recorded & { label: string } {
  const d = read(file);
  const r = d.runs[index];
  return { agent: r.agent, learn: r.learn, backend: d.environment.backend, episodes: r.episodes, label: r.label };
}

async function rerunTrain(rec: Recorded, episodes: number): Promise<EpisodeRecord[]> {
  await startNodeBackend(rec.backend);
  const task = getTask(rec.agent.task);
  // Read as every run file is read: a field the file predates as the code then behaved (the DR box and draw, too).
  const learn: LearnConfig = { ...learnFromFile(task.id, rec.learn), episodes };
  const q = networkFor(task, rec.agent, learn);
  try {
    return await train(task, rec.agent, learn, q);
  } finally {
    q?.dispose();
  }
}

async function rerunEval(rec: Recorded, episodes: number, weightsFile: string | null): Promise<EpisodeRecord[]> {
  await startNodeBackend(rec.backend);
  const task = getTask(rec.agent.task);
  const learn = { ...defaultLearnConfig(task), seed: rec.learn.seed };
  const q = networkFor(task, rec.agent, learn);
  try {
    if (q && weightsFile) q.setLayers(weightsFromFile(read(weightsFile), task, learn.hidden));
    return evaluate(task, rec.agent, episodes, rec.learn.seed, q);
  } finally {
    q?.dispose();
  }
}

/** Every recorded field of the first records but the wall time, compared with Object.is. */
function expectSameRecords(got: EpisodeRecord[], recorded: Record<string, unknown>[], what: string): void {
  expect(got.length).toBeGreaterThan(0);
  got.forEach((g, i) => {
    const want = recorded[i];
    for (const [k, v] of Object.entries(want)) {
      if (k === 'wallMs') continue;
      expect((g as unknown as Record<string, unknown>)[k], `${what}, episode ${i + 1}, ${k}`).toStrictEqual(v);
    }
  });
}

describe('committed result files reproduce bit for bit from their recorded settings', () => {
  it('a train output (ball-in-cup MPQ H4, v1 numerics, tfjs cpu): the first episode and its update', async () => {
    const file = 'docs/results/ballincup-mpq/ballincup-mpq-H4-s1.json';
    const rec = fromOutput(file);
    expect(rec.agent.numerics).toBeUndefined(); // written before the field: v1
    expect(rec.backend).toBe('cpu');
    expectSameRecords(await rerunTrain(rec, 1), rec.episodes, file);
  });

  it('a train output of SoftQ on domain-randomised data (ball-in-cup): the first episode', async () => {
    const file = 'docs/results/table2-ballincup/ballincup-softq-H1-dr-s1.json';
    const rec = fromOutput(file);
    expectSameRecords(await rerunTrain(rec, 1), rec.episodes, file);
  });

  it('an eval output of plain MPPI (Fetch H10, biased model): the first two episodes', async () => {
    const file = 'docs/results/tasks/fetch-mppi-H10-biased-s1.json';
    const rec = fromOutput(file);
    expectSameRecords(await rerunEval(rec, 2, null), rec.episodes, file);
  });

  it('an eval output of MPQ with trained weights (ball-in-cup H4, the published weights): the first episode', async () => {
    const file = 'docs/results/ballincup-mpq/ballincup-mpq-H4-s1-eval40.json';
    const rec = fromOutput(file);
    expectSameRecords(await rerunEval(rec, 1, 'public/weights/ballincup.json'), rec.episodes, file);
  });

  it('numerics v2 outputs: a train output (pendulum MPQ H8, tfjs wasm), an eval with filtered noise (Fetch MPPI H64) and an eval of its committed weights', async () => {
    const train = 'docs/results/select-best/pendulum-mpq-H8-final-s1.json';
    const t = fromOutput(train);
    expect([t.agent.numerics, t.backend]).toEqual(['v2', 'wasm']);
    expectSameRecords(await rerunTrain(t, 2), t.episodes, train);
    const filtered = 'docs/results/noise-filter/fetch-mppi-H64-true-filt-s1-eval40.json';
    const f = fromOutput(filtered);
    expect(f.agent.mppi.noiseFilter).toEqual([0.25, 0.8, 0]);
    expectSameRecords(await rerunEval(f, 1, null), f.episodes, filtered);
    const tested = 'docs/results/select-best/pendulum-mpq-H8-best-s1-eval40.json';
    const e = fromOutput(tested);
    expectSameRecords(
      await rerunEval(e, 1, 'docs/results/select-best/pendulum-mpq-H8-best-s1-weights.json'),
      e.episodes,
      tested,
    );
  });

  it('a reproduce result (Fig. 2, pendulum): MPQ H8 (two episodes with their updates), SoftQ H1 and MPPI H32 on the true dynamics', async () => {
    const file = 'docs/results/fig2-pendulum/fig2.json';
    for (const [label, episodes] of [
      ['MPQ H8', 2],
      ['SoftQ H1', 1],
      ['MPPI H32 true dynamics', 1],
    ] as const) {
      const runs = read(file).runs as { label: string; seed: number }[];
      const index = runs.findIndex((r) => r.label === label && r.seed === 1);
      expect(index, label).toBeGreaterThanOrEqual(0);
      const rec = fromReproduce(file, index);
      expectSameRecords(await rerunTrain(rec, episodes), rec.episodes, `${file} ${label}`);
    }
  });

  it('a reproduce result with numerics v2 on tfjs wasm (Fig. 3, Fetch): MPQ H4 (two episodes with their updates)', async () => {
    const file = 'docs/results/fig3-fetch/fig3.json';
    const runs = read(file).runs as { label: string; seed: number }[];
    const index = runs.findIndex((r) => r.label === 'MPQ H4' && r.seed === 2);
    expect(index).toBeGreaterThanOrEqual(0);
    const rec = fromReproduce(file, index);
    expect([rec.agent.numerics, rec.backend]).toEqual(['v2', 'wasm']);
    expectSameRecords(await rerunTrain(rec, 2), rec.episodes, `${file} MPQ H4 seed 2`);
  });
});
