/** A group of radio buttons styled as a segmented switch, inside its own fieldset. */
import { useId } from 'react';

export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
  /** Shown as a tooltip and read after the label. */
  title?: string;
}

export interface ChoiceProps<T extends string> {
  legend: string;
  /** Test ids are `<testId>-<value>`. */
  testId: string;
  options: readonly ChoiceOption<T>[];
  value: T;
  onChange: (v: T) => void;
  disabled?: boolean;
  className?: string;
}

export function Choice<T extends string>({
  legend,
  testId,
  options,
  value,
  onChange,
  disabled,
  className,
}: ChoiceProps<T>) {
  const name = useId();
  return (
    <fieldset className={`choice ${className ?? ''}`} disabled={disabled}>
      <legend>{legend}</legend>
      <div className="segments">
        {options.map((o) => (
          <label key={o.value} className={o.value === value ? 'segment selected' : 'segment'} title={o.title}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={o.value === value}
              data-testid={`${testId}-${o.value}`}
              onChange={() => onChange(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
