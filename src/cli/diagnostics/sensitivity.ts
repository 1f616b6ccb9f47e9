/**
 * How much the model's parameters matter to the planner: plain MPPI (the
 * paper's settings, the task's long horizon by default) acting on the real
 * system while planning with the true parameters, against the same planner
 * with each of a set of fixed wrong parameter vectors from Table 1's biased
 * box, and against the biased ensemble the agents plan with. Every model runs
 * the same episodes: the same starts and the same MPPI noise (the eval stream
 * of the seed), so a success gained or lost is the model's doing.
 *
 * The design (fixed wrong models, each one vector for every sample and step):
 * - `grid`: one parameter at a time at G evenly spaced points from the box's
 *   low to its high end, the other parameters at their true values — which
 *   parameter matters, and how much;
 * - `corner`: every corner of the box (all parameters at an end), when the box
 *   has at most MAX_CORNER_PARAMS parameters (Fetch's six give 64: left out);
 * - `centre`: every parameter at the box's centre;
 * plus two references: `true` (the true parameters) and `ensemble` (the
 * biased model as the agents use it: a vector per sample, redrawn every step).
 */
import { MpcAgent } from '../../core/agent';
import { defaultAgentConfig, type AgentConfig } from '../../core/config';
import { EpisodeRun, episodeKey } from '../../core/train';
import type { TaskSpec } from '../../core/task';
import type { TaskId } from '../../core/tasks/registry';
import { wilsonInterval } from '../../plotmath/proportions';
import { mean } from '../../plotmath/stats';

/** Corners are enumerated up to this many parameters (2^4 = 16 models). */
export const MAX_CORNER_PARAMS = 4;

/** One model of the sweep. */
export interface SweepModel {
  /** e.g. "true", "ensemble", "centre", "ball_mass_kg=0.44", "corner lo,hi,lo". */
  name: string;
  kind: (typeof SWEEP_KINDS)[number];
  /** The fixed parameter vector (null for the ensemble). */
  params: number[] | null;
  /** For 'grid': the parameter moved. */
  parameter?: string;
}

/** The kinds of model a sweep can hold. */
export const SWEEP_KINDS = ['true', 'ensemble', 'grid', 'corner', 'centre'] as const;

/** The sweep's models for a task's biased box with G grid points per parameter (of the given kinds only). */
export function sweepModels(
  task: TaskSpec,
  grid: number,
  kinds: readonly SweepModel['kind'][] = SWEEP_KINDS,
): SweepModel[] {
  return allModels(task, grid).filter((m) => kinds.includes(m.kind));
}

function allModels(task: TaskSpec, grid: number): SweepModel[] {
  const { low, high } = task.biased;
  const d = task.paramNames.length;
  const t = [...task.trueParams];
  const out: SweepModel[] = [
    { name: 'true', kind: 'true', params: t },
    { name: 'ensemble', kind: 'ensemble', params: null },
  ];
  for (let j = 0; j < d; j++) {
    for (let g = 0; g < grid; g++) {
      const v = grid === 1 ? (low[j] + high[j]) / 2 : low[j] + ((high[j] - low[j]) * g) / (grid - 1);
      const p = [...t];
      p[j] = v;
      out.push({ name: `${task.paramNames[j]}=${fmt(v)}`, kind: 'grid', params: p, parameter: task.paramNames[j] });
    }
  }
  if (d <= MAX_CORNER_PARAMS) {
    for (let c = 0; c < 1 << d; c++) {
      const p = low.map((lo, j) => ((c >> j) & 1 ? high[j] : lo));
      out.push({
        name: `corner ${p.map((_, j) => ((c >> j) & 1 ? 'hi' : 'lo')).join(',')}`,
        kind: 'corner',
        params: p,
      });
    }
  }
  out.push({ name: 'centre', kind: 'centre', params: low.map((lo, j) => (lo + high[j]) / 2) });
  return out;
}

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

/** The planner's config for a model of the sweep: plain MPPI at horizon H on that model. */
export function sweepConfig(
  task: TaskSpec<TaskId>,
  model: SweepModel,
  horizon: number,
  noiseFilter?: readonly [number, number, number],
): AgentConfig {
  const cfg = defaultAgentConfig(task, 'mppi');
  cfg.mppi.horizon = horizon;
  if (noiseFilter) cfg.mppi.noiseFilter = noiseFilter;
  if (model.kind === 'ensemble') cfg.model = 'biased';
  else {
    cfg.model = 'true';
    cfg.modelTrueParams = model.params!;
  }
  return cfg;
}

