import { describe, expect, it } from 'vitest';
import {
  axisDomain,
  clampPx,
  describePlot,
  drawableRuns,
  drawPlot,
  formatNumber,
  formatTick,
  linearScale,
  logScale,
  logTicks,
  niceStep,
  niceTicks,
  rollingMean,
  rollingRate,
  rollingStd,
  seriesExtent,
  tickLabels,
  type PlotSeries,
} from './drawPlot';

describe('niceStep / niceTicks', () => {
  it('cuts a range into 1-2-2.5-5 steps', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 4)).toBe(0.25);
    expect(niceStep(700, 6)).toBe(200);
    expect(Number.isNaN(niceStep(0, 5))).toBe(true);
    expect(Number.isNaN(niceStep(Infinity, 5))).toBe(true);
  });
  it('gives clean ticks inside the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-412, -170, 5)).toEqual([-400, -350, -300, -250, -200]);
    expect(niceTicks(0.1, 0.3, 4)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(10, 0, 5)).toEqual([0, 2, 4, 6, 8, 10]);
  });
  it('handles a single value, non-finite input and ranges near the float limits', () => {
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
    expect(niceTicks(0, Infinity)).toEqual([]);
    const huge = niceTicks(-1e308, 1.5e308, 5);
    expect(huge.length).toBeGreaterThanOrEqual(2);
    expect(huge.every(Number.isFinite)).toBe(true);
    const wide = niceTicks(-1e12, 5, 5);
    expect(wide[0]).toBeGreaterThanOrEqual(-1e12);
    expect(wide.length).toBeLessThanOrEqual(8);
  });
  it('gives powers of ten on a log axis, thinned when many', () => {
    expect(logTicks(1e-3, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(1e-12, 1e12, 6).length).toBeLessThanOrEqual(6);
    expect(logTicks(0, 10)).toEqual([]);
    expect(logTicks(0.2, 0.5).every((t) => t >= 0.2 && t <= 0.5)).toBe(true);
  });
});

describe('axisDomain', () => {
  it('widens to nice boundaries', () => {
    expect(axisDomain(-412, -170, 'linear', 5)).toEqual([-450, -150]);
    expect(axisDomain(0.3, 9.7, 'linear', 5)).toEqual([0, 10]);
  });
  it('gives a single value room', () => {
    const [lo, hi] = axisDomain(-200, -200)!;
    expect(lo).toBeLessThan(-200);
    expect(hi).toBeGreaterThan(-200);
    const [z0, z1] = axisDomain(0, 0)!;
    expect(z0).toBeLessThan(0);
    expect(z1).toBeGreaterThan(0);
  });
  it('uses whole decades on a log axis', () => {
    expect(axisDomain(0.02, 3, 'log')).toEqual([0.01, 10]);
    expect(axisDomain(1, 1, 'log')).toEqual([0.1, 10]);
    expect(axisDomain(-1, 3, 'log')).toBeNull();
    expect(axisDomain(NaN, 3)).toBeNull();
  });
});

describe('scales', () => {
  it('maps data linearly onto pixels (flipped y works)', () => {
    const sx = linearScale(0, 10, 50, 150);
    expect(sx(0)).toBe(50);
    expect(sx(5)).toBe(100);
    expect(sx(10)).toBe(150);
    const sy = linearScale(-1, 1, 200, 0);
    expect(sy(-1)).toBe(200);
    expect(sy(1)).toBe(0);
  });
  it('stays finite near the float limits and for a zero-width domain', () => {
    const s = linearScale(-1.7e308, 1.7e308, 0, 100);
    expect(s(0)).toBeCloseTo(50, 9);
    expect(s(1.7e308)).toBeCloseTo(100, 9);
    expect(linearScale(3, 3, 0, 100)(3)).toBe(50);
  });
  it('maps decades evenly on a log axis and drops non-positive values', () => {
    const s = logScale(0.01, 100, 0, 400);
    expect(s(0.01)).toBeCloseTo(0);
    expect(s(1)).toBeCloseTo(200);
    expect(s(100)).toBeCloseTo(400);
    expect(Number.isNaN(s(0))).toBe(true);
    expect(Number.isNaN(s(-1))).toBe(true);
  });
  it('clamps far-off pixels', () => {
    expect(clampPx(1e300)).toBe(1e5);
    expect(clampPx(-Infinity)).toBe(-1e5);
    expect(clampPx(12)).toBe(12);
  });
});

describe('extent and runs', () => {
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

describe('rolling statistics', () => {
  it('takes the trailing mean over a window', () => {
    expect(rollingMean([1, 2, 3, 4, 5], 2)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
    expect(rollingMean([], 10)).toEqual([]);
    expect(rollingMean([4], 10)).toEqual([4]);
  });
  it('ignores non-finite values in the window', () => {
    const m = rollingMean([NaN, 2, Infinity, 4], 3);
    expect(Number.isNaN(m[0])).toBe(true);
    expect(m.slice(1)).toEqual([2, 2, 3]);
  });
  it('takes the trailing standard deviation', () => {
    const s = rollingStd([1, 3, 1, 3], 2);
    expect(s).toEqual([0, 1, 1, 1]);
  });
  it('takes the trailing success rate', () => {
    expect(rollingRate([true, false, true, true, false], 2)).toEqual([1, 0.5, 0.5, 1, 0.5]);
    expect(rollingRate([false, false, true], 10)).toEqual([0, 0, 1 / 3]);
    expect(rollingRate([], 10)).toEqual([]);
  });
});

describe('number formats and the summary in words', () => {
  it('formats labels with a true minus sign', () => {
    expect(formatNumber(-412.3)).toBe('−412');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(1234567)).toBe('1.23e6');
    expect(formatNumber(-0.00001)).toBe('−1e−5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('−∞');
    expect(formatNumber(12345)).toBe('12345');
  });
  it('gives ticks the decimals their step needs', () => {
    expect(tickLabels([0, 0.25, 0.5], 'linear')).toEqual(['0', '0.25', '0.50']);
    expect(tickLabels([-5, 0, 5], 'linear')).toEqual(['−5', '0', '5']);
    expect(tickLabels([0, 2.5, 5], 'linear')).toEqual(['0', '2.5', '5.0']);
    expect(formatTick(2e11, 1e11)).toBe('2e11');
    expect(tickLabels([0.001, 0.1, 10], 'log')).toEqual(['0.001', '0.1', '10']);
  });
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
