/**
 * A run as the engine hands it to the page for saving: everything a run file
 * holds (settings, curves, weights) plus what a run file leaves out because a
 * user never edits it — Adam's moments, the SoftQ target network and the
 * update count — so a restored run trains on exactly as it would have.
 */
import type { QWeightsFile } from '../../core/weightsFile';
import type { QTrainState } from '../qnetwork';
import { unpackCurves, type PackedCurves } from './curvePack';
import type { BackendReport } from './protocol';
import { makeRunFile, type RunFile } from './runFile';
import type { LabSettings } from './settings';

/** Why a checkpoint was sent. */
export type CheckpointReason = 'episode' | 'stop' | 'load' | 'import' | 'restore';

export interface RunCheckpoint {
  readonly settings: LabSettings;
  readonly curves: PackedCurves;
  /** Null for plain MPPI. */
  readonly weights: QWeightsFile | null;
  /** Null for plain MPPI. */
  readonly train: QTrainState | null;
  /** Adam steps since the Q-network was created or loaded. */
  readonly updates: number;
  readonly reason: CheckpointReason;
}

/** The run file of a checkpoint (what "export" writes and restoreRun checks). */
export function checkpointRunFile(cp: RunCheckpoint, backend: BackendReport | null = null): RunFile {
  return makeRunFile(cp.settings, unpackCurves(cp.curves), cp.weights, backend);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/**
 * Checks the kinds of a saved train state (stored data may be damaged or
 * edited); its sizes and values are checked against the network when it is
 * put back (TfQNetwork.setTrainState). Throws naming the first problem.
 */
export function parseTrainState(x: unknown): QTrainState {
  const fail = (what: string): never => {
    throw new Error(`saved training state rejected: ${what}`);
  };
  if (!isObject(x)) return fail('not an object');
  if (typeof x.adamIterations !== 'number') fail('adamIterations: expected a number');
  if (!Array.isArray(x.moments) || !x.moments.every((m) => m instanceof Float32Array))
    fail('moments: expected a list of Float32Arrays');
  let target: QTrainState['target'] = null;
  if (x.target !== null) {
    if (!Array.isArray(x.target)) return fail('target: expected a list of layers or null');
    target = x.target.map((l: unknown, i) => {
      if (
        !isObject(l) ||
        !(l.kernel instanceof Float32Array) ||
        !(l.bias instanceof Float32Array) ||
        typeof l.inDim !== 'number' ||
        typeof l.outDim !== 'number' ||
        l.kernel.length !== l.inDim * l.outDim ||
        l.bias.length !== l.outDim
      )
        return fail(`target layer ${i}: expected inDim × outDim kernel and outDim bias Float32Arrays`);
      if (!l.kernel.every(Number.isFinite) || !l.bias.every(Number.isFinite))
        fail(`target layer ${i} holds a non-finite value`);
      return { inDim: l.inDim, outDim: l.outDim, kernel: l.kernel, bias: l.bias };
    });
  }
  return { adamIterations: x.adamIterations as number, moments: x.moments as Float32Array[], target };
}
