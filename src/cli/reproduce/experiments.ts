/**
 * The paper's experiments as lists of runs (paper §4, Fig. 2, Table 2, Fig. 3;
 * settings from Table 3 via each task's `paper` facts; Fig. 2's agents from core/paperAgents.ts,
 * which the page's paper mode uses too). `quick` keeps every agent and
 * setting but cuts the budget so a smoke run takes minutes.
 */
import {
  defaultAgentConfig,
  defaultLearnConfig,
  trainingEpisodesOf,
  type AgentConfig,
  type LearnConfig,
  type ThetaSelect,
} from '../../core/config';
import { PAPER_DR, type DrSettings } from '../../core/dr';
import { fig2Agents } from '../../core/paperAgents';
import type { PaperExperiment } from '../../core/task';
import { getTask, taskIds, type TaskId } from '../../core/tasks/registry';

export type ExperimentId = PaperExperiment;
export const EXPERIMENTS: readonly ExperimentId[] = ['fig2', 'table2', 'fig3'];

/** One training run of an experiment. */
export interface RunSpec {
  task: TaskId;
  /** The curve or row it belongs to, e.g. "MPQ H8". */
  label: string;
  seed: number;
  agent: AgentConfig;
  learn: LearnConfig;
}

/** Tasks an experiment covers when --task is not given: those whose `paper.experiments` list it, in registry order. */
export function experimentTasks(exp: ExperimentId): TaskId[] {
  return taskIds().filter((id) => getTask(id).paper.experiments.includes(exp));
}

/** Test episodes on the real system at the end of a Table 2 run (the paper's Table 2: "Test episodes=100"). */
export const TABLE2_TEST_EPISODES = 100;

/** How an experiment is cut down or changed from the paper's settings. */
export interface PlanOptions {
  /** A smoke-test budget (2 episodes, small minibatches): minutes, not a result. */
  quick?: boolean;
  /** Fig. 3's horizons instead of the task's grid (`paper.fig3Horizons`). */
  horizons?: readonly number[];
  /** Training episodes per run instead of the paper's (e.g. Franka at 120 where 200 does not fit). */
  episodes?: number;
  /** Table 2's DR rows: how their simulations draw parameters (default: the paper's, dr.ts PAPER_DR). */
  dr?: DrSettings;
  /** Which θ each learning run ends with (default 'final'); 'best' spends validation episodes of the budget. */
  select?: ThetaSelect;
  /** Temporally filtered MPPI noise for every run's planner (default: white noise). */
  noiseFilter?: readonly [number, number, number];
}

/** The label suffix of a DR variant ('' for the paper's DR). */
export function drVariantLabel(dr: DrSettings): string {
  if (dr.drBox === PAPER_DR.drBox && dr.drDraw === PAPER_DR.drDraw) return '';
  return ` (${dr.drBox} box, ${dr.drDraw === 'step' ? 'every step' : 'per episode'})`;
}

function budget(task: TaskId, seed: number, opts: PlanOptions): LearnConfig {
  const learn: LearnConfig = { ...defaultLearnConfig(getTask(task)), seed, select: opts.select ?? 'final' };
  if (opts.quick)
    return {
      ...learn,
      episodes: learn.select === 'best' ? 4 : 2,
      minibatches: 2,
      batchSize: 16,
      validateEvery: 1,
      validateEpisodes: 1,
    };
  return opts.episodes === undefined ? learn : { ...learn, episodes: opts.episodes };
}

function agent(
  task: TaskId,
  kind: AgentConfig['agent'],
  horizon: number,
  model: AgentConfig['model'] = 'biased',
  noiseFilter?: readonly [number, number, number],
): AgentConfig {
  const a = defaultAgentConfig(getTask(task), kind);
  a.mppi.horizon = horizon;
  a.model = model;
  if (noiseFilter) a.mppi.noiseFilter = noiseFilter;
  return a;
}

/** Every run of an experiment for the given tasks and seeds, with the paper's settings unless `opts` says otherwise. */
export function planExperiment(
  exp: ExperimentId,
  tasks: readonly TaskId[],
  seeds: readonly number[],
  opts: PlanOptions = {},
): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const task of tasks) {
    const p = getTask(task).paper;
    for (const seed of seeds) {
      const learn = budget(task, seed, opts);
      const add = (label: string, a: AgentConfig, l: LearnConfig = learn) =>
        runs.push({ task, label, seed, agent: a, learn: l });
      const nf = opts.noiseFilter;
      if (exp === 'fig2') {
        for (const a of fig2Agents(task)) add(a.label, agent(task, a.agent, a.horizon, a.model, nf));
      } else if (exp === 'table2') {
        // One test of 100 episodes on the real system after the last training episode (with select
        // 'best', after the best θ is put back).
        const test = {
          ...learn,
          testEvery: trainingEpisodesOf(learn),
          testEpisodes: opts.quick ? 1 : TABLE2_TEST_EPISODES,
        };
        const dr = { ...test, data: 'dr' as const, ...(opts.dr ?? PAPER_DR) };
        const variant = drVariantLabel(dr);
        add('MPQ REAL', agent(task, 'mpq', p.mpqHorizon, 'biased', nf), test);
        add(`MPQ DR${variant}`, agent(task, 'mpq', p.mpqHorizon, 'biased', nf), dr);
        add('H1 REAL', agent(task, 'softq', 1, 'biased', nf), test);
        add(`H1 DR${variant}`, agent(task, 'softq', 1, 'biased', nf), dr);
      } else {
        for (const h of opts.horizons ?? p.fig3Horizons) {
          add(`MPQ H${h}`, agent(task, 'mpq', h, 'biased', nf));
          add(`MPPI H${h}`, agent(task, 'mppi', h, 'biased', nf));
        }
      }
    }
  }
  return runs;
}

/** Slice `index` of `count` of a run list (0 ≤ index < count). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The runs of one shard: every count-th run starting at `index`, with its place
 * in the whole list. Dealt round-robin, so each shard gets a mix of the
 * experiment's agents and seeds (cheap and expensive runs alike); the shards
 * together are the whole list, each run in exactly one.
 */
export function shardRuns<T>(runs: readonly T[], shard: Shard): { index: number; run: T }[] {
  return runs.map((run, index) => ({ index, run })).filter(({ index }) => index % shard.count === shard.index);
}

/** The tag of a run's progress lines: its place in the plan, task, label and seed. */
export function runTag(index: number, total: number, spec: RunSpec): string {
  return `[${index + 1}/${total}] ${spec.task} ${spec.label} seed ${spec.seed}`;
}
