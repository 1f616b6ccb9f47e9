import { describe, expect, it } from 'vitest';
import { formatNumber, formatTick, tickLabels } from './format';

describe('number formats', () => {
  it('formats labels with a true minus sign', () => {
    expect(formatNumber(-412.3)).toBe('−412');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(1234567)).toBe('1.23e6');
    expect(formatNumber(-0.00001)).toBe('−1e−5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('−∞');
    expect(formatNumber(12345)).toBe('12345');
  });
  it('gives ticks the decimals their step needs', () => {
    expect(tickLabels([0, 0.25, 0.5], 'linear')).toEqual(['0', '0.25', '0.50']);
    expect(tickLabels([-5, 0, 5], 'linear')).toEqual(['−5', '0', '5']);
    expect(tickLabels([0, 2.5, 5], 'linear')).toEqual(['0', '2.5', '5.0']);
    expect(formatTick(2e11, 1e11)).toBe('2e11');
    expect(tickLabels([0.001, 0.1, 10], 'log')).toEqual(['0.001', '0.1', '10']);
  });
});
