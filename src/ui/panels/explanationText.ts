/**
 * The words of the "What am I looking at?" panel, built from the task spec (its
 * `intro` and cost terms) and the current settings so that every number shown is the one in force: the
 * cost terms and weights come from the TaskSpec, λ, Σ, H, N, α, γ from the
 * settings. Equation numbers are the paper's (Bhardwaj et al. 2020, §3.2–3.3).
 */
import type { LabSettings } from '../../compute/engine/settings';
import type { CostTerm, SuccessRule, TaskIntro } from '../../core/task';
import { formatNumber } from '../../plotmath/format';

/** A number for the explanation: three significant digits, a true minus sign. */
export function fmt(x: number): string {
  return formatNumber(x, 3);
}

const SUP: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};
const SUB: Record<string, string> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '-': '₋',
};

/** An integer in superscript digits (7 → ⁷). */
export function sup(n: number): string {
  return [...String(n)].map((c) => SUP[c] ?? c).join('');
}

/** An integer in subscript digits (7 → ₇). */
export function sub(n: number): string {
  return [...String(n)].map((c) => SUB[c] ?? c).join('');
}

/** When an episode counts as a success, in words. */
export function describeSuccessRule(rule: SuccessRule): string {
  switch (rule.kind) {
    case 'final':
      return 'the goal is reached at the last step of the episode';
    case 'anyOfLast':
      return `the goal is reached at any of the last ${rule.steps} steps of the episode`;
    case 'allOfLast':
      return `the goal holds at every one of the last ${rule.steps} steps of the episode`;
  }
}

/** The running cost as a weighted sum of the task's named terms: "c(s, a) = 1·angle + 0.1·speed". */
export function costFormula(terms: readonly Pick<CostTerm, 'name' | 'weight'>[]): string {
  if (terms.length === 0) return 'c(s, a) = 0';
  const parts = terms.map((t, i) => {
    const w = `${fmt(Math.abs(t.weight))}·${t.name}`;
    if (i === 0) return t.weight < 0 ? `−${w}` : w;
    return t.weight < 0 ? `− ${w}` : `+ ${w}`;
  });
  return `c(s, a) = ${parts.join(' ')}`;
}

/** The MPPI settings the explanation quotes. */
export type ExplainedSettings = Pick<
  LabSettings,
  'agent' | 'samples' | 'horizon' | 'lambda' | 'sigma' | 'alpha' | 'gamma' | 'iterations'
>;

/** One equation of the paper in a formula line and plain words. */
export interface EquationNote {
  /** "Eq. 16" etc. */
  readonly eq: string;
  readonly title: string;
  readonly formula: string;
  readonly text: string;
}

/** The trajectory cost S of one sample (Eq. 16, discounted as in App. A) with the current H inserted. */
export function costOfSampleFormula(s: ExplainedSettings): string {
  const H = s.horizon;
  const last = s.agent === 'mppi' ? 'c' : 'Q';
  const noise = `λ ∑ₜ₌₀${sup(H - 1)} ½ uₜᵀ Σ⁻¹ (uₜ + 2εₜ)`;
  const tail = `${H > 1 ? `γ${sup(H - 1)} ` : ''}${last}(s${sub(H - 1)}, a${sub(H - 1)})`;
  const running = H > 1 ? `∑ₜ₌₀${sup(H - 2)} γᵗ c(sₜ, aₜ) + ` : '';
  return `S = ${running}${tail} + ${noise}`;
}

