/**
 * Typed configurations with the paper's settings (Table 3, App. B, Fig. 2; each
 * task's `paper` facts) as defaults, and the rules every entry point (CLI flags, URL values) checks
 * values against.
 */
import type { MppiConfig } from './mppi';
import type { ModelSource, ParamPolicy } from './model';
import type { ParamBox, TaskSpec } from './task';
import type { TaskId } from './tasks/registry';
import { defaultCostWeights } from './task';

export type AgentKind = 'mpq' | 'mppi' | 'softq';

/** Where training transitions come from: the real system, or domain randomisation (paper §4 case study). */
export type DataSource = 'real' | 'dr';

/** True for the agents that plan with a learned Q at the horizon's end. */
export function usesQ(agent: AgentKind): boolean {
  return agent !== 'mppi';
}

/** Everything that decides how an agent acts. */
export interface AgentConfig {
  task: TaskId;
  /**
   * 'mpq': MPPI with the learned terminal Q (Alg. 1, no target network);
   * 'mppi': plain MPPI, running cost at the end;
   * 'softq': SoftQLearning, H = 1 MPPI on Q with a Polyak-averaged target network for its targets.
   */
  agent: AgentKind;
  mppi: MppiConfig;
  /** Which parameters the planner's model uses (see model.ts). */
  model: ModelSource;
  /** How often model parameters are redrawn (see model.ts). */
  paramPolicy: ParamPolicy;
  /** One weight per task cost term (paper Table 3 by default). */
  costWeights: number[];
  /** The planner's box for model 'biased' / 'dr' when not the task's (the page's model sliders). */
  modelBox?: ParamBox;
  /** The parameters of model 'true' when not the task's (the page's true-parameter sliders). */
  modelTrueParams?: readonly number[];
}

/** Everything that decides how MPQ learns (Alg. 1); the paper leaves M, K, N_update and |D| open. */
export interface LearnConfig {
  /** Training episodes N. */
  episodes: number;
  /** Root seed of every random stream of the run. */
  seed: number;
  /** Run an update every N_update episodes. */
  updateEvery: number;
  /** Minibatches M per update. */
  minibatches: number;
  /** Tuples K per minibatch. */
  batchSize: number;
  /** Replay capacity |D| (tuples). */
  bufferCapacity: number;
  /** MPPI iterations from s' for each Eq. 19 target. */
  targetIterations: number;
  /** Adam learning rate (App. B: 1e-3). */
  learningRate: number;
  /** Hidden layer widths (App. B: two of 100, tanh). */
  hidden: number[];
  /** 'real': train on the real system's transitions; 'dr': on simulated ones whose parameters are redrawn every step from the DR box. */
  data: DataSource;
  /** SoftQ's target network: θ' ← (1 − τ) θ' + τ θ after every Adam step. */
  targetTau: number;
  /** Run test episodes on the real system after every this many training episodes (0: never). */
  testEvery: number;
  /** Test episodes per test. */
  testEpisodes: number;
}

/** The default agent for a task: the paper's MPPI settings, MPQ's horizon, the biased model. */
export function defaultAgentConfig(task: TaskSpec<TaskId>, agent: AgentKind = 'mpq'): AgentConfig {
  const p = task.paper;
  return {
    task: task.id,
    agent,
    mppi: {
      samples: p.samples,
      horizon: agent === 'softq' ? 1 : p.mpqHorizon,
      lambda: p.lambda,
      sigma: p.sigma,
      alpha: p.alpha,
      gamma: p.gamma,
      iterations: 1,
      shiftFill: 'zero',
    },
    model: 'biased',
    paramPolicy: 'per-sample-per-step',
    costWeights: Array.from(defaultCostWeights(task)),
  };
}

/** The default learning settings for a task. */
export function defaultLearnConfig(task: TaskSpec): LearnConfig {
  const p = task.paper;
  return {
    episodes: p.trainEpisodes,
    seed: 0,
    updateEvery: 1,
    minibatches: 32,
    batchSize: 64,
    bufferCapacity: 100_000,
    targetIterations: p.targetIterations,
    learningRate: 1e-3,
    hidden: [100, 100],
    data: 'real',
    targetTau: 0.005,
    testEvery: 0,
    testEpisodes: 10,
  };
}

