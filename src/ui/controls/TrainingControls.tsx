/** Training: episodes, where the data comes from, start / stop and progress (the Q's source is QSourceControl). */
import type { TrainingProgress } from '../../compute/engine/protocol';
import type { LabSettings } from '../../compute/engine/settings';
import { Choice } from './Choice';
import { numberProblem, withNumber } from './editSettings';
import { NumberField } from './NumberField';

export interface TrainingControlsProps {
  settings: LabSettings;
  onChange: (next: LabSettings) => void;
  progress: TrainingProgress | null;
  training: boolean;
  onStart: () => void;
  onStop: () => void;
}

const DATA_OPTIONS = [
  { value: 'real' as const, label: 'Real system', title: "Q learns from the real system's transitions (Algorithm 1)" },
  {
    value: 'dr' as const,
    label: 'DR sim',
    title:
      "Q learns from simulations whose parameters are redrawn every step from the planner's biased box (Table 1: the paper's domain randomisation)",
  },
];

function etaText(sec: number | null): string {
  if (sec === null) return '';
  if (sec < 90) return ` · about ${Math.max(1, Math.round(sec))} s left`;
  return ` · about ${Math.round(sec / 60)} min left`;
}

export function TrainingControls(p: TrainingControlsProps) {
  const { settings, onChange, progress, training } = p;
  const learns = settings.agent !== 'mppi';
  return (
    <fieldset className="group">
      <legend>Training</legend>
      {!learns && <p className="hint">Plain MPPI does not learn: pick MPQ or SoftQ to train a Q-function.</p>}
      <div className="inline-fields">
        <label className="inline-field">
          Episodes
          <NumberField
            testId="value-episodes"
            label="Training episodes"
            value={settings.trainEpisodes}
            disabled={training}
            problem={(v) => numberProblem(settings, 'trainEpisodes', v)}
            onChange={(v) => onChange(withNumber(settings, 'trainEpisodes', v))}
          />
        </label>
      </div>
      <Choice
        legend="Training data"
        testId="data"
        disabled={training}
        value={settings.data}
        options={DATA_OPTIONS}
        onChange={(data) => onChange({ ...settings, data })}
      />
      <div className="buttons">
        {training ? (
          <button type="button" data-testid="train-stop" className="danger" onClick={p.onStop}>
            ■ Stop training
          </button>
        ) : (
          <button type="button" data-testid="train-start" className="primary" disabled={!learns} onClick={p.onStart}>
            ▶ Train {settings.trainEpisodes} episode{settings.trainEpisodes === 1 ? '' : 's'}
          </button>
        )}
      </div>
      {progress && (
        <p className="hint" data-testid="train-status" role="status">
          {progress.done} / {progress.total} episodes
          {progress.running && progress.phase === 'updating' ? ' · updating Q' : ''}
          {progress.running ? etaText(progress.etaSec) : progress.done >= progress.total ? ' · done' : ' · stopped'}
        </p>
      )}
    </fieldset>
  );
}
