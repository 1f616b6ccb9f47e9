/** Server-side renders of the panels and plots (Node, no DOM): markup, test ids and accessible names. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LabeledEpisode } from '../plots/seriesBook';
import { defaultSettings } from '../../compute/engine/settings';
import { getTask, taskIds } from '../../core/tasks/registry';
import { LearningPlots } from '../plots/LearningPlots';
import { ValueHeatmap } from '../plots/ValueHeatmap';
import { Explanation } from './Explanation';
import { RunFilePanel } from './RunFilePanel';

const ep = (phase: 'train' | 'play', ret: number): LabeledEpisode => ({
  phase,
  series: phase === 'train' ? 0 : 1,
  record: {
    episode: 0,
    return: ret,
    success: ret > -200,
    steps: 200,
    wallMs: 5,
    meanFreeEnergy: 3,
    tdLoss: phase === 'train' ? 0.2 : null,
    system: 'true',
  },
});

describe('LearningPlots', () => {
  it('renders the plots, a progress bar and summaries in words', () => {
    const html = renderToStaticMarkup(
      createElement(LearningPlots, {
        episodes: [ep('train', -412), ep('train', -170), ep('play', -300)],
        series: [
          { id: 0, label: 'MPQ H8 biased · untrained Q · training', phase: 'train' },
          { id: 1, label: 'MPQ H8 biased · Q trained in this tab', phase: 'play' },
        ],
        progress: {
          running: true,
          done: 2,
          total: 10,
          etaSec: 95,
          updates: 64,
          phase: 'acting',
          minibatch: 0,
          minibatches: 32,
        },
        successRule: getTask('pendulum').successRule,
      }),
    );
    for (const id of ['plot-return', 'plot-success', 'plot-loss', 'plot-free-energy', 'train-progress'])
      expect(html).toContain(`data-testid="${id}"`);
    expect(html).toContain('episode 3 of 10 · ETA 01:35');
    expect(html).toContain(
      'aria-label="Return per episode — MPQ H8 biased · untrained Q · training: 2 episodes, last −170, best −170; MPQ H8 biased · Q trained in this tab: 1 episode, last −300, best −300"',
    );
    expect(html).toMatch(/<progress[^>]*max="10"[^>]*value="2"/);
  });
  it('leaves out the success plot and the progress bar when not given', () => {
    const html = renderToStaticMarkup(createElement(LearningPlots, { episodes: [], series: [], progress: null }));
    expect(html).not.toContain('plot-success');
    expect(html).not.toContain('train-progress');
    expect(html).toContain('Return per episode: no data yet');
  });
});

describe('ValueHeatmap', () => {
  it('renders with and without a map', () => {
    expect(renderToStaticMarkup(createElement(ValueHeatmap, { map: null }))).toContain('data-testid="value-heatmap"');
    const html = renderToStaticMarkup(
      createElement(ValueHeatmap, {
        map: {
          thetaRange: [-Math.PI, Math.PI],
          omegaRange: [-8, 8],
          resolution: 2,
          values: Float32Array.from([1, 2, 3, 4]),
          method: 'V = Q at the MPPI mean action',
        },
      }),
    );
    expect(html).toContain('V from 1 (dark) to 4 (bright)');
    expect(html).toContain('V = Q at the MPPI mean action');
    expect(html).toContain('role="img"');
  });
});

describe('Explanation', () => {
  it('shows the task, its weighted cost terms and the equations with the current values', () => {
    const settings = { ...defaultSettings('pendulum'), lambda: 0.3 };
    const html = renderToStaticMarkup(createElement(Explanation, { task: 'pendulum', settings }));
    expect(html).toContain('<details');
    expect(html).toContain('open=""');
    expect(html).toContain('What am I looking at?');
    expect(html).toContain('c(s, a) = 1·angle + 0.1·speed');
    expect(html).toContain('λ = 0.3');
    expect(html).toContain('Eq. 18');
  });
  it('renders for every task', () => {
    for (const id of taskIds()) {
      expect(renderToStaticMarkup(createElement(Explanation, { task: id, settings: defaultSettings(id) }))).toContain(
        getTask(id).title,
      );
    }
  });
});

describe('RunFilePanel', () => {
  it('offers export and a .json file input and shows the error as an alert', () => {
    const props = { onExport: () => {}, onImport: () => {} };
    const ok = renderToStaticMarkup(createElement(RunFilePanel, { ...props, error: null }));
    expect(ok).toContain('Export run');
    expect(ok).toContain('accept=".json,application/json"');
    expect(ok).not.toContain('run-error');
    const bad = renderToStaticMarkup(
      createElement(RunFilePanel, { ...props, error: 'run file rejected: settings.lambda: got -1' }),
    );
    expect(bad).toMatch(/role="alert" data-testid="run-error">run file rejected/);
  });
});
