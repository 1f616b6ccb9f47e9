/**
 * The typed arrays a run allocates before its first step, in bytes, computed
 * from its config without allocating them, so that a config too big for the
 * machine is refused up front with what it needs instead of dying inside a
 * constructor ("Invalid typed array length") or being killed for memory
 * minutes later. Each function mirrors one constructor (named in its doc);
 * runMemory.test.ts checks each against the arrays the constructor really makes.
 */
import { usesQ, type AgentConfig, type LearnConfig } from './config';
import type { TaskSpec } from './task';

/** One block of a run's memory: its bytes and its largest single array (elements and bytes). */
export interface BufferPart {
  key: 'planner' | 'replay' | 'targets' | 'qForward';
  /** What it is, in words a user can act on. */
  name: string;
  bytes: number;
  largestArray: { elements: number; bytes: number };
}

/** A list of [elements, bytesPerElement] arrays as a part. */
function part(key: BufferPart['key'], name: string, arrays: readonly [number, number][]): BufferPart {
  let bytes = 0;
  let largest = { elements: 0, bytes: 0 };
  for (const [n, b] of arrays) {
    bytes += n * b;
    if (n * b > largest.bytes) largest = { elements: n, bytes: n * b };
  }
  return { key, name, bytes, largestArray: largest };
}

/** MppiWorkspace(task, samples, horizon, problems): the rollouts of `problems` × N rows (core/mppi.ts). */
export function workspaceArrays(
  task: TaskSpec,
  samples: number,
  horizon: number,
  problems: number,
): [number, number][] {
  const rows = samples * problems;
  const na = task.actionDim;
  return [
    [rows * task.stateDim, 8],
    [rows * horizon * na, 8],
    [rows * horizon * na, 8],
    [rows, 8],
    [rows, 8],
    [horizon * na, 8],
    [rows * 3, 8],
    [rows * (task.obsDim + na), 4],
    [rows, 8],
    [Math.max(1, task.costTerms.length), 8],
    [na, 8],
    [na, 8],
  ];
}

/** PlannerModel(task, …, samples): one drawn parameter vector per sample (core/model.ts). */
export function modelArrays(task: TaskSpec, samples: number): [number, number][] {
  return [[samples * task.paramNames.length, 8]];
}

/** MpcAgent(task, cfg) without its workspace and model (core/agent.ts). */
export function agentArrays(task: TaskSpec, agent: AgentConfig): [number, number][] {
  const { samples, horizon } = agent.mppi;
  return [
    [samples * task.paramNames.length, 8],
    [horizon * task.actionDim, 8],
    [task.stateDim, 8],
    [1, 8],
    [agent.costWeights.length, 8],
  ];
}

/** TargetGenerator(task, cfg, batch) without its workspace and model (core/targets.ts). */
export function targetArrays(task: TaskSpec, agent: AgentConfig, batch: number): [number, number][] {
  const { samples, horizon } = agent.mppi;
  return [
    [batch * task.stateDim, 8],
    [batch, 8],
    [batch * horizon * task.actionDim, 8],
    [batch * samples * task.paramNames.length, 8],
    [batch, 8],
    [agent.costWeights.length, 8],
    [batch * (task.obsDim + task.actionDim), 4],
    [batch, 4],
  ];
}

/** ReplayBuffer(capacity, ns, na) (core/replay.ts). */
export function replayArrays(capacity: number, stateDim: number, actionDim: number): [number, number][] {
  return [
    [capacity * stateDim, 8],
    [capacity * actionDim, 8],
    [capacity, 8],
    [capacity * stateDim, 8],
  ];
}

/** Trainer(task, …, learn): its own minibatch (indices, s′, c, inputs, y) (core/train.ts). */
export function trainerArrays(task: TaskSpec, batch: number): [number, number][] {
  return [
    [batch, 4],
    [batch * task.stateDim, 8],
    [batch, 8],
    [batch * (task.obsDim + task.actionDim), 4],
    [batch, 4],
  ];
}

/** MlpForward(layers of widths, maxRows): two row buffers and the float64 copies of the layers (core/mlp.ts). */
export function forwardArrays(widths: readonly number[], maxRows: number): [number, number][] {
  const widest = Math.max(...widths);
  const layers: [number, number][] = [];
  for (let i = 0; i + 1 < widths.length; i++) layers.push([widths[i] * widths[i + 1], 8], [widths[i + 1], 8]);
  return [[maxRows * widest, 8], [maxRows * widest, 8], ...layers];
}

/**
 * The memory a run allocates up front: the acting planner, and for a training
 * run the replay buffer and the Eq. 19 target generator (a workspace of
 * batch × N rollout rows); for agents with a Q, the forward pass's buffers for
 * `qRows` rows (SoftQ twice: its target network has its own).
 */
export function runBuffers(
  task: TaskSpec,
  agent: AgentConfig,
  learn: LearnConfig,
  opts: { training: boolean; qRows: number },
): BufferPart[] {
  const { samples, horizon } = agent.mppi;
  const parts = [
    part('planner', 'the planner (samples × horizon rollouts)', [
      ...workspaceArrays(task, samples, horizon, 1),
      ...modelArrays(task, samples),
      ...agentArrays(task, agent),
    ]),
  ];
  if (opts.training)
    parts.push(
      part('replay', 'the replay buffer and the minibatch', [
        ...replayArrays(learn.bufferCapacity, task.stateDim, task.actionDim),
        ...trainerArrays(task, learn.batchSize),
      ]),
    );
  const q = usesQ(agent.agent);
  if (opts.training && q)
    parts.push(
      part('targets', 'the Eq. 19 targets (minibatch × samples × horizon rollouts)', [
        ...workspaceArrays(task, samples, horizon, learn.batchSize),
        ...modelArrays(task, samples),
        ...targetArrays(task, agent, learn.batchSize),
      ]),
    );
  if (q) {
    const fwd = forwardArrays([task.obsDim + task.actionDim, ...learn.hidden, 1], opts.qRows);
    parts.push(
      part(
        'qForward',
        'the Q forward pass (minibatch × samples rows)',
        agent.agent === 'softq' ? [...fwd, ...fwd] : fwd,
      ),
    );
  }
  return parts;
}
