/**
 * Everything the page can set, in one typed record: the task, the agent and
 * its MPPI settings, the planner's model box and the real system's parameters,
 * the seed and the training budget. The URL, the controls and the engine all
 * read and check settings through this module, so a value allowed in one place
 * is allowed in all of them.
 *
 * Model parameters: a value is allowed within the task's domain-randomisation
 * box, the range on which every task's physics is tested to stay finite (the DR
 * box covers the biased box and the true values).
 */
import { checkNumber, MPPI_RULES, type AgentKind, type DataSource, type NumberRule } from '../../core/config';
import type { ModelSource } from '../../core/model';
import type { MppiConfig } from '../../core/mppi';
import type { ParamBox, TaskSpec } from '../../core/task';
import { getTask, taskIds, type TaskId } from '../../core/tasks/registry';

export type BackendRequest = 'auto' | 'webgpu' | 'wasm' | 'cpu';
export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'webgpu', 'wasm', 'cpu'];
export const AGENTS: readonly AgentKind[] = ['mpq', 'mppi', 'softq'];
export const MODELS: readonly ModelSource[] = ['biased', 'true', 'dr'];
export const DATA_SOURCES: readonly DataSource[] = ['real', 'dr'];

/** The MPPI settings of core/mppi.ts (N, H, λ, Σ, α, γ, iterations) plus what the page adds. */
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

export type NumericSetting =
  'samples' | 'horizon' | 'lambda' | 'sigma' | 'alpha' | 'gamma' | 'iterations' | 'seed' | 'speed' | 'trainEpisodes';

/**
 * The page's limits: inside core/config's MPPI_RULES, tightened to what a
 * browser tab can run (a CPU tab at N 16384 × H 128 still answers, slowly).
 */
export const SETTING_RULES: Record<NumericSetting, NumberRule> = {
  samples: { integer: true, min: 2, max: 16384 },
  horizon: { integer: true, min: 1, max: 128 },
  lambda: { min: 1e-4, max: Math.min(100, MPPI_RULES.lambda.max ?? 100) },
  sigma: { min: 1e-3, max: Math.min(100, MPPI_RULES.sigma.max ?? 100) },
  alpha: { min: 0.01, max: 1 },
  gamma: { min: 0, max: 1 },
  iterations: { integer: true, min: 1, max: 10 },
  seed: { integer: true, min: 0, max: 2 ** 31 - 1 },
  speed: { min: 0.1, max: 10 },
  trainEpisodes: { integer: true, min: 1, max: 10000 },
};

/** The box a planner model source uses by default. */
export function defaultModelBox(task: TaskSpec, model: ModelSource): ParamBox {
  return model === 'dr' ? task.dr : task.biased;
}

/** The paper's settings for a task and agent (Table 3, Fig. 2's H), the biased model, seed 0. */
export function defaultSettings(taskId: TaskId, agent: AgentKind = 'mpq'): LabSettings {
  const task = getTask(taskId);
  const p = task.paper;
  return {
    task: taskId,
    agent,
    samples: p.samples,
    horizon: agent === 'softq' ? 1 : p.mpqHorizon,
    lambda: p.lambda,
    sigma: p.sigma,
    alpha: p.alpha,
    gamma: p.gamma,
    iterations: 1,
    model: 'biased',
    modelLow: [...task.biased.low],
    modelHigh: [...task.biased.high],
    trueParams: [...task.trueParams],
    seed: 0,
    speed: 1,
    trainEpisodes: Math.min(p.trainEpisodes, 50),
    data: 'real',
    backend: 'auto',
  };
}

/** The allowed range [lo, hi] of task parameter j: the DR box. */
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
  oneOf('agent', AGENTS);
  oneOf('model', MODELS);
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
  if (low && high) {
    for (let j = 0; j < np; j++) {
      if (low[j] > high[j]) out.push(`model.${task.paramNames[j]}: low ${fmt(low[j])} is above high ${fmt(high[j])}`);
    }
  }
  return out;
}

/** Throws one message listing every problem, or returns the settings typed. */
export function checkSettings(s: unknown): LabSettings {
  const problems = settingsProblems(s);
  if (problems.length > 0) throw new Error(`settings rejected: ${problems.join('; ')}`);
  return s as LabSettings;
}
