import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../compute/engine/settings';
import { getTask, taskIds } from '../../core/tasks/registry';
import {
  colourNotes,
  costFormula,
  costOfSampleFormula,
  describeSuccessRule,
  equationNotes,
  sub,
  sup,
} from './explanationText';

describe('costFormula', () => {
  it('builds the running cost from the task spec', () => {
    expect(costFormula(getTask('pendulum').costTerms)).toBe('c(s, a) = 1·angle + 0.1·speed');
    expect(costFormula(getTask('franka').costTerms)).toBe('c(s, a) = 1·reach + 0.08·orient − 1·hooked + 1·drawer');
    expect(costFormula([{ name: 'bonus', weight: -2 }])).toBe('c(s, a) = −2·bonus');
    expect(costFormula([])).toBe('c(s, a) = 0');
  });
});

describe('super- and subscripts', () => {
  it('writes integers', () => {
    expect(sup(7)).toBe('⁷');
    expect(sup(63)).toBe('⁶³');
    expect(sub(10)).toBe('₁₀');
  });
});

describe('describeSuccessRule', () => {
  it('covers every rule kind', () => {
    expect(describeSuccessRule({ kind: 'final' })).toContain('last step');
    expect(describeSuccessRule({ kind: 'anyOfLast', steps: 10 })).toContain('any of the last 10 steps');
    expect(describeSuccessRule({ kind: 'allOfLast', steps: 20 })).toContain('every one of the last 20 steps');
  });
});

describe('equationNotes', () => {
  const s = defaultSettings('pendulum', 'mpq');
  it('follows the paper’s equation numbers', () => {
    expect(equationNotes(s).map((e) => e.eq)).toEqual(['Eq. 16', 'Eq. 15, 17', 'Eq. 18', 'Eq. 7, 19']);
  });
  it('inserts the current N, H, λ, Σ, α, γ', () => {
    const [cost, weights, update, free] = equationNotes(s);
    expect(cost.formula).toBe('S = ∑ₜ₌₀⁶ γᵗ c(sₜ, aₜ) + γ⁷ Q(s₇, a₇) + λ ∑ₜ₌₀⁷ ½ uₜᵀ Σ⁻¹ (uₜ + 2εₜ)');
    expect(cost.text).toContain('N = 24');
    expect(cost.text).toContain('H = 8 steps');
    expect(cost.text).toContain('first 7 steps');
    expect(cost.text).toContain('γ = 0.9');
    expect(cost.text).toContain('0.478 (γ⁷) times the learned Q');
    expect(weights.text).toContain('λ = 0.15');
    expect(weights.text).toContain('5λ = 0.75');
    expect(update.text).toContain('Σ = 4');
    expect(update.text).toContain('√Σ = 2');
    expect(update.text).toContain('α = 0.5');
    expect(update.text).toContain('once per control step');
    expect(free.formula).toBe('F = −λ log( (1/N) ∑ₙ exp(−Sₙ/λ) )');
    expect(free.text).toContain('Eq. 19');
  });
  it('follows live changes of the settings', () => {
    const notes = equationNotes({ ...s, horizon: 32, lambda: 1.5, samples: 512, iterations: 3 });
    expect(notes[0].formula).toContain('γ³¹ Q(s₃₁, a₃₁)');
    expect(notes[0].text).toContain('N = 512');
    expect(notes[1].text).toContain('λ = 1.5');
    expect(notes[2].text).toContain('3 times per control step');
  });
  it('says what plain MPPI puts at the end of the horizon and that it learns nothing', () => {
    const notes = equationNotes(defaultSettings('pendulum', 'mppi'));
    expect(notes[0].formula).toContain('γ⁷ c(s₇, a₇)');
    expect(notes[0].formula).not.toContain('Q(');
    expect(notes[0].text).toContain('running cost of the last step');
    expect(notes[3].text).toContain('learns nothing');
  });
  it('treats SoftQ as the H = 1 case', () => {
    const notes = equationNotes(defaultSettings('ballincup', 'softq'));
    expect(notes[0].formula).toBe('S = Q(s₀, a₀) + λ ∑ₜ₌₀⁰ ½ uₜᵀ Σ⁻¹ (uₜ + 2εₜ)');
    expect(notes[0].text).toContain('H = 1');
    expect(notes[3].text).toContain('target network');
  });
  it('writes H = 2 without an empty sum', () => {
    expect(costOfSampleFormula({ ...s, horizon: 2 })).toBe(
      'S = ∑ₜ₌₀⁰ γᵗ c(sₜ, aₜ) + γ¹ Q(s₁, a₁) + λ ∑ₜ₌₀¹ ½ uₜᵀ Σ⁻¹ (uₜ + 2εₜ)',
    );
  });
});

describe('task texts', () => {
  it('exist for every registered task and fill the colour key', () => {
    for (const id of taskIds()) {
      const intro = getTask(id).intro;
      expect(intro.system.length).toBeGreaterThan(20);
      const notes = colourNotes(defaultSettings(id), intro);
      expect(notes.map((n) => n.key)).toEqual(['cool', 'warm', 'mean', 'goal']);
      expect(notes[0].text).toContain(intro.traced);
      expect(notes[3].text).toContain(intro.goalMarker);
    }
  });
});