/** A numeric rule: integer or real, with inclusive or exclusive bounds. */
export interface NumberRule {
  integer?: boolean;
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
}

/** Checks a value against a rule; returns null when fine, else what is allowed. */
export function checkNumber(value: number, rule: NumberRule): string | null {
  const kind = rule.integer ? 'an integer' : 'a number';
  const lo = rule.min !== undefined ? `[${rule.min}` : rule.above !== undefined ? `(${rule.above}` : null;
  let text: string;
  if (lo !== null && rule.max !== undefined) text = `${kind} in ${lo}, ${rule.max}]`;
  else if (rule.min !== undefined) text = `${kind} ≥ ${rule.min}`;
  else if (rule.above !== undefined) text = `${kind} > ${rule.above}`;
  else if (rule.max !== undefined) text = `${kind} ≤ ${rule.max}`;
  else text = kind;
  if (!Number.isFinite(value)) return text;
  if (rule.integer && !Number.isInteger(value)) return text;
  if (rule.min !== undefined && value < rule.min) return text;
  if (rule.above !== undefined && value <= rule.above) return text;
  if (rule.max !== undefined && value > rule.max) return text;
  return null;
}

/** Limits of the MPPI settings (shared by the CLI and the page). */
export const MPPI_RULES: Record<
  'samples' | 'horizon' | 'lambda' | 'sigma' | 'alpha' | 'gamma' | 'iterations',
  NumberRule
> = {
  samples: { integer: true, min: 2, max: 65536 },
  horizon: { integer: true, min: 1, max: 512 },
  lambda: { above: 0, max: 1e6 },
  sigma: { above: 0, max: 1e6 },
  alpha: { above: 0, max: 1 },
  gamma: { min: 0, max: 1 },
  iterations: { integer: true, min: 1, max: 100 },
};

/** Limits of the learning settings. */
export const LEARN_RULES: Record<
  | 'episodes'
  | 'seed'
  | 'updateEvery'
  | 'minibatches'
  | 'batchSize'
  | 'bufferCapacity'
  | 'targetIterations'
  | 'learningRate'
  | 'targetTau'
  | 'testEvery'
  | 'testEpisodes',
  NumberRule
> = {
  episodes: { integer: true, min: 1, max: 1_000_000 },
  seed: { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  updateEvery: { integer: true, min: 1 },
  minibatches: { integer: true, min: 0, max: 100_000 },
  batchSize: { integer: true, min: 1, max: 65536 },
  bufferCapacity: { integer: true, min: 1, max: 10_000_000 },
  targetIterations: { integer: true, min: 1, max: 100 },
  learningRate: { above: 0, max: 1 },
  targetTau: { above: 0, max: 1 },
  testEvery: { integer: true, min: 0 },
  testEpisodes: { integer: true, min: 1, max: 10_000 },
};

/** Every violation of the rules in a config, as "field: allowed" lines. */
export function configProblems(agent: AgentConfig, learn?: LearnConfig): string[] {
  const out: string[] = [];
  for (const [k, rule] of Object.entries(MPPI_RULES)) {
    const v = (agent.mppi as unknown as Record<string, number>)[k];
    const bad = checkNumber(v, rule);
    if (bad) out.push(`${k} must be ${bad}, got ${v}`);
  }
  if (agent.agent === 'softq' && agent.mppi.horizon !== 1)
    out.push(`horizon must be 1 for softq (SoftQLearning plans one step), got ${agent.mppi.horizon}`);
  if (learn) {
    for (const [k, rule] of Object.entries(LEARN_RULES)) {
      const v = (learn as unknown as Record<string, number>)[k];
      const bad = checkNumber(v, rule);
      if (bad) out.push(`${k} must be ${bad}, got ${v}`);
    }
  }
  return out;
}
