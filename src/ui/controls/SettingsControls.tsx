/**
 * The settings controls: task picker, agent and planner model, the MPPI
 * sliders (paper Eq. 16–18 symbols), and the model parameters (the planner's
 * box and the real system's values, with units from the TaskSpec).
 */
import { AGENT_INFO, AGENT_KINDS } from '../../core/config';
import { MODEL_INFO, MODEL_SOURCES, type ModelSource } from '../../core/model';
import { getTask, taskIds } from '../../core/tasks/registry';
import { paramLimits, type LabSettings, type NumericSetting } from '../../compute/engine/settings';
import { paramUrlNames } from '../url/urlState';
import { Choice } from './Choice';
import {
  numberProblem,
  paramProblem,
  withAgent,
  withModel,
  withNumber,
  withParam,
  withTask,
  type ParamField,
} from './editSettings';
import { NumberField } from './NumberField';
import { NumberSlider } from './NumberSlider';
import { paramLabel } from './paramLabel';
import { sliderRange } from './settingSlider';

export interface SettingsProps {
  settings: LabSettings;
  onChange: (next: LabSettings) => void;
  /** Settings that reset the run are locked while training. */
  training?: boolean;
}

export function TaskPicker({ settings, onChange, training }: SettingsProps) {
  return (
    <Choice
      legend="Task"
      testId="task"
      className="task-picker"
      disabled={training}
      value={settings.task}
      options={taskIds().map((id) => ({ value: id, label: getTask(id).label, title: getTask(id).title }))}
      onChange={(task) => onChange(withTask(settings, task))}
    />
  );
}

export const AGENT_OPTIONS = AGENT_KINDS.map((value) => ({
  value,
  label: AGENT_INFO[value].label,
  title: AGENT_INFO[value].doc,
}));

export const MODEL_OPTIONS = MODEL_SOURCES.map((value) => ({
  value,
  label: MODEL_INFO[value].label,
  title: MODEL_INFO[value].doc,
}));

/** The agent choice (MPQ, MPPI, SoftQ); locked while training. */
export function AgentChoice({ settings, onChange, training }: SettingsProps) {
  return (
    <Choice
      legend="Agent"
      testId="agent"
      disabled={training}
      value={settings.agent}
      options={AGENT_OPTIONS}
      onChange={(a) => onChange(withAgent(settings, a))}
    />
  );
}

/** The planner's model choice (biased, true, DR); locked while training. */
export function ModelChoice({ settings, onChange, training }: SettingsProps) {
  return (
    <Choice
      legend="Planner model"
      testId="model"
      disabled={training}
      value={settings.model}
      options={MODEL_OPTIONS}
      onChange={(m) => onChange(withModel(settings, m))}
    />
  );
}

export function AgentControls(props: SettingsProps) {
  return (
    <section className="group pair" aria-label="Agent and planner model">
      <AgentChoice {...props} />
      <ModelChoice {...props} />
    </section>
  );
}

/** One planner slider: the setting and its URL key (also the test id). */
export interface SliderSpec {
  readonly key: NumericSetting;
  readonly id: string;
}

/** The planner's sliders, by setting and URL key (also the test id); ranges and labels from core/ranges.ts. */
export const PLANNER_SLIDERS: readonly SliderSpec[] = [
  { key: 'samples', id: 'N' },
  { key: 'horizon', id: 'H' },
  { key: 'lambda', id: 'lambda' },
  { key: 'sigma', id: 'sigma' },
  { key: 'alpha', id: 'alpha' },
  { key: 'gamma', id: 'gamma' },
  { key: 'iterations', id: 'iters' },
];

/** The slider of one MPPI setting (H is fixed at 1 for SoftQ; N is locked while training). */
export function PlannerSlider({ spec: sp, settings, onChange, training }: SettingsProps & { spec: SliderSpec }) {
  return (
    <NumberSlider
      id={sp.id}
      {...sliderRange(sp.key)}
      value={settings[sp.key]}
      disabled={(sp.key === 'horizon' && settings.agent === 'softq') || (sp.key === 'samples' && training)}
      hint={
        sp.key === 'horizon' && settings.agent === 'softq'
          ? 'SoftQ plans one step.'
          : sp.key === 'samples' && training
            ? 'Locked while training (stop it to change N).'
            : undefined
      }
      problem={(v) => numberProblem(settings, sp.key, v)}
      onChange={(v) => onChange(withNumber(settings, sp.key, v))}
    />
  );
}

