/**
 * A number typed as text: applied as soon as it is a value the setting may
 * take, else the field is marked invalid and says what is allowed; leaving
 * the field (or Escape / Enter) shows the value in force again.
 */
import { useState } from 'react';

export interface NumberFieldProps {
  testId: string;
  /** What a screen reader reads for the field. */
  label: string;
  value: number;
  /** Null when the value may be set, else what is allowed. */
  problem: (v: number) => string | null;
  onChange: (v: number) => void;
  disabled?: boolean;
  className?: string;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function NumberField({ testId, label, value, problem, onChange, disabled, className }: NumberFieldProps) {
  const [draft, setDraft] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  // A new value from outside replaces the draft (React's "adjust state while rendering" pattern).
  const [shown, setShown] = useState(value);
  if (!Object.is(shown, value)) {
    setShown(value);
    setDraft(String(value));
    setError(null);
  }
  return (
    <span className={`number-field ${className ?? ''}`}>
      <input
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        data-testid={testId}
        aria-label={label}
        aria-invalid={error !== null}
        value={draft}
        disabled={disabled}
        onChange={(e) => {
          const text = e.target.value.trim();
          setDraft(e.target.value);
          if (!NUMBER_TEXT.test(text)) return setError(text === '' ? 'enter a number' : 'not a number');
          const bad = problem(Number(text));
          setError(bad);
          if (bad === null) onChange(Number(text));
        }}
        onBlur={() => {
          setDraft(String(value));
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === 'Enter') e.currentTarget.blur();
        }}
      />
      {error !== null && (
        <span className="field-error" role="status">
          {error}
        </span>
      )}
    </span>
  );
}
