/**
 * Everything the page can set, in one flat typed record: the task, the agent
 * and its MPPI settings, the planner's model box and the real system's
 * parameters, the seed and the training budget. The record is a flat view of
 * core/config.ts's AgentConfig and LearnConfig: its defaults come from them
 * (`defaultSettings`) and the engine turns it back into them (`agentConfigOf`).
 * Numeric limits are core/ranges.ts's table with the page's tighter bounds; the
 * URL, the controls and the engine all check settings through this module, so
 * a value allowed in one place is allowed in all of them.
 *
 * Model parameters: a value is allowed within the task's broad box
 * (TaskSpec.dr), the range on which every task's physics is tested to stay
 * finite (it covers the biased box and the true values).
 */
import {
  AGENT_KINDS,
  DATA_SOURCES,
  defaultAgentConfig,
  defaultLearnConfig,
  type AgentConfig,
  type AgentKind,
  type DataSource,
  type LearnConfig,
} from '../../core/config';
import { MODEL_SOURCES, type ModelSource } from '../../core/model';
import type { MppiConfig } from '../../core/mppi';
import { checkNumber, MPPI_KEYS, pageRuleOf, type MppiKey, type NumberRule, type SettingName } from '../../core/ranges';
import { costWeightProblems, type ParamBox, type TaskSpec } from '../../core/task';
import { getTask, taskIds, type TaskId } from '../../core/tasks/registry';
import { BACKEND_REQUESTS, type BackendRequest } from '../backendNames';

/**
 * The MPPI settings of core/mppi.ts (N, H, λ, Σ, α, γ, iterations) plus what the
 * page adds. Each field is a field of core/config.ts's AgentConfig or
 * LearnConfig (trainEpisodes is LearnConfig.episodes), except speed and backend.
 */
export interface LabSettings extends Omit<MppiConfig, 'shiftFill'> {
  task: TaskId;
  agent: AgentKind;
  /** Which parameters the planner's rollouts use. */
  model: ModelSource;
  /** The planner's parameter box when model is 'biased' or 'dr' (one entry per task parameter). */
  modelLow: number[];
  modelHigh: number[];
  /** The real system's parameters. */
  trueParams: number[];
  /** One weight per task cost term (the running cost's; AgentConfig.costWeights), each within its term's range. */
  costWeights: number[];
  /** Root seed of every random stream. */
  seed: number;
  /** Simulation speed: multiples of real time. */
  speed: number;
  /** Episodes of one training run. */
  trainEpisodes: number;
  /** Where training transitions come from. */
  data: DataSource;
  /** The compute backend asked for ('auto': webgpu where an adapter exists, else wasm, else cpu). */
  backend: BackendRequest;
}

/** The numeric fields of LabSettings, each with its row in core/ranges.ts's table. */
export const NUMERIC_SETTINGS = {
  samples: 'samples',
  horizon: 'horizon',
  lambda: 'lambda',
  sigma: 'sigma',
  alpha: 'alpha',
  gamma: 'gamma',
  iterations: 'iterations',
  seed: 'seed',
  speed: 'speed',
  trainEpisodes: 'episodes',
} as const satisfies Record<string, SettingName>;
export type NumericSetting = keyof typeof NUMERIC_SETTINGS;

/** The page's limits: the table's ranges with the page's tighter bounds (core/ranges.ts). */
export const SETTING_RULES: Readonly<Record<NumericSetting, NumberRule>> = Object.fromEntries(
  Object.entries(NUMERIC_SETTINGS).map(([key, name]) => [key, pageRuleOf(name)]),
) as Record<NumericSetting, NumberRule>;

/** A fresh training run on the page is at most this many episodes by default (the paper's budgets run to 350). */
const PAGE_TRAIN_EPISODES = 50;

/** The box a planner model source uses by default. */
export function defaultModelBox(task: TaskSpec, model: ModelSource): ParamBox {
  return model === 'dr' ? task.dr : task.biased;
}

/** The numeric MPPI settings of a config or a settings record, in MPPI_KEYS order (N, H, λ, Σ, α, γ, iterations). */
function mppiValues(from: Pick<MppiConfig, MppiKey>): Pick<MppiConfig, MppiKey> {
  const out = {} as Pick<MppiConfig, MppiKey>;
  for (const k of MPPI_KEYS) out[k] = from[k];
  return out;
}

/**
 * The page's settings for core configs: the MPPI values, model and its box,
 * the real system's parameters, the seed, episodes and data source.
 */
function settingsOf(
  task: TaskSpec<TaskId>,
  agent: AgentConfig,
  learn: LearnConfig,
  page: Pick<LabSettings, 'speed' | 'backend'>,
): LabSettings {
  const box = agent.modelBox ?? defaultModelBox(task, agent.model);
  return {
    task: task.id,
    agent: agent.agent,
    ...mppiValues(agent.mppi),
    model: agent.model,
    modelLow: [...box.low],
    modelHigh: [...box.high],
    trueParams: [...(agent.modelTrueParams ?? task.trueParams)],
    costWeights: [...agent.costWeights],
    seed: learn.seed,
    speed: page.speed,
    trainEpisodes: learn.episodes,
    data: learn.data,
    backend: page.backend,
  };
}

