import { describe, expect, it } from 'vitest';
import { describePlot } from './describePlot';
import { drawPlot } from './drawPlot';
import type { PlotSeries } from './plotTypes';
import { clampPx, drawableRuns, seriesExtent, thinToColumns } from './seriesGeometry';

describe('thinToColumns', () => {
  it('keeps each pixel column’s first, lowest, highest and last point, in order, at most four per column', () => {
    const pts: [number, number][] = [
      [0.1, 5],
      [0.5, 9],
      [0.7, 1],
      [0.9, 4],
      [1.2, 3],
    ];
    expect(thinToColumns(pts)).toEqual([
      [0.1, 5],
      [0.5, 9],
      [0.7, 1],
      [0.9, 4],
      [1.2, 3],
    ]);
    const wide: [number, number][] = [0, 0.2, 0.4, 0.6, 0.8].map((x, i) => [x, [3, 7, 2, 8, 5][i]]);
    expect(thinToColumns([...wide, [1.5, 1]])).toEqual([
      [0, 3],
      [0.4, 2],
      [0.6, 8],
      [0.8, 5],
      [1.5, 1],
    ]);
  });

  it('200,000 points over 600 px: at most 4 per column, and the extremes and ends survive', () => {
    const n = 200_000;
    const pts = Array.from({ length: n }, (_, i): [number, number] => [(600 * i) / n, Math.sin(i) * 100 + i / 1000]);
    const thin = thinToColumns(pts);
    expect(thin.length).toBeLessThanOrEqual(4 * 600);
    expect(thin[0]).toBe(pts[0]);
    expect(thin.at(-1)).toBe(pts[n - 1]);
    const range = (a: readonly (readonly number[])[]) =>
      a.reduce(([lo, hi], p) => [Math.min(lo, p[1]), Math.max(hi, p[1])], [Infinity, -Infinity]);
    expect(range(thin)).toEqual(range(pts));
    for (let i = 1; i < thin.length; i++) expect(thin[i][0]).toBeGreaterThanOrEqual(thin[i - 1][0]);
  });
});

describe('extent and runs', () => {
  it('clamps far-off pixels', () => {
    expect(clampPx(1e300)).toBe(1e5);
    expect(clampPx(-Infinity)).toBe(-1e5);
    expect(clampPx(12)).toBe(12);
  });

  const series: PlotSeries[] = [
    {
      name: 'a',
      color: '#fff',
      points: [
        [1, 5],
        [2, NaN],
        [3, -Infinity],
        [4, 7],
      ],
    },
    { name: 'b', color: '#fff', points: [], band: [[5, -2, 9]] },
  ];
  it('skips non-finite values and includes bands', () => {
    expect(seriesExtent(series, 0)).toEqual([1, 5]);
    expect(seriesExtent(series, 1)).toEqual([-2, 9]);
    expect(seriesExtent([], 1)).toBeNull();
    expect(seriesExtent([{ name: 'e', color: '', points: [[NaN, NaN]] }], 0)).toBeNull();
  });
  it('skips non-positive y on a log axis', () => {
    const s: PlotSeries[] = [
      {
        name: 'l',
        color: '',
        points: [
          [1, 0],
          [2, 0.5],
          [3, 20],
          [4, -1],
        ],
      },
    ];
    expect(seriesExtent(s, 1, 'log')).toEqual([0.5, 20]);
  });
  it('breaks lines at skipped points', () => {
    expect(drawableRuns(series[0].points)).toEqual([[[1, 5]], [[4, 7]]]);
    expect(
      drawableRuns(
        [
          [1, 1],
          [2, 0],
          [3, 2],
        ],
        'log',
      ),
    ).toEqual([[[1, 1]], [[3, 2]]]);
    expect(drawableRuns([])).toEqual([]);
  });
});

