/** Run: play / pause / step / reset, simulation speed, seed and compute backend. */
import { BACKEND_REQUESTS, type BackendRequest } from '../../compute/backendNames';
import type { LabSettings } from '../../compute/engine/settings';
import { numberProblem, withNumber } from './editSettings';
import { NumberField } from './NumberField';
import { NumberSlider } from './NumberSlider';
import { sliderRange } from './settingSlider';

export interface RunActions {
  play(): void;
  pause(): void;
  step(): void;
  reset(): void;
}

export interface RunControlsProps {
  settings: LabSettings;
  onChange: (next: LabSettings) => void;
  actions: RunActions;
  running: boolean;
  training: boolean;
}

const BACKEND_TEXT: Record<BackendRequest, string> = {
  auto: 'auto (WebGPU if available)',
  webgpu: 'WebGPU',
  wasm: 'WebAssembly (CPU)',
  cpu: 'plain JavaScript (CPU)',
};

/** Play, pause, one step, reset: the episode's buttons. */
export function RunButtons({ actions, running, training }: Pick<RunControlsProps, 'actions' | 'running' | 'training'>) {
  return (
    <div className="buttons run-buttons" role="group" aria-label="Episode controls">
      <button
        type="button"
        data-testid="play"
        className="primary"
        disabled={running || training}
        onClick={actions.play}
        aria-keyshortcuts="Space"
      >
        ▶ Play
      </button>
      <button
        type="button"
        data-testid="pause"
        disabled={!running || training}
        onClick={actions.pause}
        aria-keyshortcuts="Space"
      >
        ❚❚ Pause
      </button>
      <button
        type="button"
        data-testid="step"
        disabled={training}
        onClick={actions.step}
        aria-label="Step: one control step"
        aria-keyshortcuts="S"
      >
        ⇥ Step
      </button>
      <button
        type="button"
        data-testid="reset"
        disabled={training}
        onClick={actions.reset}
        aria-label="Reset episode"
        aria-keyshortcuts="R"
      >
        ↺ Reset
      </button>
    </div>
  );
}

export function RunControls({ settings, onChange, actions, running, training }: RunControlsProps) {
  return (
    <fieldset className="group">
      <legend>Run</legend>
      <RunButtons actions={actions} running={running} training={training} />
      <NumberSlider
        id="speed"
        {...sliderRange('speed')}
        value={settings.speed}
        problem={(v) => numberProblem(settings, 'speed', v)}
        onChange={(v) => onChange(withNumber(settings, 'speed', v))}
      />
      <div className="inline-fields">
        <label className="inline-field">
          Seed
          <NumberField
            testId="value-seed"
            label="Seed"
            value={settings.seed}
            disabled={training}
            problem={(v) => numberProblem(settings, 'seed', v)}
            onChange={(v) => onChange(withNumber(settings, 'seed', v))}
          />
        </label>
        <label className="inline-field">
          Backend
          <select
            data-testid="backend-select"
            value={settings.backend}
            disabled={training}
            onChange={(e) => onChange({ ...settings, backend: e.target.value as BackendRequest })}
          >
            {BACKEND_REQUESTS.map((b) => (
              <option key={b} value={b}>
                {BACKEND_TEXT[b]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </fieldset>
  );
}
