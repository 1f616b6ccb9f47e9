import { describe, expect, it } from 'vitest';
import { getTask } from '../../core/tasks/registry';
import {
  defaultSettings,
  NUMERIC_SETTINGS,
  SETTING_RULES,
  settingsProblems,
  type NumericSetting,
} from '../../compute/engine/settings';
import { numberProblem, paramProblem, withAgent, withModel, withNumber, withParam, withTask } from './editSettings';
import { paramLabel } from './paramLabel';
import { roundForSlider } from './NumberSlider';
import { sliderRange } from './settingSlider';

describe('parameter labels', () => {
  it('reads names and units from the TaskSpec names', () => {
    expect(paramLabel('mass_kg')).toEqual({ name: 'mass', unit: 'kg' });
    expect(paramLabel('ball_inertia_kg_m2')).toEqual({ name: 'ball inertia', unit: 'kg·m²' });
    expect(paramLabel('string_stiffness_N_per_m')).toEqual({ name: 'string stiffness', unit: 'N/m' });
    expect(paramLabel('joint_damping_Nms_per_rad')).toEqual({ name: 'joint damping', unit: 'N·m·s/rad' });
    expect(paramLabel('sliding_friction')).toEqual({ name: 'sliding friction', unit: '' });
  });
});

describe('editing settings', () => {
  const s = defaultSettings('pendulum');

  it('a new task takes its paper settings and keeps seed, speed and backend', () => {
    const t = withTask({ ...s, seed: 7, speed: 2, backend: 'cpu', samples: 100 }, 'fetch');
    expect(t).toEqual({ ...defaultSettings('fetch'), seed: 7, speed: 2, backend: 'cpu' });
    expect(settingsProblems(t)).toEqual([]);
  });

  it('softq gets H 1, and leaving it gives back the task horizon', () => {
    const q = withAgent({ ...s, horizon: 20 }, 'softq');
    expect(q.horizon).toBe(1);
    expect(settingsProblems(q)).toEqual([]);
    expect(withAgent(q, 'mpq').horizon).toBe(8);
    expect(withAgent({ ...s, horizon: 20 }, 'mppi').horizon).toBe(20);
  });

  it('dr and biased start from their own box', () => {
    const dr = withModel(s, 'dr');
    expect(dr.modelLow).toEqual(getTask('pendulum').dr.low);
    expect(withModel(dr, 'biased').modelHigh).toEqual(getTask('pendulum').biased.high);
    expect(withModel(dr, 'true').modelLow).toEqual(dr.modelLow);
  });

  it('refuses values settings.ts refuses, and says what is allowed', () => {
    expect(numberProblem(s, 'samples', 1)).toMatch(/\[2, 16384\]/);
    expect(numberProblem(s, 'samples', 2.5)).toMatch(/integer/);
    expect(numberProblem(withAgent(s, 'softq'), 'horizon', 2)).toMatch(/one step/);
    expect(withNumber(s, 'lambda', 0)).toBe(s);
    expect(withNumber(s, 'lambda', 0.3).lambda).toBe(0.3);
    expect(paramProblem(s, 'modelLow', 0, 1.6)).toMatch(/exceed high/);
    expect(paramProblem(s, 'trueParams', 1, 9)).toMatch(/\[0\.5, 2\]/);
    expect(withParam(s, 'modelHigh', 1, 1.8).modelHigh).toEqual([1.5, 1.8]);
    expect(withParam(s, 'modelHigh', 1, 0.5)).toBe(s);
  });
});

describe('slider rounding', () => {
  it('keeps four significant digits', () => {
    expect(roundForSlider(0.150123, false)).toBe(0.15);
    expect(roundForSlider(12.3456, false)).toBe(12.35);
    expect(roundForSlider(7.6, true)).toBe(8);
  });
});

describe('sliders read the table of ranges', () => {
  it('labels, ranges and scales come from core/ranges.ts', () => {
    expect(sliderRange('lambda')).toMatchObject({ label: 'λ  temperature', min: 1e-4, max: 100, scale: 'log' });
    expect(sliderRange('horizon')).toMatchObject({ label: 'H  horizon (steps)', min: 1, max: 128, integer: true });
    // N's slider stops at 4096; its field goes on to the page's limit, 16384.
    expect(sliderRange('samples')).toMatchObject({ min: 2, max: 4096, scale: 'log' });
    expect(SETTING_RULES.samples.max).toBe(16384);
    expect(sliderRange('alpha')).toMatchObject({ min: 0.01, max: 1, step: 0.01, scale: 'linear' });
    expect(sliderRange('speed')).toMatchObject({ label: 'Speed (× real time)', min: 0.1, max: 10, scale: 'log' });
  });

  it('every slider end is a value the page accepts', () => {
    const s = defaultSettings('pendulum');
    for (const key of Object.keys(NUMERIC_SETTINGS) as NumericSetting[]) {
      const r = sliderRange(key);
      expect(numberProblem(s, key, r.min), key).toBeNull();
      expect(numberProblem(s, key, r.max), key).toBeNull();
    }
  });
});
