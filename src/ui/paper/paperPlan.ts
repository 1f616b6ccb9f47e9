/**
 * Paper mode's plan and curves, pure so they are tested in Node: Fig. 2's
 * agents (core/paperAgents.ts) each get the task's paper settings with the
 * lab's seed, training episodes and backend; their episode records become one
 * return and one success curve per agent (the mean over seeds, a min–max band
 * when there are several).
 */
import { fig2Agents, type PaperAgent } from '../../core/paperAgents';
import { checkNumber, pageRuleOf } from '../../core/ranges';
import type { TaskId } from '../../core/tasks/registry';
import type { EpisodeRecord } from '../../core/train';
import { defaultSettings, SETTING_RULES, type LabSettings } from '../../compute/engine/settings';
import { formatNumber } from '../../plotmath/format';
import { rollingRate } from '../../plotmath/rolling';
import { bandOverSeeds } from '../../plotmath/seeds';
import type { PlotSeries, XY } from '../plots/plotTypes';
import { PALETTE } from '../plots/theme';

/** Seeds run one after another per agent (the page's limit of the table's `seeds`). */
export const PAPER_SEEDS_RULE = pageRuleOf('seeds');

/** Episodes in the rolling success rate (as the learning plots and the CLI's Fig. 2). */
export const PAPER_SUCCESS_WINDOW = 10;

/** One colour per Fig. 2 agent (Okabe–Ito, in the agents' order); the true-dynamics reference is dashed as well. */
const AGENT_COLORS = [PALETTE.skyBlue, PALETTE.vermillion, PALETTE.orange, PALETTE.green, PALETTE.purple] as const;

/** A Fig. 2 agent with its colour and dash on the page. */
export interface PaperCurveStyle {
  readonly color: string;
  readonly dash?: readonly number[];
}

/** The style of agent `i` of fig2Agents. */
export function agentStyle(agent: PaperAgent, i: number): PaperCurveStyle {
  const color = AGENT_COLORS[i % AGENT_COLORS.length];
  return agent.model === 'true' ? { color, dash: [8, 5] } : { color };
}

/** The seeds of a run: the lab's seed, then the next ones (counting down instead where they would pass the largest seed). */
export function paperSeeds(seed: number, count: number): number[] {
  const max = SETTING_RULES.seed.max ?? Number.MAX_SAFE_INTEGER;
  return Array.from({ length: count }, (_, k) => (seed + k <= max ? seed + k : seed - k));
}

/** What is wrong with a seed count, or null. */
export function seedsProblem(n: number): string | null {
  const bad = checkNumber(n, PAPER_SEEDS_RULE);
  return bad ? `allowed: ${bad}` : null;
}

/**
 * The engine settings of one agent's run: the task's paper settings (Table 3,
 * Fig. 2's H, the task's biased box and true parameters) for the agent, with
 * the lab's training episodes and backend, and `seed`.
 */
export function agentSettings(lab: LabSettings, agent: PaperAgent, seed: number): LabSettings {
  return {
    ...defaultSettings(lab.task, agent.agent),
    horizon: agent.horizon,
    model: agent.model,
    seed,
    trainEpisodes: lab.trainEpisodes,
    backend: lab.backend,
  };
}

/** Fig. 2's agents for a task with their styles. */
export function paperAgents(task: TaskId): (PaperAgent & PaperCurveStyle)[] {
  return fig2Agents(task).map((a, i) => ({ ...a, ...agentStyle(a, i) }));
}

/** One agent's finished episodes, one list per seed run (in seed order). */
export interface AgentCurves extends PaperCurveStyle {
  readonly label: string;
  readonly runs: readonly (readonly EpisodeRecord[])[];
}

/** Per episode x = 1, 2, …: the mean and min–max band over seeds (plotmath/seeds.ts's rule: over the runs that reached x). */
function acrossSeeds(perRun: readonly (readonly number[])[]): { mean: XY[]; band: [number, number, number][] } {
  const b = bandOverSeeds(perRun);
  return {
    mean: b.mean.map((m, i): XY => [i + 1, m]),
    band: b.mean.map((_, i): [number, number, number] => [i + 1, b.min[i], b.max[i]]),
  };
}

function curve(a: AgentCurves, perRun: readonly (readonly number[])[], width: number): PlotSeries {
  const { mean, band } = acrossSeeds(perRun);
  return {
    name: a.label,
    color: a.color,
    dash: a.dash,
    points: mean,
    width,
    band: perRun.filter((r) => r.length > 0).length > 1 ? band : undefined,
  };
}

/** The return curve (−Σ cost per training episode) and the rolling success rate (%) of every agent with at least one episode. */
export function paperSeries(
  agents: readonly AgentCurves[],
  window = PAPER_SUCCESS_WINDOW,
): { returns: PlotSeries[]; success: PlotSeries[] } {
  const withData = agents.filter((a) => a.runs.some((r) => r.length > 0));
  return {
    returns: withData.map((a) =>
      curve(
        a,
        a.runs.map((r) => r.map((e) => e.return)),
        2.5,
      ),
    ),
    success: withData.map((a) =>
      curve(
        a,
        a.runs.map((r) =>
          rollingRate(
            r.map((e) => e.success),
            window,
          ).map((v) => 100 * v),
        ),
        2.5,
      ),
    ),
  };
}

/**
 * The newest point of an agent's two curves in words, e.g. "episode 12: return −1230 · success 40 %
 * of the last 10": curves that sit on top of each other (several agents at 0 % success) stay readable
 * in the agent list. `window` is the success curve's (paperSeries'). Null before the agent's first episode.
 */
export function latestReadout(
  label: string,
  series: { returns: readonly PlotSeries[]; success: readonly PlotSeries[] },
  window = PAPER_SUCCESS_WINDOW,
): string | null {
  const ret = series.returns.find((c) => c.name === label)?.points.at(-1);
  const suc = series.success.find((c) => c.name === label)?.points.at(-1);
  if (!ret || !suc) return null;
  const over = Math.min(ret[0], window);
  return `episode ${ret[0]}: return ${formatNumber(ret[1])} · success ${Math.round(suc[1])} % of the last ${over === 1 ? 'one' : over}`;
}