export function PlannerControls({ settings, onChange, training }: SettingsProps) {
  return (
    <fieldset className="group">
      <legend>Planner (MPPI)</legend>
      {PLANNER_SLIDERS.map((sp) => (
        <PlannerSlider key={sp.key} spec={sp} settings={settings} onChange={onChange} training={training} />
      ))}
    </fieldset>
  );
}

const fmt = (x: number): string => String(Number(x.toPrecision(4)));

/** A bar over the allowed range: the planner's box shaded, the real value as a tick. */
function ParamBar({
  lo,
  hi,
  low,
  high,
  truth,
  model,
}: {
  lo: number;
  hi: number;
  low: number;
  high: number;
  truth: number;
  model: ModelSource;
}) {
  const x = (v: number) => `${(100 * (v - lo)) / (hi - lo || 1)}%`;
  return (
    <svg className="param-bar" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true">
      <rect x="0" y="4" width="100" height="4" className="param-bar-range" />
      {model !== 'true' && (
        <rect
          x={x(low)}
          y="1"
          width={`${(100 * (high - low)) / (hi - lo || 1)}%`}
          height="10"
          className="param-bar-box"
        />
      )}
      <rect x={x(truth)} y="0" width="1.2" height="12" className="param-bar-true" />
    </svg>
  );
}

function ParamInput({
  settings,
  onChange,
  field,
  j,
  label,
  training,
}: SettingsProps & { field: ParamField; j: number; label: string }) {
  const name = paramUrlNames(getTask(settings.task))[j];
  const prefix = field === 'modelLow' ? 'lo' : field === 'modelHigh' ? 'hi' : 'true';
  return (
    <NumberField
      testId={`param-${prefix}-${name}`}
      label={label}
      className="param-input"
      value={settings[field][j]}
      disabled={training || (field !== 'trueParams' && settings.model === 'true')}
      problem={(v) => paramProblem(settings, field, j, v)}
      onChange={(v) => onChange(withParam(settings, field, j, v))}
    />
  );
}

/** Parameter j's planner box (low, high), its real value, and the bar showing both within the allowed range. */
export function ParamBox({ settings, onChange, training, j }: SettingsProps & { j: number }) {
  const task = getTask(settings.task);
  const { name, unit } = paramLabel(task.paramNames[j]);
  const title = unit ? `${name} (${unit})` : name;
  const [lo, hi] = paramLimits(task, j);
  return (
    <>
      <div className="param-inputs">
        {(
          [
            ['modelLow', 'planner model low'],
            ['modelHigh', 'planner model high'],
            ['trueParams', 'real system'],
          ] as const
        ).map(([field, what]) => (
          <ParamInput
            key={field}
            settings={settings}
            onChange={onChange}
            field={field}
            j={j}
            training={training}
            label={`${title}: ${what}`}
          />
        ))}
      </div>
      <ParamBar
        lo={lo}
        hi={hi}
        low={settings.modelLow[j]}
        high={settings.modelHigh[j]}
        truth={settings.trueParams[j]}
        model={settings.model}
      />
    </>
  );
}

export function ModelParams({ settings, onChange, training }: SettingsProps) {
  const task = getTask(settings.task);
  return (
    <fieldset className="group">
      <legend>Model parameters</legend>
      <p className="hint">
        {settings.model === 'true'
          ? "The planner uses the real system's values."
          : `The planner draws each parameter from [low, high] (${settings.model === 'dr' ? 'domain randomisation' : 'the biased model'}); the real system uses “real”.`}{' '}
        {training && <strong>Locked while training: stop it to change the parameters. </strong>}
        Allowed: the task's domain-randomisation range. Bar: allowed range, <span className="key-box">planner box</span>
        , <span className="key-true">real value</span>.
      </p>
      <div className="params">
        <div className="param-head" aria-hidden="true">
          <span>low</span>
          <span>high</span>
          <span>real</span>
        </div>
        {task.paramNames.map((p, j) => {
          const { name, unit } = paramLabel(p);
          const [lo, hi] = paramLimits(task, j);
          const title = unit ? `${name} (${unit})` : name;
          return (
            <div key={p} className="param-row" role="group" aria-label={title}>
              <div className="param-name">
                {name}
                {unit && <span className="unit"> {unit}</span>}
                <span className="range-text">
                  {' '}
                  · allowed {fmt(lo)} – {fmt(hi)}
                </span>
              </div>
              <ParamBox settings={settings} onChange={onChange} training={training} j={j} />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
