import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { INSPECT_STAGES, type InspectView } from '../../compute/engine/inspect';
import { fmt, tex } from './palette';
import { stageEquation, terminalShare } from './StepThrough';

/** A view of N = 3 samples, H = 2, one action dimension, with known numbers. */
function view(stage: InspectView['stage'], hasQ: boolean): InspectView {
  const f = (xs: number[]) => Float32Array.from(xs);
  return {
    stage,
    planner: 'cpu',
    episode: 0,
    episodeStep: 4,
    samples: 3,
    horizon: 2,
    actionDim: 1,
    lambda: 0.15,
    alpha: 0.5,
    sigma: 4,
    gamma: 0.9,
    hasQ,
    iterations: 1,
    shiftFill: 'zero',
    state: new Float64Array([0.1, 0]),
    nextState: new Float64Array([0.11, 0.2]),
    noise: f([0.5, -1, 2, 0.25, -0.5, 1]),
    paths: new Float32Array(3 * 2 * 3),
    // running, terminal, control: the best (sample 1) has a negative terminal term.
    split: f([3, 1, 0.5, 1, -0.25, 0.01, 2, 2, -0.1]),
    costs: f([4.5, 0.76, 3.9]),
    weights: f([0.01, 0.98, 0.01]),
    ess: 1.04,
    freeEnergy: 0.8,
    best: 1,
    median: 2,
    meanBefore: f([0.2, 0]),
    meanAfter: f([1.2, 0.1]),
    action: f([1.2]),
    meanShifted: f([0.1, 0]),
    planBefore: new Float32Array(6),
    planAfter: new Float32Array(6),
    planShifted: new Float32Array(6),
    plannerGap: 0,
  };
}

describe('the step-through equations', () => {
  it('typeset without a KaTeX error at every sub-step, and carry the live numbers', () => {
    for (const stage of INSPECT_STAGES) {
      for (const hasQ of [true, false]) {
        const src = stageEquation(view(stage, hasQ));
        expect(() => katex.renderToString(src, { throwOnError: true, displayMode: true })).not.toThrow();
      }
    }
    // (b): the best sample's split, a negative term written as a subtraction, and its S.
    const b = stageEquation(view('score', true));
    expect(b).toContain('Q(s_{H-1},a_{H-1})');
    expect(b).toContain('\\textcolor{#56b4e9}{1} - \\textcolor{#e08ac0}{0.25} + \\textcolor{#3fd6a6}{0.01} = 0.76');
    expect(stageEquation(view('score', false))).toContain('c(s_{H-1},a_{H-1})');
    // (c): λ, the best weight and ESS of N.
    const c = stageEquation(view('weights', true));
    expect(c).toContain('\\lambda = 0.15');
    expect(c).toContain('{0.98}');
    expect(c).toContain('1.04 \\text{ of } N = 3');
    // (d): u_0 before, α, the weighted noise (1.2 − 0.2)/0.5 = 2, u_0 after.
    expect(stageEquation(view('update', true))).toContain('0.2 + 0.5 \\cdot (2) = 1.2');
  });

  it('measure the terminal share of all |cost|', () => {
    // |terminal| = 1 + 0.25 + 2 = 3.25 of 3 + 1 + 0.5 + 1 + 0.25 + 0.01 + 2 + 2 + 0.1 = 9.86.
    expect(terminalShare(view('score', true))).toBeCloseTo(3.25 / 9.86, 6);
  });
});

describe('number formats', () => {
  it('keep 3 significant digits, a true minus sign and exponents as ×10^k', () => {
    expect(fmt(0.123456)).toBe('0.123');
    expect(fmt(-2.5)).toBe('−2.5');
    expect(fmt(1.5e-7)).toBe('1.50e−7');
    expect(tex(1.5e-7)).toBe('1.50\\times10^{-7}');
    expect(tex(24)).toBe('24');
    expect(fmt(Infinity)).toBe('∞');
  });
});
