import { describe, expect, it } from 'vitest';
import { MpcAgent } from './agent';
import { defaultAgentConfig, defaultLearnConfig } from './config';
import { MlpForward, type DenseWeights } from './mlp';
import { MppiWorkspace } from './mppi';
import { PlannerModel } from './model';
import { ReplayBuffer } from './replay';
import {
  agentArrays,
  forwardArrays,
  modelArrays,
  replayArrays,
  runBuffers,
  targetArrays,
  trainerArrays,
  workspaceArrays,
} from './runMemory';
import { TargetGenerator } from './targets';
import { Trainer } from './train';
import { taskIds, getTask } from './tasks/registry';

/** Bytes of the typed arrays an object holds directly, and inside arrays of plain objects (MlpForward's layers). */
function heldBytes(obj: object): number {
  const seen = new Set<ArrayBufferView>();
  const visit = (v: unknown, depth: number) => {
    if (ArrayBuffer.isView(v)) seen.add(v);
    else if (Array.isArray(v) && depth < 2) v.forEach((x) => visit(x, depth + 1));
    else if (depth > 0 && typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype)
      Object.values(v).forEach((x) => visit(x, depth + 1));
  };
  Object.values(obj).forEach((v) => visit(v, 0));
  return [...seen].reduce((a, x) => a + x.byteLength, 0);
}

const sum = (arrays: [number, number][]) => arrays.reduce((a, [n, b]) => a + n * b, 0);

describe('runBuffers', () => {
  // When one of these fails, a constructor allocates arrays runMemory.ts does not know of: mirror them there.
  it.each(taskIds())('counts exactly the arrays the constructors allocate (%s)', (id) => {
    const task = getTask(id);
    const agent = defaultAgentConfig(task, 'mpq');
    const [N, H, B] = [agent.mppi.samples, agent.mppi.horizon, 5];
    expect(heldBytes(new MppiWorkspace(task, N, H, B))).toBe(sum(workspaceArrays(task, N, H, B)));
    expect(heldBytes(new PlannerModel(task, 'biased', 'per-episode', N))).toBe(sum(modelArrays(task, N)));
    const actor = new MpcAgent(task, agent, { inputDim: 1, evaluate: () => {} });
    expect(heldBytes(actor)).toBe(sum(agentArrays(task, agent)));
    const targets = new TargetGenerator(task, agent, B, 1);
    expect(heldBytes(targets)).toBe(sum(targetArrays(task, agent, B)));
    expect(heldBytes(new ReplayBuffer(100, task.stateDim, task.actionDim))).toBe(
      sum(replayArrays(100, task.stateDim, task.actionDim)),
    );
    const learn = { ...defaultLearnConfig(task), batchSize: B, bufferCapacity: 7 };
    const trainer = new Trainer(task, defaultAgentConfig(task, 'mppi'), learn, null);
    expect(heldBytes(trainer)).toBe(sum(trainerArrays(task, B)));
    const widths = [task.obsDim + task.actionDim, 7, 1];
    const layers: DenseWeights[] = [0, 1].map((i) => ({
      inDim: widths[i],
      outDim: widths[i + 1],
      kernel: new Float32Array(widths[i] * widths[i + 1]),
      bias: new Float32Array(widths[i + 1]),
    }));
    expect(heldBytes(new MlpForward(layers, 9))).toBe(sum(forwardArrays(widths, 9)));
  });

  it('sizes a training run from its config, and says which block is the largest', () => {
    const task = getTask('pendulum');
    const agent = defaultAgentConfig(task, 'mpq');
    const learn = defaultLearnConfig(task);
    const parts = runBuffers(task, agent, learn, { training: true, qRows: agent.mppi.samples * learn.batchSize });
    expect(parts.map((p) => p.name)).toEqual([
      'the planner (samples × horizon rollouts)',
      'the replay buffer and the minibatch',
      'the Eq. 19 targets (minibatch × samples × horizon rollouts)',
      'the Q forward pass (minibatch × samples rows)',
    ]);
    // Replay: 100,000 tuples of (s, a, c, s′) with ns = 2, na = 1 in float64; the minibatch: 64 of (index, s′, c, obs + a, y).
    expect(parts[1].bytes).toBe(100_000 * (2 + 1 + 1 + 2) * 8 + 64 * (4 + 2 * 8 + 8 + (3 + 1) * 4 + 4));
    // The forward pass: two buffers of 24 × 64 rows × 100 units, float64.
    expect(parts[3].largestArray).toEqual({ elements: 24 * 64 * 100, bytes: 24 * 64 * 100 * 8 });
    // Plain MPPI evaluated: the planner only.
    const mppi = runBuffers(task, defaultAgentConfig(task, 'mppi'), learn, { training: false, qRows: 1 });
    expect(mppi).toHaveLength(1);
    // A huge config is counted, not allocated: N = B = 65,536 needs 2^32 rollout rows.
    const huge = { ...agent, mppi: { ...agent.mppi, samples: 65536 } };
    const big = runBuffers(task, huge, { ...learn, batchSize: 65536 }, { training: true, qRows: 65536 * 65536 });
    expect(big[2].largestArray.elements).toBe(2 ** 32 * 8);
  });
});