/** One model's episodes. */
export interface ModelResult {
  name: string;
  kind: SweepModel['kind'];
  parameter?: string;
  params: number[] | null;
  episodes: number;
  successes: number;
  successRate: number;
  /** 95 % Wilson interval of the success rate. */
  successInterval: [number, number];
  meanReturn: number;
  /** Mean over episodes of the fraction of control steps whose samples' task costs differed (SweepEpisode). */
  informativeSteps: number;
  /** The same over the failed episodes only (NaN when none failed): how much the planner saw where it failed. */
  informativeStepsInFailures: number;
  /** Per episode, 1 for success and 0 for failure (same starts for every model). */
  outcomes: string;
  /** Episodes the true-model planner won and this one lost, and the reverse. */
  lostVsTrue?: number;
  wonVsTrue?: number;
  wallSec: number;
}

/**
 * Runs eval episodes of seed `seed` (`episodes`: the first that many, or the
 * listed indices): `planner` plans with `cfg` (its own step function and
 * model), `real` is the system acted on (its true parameters); `each` sees
 * every episode as it ends. Separate tasks let the MuJoCo comparison put a
 * MuJoCo model on either side.
 */
export function plainMppiEpisodes(
  real: TaskSpec,
  planner: TaskSpec,
  cfg: AgentConfig,
  seed: number,
  episodes: number | readonly number[],
  each?: (e: number, outcome: SweepEpisode) => void,
): SweepEpisode[] {
  const agent = new MpcAgent(planner, cfg, null);
  const list = typeof episodes === 'number' ? Array.from({ length: episodes }, (_, e) => e) : episodes;
  const N = cfg.mppi.samples;
  const out: SweepEpisode[] = [];
  for (const e of list) {
    const key = episodeKey(seed, 'eval', e);
    const run = new EpisodeRun(real, cfg.costWeights);
    run.begin(key);
    agent.beginEpisode(key);
    let informative = 0;
    while (!run.over) {
      agent.act(run.sys.state, 0, run.t, run.action);
      // The samples' task costs (running + terminal, without the control term) of the step's last iteration.
      const parts = agent.ws.parts;
      let lo = Infinity;
      let hi = -Infinity;
      for (let n = 0; n < N; n++) {
        const c = parts[n * 3] + parts[n * 3 + 1];
        if (c < lo) lo = c;
        if (c > hi) hi = c;
      }
      if (hi - lo > 1e-9 * Math.max(1, Math.abs(hi))) informative++;
      run.apply(agent.lastFreeEnergy);
    }
    const o = { ...run.outcome(), informative: informative / run.t };
    out.push(o);
    each?.(e, o);
  }
  return out;
}

/** One episode of the sweep: its outcome and the fraction of its control steps whose samples' task costs differed. */
export interface SweepEpisode {
  success: boolean;
  return: number;
  /**
   * Steps at which not every sample had the same task cost (running and terminal cost,
   * the control term left out): only there do the weights rank the rollouts by what the
   * model predicts. Where every rollout scores the same (a sparse cost no rollout
   * reaches), the update follows the control term and the noise alone, whatever the model.
   */
  informative: number;
}

/** A model's figures from its episodes (and the true model's, for the paired counts). */
export function modelResult(
  model: SweepModel,
  eps: readonly (Omit<SweepEpisode, 'informative'> & { informative?: number })[],
  wallSec: number,
  truth?: string,
): ModelResult {
  const successes = eps.filter((e) => e.success).length;
  const outcomes = eps.map((e) => (e.success ? '1' : '0')).join('');
  const r: ModelResult = {
    name: model.name,
    kind: model.kind,
    ...(model.parameter ? { parameter: model.parameter } : {}),
    params: model.params,
    episodes: eps.length,
    successes,
    successRate: successes / eps.length,
    successInterval: wilsonInterval(successes, eps.length),
    meanReturn: eps.reduce((a, e) => a + e.return, 0) / eps.length,
    informativeSteps: eps.reduce((a, e) => a + (e.informative ?? NaN), 0) / eps.length,
    informativeStepsInFailures: mean(eps.filter((e) => !e.success).map((e) => e.informative ?? NaN)),
    outcomes,
    wallSec,
  };
  if (truth !== undefined) {
    let lost = 0;
    let won = 0;
    for (let i = 0; i < outcomes.length; i++) {
      if (truth[i] === '1' && outcomes[i] === '0') lost++;
      if (truth[i] === '0' && outcomes[i] === '1') won++;
    }
    r.lostVsTrue = lost;
    r.wonVsTrue = won;
  }
  return r;
}