/** The paper's Eq. 16, 15/17, 18 and 7/19 with the current settings, in plain words. */
export function equationNotes(s: ExplainedSettings): EquationNote[] {
  const H = s.horizon;
  const N = s.samples;
  const disc = fmt(s.gamma ** (H - 1));
  const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`;
  let costText: string;
  if (s.agent === 'softq') {
    costText =
      `With H = ${H} the planner samples only the next action, N = ${N} times, and S is the learned Q of that action: ` +
      `the paper's H = 1 case, soft Q-learning with the action found by sampling.`;
  } else {
    const run =
      H > 1
        ? `Its cost S adds the running costs of the first ${steps(H - 1)}, each step further ahead discounted by γ = ${fmt(s.gamma)} (App. A), then `
        : 'With a single step, S is ';
    const end =
      s.agent === 'mpq'
        ? `${H > 1 ? `${disc} (γ${sup(H - 1)}) times ` : ''}the learned Q at the last step: Q stands in for everything that happens after the horizon.`
        : `${H > 1 ? `${disc} (γ${sup(H - 1)}) times ` : ''}the running cost of the last step: nothing after the horizon counts, so a goal further away than H steps is invisible to the planner.`;
    costText = `Each of the N = ${N} sampled action sequences is rolled out for H = ${steps(H)} on the planner's (biased) model. ${run}${end}`;
  }
  costText += ' The last term appears because the noise is drawn around the current plan rather than around zero.';

  const learnText =
    s.agent === 'mppi'
      ? 'Plain MPPI learns nothing: F is still computed and plotted, but no Q is trained.'
      : s.agent === 'softq'
        ? 'SoftQ trains Q towards y = c(s, a) + γ·F(s′), with F taken from a slowly following copy of Q (a target network).'
        : `MPQ trains Q on the real system's steps towards y = c(s, a) + γ·F(s′) with γ = ${fmt(s.gamma)}, F computed by MPPI from the next state s′ with the current Q at the horizon (Eq. 19). ` +
          'So Q learns to predict the soft cost-to-go that lies beyond the short horizon.';

  return [
    {
      eq: 'Eq. 16',
      title: 'Every sampled sequence gets a cost',
      formula: costOfSampleFormula(s),
      text: costText,
    },
    {
      eq: 'Eq. 15, 17',
      title: 'Cheap sequences get large weights',
      formula: 'wₙ = exp(−Sₙ/λ) / ∑ₘ exp(−Sₘ/λ)',
      text:
        `The weights add up to 1 (Eq. 17 is the sum that normalises them). The temperature λ = ${fmt(s.lambda)} sets how sharp they are: ` +
        `a sequence that costs λ = ${fmt(s.lambda)} more than the best gets 1/e ≈ 37 % of the best one's weight, ` +
        `one that costs 5λ = ${fmt(5 * s.lambda)} more gets under 1 %. Small λ trusts the best few; large λ averages over many.`,
    },
    {
      eq: 'Eq. 18',
      title: 'The plan moves towards the weighted average',
      formula: 'uₜ ← uₜ + α ∑ₙ wₙ εₜⁿ',
      text:
        `Each sample is the plan plus Gaussian noise εⁿ of covariance Σ = ${fmt(s.sigma)} (standard deviation √Σ = ${fmt(Math.sqrt(s.sigma))} per action), ` +
        `clipped to the action limits. The plan moves a fraction α = ${fmt(s.alpha)} of the way towards the weighted average, ` +
        `${s.iterations === 1 ? 'once' : `${s.iterations} times`} per control step. Then its first action is applied to the real system and the plan shifts one step ahead.`,
    },
    {
      eq: 'Eq. 7, 19',
      title: 'The free energy is what Q learns',
      formula: 'F = −λ log( (1/N) ∑ₙ exp(−Sₙ/λ) )',
      text:
        `A soft minimum of the N = ${N} costs: never below the smallest S, never above their mean, and the smallest S itself as λ → 0. ` +
        `The plot "mean free energy" shows it, averaged over an episode. ${learnText}`,
    },
  ];
}

/** What the scene's colours mean. */
export function colourNotes(
  s: Pick<LabSettings, 'samples' | 'horizon'>,
  intro: TaskIntro,
): { readonly key: 'cool' | 'warm' | 'mean' | 'goal'; readonly text: string }[] {
  return [
    {
      key: 'cool',
      text: `Thin, dim blue lines: the N = ${s.samples} sampled rollouts, each the path of ${intro.traced} over H = ${s.horizon} steps on the model; thin and dim means a weight well below the average 1/N.`,
    },
    {
      key: 'warm',
      text: 'Wide, bright gold lines: rollouts with many times the average weight, the cheap ones the plan moves towards. Width and colour follow the weight itself, so at a small λ one or two lines are gold and the rest dim, and at a large λ all look alike.',
    },
    {
      key: 'mean',
      text: 'The magenta line with a dot per step: the planned mean trajectory after the update, where the plan now intends to go.',
    },
    { key: 'goal', text: `The goal marker: ${intro.goalMarker}.` },
  ];
}
