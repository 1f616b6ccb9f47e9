/**
 * "What am I looking at?": for a student, the task and its goal, the cost terms
 * (from the TaskSpec) with the weights in force, what the scene's colours mean, and the
 * paper's equations behind the rollout weights with the current λ, Σ, H, N.
 */
import { useMemo } from 'react';
import type { LabSettings } from '../../compute/engine/settings';
import { getTask, type TaskId } from '../../core/tasks/registry';
import '../panels.css';
import { cssColor, SCENE_COLORS } from '../scenes/sceneColors';
import { colourNotes, costFormula, describeSuccessRule, equationNotes, fmt } from './explanationText';

export interface ExplanationProps {
  task: TaskId;
  settings: LabSettings;
}

const AGENT_NAME: Record<LabSettings['agent'], string> = {
  mpq: 'MPQ: MPPI with a learned Q-function at the end of the horizon',
  mppi: 'plain MPPI: no Q-function, the running cost at the end of the horizon',
  softq: 'SoftQ: a one-step planner on the learned Q-function',
};

/** Each colour-key entry's colour: the scene's own (scenes/sceneColors.ts). */
const SWATCH_COLOR = {
  cool: SCENE_COLORS.rolloutLight,
  warm: SCENE_COLORS.rolloutHeavy,
  mean: SCENE_COLORS.plan,
  goal: SCENE_COLORS.goal,
} as const;

export function Explanation({ task, settings }: ExplanationProps) {
  const spec = getTask(task);
  const intro = spec.intro;
  const eqs = useMemo(() => equationNotes(settings), [settings]);
  const colours = colourNotes(settings, intro);
  const terms = spec.costTerms.map((t, k) => ({ ...t, weight: settings.costWeights[k] ?? t.weight }));
  return (
    <details className="panel explain" open data-testid="explanation">
      <summary>What am I looking at?</summary>

      <h3>{spec.title}</h3>
      <p>{intro.system}</p>
      <p>
        <strong>Goal:</strong> {intro.goal} An episode counts as a success when {describeSuccessRule(spec.successRule)}.
      </p>

      <h3>The cost the planner minimises</h3>
      <p className="eq" data-testid="cost-formula">
        {costFormula(terms)}
      </p>
      <ul className="cost-terms">
        {terms.map((t) => (
          <li key={t.name}>
            <code>{t.name}</code> × {fmt(t.weight)}: {t.doc}
          </li>
        ))}
      </ul>
      <p>The return plotted per episode is minus the sum of these costs over the episode, so higher is better.</p>

      <h3>What the colours mean</h3>
      <ul className="colour-key">
        {colours.map((c) => (
          <li key={c.key}>
            <span
              className={`swatch swatch-${c.key}`}
              style={{ borderColor: cssColor(SWATCH_COLOR[c.key]) }}
              aria-hidden="true"
            />
            {c.text}
          </li>
        ))}
      </ul>

      <h3>Where the weights come from</h3>
      <p>
        Agent: {AGENT_NAME[settings.agent]}. Now: N = {settings.samples}, H = {settings.horizon}, λ ={' '}
        {fmt(settings.lambda)}, Σ = {fmt(settings.sigma)}, α = {fmt(settings.alpha)}, γ = {fmt(settings.gamma)}.
      </p>
      <ol className="equations">
        {eqs.map((e) => (
          <li key={e.eq}>
            <p className="eq-title">
              <strong>{e.title}</strong> <span className="eq-ref">({e.eq})</span>
            </p>
            <p className="eq">{e.formula}</p>
            <p>{e.text}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}