describe('the summary in words', () => {
  it('summarises a plot', () => {
    const returns: PlotSeries[] = [
      {
        name: 'train',
        color: '',
        points: Array.from({ length: 12 }, (_, i): [number, number] => [
          i + 1,
          i === 11 ? -412 : i === 5 ? -170 : -500,
        ]),
      },
      { name: 'train · mean of 10', color: '', points: [[1, -1]], inSummary: false },
      { name: 'play', color: '', points: [] },
    ];
    expect(describePlot('Episode return', returns, { noun: 'episodes', better: 'higher' })).toBe(
      'Episode return — train: 12 episodes, last −412, best −170; play: no episodes yet',
    );
    expect(
      describePlot(
        'Loss',
        [
          {
            name: 'l',
            color: '',
            points: [
              [1, 2],
              [2, 0.5],
            ],
          },
        ],
        { better: 'lower' },
      ),
    ).toBe('Loss — l: 2 points, last 0.5, best 0.5');
    expect(
      describePlot('X', [
        {
          name: 'l',
          color: '',
          points: [
            [1, 2],
            [2, NaN],
          ],
        },
      ]),
    ).toBe('X — l: 2 points, last 2, range 2 to 2');
    expect(describePlot('Empty', [])).toBe('Empty: no data yet');
    const long: PlotSeries = {
      name: 'long',
      color: '',
      points: Array.from({ length: 130_000 }, (_, i): [number, number] => [i + 1, -i]),
    };
    expect(describePlot('Long', [long], { better: 'higher' })).toBe('Long — long: 130000 points, last −129999, best 0');
  });
});

/** A 2D context that records calls and checks every coordinate is finite. */
function recordingContext(): { ctx: CanvasRenderingContext2D; calls: string[] } {
  const calls: string[] = [];
  const check = (name: string, args: unknown[]) => {
    for (const a of args) if (typeof a === 'number' && !Number.isFinite(a)) throw new Error(`${name} got ${a}`);
    calls.push(name);
  };
  const target: Record<string, unknown> = {
    measureText: (s: string) => ({ width: 8 * s.length }),
  };
  const ctx = new Proxy(target, {
    get(t, key: string) {
      if (key in t) return t[key];
      return (...args: unknown[]) => check(key, args);
    },
    set(t, key: string, v) {
      t[key] = v;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

describe('drawPlot', () => {
  const base = { title: 'Return', xLabel: 'episode', yLabel: 'return' };
  const cases: [string, PlotSeries[], 'linear' | 'log'][] = [
    ['empty', [], 'linear'],
    ['one point', [{ name: 'a', color: '#fff', points: [[1, -200]] }], 'linear'],
    [
      'NaN and Inf',
      [
        {
          name: 'a',
          color: '#fff',
          points: [
            [1, NaN],
            [2, Infinity],
            [3, 4],
            [4, 5],
          ],
        },
      ],
      'linear',
    ],
    [
      'huge range',
      [
        {
          name: 'a',
          color: '#fff',
          points: [
            [0, -1.7e308],
            [1, 1.7e308],
          ],
        },
      ],
      'linear',
    ],
    [
      'log with zeros',
      [
        {
          name: 'a',
          color: '#fff',
          points: [
            [1, 0],
            [2, 1e-9],
            [3, 1e9],
          ],
        },
      ],
      'log',
    ],
    [
      'band',
      [
        {
          name: 'a',
          color: '#fff',
          points: [
            [1, 1],
            [2, 2],
          ],
          band: [
            [1, 0, 2],
            [2, NaN, 3],
            [3, 1, 4],
          ],
        },
      ],
      'linear',
    ],
  ];
  for (const [name, series, yScale] of cases) {
    it(`draws ${name} with finite coordinates only`, () => {
      const { ctx, calls } = recordingContext();
      expect(() => drawPlot(ctx, { ...base, series, yScale }, 480, 260)).not.toThrow();
      expect(calls).toContain('fillText');
    });
  }
  it('draws nothing but the title when the canvas is tiny', () => {
    const { ctx } = recordingContext();
    expect(() => drawPlot(ctx, { ...base, series: [] }, 20, 20)).not.toThrow();
  });
});
