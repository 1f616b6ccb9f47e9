/**
 * The run file: everything needed to look at a lab run again — the settings,
 * the learning curves (the engine's `episode` events), the Q-weights
 * (core/weightsFile.ts format; null for plain MPPI) and the backend report of
 * the engine that exported it. Keys are written in a fixed order, so a file
 * exported, imported and exported again is the same text.
 *
 * `parseRunFile` checks everything a user could get wrong and throws one
 * message naming the first problem; nothing is applied from a bad file.
 */
import { usesQ } from '../../core/config';
import type { DenseWeights } from '../../core/mlp';
import { defaultCostWeights } from '../../core/task';
import { getTask, taskIds, type TaskId } from '../../core/tasks/registry';
import type { EpisodeRecord } from '../../core/train';
import { weightsFromFile, type QWeightsFile } from '../../core/weightsFile';
import type { BackendReport, EpisodeEvent } from './protocol';
import { canonicalSettings, settingsProblems, type LabSettings } from './settings';

export const RUN_FORMAT = 'mpq-lab.run';

export interface RunFile {
  format: typeof RUN_FORMAT;
  version: 1;
  settings: LabSettings;
  /** Every finished episode since the Q-network was created or loaded, in order. */
  curves: EpisodeEvent[];
  weights: QWeightsFile | null;
  /** Where the exporting engine ran (null before its backend started). */
  backend: BackendReport | null;
}

/** A checked run file, ready to apply. */
export interface ParsedRun {
  settings: LabSettings;
  curves: EpisodeEvent[];
  /** The weights' layers (null for plain MPPI). */
  layers: DenseWeights[] | null;
}

function canonicalRecord(r: EpisodeRecord): EpisodeRecord {
  const out: EpisodeRecord = {
    episode: r.episode,
    return: r.return,
    success: r.success,
    steps: r.steps,
    wallMs: r.wallMs,
    meanFreeEnergy: r.meanFreeEnergy,
    tdLoss: r.tdLoss,
    system: r.system,
  };
  if (r.test) out.test = { episodes: r.test.episodes, meanReturn: r.test.meanReturn, successRate: r.test.successRate };
  return out;
}

/** An episode event with its keys in a fixed order. */
export function canonicalEpisode(e: EpisodeEvent): EpisodeEvent {
  return { phase: e.phase, record: canonicalRecord(e.record) };
}

function canonicalWeights(w: QWeightsFile): QWeightsFile {
  const out: QWeightsFile = {
    format: w.format,
    version: w.version,
    task: w.task,
    inputDim: w.inputDim,
    layers: w.layers.map((l) => ({ inDim: l.inDim, outDim: l.outDim, kernel: [...l.kernel], bias: [...l.bias] })),
  };
  if (w.config !== undefined) out.config = w.config;
  return out;
}

function canonicalBackend(b: BackendReport): BackendReport {
  return {
    requested: b.requested,
    tfjs: b.tfjs,
    planner: b.planner,
    plannerNote: b.plannerNote,
    failures: [...b.failures],
    qCheckMaxAbsDiff: b.qCheckMaxAbsDiff,
    initMs: b.initMs,
    ...(b.targets && { targets: b.targets, targetsNote: b.targetsNote ?? '' }),
  };
}

export function makeRunFile(
  settings: LabSettings,
  curves: readonly EpisodeEvent[],
  weights: QWeightsFile | null,
  backend: BackendReport | null,
): RunFile {
  return {
    format: RUN_FORMAT,
    version: 1,
    settings: canonicalSettings(settings),
    curves: curves.map(canonicalEpisode),
    weights: weights && canonicalWeights(weights),
    backend: backend && canonicalBackend(backend),
  };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** What is wrong with one curve entry, or null. */
function episodeProblem(e: unknown): string | null {
  if (!isObject(e)) return 'not an object';
  if (e.phase !== 'play' && e.phase !== 'train')
    return `phase is ${JSON.stringify(e.phase)}, expected "play" or "train"`;
  const r = e.record;
  if (!isObject(r)) return 'record: not an object';
  for (const k of ['episode', 'return', 'steps', 'wallMs', 'meanFreeEnergy'] as const) {
    if (!finite(r[k])) return `record.${k}: got ${JSON.stringify(r[k])}, expected a finite number`;
  }
  if (typeof r.success !== 'boolean') return `record.success: got ${JSON.stringify(r.success)}, expected true or false`;
  if (r.tdLoss !== null && !finite(r.tdLoss))
    return `record.tdLoss: got ${JSON.stringify(r.tdLoss)}, expected a finite number or null`;
  if (r.system !== 'true' && r.system !== 'dr')
    return `record.system: got ${JSON.stringify(r.system)}, expected "true" or "dr"`;
  if (r.test !== undefined) {
    const t = r.test;
    if (!isObject(t) || !finite(t.episodes) || !finite(t.meanReturn) || !finite(t.successRate))
      return 'record.test: expected {episodes, meanReturn, successRate} numbers';
  }
  return null;
}

/**
 * Checks a run file against the model shapes of `hidden`: parsed JSON, or the
 * file's text (which the page sends as it is: one string crosses to the worker
 * in milliseconds, 200,000 parsed episodes take seconds to copy on each side).
 * Throws "run file rejected: …".
 */
export function parseRunFile(file: unknown, hidden: readonly number[]): ParsedRun {
  const fail = (what: string): never => {
    throw new Error(`run file rejected: ${what}`);
  };
  let data = file;
  if (typeof file === 'string') {
    if (file.trim() === '') fail('the file is empty');
    try {
      data = JSON.parse(file) as unknown;
    } catch (e) {
      fail(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (!isObject(data)) return fail('not a JSON object');
  if (data.format !== RUN_FORMAT) fail(`format is ${JSON.stringify(data.format)}, expected "${RUN_FORMAT}"`);
  if (data.version !== 1) fail(`version ${JSON.stringify(data.version)} is not supported (expected 1)`);
  if (!isObject(data.settings)) return fail('settings: missing or not an object');
  const taskId = data.settings.task;
  if (!taskIds().includes(taskId as TaskId))
    fail(`unknown task ${JSON.stringify(taskId)}; allowed: ${taskIds().join(', ')}`);
  // Files written before cost weights were settings planned with the task's default weights.
  const given =
    'costWeights' in data.settings
      ? data.settings
      : { ...data.settings, costWeights: Array.from(defaultCostWeights(getTask(taskId as TaskId))) };
  const problems = settingsProblems(given);
  if (problems.length > 0) fail(`settings: ${problems.join('; ')}`);
  const settings = canonicalSettings(given as unknown as LabSettings);
  if (!Array.isArray(data.curves)) fail('curves: expected an array of episode events');
  const curves = data.curves as unknown[];
  curves.forEach((e, i) => {
    const bad = episodeProblem(e);
    if (bad) fail(`curves[${i}]: ${bad}`);
  });
  let layers: DenseWeights[] | null = null;
  if (usesQ(settings.agent)) {
    if (data.weights === null || data.weights === undefined)
      fail(`weights: agent ${settings.agent} needs Q-weights, the file has none`);
    try {
      layers = weightsFromFile(data.weights, getTask(settings.task), hidden);
    } catch (err) {
      fail(`weights: ${(err as Error).message}`);
    }
  } else if (data.weights !== null) {
    fail(`weights: agent mppi has no Q-function, expected null`);
  }
  if (data.backend !== null && !isObject(data.backend)) fail('backend: expected an object or null');
  return { settings, curves: (curves as EpisodeEvent[]).map(canonicalEpisode), layers };
}
