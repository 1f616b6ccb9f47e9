/**
 * The page with a task that is in no list of its own: once the test-only
 * double integrator is registered, the picker offers it under its label, a
 * link selects it, the explanation panel tells its story, and the view draws it
 * with the key-point scene because it has no scene of its own.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../compute/engine/settings';
import { registerTask } from '../core/tasks/registry';
import { doubleIntegrator } from '../core/testing/doubleIntegrator';
import { TaskPicker } from './controls/SettingsControls';
import { Explanation } from './panels/Explanation';
import { createTaskScene } from './scenes';
import { parseSettings } from './url/urlState';

const id = registerTask(doubleIntegrator);

describe('a task added to the registry, on the page', () => {
  it('is offered by the task picker with its label, after the built-in tasks', () => {
    const html = renderToStaticMarkup(
      createElement(TaskPicker, { settings: defaultSettings('pendulum'), onChange: () => {} }),
    );
    expect(html).toContain('data-testid="task-double-integrator"');
    expect(html).toContain('Double integrator');
    expect(html.indexOf('task-franka')).toBeLessThan(html.indexOf('task-double-integrator'));
  });

  it('is selected by a link, with its paper-shaped defaults', () => {
    const parsed = parseSettings(`?task=${id}&H=7`);
    expect(parsed.notices).toEqual([]);
    expect(parsed.settings).toMatchObject({ task: id, horizon: 7, samples: 32, lambda: 0.1 });
  });

  it('has its own words in the explanation panel', () => {
    const html = renderToStaticMarkup(createElement(Explanation, { task: id, settings: defaultSettings(id) }));
    expect(html).toContain(doubleIntegrator.intro.system);
    expect(html).toContain('c(s, a) = 1·position + 0.1·velocity + 0.01·force');
  });

  it('is drawn by the key-point scene: a ball that follows the task’s key point', () => {
    const scene = createTaskScene(id);
    const ball = scene.root.getObjectByName('key-point')!;
    expect(ball).toBeDefined();
    scene.setState(Float64Array.of(0.7, 0), [1]);
    expect(ball.position.toArray()).toEqual([0.7, 0, 0]);
    expect(scene.view(8).eye).not.toEqual(scene.view(8).target);
    scene.dispose();
    expect(scene.root.children).toHaveLength(0);
  });
});
