/**
 * The Q-weights file: a JSON document holding the network's dense layers and
 * the config that trained them. Parsing checks everything a user could get
 * wrong (format, task, shapes, non-finite numbers) and says what it found.
 */
import type { DenseWeights } from './mlp';
import type { TaskSpec } from './task';

export const WEIGHTS_FORMAT = 'mpq-lab.q-weights';

export interface WeightsFileLayer {
  inDim: number;
  outDim: number;
  /** Row-major [inDim, outDim]. */
  kernel: number[];
  bias: number[];
}

export interface QWeightsFile {
  format: typeof WEIGHTS_FORMAT;
  version: 1;
  task: string;
  /** obsDim + actionDim of the task. */
  inputDim: number;
  layers: WeightsFileLayer[];
  /** The config that produced the weights (free-form, for the record). */
  config?: unknown;
}

/** Builds the file object from dense layers. */
export function weightsToFile(task: TaskSpec, layers: readonly DenseWeights[], config?: unknown): QWeightsFile {
  return {
    format: WEIGHTS_FORMAT,
    version: 1,
    task: task.id,
    inputDim: task.obsDim + task.actionDim,
    layers: layers.map((l) => ({
      inDim: l.inDim,
      outDim: l.outDim,
      kernel: Array.from(l.kernel),
      bias: Array.from(l.bias),
    })),
    config,
  };
}

/** Parses and checks a weights file for `task` and the expected hidden widths; throws a message naming what is wrong. */
export function weightsFromFile(data: unknown, task: TaskSpec, hidden: readonly number[]): DenseWeights[] {
  const fail = (what: string): never => {
    throw new Error(`weights file rejected: ${what}`);
  };
  if (typeof data !== 'object' || data === null) fail('not a JSON object');
  const f = data as Partial<QWeightsFile>;
  if (f.format !== WEIGHTS_FORMAT) fail(`format is ${JSON.stringify(f.format)}, expected "${WEIGHTS_FORMAT}"`);
  if (f.version !== 1) fail(`version ${JSON.stringify(f.version)} is not supported (expected 1)`);
  if (f.task !== task.id) fail(`it is for task ${JSON.stringify(f.task)}, not "${task.id}"`);
  const widths = [task.obsDim + task.actionDim, ...hidden, 1];
  if (!Array.isArray(f.layers) || f.layers.length !== widths.length - 1) {
    fail(
      `expected ${widths.length - 1} layers (${widths.join(' → ')}), found ${Array.isArray(f.layers) ? f.layers.length : 'none'}`,
    );
  }
  return (f.layers as WeightsFileLayer[]).map((l, i) => {
    const inDim = widths[i];
    const outDim = widths[i + 1];
    if (l?.inDim !== inDim || l?.outDim !== outDim)
      fail(`layer ${i} is ${l?.inDim}×${l?.outDim}, expected ${inDim}×${outDim}`);
    if (!Array.isArray(l.kernel) || l.kernel.length !== inDim * outDim)
      fail(
        `layer ${i} kernel has ${Array.isArray(l.kernel) ? l.kernel.length : 'no'} values, expected ${inDim * outDim}`,
      );
    if (!Array.isArray(l.bias) || l.bias.length !== outDim)
      fail(`layer ${i} bias has ${Array.isArray(l.bias) ? l.bias.length : 'no'} values, expected ${outDim}`);
    const bad = [...l.kernel, ...l.bias].findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) fail(`layer ${i} holds a non-finite or non-numeric value`);
    return { inDim, outDim, kernel: Float32Array.from(l.kernel), bias: Float32Array.from(l.bias) };
  });
}
