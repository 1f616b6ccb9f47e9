/**
 * Every registered task trains with MPQ and SoftQ (real and DR data) and runs with MPPI through the same code
 * the CLI uses (tiny budgets: this checks the plumbing, not performance).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAgentConfig, defaultLearnConfig } from '../core/config';
import { keyFromSeed } from '../core/rng';
import { getTask, taskIds } from '../core/tasks/registry';
import { evaluate, train } from '../core/train';
import { activateBackend } from './backend';
import { TfQNetwork } from './qnetwork';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await activateBackend('cpu');
});

describe.each(taskIds())('%s', (id) => {
  const task = getTask(id);

  it('has consistent dimensions', () => {
    expect(task.actionLow).toHaveLength(task.actionDim);
    expect(task.actionHigh).toHaveLength(task.actionDim);
    expect(task.stateNames).toHaveLength(task.stateDim);
    expect(task.obsNames).toHaveLength(task.obsDim);
    expect(task.trueParams).toHaveLength(task.paramNames.length);
    expect(task.biased.low).toHaveLength(task.paramNames.length);
    expect(task.costTerms.length).toBeGreaterThan(0);
    task.biased.low.forEach((lo, i) => expect(lo).toBeLessThanOrEqual(task.biased.high[i]));
  });

  it.each(['real', 'dr'] as const)('trains SoftQ (H = 1, target network) for an episode on %s data', async (data) => {
    const agent = defaultAgentConfig(task, 'softq');
    agent.mppi.samples = 4;
    const learn = {
      ...defaultLearnConfig(task),
      episodes: 1,
      minibatches: 2,
      batchSize: 8,
      targetIterations: 1,
      seed: 2,
      data,
    };
    const q = new TfQNetwork({
      inputDim: task.obsDim + task.actionDim,
      hidden: [100, 100],
      learningRate: 1e-3,
      initKey: keyFromSeed(1),
      maxRows: 64,
      targetTau: 0.1,
    });
    const [rec] = await train(task, agent, learn, q);
    expect(rec.system).toBe(data === 'dr' ? 'dr' : 'true');
    expect(Number.isFinite(rec.return)).toBe(true);
    expect(Number.isFinite(rec.tdLoss!)).toBe(true);
    q.dispose();
  });

  it('trains MPQ for an episode and runs MPPI, with finite results', async () => {
    const agent = defaultAgentConfig(task, 'mpq');
    agent.mppi.samples = 4;
    agent.mppi.horizon = 3;
    const learn = {
      ...defaultLearnConfig(task),
      episodes: 1,
      minibatches: 1,
      batchSize: 8,
      targetIterations: 1,
      seed: 2,
    };
    const q = new TfQNetwork({
      inputDim: task.obsDim + task.actionDim,
      hidden: [100, 100],
      learningRate: 1e-3,
      initKey: keyFromSeed(1),
      maxRows: 64,
    });
    const [rec] = await train(task, agent, learn, q);
    expect(rec.steps).toBe(task.episodeSteps);
    expect(Number.isFinite(rec.return)).toBe(true);
    expect(rec.tdLoss).not.toBeNull();
    expect(Number.isFinite(rec.tdLoss!)).toBe(true);
    q.dispose();
    const [m] = evaluate(task, { ...agent, agent: 'mppi' }, 1, 2, null);
    expect(Number.isFinite(m.return)).toBe(true);
  });
});
