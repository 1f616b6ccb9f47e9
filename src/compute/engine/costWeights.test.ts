/**
 * Cost weights as page settings: checked against each term's range, put in
 * force by `configure` (the episode restarts from the same start state), and
 * used by the planner and the return exactly as `mpq eval` uses a config's
 * costWeights.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAgentConfig, type AgentConfig } from '../../core/config';
import { keyFromSeed } from '../../core/rng';
import { costWeightProblems } from '../../core/task';
import { pendulum } from '../../core/tasks/pendulum';
import { evaluate } from '../../core/train';
import { activateBackend } from '../backend';
import { LabEngine } from './engine';
import type { EngineEvent } from './protocol';
import { CpuPlanner, planDisplay } from './planner';
import { makeRunFile, parseRunFile } from './runFile';
import { defaultSettings, settingsProblems, type LabSettings } from './settings';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

const base: LabSettings = { ...defaultSettings('pendulum', 'mppi'), backend: 'cpu', seed: 2, samples: 12 };

async function started(s: LabSettings) {
  const events: EngineEvent[] = [];
  const engine = new LabEngine((ev) => events.push(ev));
  await engine.handle({ type: 'init', settings: s });
  expect(events.filter((e) => e.type === 'error')).toEqual([]);
  return { engine, events };
}

describe('cost weights', () => {
  it("are checked against each term's range, by name", () => {
    expect(costWeightProblems(pendulum, [1, 0.1])).toEqual([]);
    expect(costWeightProblems(pendulum, [0, 1])).toEqual([]);
    expect(costWeightProblems(pendulum, [6, -0.1])).toEqual([
      'costWeights.angle: got 6, allowed [0, 5]',
      'costWeights.speed: got -0.1, allowed [0, 1]',
    ]);
    expect(costWeightProblems(pendulum, [1, NaN])).toEqual(['costWeights.speed: got NaN, allowed [0, 1]']);
    expect(costWeightProblems(pendulum, [1])).toEqual(['costWeights: expected 2 numbers (angle, speed)']);
    expect(costWeightProblems(pendulum, undefined)).toEqual(['costWeights: expected 2 numbers (angle, speed)']);
    expect(settingsProblems({ ...base, costWeights: [1, 2] })).toEqual(['costWeights.speed: got 2, allowed [0, 1]']);
  });

  it('restart the episode when changed, and plan and count exactly as `mpq eval` with those weights', async () => {
    const weights = [2, 0];
    const { engine, events } = await started(base);
    for (let i = 0; i < 5; i++) await engine.handle({ type: 'step' });
    const start = (await started(base)).engine.playState;
    await engine.handle({ type: 'configure', settings: { ...base, costWeights: weights } });
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(engine.steps).toBe(0);
    expect(Array.from(engine.playState)).toEqual(Array.from(start));

    await engine.handle({ type: 'play' });
    for (let i = 0; i < pendulum.episodeSteps; i++) await engine.stepOnce({ frame: false });
    const played = events.flatMap((e) => (e.type === 'episode' ? [e.episode.record] : []));
    expect(played).toHaveLength(1);

    const cfg = defaultAgentConfig(pendulum, 'mppi');
    cfg.mppi.samples = 12;
    const [paper] = evaluate(pendulum, cfg, 1, 2, null);
    const [ref] = evaluate(pendulum, { ...cfg, costWeights: weights }, 1, 2, null);
    expect({ ...played[0], wallMs: 0 }).toEqual({ ...ref, wallMs: 0 });
    // The weights change what the planner does, not only how the return is counted.
    expect(ref.meanFreeEnergy).not.toBe(paper.meanFreeEnergy);
  });

  it("make the planner's sample costs Σ weight × term: linear in the weights, the control part untouched", () => {
    // One MPPI iteration from a fresh plan: every weighting scores the same N rollouts (same key, same
    // noise), so each sample's running and terminal parts (plain MPPI: γ^{H−1}c) are linear in the weights.
    const cfg: AgentConfig = defaultAgentConfig(pendulum, 'mppi');
    cfg.mppi = { ...cfg.mppi, samples: 16, iterations: 1 };
    const { samples: N, horizon: H } = cfg.mppi;
    const planner = new CpuPlanner(pendulum, cfg, null);
    const split = (weights: number[]): Float64Array => {
      expect(planner.update({ ...cfg, costWeights: weights })).toBe(true);
      planner.beginEpisode(keyFromSeed(4));
      planner.act(Float64Array.of(2.5, 0.3), 0, 0, new Float64Array(1));
      const out = planDisplay(N, H);
      planner.display(out);
      const bySample = new Float64Array(N * 3); // [running, terminal, λ·control] of sample n
      out.index.forEach((n, c) => bySample.set(out.costSplit.subarray(3 * c, 3 * c + 3), 3 * n));
      return bySample;
    };
    const paper = split([1, 0.1]);
    const angle2 = split([2, 0]);
    const speed2 = split([0, 0.2]);
    const none = split([0, 0]);
    for (let n = 0; n < N; n++) {
      for (const part of [0, 1]) {
        const at = 3 * n + part;
        expect(angle2[at]).toBeGreaterThan(0);
        expect(speed2[at]).toBeGreaterThan(0);
        expect(none[at]).toBe(0);
        // float32 parts: each within half an ulp (2⁻²⁴ relative) of its float64 value
        expect(Math.abs(paper[at] - (angle2[at] + speed2[at]) / 2)).toBeLessThan(2e-7 * paper[at]);
      }
      for (const s of [angle2, speed2, none]) expect(s[3 * n + 2]).toBe(paper[3 * n + 2]);
    }
  });

  it('out of range are refused by configure, leaving the run as it was', async () => {
    const { engine, events } = await started(base);
    await engine.handle({ type: 'step' });
    await engine.handle({ type: 'configure', settings: { ...base, costWeights: [1, 7] } });
    expect(events.at(-1)).toEqual({
      type: 'error',
      command: 'configure',
      message: expect.stringMatching(/costWeights\.speed: got 7, allowed \[0, 1\]/),
    });
    expect(engine.steps).toBe(1);
    expect(engine.currentSettings!.costWeights).toEqual([1, 0.1]);
  });

  it('travel in run files; a file from before they were settings gets the default weights', () => {
    const s = { ...base, costWeights: [3, 0.5] };
    const file = JSON.parse(JSON.stringify(makeRunFile(s, [], null, null)));
    expect(parseRunFile(file, [100, 100]).settings.costWeights).toEqual([3, 0.5]);
    delete file.settings.costWeights;
    expect(parseRunFile(file, [100, 100]).settings.costWeights).toEqual([1, 0.1]);
    file.settings.costWeights = [3, 5];
    expect(() => parseRunFile(file, [100, 100])).toThrow(
      'run file rejected: settings: costWeights.speed: got 5, allowed [0, 1]',
    );
  });
});
