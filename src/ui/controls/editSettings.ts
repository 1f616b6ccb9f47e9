/**
 * How one user edit changes the settings record: a new task starts from that
 * task's paper settings, an agent switch fixes the horizon softq needs, a
 * model switch moves the planner's box to that source's default. Pure
 * functions, so the controls and the keyboard share them and tests read them.
 */
import type { AgentKind } from '../../core/config';
import type { ModelSource } from '../../core/model';
import { checkNumber } from '../../core/ranges';
import { defaultCostWeights } from '../../core/task';
import { getTask, type TaskId } from '../../core/tasks/registry';
import { pageDefaultSettings } from '../pageDefaults';
import {
  defaultModelBox,
  defaultSettings,
  paramLimits,
  SETTING_RULES,
  type LabSettings,
  type NumericSetting,
} from '../../compute/engine/settings';

/** The new task's page defaults (its paper settings, pageDefaults.ts), keeping the agent, seed, speed, data source and backend. */
export function withTask(s: LabSettings, task: TaskId): LabSettings {
  if (task === s.task) return s;
  return {
    ...pageDefaultSettings(task, s.agent),
    seed: s.seed,
    speed: s.speed,
    data: s.data,
    backend: s.backend,
    trainEpisodes: s.trainEpisodes,
  };
}

/** softq plans one step; leaving softq gives back the task's MPQ horizon. */
export function withAgent(s: LabSettings, agent: AgentKind): LabSettings {
  if (agent === s.agent) return s;
  const horizon = agent === 'softq' ? 1 : s.agent === 'softq' ? defaultSettings(s.task, agent).horizon : s.horizon;
  return { ...s, agent, horizon };
}

/** 'biased' and 'dr' start from their own default box; 'true' keeps the box (unused while true). */
export function withModel(s: LabSettings, model: ModelSource): LabSettings {
  if (model === s.model) return s;
  if (model === 'true') return { ...s, model };
  const box = defaultModelBox(getTask(s.task), model);
  return { ...s, model, modelLow: [...box.low], modelHigh: [...box.high] };
}

/** What is wrong with a numeric value (settings.ts's rule text), or null when it may be set. */
export function numberProblem(s: LabSettings, key: NumericSetting, value: number): string | null {
  const bad = checkNumber(value, SETTING_RULES[key]);
  if (bad) return `allowed: ${bad}`;
  if (key === 'horizon' && s.agent === 'softq' && value !== 1) return 'softq plans one step: H is 1';
  return null;
}

export function withNumber(s: LabSettings, key: NumericSetting, value: number): LabSettings {
  if (numberProblem(s, key, value) !== null || s[key] === value) return s;
  return { ...s, [key]: value };
}

export type ParamField = 'modelLow' | 'modelHigh' | 'trueParams';

/** What is wrong with parameter j of `field` set to value, or null. */
export function paramProblem(s: LabSettings, field: ParamField, j: number, value: number): string | null {
  const task = getTask(s.task);
  const [lo, hi] = paramLimits(task, j);
  const r = (x: number) => String(Number(x.toPrecision(6)));
  if (!Number.isFinite(value) || value < lo || value > hi) return `allowed: [${r(lo)}, ${r(hi)}]`;
  if (field === 'modelLow' && value > s.modelHigh[j]) return `low must not exceed high (${r(s.modelHigh[j])})`;
  if (field === 'modelHigh' && value < s.modelLow[j]) return `high must not be below low (${r(s.modelLow[j])})`;
  return null;
}

export function withParam(s: LabSettings, field: ParamField, j: number, value: number): LabSettings {
  if (paramProblem(s, field, j, value) !== null || s[field][j] === value) return s;
  const next = [...s[field]];
  next[j] = value;
  return { ...s, [field]: next };
}

/** What is wrong with cost term k's weight set to value (outside the term's range), or null. */
export function costWeightProblem(s: LabSettings, k: number, value: number): string | null {
  const [lo, hi] = getTask(s.task).costTerms[k].range;
  return Number.isFinite(value) && value >= lo && value <= hi ? null : `allowed: [${lo}, ${hi}]`;
}

export function withCostWeight(s: LabSettings, k: number, value: number): LabSettings {
  if (costWeightProblem(s, k, value) !== null || s.costWeights[k] === value) return s;
  const next = [...s.costWeights];
  next[k] = value;
  return { ...s, costWeights: next };
}

/** The task's own weights (its paper's), the rest unchanged. */
export function withDefaultCostWeights(s: LabSettings): LabSettings {
  return { ...s, costWeights: Array.from(defaultCostWeights(getTask(s.task))) };
}
