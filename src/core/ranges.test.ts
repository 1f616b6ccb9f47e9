import { describe, expect, it } from 'vitest';
import { defaultAgentConfig, defaultLearnConfig } from './config';
import { checkNumber, LEARN_KEYS, MPPI_KEYS, pageRuleOf, ruleOf, SETTING_RANGES, type SettingName } from './ranges';
import { getTask, taskIds } from './tasks/registry';

const names = Object.keys(SETTING_RANGES) as SettingName[];

describe('the table of ranges', () => {
  it('covers every numeric field of MppiConfig and LearnConfig, each row with a name and a one-line doc', () => {
    const task = getTask(taskIds()[0]);
    const mppi = defaultAgentConfig(task).mppi;
    const learn = defaultLearnConfig(task);
    for (const k of MPPI_KEYS) expect(typeof mppi[k]).toBe('number');
    for (const k of LEARN_KEYS) expect(typeof learn[k]).toBe('number');
    const numericMppi = Object.keys(mppi).filter((k) => typeof mppi[k as keyof typeof mppi] === 'number');
    const numericLearn = Object.keys(learn).filter((k) => typeof learn[k as keyof typeof learn] === 'number');
    expect([...numericMppi].sort()).toEqual([...MPPI_KEYS].sort());
    expect([...numericLearn].sort()).toEqual([...LEARN_KEYS].sort());
    for (const n of names) {
      expect(SETTING_RANGES[n].name.length, n).toBeGreaterThan(0);
      expect(SETTING_RANGES[n].doc.length, n).toBeGreaterThan(0);
      expect(SETTING_RANGES[n].doc, n).not.toContain('\n');
    }
  });

  it("keeps the page's limits inside the whole range, and a slider's top inside the page's", () => {
    for (const n of names) {
      const all = ruleOf(n);
      const page = pageRuleOf(n);
      const lo = page.min ?? page.above ?? -Infinity;
      const hi = page.max ?? Infinity;
      expect(lo, n).toBeLessThanOrEqual(hi);
      // Both ends of the page's range are values the whole range accepts.
      if (Number.isFinite(lo)) expect(checkNumber(page.min !== undefined ? lo : lo + 1e-9, all), n).toBeNull();
      if (Number.isFinite(hi)) expect(checkNumber(hi, all), n).toBeNull();
      const top = SETTING_RANGES[n].sliderMax;
      if (top !== undefined) expect(checkNumber(top, page), n).toBeNull();
    }
  });

  it("accepts every task's paper defaults on the page and in the CLI", () => {
    for (const task of taskIds().map(getTask)) {
      for (const agent of ['mpq', 'mppi', 'softq'] as const) {
        const mppi = defaultAgentConfig(task, agent).mppi;
        for (const k of MPPI_KEYS) {
          expect(checkNumber(mppi[k], ruleOf(k)), `${task.id} ${k}`).toBeNull();
          expect(checkNumber(mppi[k], pageRuleOf(k)), `${task.id} ${k}`).toBeNull();
        }
      }
      const learn = defaultLearnConfig(task);
      for (const k of LEARN_KEYS) expect(checkNumber(learn[k], ruleOf(k)), `${task.id} ${k}`).toBeNull();
    }
  });

  it('states λ once: (0, 1e6] for the CLI, [1e-4, 100] on the page', () => {
    expect(checkNumber(0, ruleOf('lambda'))).toBe('a number in (0, 1000000]');
    expect(checkNumber(1e-6, ruleOf('lambda'))).toBeNull();
    expect(checkNumber(1e-6, pageRuleOf('lambda'))).toBe('a number in [0.0001, 100]');
    expect(checkNumber(100, pageRuleOf('lambda'))).toBeNull();
    expect(checkNumber(101, pageRuleOf('lambda'))).toBe('a number in [0.0001, 100]');
  });
});

describe('checkNumber', () => {
  it('names what is allowed, and refuses NaN, ±Infinity and fractions of integers', () => {
    expect(checkNumber(NaN, {})).toBe('a number');
    expect(checkNumber(Infinity, { max: 3 })).toBe('a number ≤ 3');
    expect(checkNumber(-Infinity, { min: 0 })).toBe('a number ≥ 0');
    expect(checkNumber(0, { above: 0 })).toBe('a number > 0');
    expect(checkNumber(2.5, { integer: true, min: 1 })).toBe('an integer ≥ 1');
    expect(checkNumber(3, { integer: true, min: 1 })).toBeNull();
    expect(checkNumber(1, { integer: true, min: 1, max: 3 })).toBeNull();
    expect(checkNumber(4, { integer: true, min: 1, max: 3 })).toBe('an integer in [1, 3]');
  });
});
