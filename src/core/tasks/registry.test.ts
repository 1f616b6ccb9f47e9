import { describe, expect, it } from 'vitest';
import { entryFor, getTask, isTaskId, taskIds } from './registry';

describe('task registry', () => {
  it('holds each task under its own id, with a URL- and flag-safe id and a label of its own', () => {
    const ids = taskIds();
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => getTask(id).label)).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9-]+$/);
      expect(getTask(id).id).toBe(id);
      expect(isTaskId(id)).toBe(true);
    }
  });

  it('names the tasks that exist when asked for one that does not', () => {
    expect(isTaskId('cartpole')).toBe(false);
    expect(isTaskId(undefined)).toBe(false);
    expect(() => getTask('cartpole')).toThrow(`unknown task "cartpole"; allowed: ${taskIds().join(', ')}`);
  });

  it("looks a task up in a layer's table, undefined where it has no entry", () => {
    const [first, ...rest] = taskIds();
    const table = { [first]: 'own' };
    expect(entryFor(table, first)).toBe('own');
    for (const id of rest) expect(entryFor(table, id)).toBeUndefined();
    expect(entryFor(table, 'cartpole')).toBeUndefined();
  });

  it.each(taskIds())(
    "%s: paper facts in shape (Fig. 3's horizons ascending, defaults within the cost ranges)",
    (id) => {
      const t = getTask(id);
      const h = t.paper.fig3Horizons;
      expect([...h].sort((a, b) => a - b)).toEqual(h);
      expect(t.paper.mpqHorizon).toBeLessThan(t.paper.longHorizon);
      expect(t.paper.experiments.length).toBeGreaterThan(0);
      for (const c of t.costTerms) {
        expect(c.range[0]).toBeLessThanOrEqual(c.weight);
        expect(c.weight).toBeLessThanOrEqual(c.range[1]);
      }
      expect(t.intro.traced.length).toBeGreaterThan(0);
    },
  );
});
