/**
 * The Q-weights file: a JSON document holding the network's dense layers and
 * the config that trained them. Parsing checks everything a user could get
 * wrong (format, task, shapes, numbers that are not finite in float32, the
 * precision the network holds them in) and says what it found.
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

/** The largest finite float32, 3.4028e38: a weight beyond it becomes Infinity in the network. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** True for a number that stays finite once stored as float32 (how weights are used). */
export function finiteFloat32(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(Math.fround(v));
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
    for (const [name, values] of [
      ['kernel', l.kernel],
      ['bias', l.bias],
    ] as const) {
      const j = values.findIndex((v) => !finiteFloat32(v));
      if (j >= 0)
        fail(
          `layer ${i} ${name}[${j}] is ${typeof values[j] === 'number' ? String(values[j]) : JSON.stringify(values[j])}: weights must be numbers that are finite in float32 (|w| ≤ ${FLOAT32_MAX.toExponential(4)})`,
        );
    }
    return { inDim, outDim, kernel: Float32Array.from(l.kernel), bias: Float32Array.from(l.bias) };
  });
}
