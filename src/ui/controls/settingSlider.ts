/**
 * A numeric setting's slider, read from the one table of ranges
 * (core/ranges.ts): its label from the table's symbol, name and unit, its
 * range from the page's limits (or the table's shorter slider top), log scale
 * where the table says so.
 */
import { SETTING_RANGES } from '../../core/ranges';
import { NUMERIC_SETTINGS, SETTING_RULES, type NumericSetting } from '../../compute/engine/settings';

export interface SliderRange {
  /** Visible label: symbol, name and unit ("H  horizon (steps)"). */
  readonly label: string;
  /** The number field's accessible name ("λ temperature value"). */
  readonly fieldLabel: string;
  readonly min: number;
  readonly max: number;
  readonly scale: 'linear' | 'log';
  readonly integer: boolean;
  /** Step on a linear scale: about a hundredth of the range, rounded to a power of ten. */
  readonly step?: number;
}

/** The slider of a numeric setting. */
export function sliderRange(key: NumericSetting): SliderRange {
  const row = SETTING_RANGES[NUMERIC_SETTINGS[key]];
  const rule = SETTING_RULES[key];
  const min = rule.min ?? rule.above ?? 0;
  const max = Math.min(rule.max ?? Number.MAX_SAFE_INTEGER, row.sliderMax ?? Infinity);
  const scale = row.scale ?? 'linear';
  const integer = row.kind === 'integer';
  const name = row.symbol ? `${row.symbol}  ${row.name}` : row.name;
  const step = integer || scale === 'log' ? undefined : 10 ** Math.round(Math.log10((max - min) / 100));
  return {
    label: row.unit ? `${name} (${row.unit})` : name,
    fieldLabel: `${row.symbol ? `${row.symbol} ${row.name}` : row.name} value`,
    min,
    max,
    scale,
    integer,
    step,
  };
}
