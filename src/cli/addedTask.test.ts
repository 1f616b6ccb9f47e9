/**
 * A task that is in no list works everywhere once registered: the test-only
 * double integrator goes through the CLI's train and eval (the functions
 * `npm run mpq` calls, with a tiny budget), `reproduce`, and the lab engine the
 * page's worker runs (init, a few control steps, one training episode), on the
 * CPU planner because it has no WGSL twin.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../compute/backend';
import { LabEngine } from '../compute/engine/engine';
import type { EngineEvent } from '../compute/engine/protocol';
import { defaultSettings, settingsProblems } from '../compute/engine/settings';
import { wgslFor } from '../compute/gpu/wgslTasks';
import { configProblems } from '../core/config';
import { getTask, isTaskId, registerTask, taskIds } from '../core/tasks/registry';
import { doubleIntegrator } from '../core/testing/doubleIntegrator';
import { evaluate, train } from '../core/train';
import { weightsFromFile, weightsToFile } from '../core/weightsFile';
import { parseArgs } from './args';
import { networkFor } from './network';
import { parseReproduceArgs } from './reproduce/args';
import { reproduce } from './reproduce/command';

const id = registerTask(doubleIntegrator);

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

describe('a task added to the registry', () => {
  it('is listed after the built-in tasks and accepted wherever an id is checked', () => {
    expect(taskIds().at(-1)).toBe('double-integrator');
    expect(isTaskId('double-integrator')).toBe(true);
    expect(getTask(id)).toBe(doubleIntegrator);
    expect(settingsProblems({ ...defaultSettings(id), backend: 'cpu' })).toEqual([]);
    expect(wgslFor(id)).toBeNull();
    expect(() => registerTask({ ...doubleIntegrator })).toThrow(/already registered as "double-integrator"/);
  });

  it('trains and evaluates through the CLI path, and its weights file round-trips', async () => {
    const budget = ['--episodes', '2', '--seed', '3', '--minibatches', '2', '--batch-size', '16', '--quiet'];
    const p = parseArgs(['train', '--task', id, '--agent', 'mpq', ...budget]);
    expect(p.task).toBe(doubleIntegrator);
    expect(p.agent.mppi).toMatchObject({ samples: 32, horizon: 5, lambda: 0.1, sigma: 0.25 });
    expect(configProblems(p.agent, p.learn)).toEqual([]);
    const q = networkFor(p.task, p.agent, p.learn)!;
    const recs = await train(p.task, p.agent, p.learn, q);
    expect(recs).toHaveLength(2);
    for (const r of recs) {
      expect(r.steps).toBe(doubleIntegrator.episodeSteps);
      expect(Number.isFinite(r.return)).toBe(true);
      expect(r.return).toBeLessThan(0);
    }
    expect(Number.isFinite(recs[1].tdLoss!)).toBe(true);

    const dir = mkdtempSync(path.join(tmpdir(), 'mpq-added-task-'));
    const weights = path.join(dir, 'q.json');
    writeFileSync(weights, JSON.stringify(weightsToFile(p.task, await q.layers(), { agent: p.agent, learn: p.learn })));
    q.dispose();
    const e = parseArgs(['eval', '--task', id, '--agent', 'mpq', '--weights', weights, '--episodes', '2', '--quiet']);
    const q2 = networkFor(e.task, e.agent, e.learn)!;
    q2.setLayers(weightsFromFile(JSON.parse(readFileSync(weights, 'utf8')), e.task, e.learn.hidden));
    const evals = evaluate(e.task, e.agent, e.episodes, e.learn.seed, q2);
    q2.dispose();
    expect(evals).toHaveLength(2);
    expect(evals.every((r) => r.steps === doubleIntegrator.episodeSteps && Number.isFinite(r.return))).toBe(true);
  });

  it('is in reproduce: a quick Fig. 2 writes its five agents, its figure and its rows', async () => {
    expect(parseReproduceArgs(['--experiment', 'fig2']).tasks).toContain(id);
    expect(parseReproduceArgs(['--experiment', 'table2']).tasks).not.toContain(id);
    const dir = mkdtempSync(path.join(tmpdir(), 'mpq-added-task-'));
    const args = parseReproduceArgs(['--experiment', 'fig2', '--task', id, '--seeds', '1', '--quick', '--quiet']);
    await reproduce({ ...args, outDir: dir });
    const json = JSON.parse(readFileSync(path.join(dir, 'fig2.json'), 'utf8'));
    expect(Object.keys(json.summary[id])).toEqual([
      'MPQ H5',
      'MPPI H5',
      'MPPI H20',
      'MPPI H20 true dynamics',
      'SoftQ H1',
    ]);
    expect((readFileSync(path.join(dir, `fig2-${id}.svg`), 'utf8').match(/<polyline/g) ?? []).length).toBe(5);
    expect(readFileSync(path.join(dir, 'fig2.md'), 'utf8')).toContain('MPQ H5');
  });

  it('runs in the lab engine: init, a few control steps with rollouts, one training episode', async () => {
    const events: EngineEvent[] = [];
    const engine = new LabEngine((ev) => events.push(ev), { learn: { minibatches: 2, batchSize: 8 } });
    await engine.handle({
      type: 'init',
      settings: { ...defaultSettings(id, 'mpq'), backend: 'cpu', trainEpisodes: 1 },
    });
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    const backend = events.find((e) => e.type === 'backend');
    expect(backend?.type === 'backend' && backend.report.planner).toBe('cpu');

    for (let i = 0; i < 3; i++) await engine.handle({ type: 'step' });
    const frames = events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
    const last = frames[frames.length - 1];
    expect(last).toMatchObject({ task: id, controlSteps: 3, samples: 32, horizon: 5 });
    expect(last.paths.length).toBe(32 * 5 * 3);
    // The key point is (x, 0, 0): every rollout point lies on the rail.
    for (let k = 0; k < last.paths.length; k += 3) expect([last.paths[k + 1], last.paths[k + 2]]).toEqual([0, 0]);

    await engine.handle({ type: 'train' });
    while (engine.activity === 'training') await engine.trainChunk(1000);
    const episodes = events.flatMap((e) => (e.type === 'episode' ? [e.episode] : []));
    expect(episodes.map((e) => e.phase)).toEqual(['train']);
    expect(Number.isFinite(episodes[0].record.return)).toBe(true);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  });
});
