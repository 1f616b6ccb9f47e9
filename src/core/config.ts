/**
 * Typed configurations with the paper's settings (Table 3, App. B, Fig. 2; each
 * task's `paper` facts) as defaults, the lists of agents and data sources, and the check of a whole
 * config against the one table of ranges (ranges.ts).
 */
import { DR_BOXES, DR_DRAWS, PAPER_DR, type DrBox, type DrDraw } from './dr';
import { noiseFilterProblem, type MppiConfig } from './mppi';
import { CURRENT_NUMERICS, type Numerics } from './numerics';
import type { ModelSource, ParamPolicy } from './model';
import { checkNumber, LEARN_KEYS, MPPI_KEYS, ruleOf } from './ranges';
import type { ParamBox, TaskSpec } from './task';
import type { TaskId } from './tasks/registry';
import { defaultCostWeights } from './task';

/** The agents, in the order the page and the CLI list them. */
export const AGENT_KINDS = ['mpq', 'mppi', 'softq'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

/** Each agent's short label and one line on what it does (the page's buttons, the CLI's help). */
export const AGENT_INFO: Readonly<Record<AgentKind, { readonly label: string; readonly doc: string }>> = {
  mpq: { label: 'MPQ', doc: 'MPPI with the learned soft Q at the end of the horizon (Algorithm 1)' },
  mppi: { label: 'MPPI', doc: 'Plain MPPI: the running cost at the end of the horizon, no learning' },
  softq: { label: 'SoftQ', doc: 'Soft Q-learning: H = 1 with a target network' },
};

/** Where training transitions come from: the real system, or domain randomisation (paper §4 case study). */
export const DATA_SOURCES = ['real', 'dr'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

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
  /** Which arithmetic the planner and the Eq. 19 targets use (numerics.ts); absent means 'v1', as in older files. */
  numerics?: Numerics;
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
  /** 'real': train on the real system's transitions; 'dr': on simulated ones whose parameters are drawn as `drBox` and `drDraw` say (dr.ts). */
  data: DataSource;
  /** With data 'dr': the box the parameters come from ('biased': Table 1's, the paper's; 'broad': a variant). */
  drBox: DrBox;
  /** With data 'dr': redraw before every control step (the paper's) or once per episode. */
  drDraw: DrDraw;
  /** SoftQ's target network: θ' ← (1 − τ) θ' + τ θ after every Adam step. */
  targetTau: number;
  /** Run test episodes on the real system after every this many training episodes (0: never). */
  testEvery: number;
  /** Test episodes per test. */
  testEpisodes: number;
  /**
   * Which θ the run ends with (Alg. 1 line 9): 'final', the last one; 'best', the one
   * best on validation episodes on the real system, which are part of the `episodes` budget.
   */
  select: ThetaSelect;
  /** With 'best': validate after every this many training episodes. */
  validateEvery: number;
  /** With 'best': real-system episodes per validation (fixed starts, no learning). */
  validateEpisodes: number;
}

/** Which θ a training run ends with: the last, or the best on validation (Alg. 1 line 9). */
export const THETA_SELECTS = ['final', 'best'] as const;
export type ThetaSelect = (typeof THETA_SELECTS)[number];

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
    numerics: CURRENT_NUMERICS,
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
    ...PAPER_DR,
    targetTau: 0.005,
    testEvery: 0,
    testEpisodes: 10,
    select: 'final',
    validateEvery: 25,
    validateEpisodes: 5,
  };
}

/**
 * Training episodes of a run. With select 'final' all `episodes`; with 'best'
 * the validation episodes come out of the same budget: the most training
 * episodes T with T + validateEpisodes · ⌈T / validateEvery⌉ ≤ episodes
 * (a validation after every validateEvery training episodes and after the last).
 */
export function trainingEpisodesOf(
  learn: Pick<LearnConfig, 'episodes' | 'select' | 'validateEvery' | 'validateEpisodes'>,
): number {
  if (learn.select !== 'best') return learn.episodes;
  let t = learn.episodes;
  while (t > 0 && t + learn.validateEpisodes * Math.ceil(t / learn.validateEvery) > learn.episodes) t--;
  return t;
}

/** Validation episodes a run spends (select 'best'); 0 with 'final'. */
export function validationEpisodesOf(
  learn: Pick<LearnConfig, 'episodes' | 'select' | 'validateEvery' | 'validateEpisodes'>,
): number {
  if (learn.select !== 'best') return 0;
  return learn.validateEpisodes * Math.ceil(trainingEpisodesOf(learn) / learn.validateEvery);
}

/** Every violation of the table of ranges in a config, as "field: allowed" lines. */
export function configProblems(agent: AgentConfig, learn?: LearnConfig): string[] {
  const out: string[] = [];
  for (const k of MPPI_KEYS) {
    const v = agent.mppi[k];
    const bad = checkNumber(v, ruleOf(k));
    if (bad) out.push(`${k} must be ${bad}, got ${v}`);
  }
  const filter = noiseFilterProblem(agent.mppi.noiseFilter);
  if (filter) out.push(filter);
  if (agent.agent === 'softq' && agent.mppi.horizon !== 1)
    out.push(`horizon must be 1 for softq (SoftQLearning plans one step), got ${agent.mppi.horizon}`);
  if (learn) {
    for (const k of LEARN_KEYS) {
      const v = learn[k];
      const bad = checkNumber(v, ruleOf(k));
      if (bad) out.push(`${k} must be ${bad}, got ${v}`);
    }
    if (!(THETA_SELECTS as readonly string[]).includes(learn.select))
      out.push(`select must be one of ${THETA_SELECTS.join(', ')}, got ${String(learn.select)}`);
    else if (learn.select === 'best' && trainingEpisodesOf(learn) < 1)
      out.push(
        `select best needs episodes for training and validation: ${learn.episodes} episodes leave none for training with ${learn.validateEpisodes} validation episodes every ${learn.validateEvery}`,
      );
    if (learn.data === 'dr') {
      if (!(DR_BOXES as readonly string[]).includes(learn.drBox))
        out.push(`drBox must be one of ${DR_BOXES.join(', ')}, got ${String(learn.drBox)}`);
      if (!(DR_DRAWS as readonly string[]).includes(learn.drDraw))
        out.push(`drDraw must be one of ${DR_DRAWS.join(', ')}, got ${String(learn.drDraw)}`);
    }
  }
  return out;
}
