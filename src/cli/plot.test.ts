import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { EpisodeRecord } from '../core/train';
import { buildFigure, parsePlotArgs, plot, readRunFile } from './plot';
import { wrapText } from './reproduce/svg';

const rec = (episode: number, ret: number, success: boolean): EpisodeRecord => ({
  episode,
  return: ret,
  success,
  steps: 100,
  wallMs: 1,
  meanFreeEnergy: 0,
  tdLoss: null,
  system: 'true',
});

/** A CLI output file: `successes` gives each episode's flag, returns count up from `ret0`. */
const file = (command: 'train' | 'eval', task: string, seed: number, successes: boolean[], ret0 = 0) => ({
  command,
  config: { task, agent: {}, learn: { seed } },
  episodes: successes.map((s, i) => rec(i + 1, ret0 + i, s)),
});

const group = (label: string, files: { name: string; data: unknown }[]) => ({
  label,
  files: files.map((f) => f.name),
  runs: files.map((f) => readRunFile(f.name, f.data)),
});

describe('plot arguments', () => {
  it('reads repeatable curves and levels and checks every flag', () => {
    const a = parsePlotArgs([
      '--out',
      'f.svg',
      '--curve',
      'MPQ H4=a.json, b.json',
      '--level=MPPI H4=c.json',
      '--window',
      '5',
    ]);
    expect(a.curves).toEqual([{ label: 'MPQ H4', files: ['a.json', 'b.json'] }]);
    expect(a.levels).toEqual([{ label: 'MPPI H4', files: ['c.json'] }]);
    expect(a).toMatchObject({ out: 'f.svg', window: 5, metric: null, title: null });
    const bad: [string[], RegExp][] = [
      [['--curve', 'A=a.json'], /--out is required/],
      [['--out', 'f.png', '--curve', 'A=a.json'], /must end in \.svg/],
      [['--out', 'f.svg'], /at least one --curve or --level/],
      [['--out', 'f.svg', '--curve', 'a.json'], /expected LABEL=file1\.json/],
      [['--out', 'f.svg', '--curve', 'A='], /expected LABEL=file1\.json/],
      [['--out', 'f.svg', '--curve', 'A=a.json', '--level', 'A=b.json'], /"A" is given twice/],
      [['--out', 'f.svg', '--curve', 'A=a.json', '--metric', 'reward'], /--metric must be one of success, return/],
      [['--out', 'f.svg', '--curve', 'A=a.json', '--window', '0'], /--window must be/],
      [['--out', 'f.svg', '--curve', 'A=a.json', '--seeds', '3'], /--seeds is not a flag of plot \(only reproduce\)/],
    ];
    for (const [argv, msg] of bad) expect(() => parsePlotArgs(argv)).toThrow(msg);
  });

  it('refuses files that are not whole train or eval outputs, naming the file', () => {
    expect(() => readRunFile('x.json', [1, 2])).toThrow(/x\.json: not a train or eval output/);
    expect(() => readRunFile('x.json', { ...file('train', 'pendulum', 1, [true]), command: 'reproduce' })).toThrow(
      /x\.json: not a train or eval output/,
    );
    expect(() => readRunFile('x.json', file('train', 'cartpole', 1, [true]))).toThrow(
      /x\.json: unknown task "cartpole"/,
    );
    expect(() => readRunFile('x.json', file('eval', 'fetch', 1, []))).toThrow(/x\.json: no episode records/);
    const nan = file('eval', 'fetch', 1, [true, false]);
    nan.episodes[1].return = NaN;
    expect(() => readRunFile('x.json', nan)).toThrow(/x\.json: episode record 2 has no finite return/);
    expect(readRunFile('ok.json', file('eval', 'fetch', 3, [true]))).toMatchObject({
      command: 'eval',
      task: 'fetch',
      seed: 3,
    });
  });
});

