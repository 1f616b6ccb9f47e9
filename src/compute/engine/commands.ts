/**
 * Checks a raw message against the command protocol: its type, its fields and
 * (for init and configure) every setting. Files (loadWeights, importRun) are
 * checked by the engine, which knows the task they must fit.
 */
import { checkNumber, type NumberRule } from '../../core/ranges';
import { INSPECT_STAGES, type InspectStage } from './inspect';
import { MAX_TARGET_WORKERS } from './targetPool';
import { COMMAND_TYPES, type CommandType, type EngineCommand } from './protocol';
import { SETTING_RULES, settingsProblems, type LabSettings } from './settings';

/** Cells per side of a value map. */
export const VALUE_MAP_RULE: NumberRule = { integer: true, min: 2, max: 256 };

/** Workers of the target pool (0: the engine's own thread). */
export const TARGET_WORKERS_RULE: NumberRule = { integer: true, min: 0, max: MAX_TARGET_WORKERS };

/** The command's type when the message has a known one, else null (for the error event). */
export function commandName(raw: unknown): CommandType | null {
  const t = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return (COMMAND_TYPES as readonly unknown[]).includes(t) ? (t as CommandType) : null;
}

/** The typed command, or one line saying what is wrong with the message. */
export function parseCommand(raw: unknown): EngineCommand | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'a command must be an object with a "type"';
  const r = raw as Record<string, unknown>;
  const type = commandName(raw);
  if (type === null) return `unknown command type ${JSON.stringify(r.type)}; allowed: ${COMMAND_TYPES.join(', ')}`;
  const number = (key: string, rule: NumberRule, optional: boolean): string | null => {
    const v = r[key];
    if (v === undefined && optional) return null;
    const bad = checkNumber(typeof v === 'number' ? v : NaN, rule);
    return bad ? `${key}: got ${JSON.stringify(v)}, allowed ${bad}` : null;
  };
  switch (type) {
    case 'init':
    case 'configure': {
      const problems = settingsProblems(r.settings);
      if (problems.length > 0) return `settings rejected: ${problems.join('; ')}`;
      if (type === 'init') {
        if (r.wasmPath !== undefined && typeof r.wasmPath !== 'string')
          return `wasmPath: got ${JSON.stringify(r.wasmPath)}, expected a string`;
        if (r.frames !== undefined && typeof r.frames !== 'boolean')
          return `frames: got ${JSON.stringify(r.frames)}, expected true or false`;
        const init = { type, settings: r.settings as LabSettings, wasmPath: r.wasmPath as string | undefined };
        return r.frames === undefined ? init : { ...init, frames: r.frames as boolean };
      }
      return { type, settings: r.settings as LabSettings };
    }
    case 'train': {
      const bad = number('episodes', SETTING_RULES.trainEpisodes, true);
      if (bad) return bad;
      return r.episodes === undefined ? { type } : { type, episodes: r.episodes as number };
    }
    case 'loadWeights':
    case 'importRun':
      if (!('file' in r)) return 'file: missing';
      return { type, file: r.file };
    case 'restoreRun':
      if (!('file' in r)) return 'file: missing';
      if (!('train' in r)) return 'train: missing (null for plain MPPI)';
      return { type, file: r.file, train: r.train, updates: r.updates };
    case 'valueMap': {
      const bad = number('resolution', VALUE_MAP_RULE, false);
      if (bad) return bad;
      return { type, resolution: r.resolution as number };
    }
    case 'targetWorkers': {
      const bad = number('count', TARGET_WORKERS_RULE, false);
      if (bad) return bad;
      return { type, count: r.count as number };
    }
    case 'inspect':
      if (!(INSPECT_STAGES as readonly unknown[]).includes(r.stage))
        return `stage: got ${JSON.stringify(r.stage)}, allowed ${INSPECT_STAGES.join(', ')}`;
      return { type, stage: r.stage as InspectStage };
    case 'inspectEnd':
    case 'play':
    case 'pause':
    case 'step':
    case 'reset':
    case 'stopTraining':
    case 'resetQ':
    case 'exportRun':
    case 'simulateDeviceLoss':
      return { type };
    default:
      return type satisfies never;
  }
}
