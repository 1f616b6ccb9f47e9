import { describe, expect, it } from 'vitest';
import { defaultAgentConfig } from '../config';
import { defaultCostWeights, runningCost } from '../task';
import { getTask, registerTask } from '../tasks/registry';
import { evaluate } from '../train';
import { DI_DT, doubleIntegrator as task } from './doubleIntegrator';

/** x(t), ẋ(t) under a constant force F from (x0, v0): the closed form the task's step must match. */
function exact(x0: number, v0: number, F: number, m: number, t: number): [number, number] {
  return [x0 + v0 * t + (F * t * t) / (2 * m), v0 + (F * t) / m];
}

/** Steps one row n control steps under a constant force. */
function run(x0: number, v0: number, F: number, m: number, n: number): [number, number] {
  const s = Float64Array.of(x0, v0);
  const a = Float64Array.of(F);
  const p = Float64Array.of(m);
  for (let i = 0; i < n; i++) task.step(s, a, p, 0, 1);
  return [s[0], s[1]];
}

describe('double integrator physics against its closed form', () => {
  it.each([
    [0, 0, 1, 1, 1],
    [0.3, -0.2, 0.7, 1, 10],
    [-1, 0.5, -1, 0.5, 37],
    [2, 1, 0.25, 2, 50],
  ])('x0 %f, v0 %f, F %f, m %f over %i steps', (x0, v0, F, m, n) => {
    const [x, v] = run(x0, v0, F, m, n);
    const [xe, ve] = exact(x0, v0, F, m, n * DI_DT);
    expect(x).toBeCloseTo(xe, 12);
    expect(v).toBeCloseTo(ve, 12);
  });

  it('conserves work and energy: ½m(v² − v0²) = F·(x − x0)', () => {
    const m = 1.3;
    const F = -0.6;
    const [x, v] = run(0.4, 0.9, F, m, 23);
    expect(0.5 * m * (v * v - 0.9 * 0.9)).toBeCloseTo(F * (x - 0.4), 12);
  });

  it('steps each row with its own mass (paramStride 1)', () => {
    const s = Float64Array.of(0, 0, 0, 0, 1, -1);
    const a = Float64Array.of(1, 1, -0.5);
    const p = Float64Array.of(1, 2, 0.5);
    task.step(s, a, p, 1, 3);
    for (let r = 0; r < 3; r++) {
      const [xe, ve] = exact([0, 0, 1][r], [0, 0, -1][r], a[r], p[r], DI_DT);
      expect(s[2 * r]).toBeCloseTo(xe, 14);
      expect(s[2 * r + 1]).toBeCloseTo(ve, 14);
    }
  });

  it('costs x² + 0.1·ẋ² + 0.01·F² at the default weights', () => {
    const s = Float64Array.of(0.5, -2);
    const a = Float64Array.of(0.8);
    const scratch = new Float64Array(task.costTerms.length);
    task.evalCostTerms(s, 0, a, 0, scratch);
    expect(Array.from(scratch)).toEqual([0.25, 4, 0.8 * 0.8]);
    expect(runningCost(task, s, 0, a, 0, defaultCostWeights(task), scratch)).toBeCloseTo(0.25 + 0.4 + 0.0064, 14);
  });

  it('plain MPPI with the long horizon on the true model brings the cart to rest', () => {
    const id = registerTask(task);
    const cfg = defaultAgentConfig(getTask(id), 'mppi');
    cfg.model = 'true';
    cfg.mppi.horizon = task.paper.longHorizon;
    const recs = evaluate(task, cfg, 3, 1, null);
    // From |x| ≤ 1, |ẋ| ≤ 0.5 a force of 1 N stops the 1 kg cart at 0 in under 2.5 s; the episode lasts 5 s.
    expect(recs.map((r) => r.success)).toEqual([true, true, true]);
  });
});