/** Per parameter: the spread of its grid's figures, and the worst drop from the true model. */
export interface ParameterEffect {
  parameter: string;
  successRange: [number, number];
  returnRange: [number, number];
  /** True model's success rate minus the grid's lowest. */
  worstSuccessDrop: number;
  /** True model's mean return minus the grid's lowest. */
  worstReturnDrop: number;
}

/** The effect of each parameter from its grid rows. */
export function parameterEffects(task: TaskSpec, results: readonly ModelResult[]): ParameterEffect[] {
  const truth = results.find((r) => r.kind === 'true');
  if (!truth) return [];
  return task.paramNames.flatMap((parameter) => {
    const rows = results.filter((r) => r.kind === 'grid' && r.parameter === parameter);
    if (rows.length === 0) return [];
    const s = rows.map((r) => r.successRate);
    const ret = rows.map((r) => r.meanReturn);
    const lo = (xs: number[]) => xs.reduce((a, b) => Math.min(a, b), Infinity);
    const hi = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);
    const effect: ParameterEffect = {
      parameter,
      successRange: [lo(s), hi(s)],
      returnRange: [lo(ret), hi(ret)],
      worstSuccessDrop: truth.successRate - lo(s),
      worstReturnDrop: truth.meanReturn - lo(ret),
    };
    return [effect];
  });
}

/** The markdown report of a sweep. */
export function sensitivityMarkdown(
  task: TaskSpec,
  head: { horizon: number; episodes: number; seed: number; sim: string; command: string },
  results: readonly ModelResult[],
  effects: readonly ParameterEffect[],
): string {
  const truth = results.find((r) => r.kind === 'true');
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const lines = [
    `# Model sensitivity: ${task.id}, plain MPPI H${head.horizon} (${head.sim})`,
    '',
    `    ${head.command}`,
    '',
    `${head.episodes} eval episodes of seed ${head.seed} per model, the same starts and MPPI noise for every model; the real system has the true parameters (${task.paramNames.map((n, j) => `${n} ${fmt(task.trueParams[j])}`).join(', ')}). Table 1's biased box: ${task.paramNames.map((n, j) => `${n} [${fmt(task.biased.low[j])}, ${fmt(task.biased.high[j])}]`).join(', ')}.`,
    '',
    '| model | successes | success rate (95 % interval) | mean return | lost / won vs true | steps whose samples scored differently (all episodes / failed ones) |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.successes}/${r.episodes} | ${r.successRate.toFixed(2)} (${r.successInterval[0].toFixed(2)}–${r.successInterval[1].toFixed(2)}) | ${r.meanReturn.toFixed(1)} | ${r.kind === 'true' ? '—' : `${r.lostVsTrue} / ${r.wonVsTrue}`} | ${pct(r.informativeSteps)} / ${pct(r.informativeStepsInFailures)} |`,
    ),
    '',
  ];
  if (effects.length > 0)
    lines.push(
      '## Per parameter (its grid, the others at their true values)',
      '',
      '| parameter | success rate over the grid | mean return over the grid | worst success drop vs true | worst return drop vs true |',
      '|---|---|---|---|---|',
      ...effects.map(
        (e) =>
          `| ${e.parameter} | ${e.successRange[0].toFixed(2)}–${e.successRange[1].toFixed(2)} | ${e.returnRange[0].toFixed(1)} to ${e.returnRange[1].toFixed(1)} | ${e.worstSuccessDrop.toFixed(2)} | ${e.worstReturnDrop.toFixed(1)} |`,
      ),
      '',
    );
  const ens = results.find((r) => r.kind === 'ensemble');
  if (ens && truth && truth.successes > 0)
    lines.push(
      `The biased ensemble (what the agents plan with) succeeds in ${ens.successes} episodes where the true model succeeds in ${truth.successes} (${pct(ens.successes / truth.successes)} of them); it loses ${ens.lostVsTrue} of the true model's successful episodes and wins ${ens.wonVsTrue} others.`,
      '',
    );
  return lines.join('\n');
}
