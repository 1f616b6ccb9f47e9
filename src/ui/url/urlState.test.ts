import { describe, expect, it } from 'vitest';
import { getTask, taskIds } from '../../core/tasks/registry';
import { defaultSettings, settingsProblems, type LabSettings } from '../../compute/engine/settings';
import { encodeSettings, paramUrlNames, parseSettings, shortParamName } from './urlState';

const keysOf = (notices: readonly { key: string }[]) => notices.map((n) => n.key);

describe('parameter names in the URL', () => {
  it('drops unit suffixes', () => {
    expect(shortParamName('mass_kg')).toBe('mass');
    expect(shortParamName('ball_inertia_kg_m2')).toBe('ball_inertia');
    expect(shortParamName('string_stiffness_N_per_m')).toBe('string_stiffness');
    expect(shortParamName('joint_damping_Nms_per_rad')).toBe('joint_damping');
    expect(shortParamName('sliding_friction')).toBe('sliding_friction');
  });

  it('gives every parameter of every task a distinct name', () => {
    for (const id of taskIds()) {
      const names = paramUrlNames(getTask(id));
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

describe('round trip', () => {
  it('reads back the defaults of every task and agent exactly, with no notice', () => {
    for (const id of taskIds()) {
      for (const agent of ['mpq', 'mppi', 'softq'] as const) {
        const s = defaultSettings(id, agent);
        const back = parseSettings(encodeSettings(s));
        expect(back.notices).toEqual([]);
        expect(back.settings).toEqual(s);
      }
    }
  });

  it('reads back awkward values exactly (long decimals, tiny and large numbers)', () => {
    const s: LabSettings = {
      ...defaultSettings('ballincup', 'mppi'),
      samples: 16384,
      horizon: 128,
      lambda: 0.1 + 0.2,
      sigma: 1e-3,
      alpha: 1 / 3,
      gamma: 0,
      iterations: 10,
      model: 'dr',
      modelLow: [0.0087, 0.22e-5, 0.00375],
      modelHigh: [0.87, 22e-5, 1.5],
      trueParams: [0.058, 1.47e-5, 0.05],
      seed: 2 ** 31 - 1,
      speed: 0.1,
      trainEpisodes: 3,
      data: 'dr',
      backend: 'wasm',
    };
    expect(settingsProblems(s)).toEqual([]);
    const back = parseSettings(encodeSettings(s));
    expect(back.notices).toEqual([]);
    expect(back.settings).toEqual(s);
  });

  it('writes readable keys', () => {
    const q = encodeSettings(defaultSettings('pendulum'));
    expect(q).toContain('task=pendulum');
    expect(q).toContain('N=24');
    expect(q).toContain('H=8');
    expect(q).toContain('lambda=0.15');
    expect(q).toContain('lo.mass=0.9');
    expect(q).toContain('hi.length=1.5');
    expect(q).toContain('true.mass=1');
  });
});

describe('partial and bad links', () => {
  it('an empty query gives the pendulum MPQ defaults', () => {
    expect(parseSettings('')).toEqual({ settings: defaultSettings('pendulum', 'mpq'), paperSeeds: 1, notices: [] });
  });

  it("carries paper mode's seed count, and refuses one outside 1–3 with a notice", () => {
    const s = defaultSettings('ballincup');
    const back = parseSettings(encodeSettings(s, 3));
    expect(back).toEqual({ settings: s, paperSeeds: 3, notices: [] });
    expect(encodeSettings(s)).toContain('paperSeeds=1');
    for (const bad of ['0', '4', '1.5', 'two', '']) {
      const r = parseSettings(`?task=ballincup&paperSeeds=${bad}`);
      expect(r.paperSeeds).toBe(1);
      expect(r.settings).toEqual(s);
      expect(r.notices).toHaveLength(1);
      expect(r.notices[0]).toMatchObject({ key: 'paperSeeds', value: bad });
      expect(r.notices[0].allowed).toMatch(/the default 1 is used$/);
    }
  });

  it('fills what is missing from the task and agent defaults', () => {
    const r = parseSettings('?task=fetch&agent=mppi&H=64');
    expect(r.notices).toEqual([]);
    expect(r.settings).toEqual({ ...defaultSettings('fetch', 'mppi'), horizon: 64 });
  });

  it('uses the DR box by default for model=dr', () => {
    const r = parseSettings('task=pendulum&model=dr');
    const t = getTask('pendulum');
    expect(r.settings.modelLow).toEqual(t.dr.low);
    expect(r.settings.modelHigh).toEqual(t.dr.high);
  });

  it('accepts the full parameter name too', () => {
    expect(parseSettings('true.mass_kg=1.2').settings.trueParams).toEqual([1.2, 1]);
  });

  it('replaces each bad value by its default and names key, value and what is allowed', () => {
    const r = parseSettings(
      'task=pendulum&N=abc&H=0&lambda=-1&gamma=2&iters=1.5&model=perfect&seed=&true.mass=99&speed=0x10&lo.length=1.2',
    );
    const d = defaultSettings('pendulum');
    expect(r.settings).toEqual({ ...d, modelLow: [0.9, 1.2] });
    expect(keysOf(r.notices).sort()).toEqual(
      ['H', 'N', 'gamma', 'iters', 'lambda', 'model', 'seed', 'speed', 'true.mass'].sort(),
    );
    const byKey = Object.fromEntries(r.notices.map((n) => [n.key, n]));
    expect(byKey.N.value).toBe('abc');
    expect(byKey.N.allowed).toMatch(/integer in \[2, 16384\].*default 24/);
    expect(byKey.gamma.allowed).toMatch(/\[0, 1\]/);
    expect(byKey.model.allowed).toMatch(/biased \| true \| dr/);
    expect(byKey['true.mass'].value).toBe('99');
    expect(byKey['true.mass'].allowed).toMatch(/\[0\.5, 2\]/);
  });

  it('an unknown task falls back to the pendulum and says which tasks exist', () => {
    const r = parseSettings('task=cartpole&N=30');
    expect(r.settings).toEqual({ ...defaultSettings('pendulum'), samples: 30 });
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toMatchObject({ key: 'task', value: 'cartpole' });
    expect(r.notices[0].allowed).toContain('ballincup');
  });

  it('notices unknown keys and parameters of another task', () => {
    const r = parseSettings('task=pendulum&utm_source=mail&lo.ball_mass=0.1');
    expect(r.settings).toEqual(defaultSettings('pendulum'));
    expect(keysOf(r.notices)).toEqual(['utm_source', 'lo.ball_mass']);
    expect(r.notices[1].allowed).toContain('mass, length');
  });

  it("a low end above the high end restores that parameter's box", () => {
    const r = parseSettings('lo.mass=1.4&hi.mass=1.0');
    expect(r.settings.modelLow).toEqual([0.9, 0.9]);
    expect(r.settings.modelHigh).toEqual([1.5, 1.5]);
    expect(keysOf(r.notices)).toEqual(['lo.mass']);
  });

  it('softq plans one step', () => {
    const r = parseSettings('agent=softq&H=8');
    expect(r.settings.horizon).toBe(1);
    expect(keysOf(r.notices)).toEqual(['H']);
  });

  it('a repeated key uses the last value and says so', () => {
    const r = parseSettings('N=30&N=40');
    expect(r.settings.samples).toBe(40);
    expect(keysOf(r.notices)).toEqual(['N']);
  });

  it('never throws, whatever it is given', () => {
    const junk = [
      '%',
      '?&&==&',
      'task',
      'task=',
      '=1',
      '%E0%A4%A',
      'lo.=1',
      'H=1e999',
      'N=-0',
      'seed=1e3',
      '\u0000=\u0000',
      'a'.repeat(10000),
    ];
    for (const q of junk) {
      const r = parseSettings(q);
      expect(settingsProblems(r.settings)).toEqual([]);
    }
    expect(parseSettings('seed=1e3').settings.seed).toBe(1000);
    expect(parseSettings('H=1e999').notices).toHaveLength(1);
  });
});

describe('cost weights in the URL', () => {
  it('are written as w.<term> and read back exactly', () => {
    const s: LabSettings = { ...defaultSettings('franka'), costWeights: [0.5, 0, -2.5, 1 / 3] };
    const q = encodeSettings(s);
    expect(q).toContain('w.reach=0.5&w.orient=0&w.hooked=-2.5&w.drawer=0.3333333333333333');
    const back = parseSettings(q);
    expect(back.notices).toEqual([]);
    expect(back.settings).toEqual(s);
  });

  it("replace a weight outside its term's range, or not a number, by the default and say so", () => {
    const r = parseSettings('w.angle=9&w.speed=fast');
    expect(r.settings.costWeights).toEqual([1, 0.1]);
    expect(r.notices).toEqual([
      { key: 'w.angle', value: '9', allowed: 'a number in [0, 5]; the default 1 is used' },
      { key: 'w.speed', value: 'fast', allowed: 'a number in [0, 1]; the default 0.1 is used' },
    ]);
    expect(parseSettings('w.speed=0').settings.costWeights).toEqual([1, 0]);
  });

  it("name the task's terms for a weight of a term it does not have", () => {
    const r = parseSettings('task=pendulum&w.reach=1');
    expect(r.notices).toEqual([
      { key: 'w.reach', value: '1', allowed: 'not a cost term of pendulum; its terms are angle, speed' },
    ]);
  });
});
