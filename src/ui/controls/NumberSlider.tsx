/**
 * A slider with a number field beside it for one numeric setting. The slider
 * covers a practical range (log scale where the setting spans decades); the
 * field takes anything the setting's rule allows and says what is wrong with
 * a value it cannot take instead of applying it.
 */
import { useId, type ReactNode } from 'react';
import { NumberField } from './NumberField';

export interface NumberSliderProps {
  /** Test id suffix: `slider-<id>` and `value-<id>`. */
  id: string;
  /** Visible label (symbol and name). */
  label: ReactNode;
  /** Read by screen readers for the number field, e.g. "λ temperature value". */
  fieldLabel: string;
  value: number;
  /** The slider's range (the field may go beyond it within the rule). */
  min: number;
  max: number;
  scale?: 'linear' | 'log';
  integer?: boolean;
  /** Slider step on a linear scale. */
  step?: number;
  /** Null when the value may be set, else what is allowed. */
  problem: (v: number) => string | null;
  onChange: (v: number) => void;
  disabled?: boolean;
  /** One line under the control. */
  hint?: ReactNode;
}

/** Slider positions on a log scale. */
const LOG_STEPS = 1000;

/** Up to 4 significant digits, so a log slider's value reads cleanly. */
export function roundForSlider(x: number, integer: boolean): number {
  if (integer) return Math.round(x);
  return Number(x.toPrecision(x >= 1 ? 4 : 3));
}

export function NumberSlider(props: NumberSliderProps) {
  const {
    id,
    label,
    fieldLabel,
    value,
    min,
    max,
    scale = 'linear',
    integer = false,
    step,
    problem,
    onChange,
    disabled,
    hint,
  } = props;
  const sliderId = useId();
  const log = scale === 'log';
  const toSlider = (v: number) =>
    log
      ? (LOG_STEPS * Math.log(Math.min(Math.max(v, min), max) / min)) / Math.log(max / min)
      : Math.min(Math.max(v, min), max);
  const fromSlider = (p: number) =>
    roundForSlider(log ? min * Math.exp((p / LOG_STEPS) * Math.log(max / min)) : p, integer);
  return (
    <div className="setting">
      <label htmlFor={sliderId} className="setting-label">
        {label}
      </label>
      <div className="setting-row">
        <input
          id={sliderId}
          type="range"
          data-testid={`slider-${id}`}
          min={log ? 0 : min}
          max={log ? LOG_STEPS : max}
          step={log ? 1 : (step ?? (integer ? 1 : (max - min) / 100))}
          value={toSlider(value)}
          disabled={disabled}
          aria-valuetext={String(value)}
          onChange={(e) => {
            const v = fromSlider(Number(e.target.value));
            if (problem(v) === null) onChange(v);
          }}
        />
        <NumberField
          testId={`value-${id}`}
          label={fieldLabel}
          className="setting-value"
          value={value}
          disabled={disabled}
          problem={problem}
          onChange={onChange}
        />
      </div>
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}