describe('plot figure', () => {
  it('draws a curve as the mean and min–max over seeds of the moving success rate, and a level at the mean test success', () => {
    // Seed 1 succeeds from episode 3 on, seed 2 never: window 2.
    const curve = group('MPQ H4', [
      { name: 's1.json', data: file('train', 'ballincup', 1, [false, false, true, true]) },
      { name: 's2.json', data: file('train', 'ballincup', 2, [false, false, false, false]) },
    ]);
    const level = group('MPPI H4', [
      { name: 'e1.json', data: file('eval', 'ballincup', 1, [true, false, false, false]) },
      { name: 'e2.json', data: file('eval', 'ballincup', 2, [true, true, false, false]) },
    ]);
    const fig = buildFigure([curve], [level], { metric: null, window: 2, title: 'T' });
    expect(fig.metric).toBe('success');
    const [c, l] = fig.summary;
    // Last-10 mean of each training run (all 4 episodes here): 0.5 and 0.
    expect(c).toMatchObject({
      kind: 'curve',
      perFile: [0.5, 0],
      mean: 0.25,
      min: 0,
      max: 0.5,
      seeds: [1, 2],
      files: ['s1.json', 's2.json'],
    });
    expect(l).toMatchObject({ kind: 'level', perFile: [0.25, 0.5], mean: 0.375, min: 0.25, max: 0.5 });
    expect(fig.svg).toContain('MPQ H4 (2 seeds)');
    expect(fig.svg).toContain('MPPI H4 (test, 4 episodes × 2)');
    expect(fig.svg).toContain('stroke-dasharray="7 4"');
    expect(fig.svg.match(/stroke-dasharray="7 4"/g)).toHaveLength(1);
  });

  it('draws runs of unequal length to the longest, says so in the label, and draws a 130,000-episode curve', () => {
    const curve = group('MPQ', [
      { name: 'a.json', data: file('train', 'pendulum', 1, [false, false]) },
      { name: 'b.json', data: file('train', 'pendulum', 2, [false, false, false, false]) },
    ]);
    const fig = buildFigure([curve], [], { metric: null, window: 1, title: 'T' });
    expect(fig.svg).toContain('MPQ (2 seeds, 2–4 episodes: later ones over fewer seeds)');
    // The x axis reaches episode 4 (run b alone past episode 2).
    const ticks = [...fig.svg.matchAll(/text-anchor="middle">(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(Math.max(...ticks)).toBe(4);
    const long = group('long', [
      {
        name: 'long.json',
        data: file(
          'train',
          'pendulum',
          1,
          Array.from({ length: 130_000 }, (_, i) => i % 3 === 0),
        ),
      },
    ]);
    const big = buildFigure([long], [], { metric: 'success', window: 10, title: 'T' });
    // (booleans, not toContain: a failure must not print a 130,000-point SVG)
    expect(big.svg.includes('>100000</text>')).toBe(true);
    const line = /<polyline points="([^"]*)"/.exec(big.svg);
    expect(line?.[1].split(' ')).toHaveLength(130_000);
    expect(big.summary[0].perFile).toEqual([0.4]); // episodes 129991…130000: indices 129990, …993, …996, …999 succeed
  });

  it('pools each success level over its files and states every later level against the first, with intervals', () => {
    const a = group('MPQ REAL', [
      { name: 'r1.json', data: file('eval', 'franka', 1, [true, true, true, false]) },
      { name: 'r2.json', data: file('eval', 'franka', 2, [true, true, true, true]) },
    ]);
    const b = group('MPQ DR', [{ name: 'd1.json', data: file('eval', 'franka', 1, [true, false, false, false]) }]);
    const fig = buildFigure([], [a, b], { metric: null, window: 10, title: 'T' });
    expect(fig.summary[0].pooled).toMatchObject({ successes: 7, episodes: 8 });
    expect(fig.differences).toHaveLength(1);
    expect(fig.differences[0]).toMatchObject({ label: 'MPQ DR', versus: 'MPQ REAL' });
    expect(fig.differences[0].diff).toBeCloseTo(0.25 - 7 / 8, 12);
    expect(fig.differences[0].hi).toBeLessThan(0);
  });

  it('draws levels alone as rows on a value axis: a dot at the pooled rate, a bar over its interval, a tick per file', () => {
    const a = group('MPQ REAL', [
      { name: 'r1.json', data: file('eval', 'franka', 1, [true, true, true, false]) },
      { name: 'r2.json', data: file('eval', 'franka', 2, [true, true, true, true]) },
    ]);
    const b = group('MPQ DR', [{ name: 'd1.json', data: file('eval', 'franka', 1, [true, false, false, false]) }]);
    const fig = buildFigure([], [a, b], { metric: null, window: 10, title: 'T' });
    // The value axis runs from x 30 (rate 0) to x 690 (rate 1) on a 720-wide chart.
    const dots = [...fig.svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(dots).toEqual([30 + 660 * (7 / 8), 30 + 660 * 0.25].map((v) => Number(v.toFixed(1))));
    const bars = [
      ...fig.svg.matchAll(
        /<line x1="([\d.]+)" x2="([\d.]+)" y1="[\d.]+" y2="[\d.]+" stroke="#[0-9a-f]+" stroke-width="6"/g,
      ),
    ];
    expect(bars).toHaveLength(2);
    const [lo, hi] = fig.summary[0].pooled!.interval;
    expect(Number(bars[0][1])).toBeCloseTo(30 + 660 * lo, 1);
    expect(Number(bars[0][2])).toBeCloseTo(30 + 660 * hi, 1);
    expect(fig.svg).toContain('MPQ REAL (7/8)');
    expect(fig.svg).toContain('MPQ DR (1/4)');
    expect(fig.svg).toContain('95 % Wilson interval');
  });

  it('wraps a title too long for the chart instead of running it off both edges', () => {
    const long = 'Ball-in-cup, Table 2 rows: test success on 40 real-system starts per seed (350 training episodes)';
    const lines = wrapText(long, 700, 15);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(long);
    for (const l of lines) expect(l.length * 0.56 * 15).toBeLessThanOrEqual(700);
    const fig = buildFigure([group('MPQ', [{ name: 's1.json', data: file('train', 'fetch', 1, [true, false]) }])], [], {
      metric: null,
      window: 1,
      title: long,
    });
    expect(fig.svg.match(/font-size="15"/g)).toHaveLength(lines.length);
  });

  it("draws cumulative successes as the paper's Fig. 2, a level as its test rate times the episode", () => {
    const curve = group('MPQ H4', [
      { name: 's1.json', data: file('train', 'ballincup', 1, [true, false, true, true]) },
      { name: 's2.json', data: file('train', 'ballincup', 2, [false, false, true, false]) },
    ]);
    const level = group('MPPI H4', [
      { name: 'e1.json', data: file('eval', 'ballincup', 1, [true, false, false, false]) },
    ]);
    const fig = buildFigure([curve], [level], { metric: 'cumulative', window: 10, title: 'T' });
    const [c, l] = fig.summary;
    expect(c).toMatchObject({ kind: 'curve', perFile: [3, 1], mean: 2, min: 1, max: 3 });
    expect(l).toMatchObject({ kind: 'level', perFile: [0.25], mean: 0.25 });
    expect(fig.svg).toContain('cumulative successes');
    expect(fig.svg).toContain('MPPI H4 (test, 4 episodes × 1, as a rate × episodes)');
  });

  it('uses the return on the pendulum, and refuses mixed tasks or a curve drawn from an eval output', () => {
    const runs = (task: string, cmd: 'train' | 'eval') =>
      group(`${task} ${cmd}`, [{ name: `${task}-${cmd}.json`, data: file(cmd, task, 1, [false, false], -100) }]);
    const fig = buildFigure([runs('pendulum', 'train')], [], { metric: null, window: 10, title: null });
    expect(fig.metric).toBe('return');
    expect(fig.summary[0].perFile).toEqual([-99.5]);
    expect(() =>
      buildFigure([runs('pendulum', 'train')], [runs('fetch', 'eval')], { metric: null, window: 10, title: null }),
    ).toThrow(/fetch-eval\.json is a fetch run; the others are pendulum runs/);
    expect(() => buildFigure([runs('fetch', 'eval')], [], { metric: null, window: 10, title: null })).toThrow(
      /--curve fetch eval: fetch-eval\.json is an eval output/,
    );
    expect(() => buildFigure([], [runs('fetch', 'train')], { metric: null, window: 10, title: null })).toThrow(
      /--level fetch train: fetch-train\.json is a train output/,
    );
  });
});

describe('plot command', () => {
  it('writes the SVG and a JSON of the numbers beside it, and names a file that is not JSON or missing, with its flag', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mpq-plot-'));
    const at = (n: string) => path.join(dir, n);
    writeFileSync(at('t.json'), JSON.stringify(file('train', 'fetch', 1, [true, false, true])));
    writeFileSync(at('e.json'), JSON.stringify(file('eval', 'fetch', 1, [true, true, true, false])));
    writeFileSync(at('bad.json'), '{"command": "train", ');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      plot(
        parsePlotArgs(['--out', at('fig/f.svg'), '--curve', `MPQ=${at('t.json')}`, '--level', `MPPI=${at('e.json')}`]),
      );
      expect(readFileSync(at('fig/f.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
      const json = JSON.parse(readFileSync(at('fig/f.json'), 'utf8'));
      expect(json).toMatchObject({ task: 'fetch', metric: 'success', window: 10 });
      expect(json.groups.map((g: { label: string; mean: number }) => [g.label, g.mean])).toEqual([
        ['MPQ', 2 / 3],
        ['MPPI', 0.75],
      ]);
      expect(() => plot(parsePlotArgs(['--out', at('g.svg'), '--curve', `X=${at('bad.json')}`]))).toThrow(
        new RegExp(`^--curve X: ${at('bad.json')} is not JSON \\(.+\\)$`),
      );
      expect(() => plot(parsePlotArgs(['--out', at('g.svg'), '--level', `Y=${at('none.json')}`]))).toThrow(
        `--level Y: ${at('none.json')} does not exist`,
      );
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
