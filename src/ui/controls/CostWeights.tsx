/**
 * The running cost's weights, one slider per named cost term of the task,
 * built from the task's cost spec (name, what it measures, range), so a task's
 * cost can be reshaped live and its effect watched from the same start state.
 * The weights are settings: in the link, in run files, checked against each
 * term's range, and used by both planners, the Eq. 19 targets and the return.
 */
import { getTask } from '../../core/tasks/registry';
import { formatNumber } from '../../plotmath/format';
import { costWeightProblem, withCostWeight, withDefaultCostWeights } from './editSettings';
import { NumberSlider } from './NumberSlider';
import type { SettingsProps } from './SettingsControls';

export function CostWeights({ settings, onChange, training }: SettingsProps) {
  const task = getTask(settings.task);
  const atDefaults = task.costTerms.every((t, k) => settings.costWeights[k] === t.weight);
  return (
    <fieldset className="group" data-testid="cost-weights">
      <legend>Cost weights</legend>
      <p className="hint">
        c(s, a) = Σ weight × term. A new weight restarts the episode from its start state
        {training ? '; fixed while training (a Q-function learns one cost).' : '.'}
      </p>
      {task.costTerms.map((t, k) => (
        <NumberSlider
          key={t.name}
          id={`w-${t.name}`}
          label={`${t.name} weight`}
          fieldLabel={`${t.name} weight value`}
          value={settings.costWeights[k]}
          min={t.range[0]}
          max={t.range[1]}
          disabled={training}
          hint={`${t.doc}. Default ${formatNumber(t.weight, 4)}.`}
          problem={(v) => costWeightProblem(settings, k, v)}
          onChange={(v) => onChange(withCostWeight(settings, k, v))}
        />
      ))}
      <div className="buttons">
        <button
          type="button"
          data-testid="cost-weights-default"
          disabled={training || atDefaults}
          onClick={() => onChange(withDefaultCostWeights(settings))}
        >
          Default weights
        </button>
      </div>
    </fieldset>
  );
}
