import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsProblems } from '../../compute/engine/settings';
import { getTask, taskIds } from '../../core/tasks/registry';
import { CostWeights } from './CostWeights';
import { costWeightProblem, withCostWeight, withDefaultCostWeights, withTask } from './editSettings';

const pendulum = defaultSettings('pendulum');

describe('cost weight edits', () => {
  it("take a weight within the term's range and refuse one outside it", () => {
    const s = withCostWeight(pendulum, 1, 0);
    expect(s.costWeights).toEqual([1, 0]);
    expect(settingsProblems(s)).toEqual([]);
    expect(costWeightProblem(pendulum, 1, 1.5)).toBe('allowed: [0, 1]');
    expect(costWeightProblem(pendulum, 0, NaN)).toBe('allowed: [0, 5]');
    expect(withCostWeight(pendulum, 1, 1.5)).toBe(pendulum);
    expect(withDefaultCostWeights(s).costWeights).toEqual([1, 0.1]);
  });

  it("a new task starts from that task's weights", () => {
    const s = withTask(withCostWeight(pendulum, 0, 3), 'franka');
    expect(s.costWeights).toEqual(getTask('franka').costTerms.map((t) => t.weight));
  });
});

describe('CostWeights', () => {
  it.each(taskIds())("%s: one slider per cost term over the term's range, with what it measures", (id) => {
    const html = renderToStaticMarkup(
      createElement(CostWeights, { settings: defaultSettings(id), onChange: () => {} }),
    );
    for (const t of getTask(id).costTerms) {
      const slider = html.match(new RegExp(`<input[^>]*data-testid="slider-w-${t.name}"[^>]*>`))?.[0] ?? '';
      expect(slider).toContain(`min="${t.range[0]}"`);
      expect(slider).toContain(`max="${t.range[1]}"`);
      expect(slider).toContain(`value="${t.weight}"`);
      expect(html).toContain(`${t.doc}. Default ${String(t.weight).replace('-', '−')}.`);
    }
    expect(html).toMatch(/data-testid="cost-weights-default" disabled=""/);
  });

  it('is locked while training, and offers the default weights once one is changed', () => {
    const changed = withCostWeight(pendulum, 1, 0.5);
    const free = renderToStaticMarkup(createElement(CostWeights, { settings: changed, onChange: () => {} }));
    expect(free).not.toMatch(/data-testid="cost-weights-default" disabled=""/);
    const locked = renderToStaticMarkup(
      createElement(CostWeights, { settings: changed, onChange: () => {}, training: true }),
    );
    expect(locked).toMatch(/data-testid="slider-w-speed" [^>]*disabled=""/);
    expect(locked).toContain('fixed while training');
  });
});