/**
 * The planner's config for page settings: the defaults of core/config.ts
 * (parameters redrawn per sample and step) with the page's MPPI values, model,
 * box, real parameters and cost weights.
 */
export function agentConfigOf(s: LabSettings, task: TaskSpec<TaskId> = getTask(s.task)): AgentConfig {
  const d = defaultAgentConfig(task, s.agent);
  return {
    ...d,
    mppi: { ...d.mppi, ...mppiValues(s) },
    model: s.model,
    modelBox: { low: [...s.modelLow], high: [...s.modelHigh] },
    modelTrueParams: [...s.trueParams],
    costWeights: [...s.costWeights],
  };
}

/** Settings with their keys in LabSettings order (and nothing else). */
export function canonicalSettings(s: LabSettings): LabSettings {
  return {
    task: s.task,
    agent: s.agent,
    ...mppiValues(s),
    model: s.model,
    modelLow: [...s.modelLow],
    modelHigh: [...s.modelHigh],
    trueParams: [...s.trueParams],
    costWeights: [...s.costWeights],
    seed: s.seed,
    speed: s.speed,
    trainEpisodes: s.trainEpisodes,
    data: s.data,
    backend: s.backend,
  };
}

/** The paper's settings for a task and agent (core/config.ts's defaults), the page's episode cap, seed 0. */
export function defaultSettings(taskId: TaskId, agent: AgentKind = 'mpq'): LabSettings {
  const task = getTask(taskId);
  const learn = defaultLearnConfig(task);
  return settingsOf(
    task,
    defaultAgentConfig(task, agent),
    { ...learn, episodes: Math.min(learn.episodes, PAGE_TRAIN_EPISODES) },
    { speed: 1, backend: 'auto' },
  );
}

/** The allowed range [lo, hi] of task parameter j: the task's broad box (TaskSpec.dr). */
export function paramLimits(task: TaskSpec, j: number): [number, number] {
  return [task.dr.low[j], task.dr.high[j]];
}

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

/**
 * Every problem of a settings record, as "name: what is wrong and what is
 * allowed" lines (empty when fine). Checks types too, since settings arrive
 * from URLs, files and worker messages.
 */
export function settingsProblems(s: unknown): string[] {
  if (typeof s !== 'object' || s === null) return ['settings: expected an object'];
  const r = s as Record<string, unknown>;
  const out: string[] = [];
  const ids = taskIds();
  if (!ids.includes(r.task as TaskId)) {
    out.push(`task: got ${JSON.stringify(r.task)}, allowed ${ids.join(' | ')}`);
    return out;
  }
  const task = getTask(r.task as TaskId);
  const oneOf = (key: string, allowed: readonly string[]) => {
    if (!allowed.includes(r[key] as string))
      out.push(`${key}: got ${JSON.stringify(r[key])}, allowed ${allowed.join(' | ')}`);
  };
  oneOf('agent', AGENT_KINDS);
  oneOf('model', MODEL_SOURCES);
  oneOf('data', DATA_SOURCES);
  oneOf('backend', BACKEND_REQUESTS);
  for (const [key, rule] of Object.entries(SETTING_RULES) as [NumericSetting, NumberRule][]) {
    const v = r[key];
    const bad = typeof v === 'number' ? checkNumber(v, rule) : checkNumber(NaN, rule);
    if (bad) out.push(`${key}: got ${JSON.stringify(v)}, allowed ${bad}`);
  }
  if (r.agent === 'softq' && r.horizon !== 1)
    out.push(`horizon: got ${JSON.stringify(r.horizon)}, softq plans one step, allowed 1`);
  const np = task.paramNames.length;
  const params = (key: string): number[] | null => {
    const v = r[key];
    if (!Array.isArray(v) || v.length !== np || v.some((x) => typeof x !== 'number')) {
      out.push(`${key}: expected ${np} numbers (${task.paramNames.join(', ')})`);
      return null;
    }
    v.forEach((x: number, j) => {
      const [lo, hi] = paramLimits(task, j);
      if (!(x >= lo && x <= hi))
        out.push(`${key}.${task.paramNames[j]}: got ${fmt(x)}, allowed [${fmt(lo)}, ${fmt(hi)}]`);
    });
    return v as number[];
  };
  const low = params('modelLow');
  const high = params('modelHigh');
  params('trueParams');
  out.push(...costWeightProblems(task, r.costWeights));
  if (low && high) {
    for (let j = 0; j < np; j++) {
      if (low[j] > high[j]) out.push(`model.${task.paramNames[j]}: low ${fmt(low[j])} is above high ${fmt(high[j])}`);
    }
  }
  return out;
}
