import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../core/train';
import { parseReproduceArgs } from './args';
import { findReusable, readReusable } from './command';
import { planExperiment, shardRuns } from './experiments';
import { buildReport, type RunResult } from './report';

const run = promisify(execFile);

function fakeRun(label: string, seed: number, successes: boolean[], test?: number): RunResult {
  const episodes: EpisodeRecord[] = successes.map((s, i) => ({
    episode: i + 1,
    return: s ? -10 : -100,
    success: s,
    steps: 200,
    wallMs: 1,
    meanFreeEnergy: 0,
    tdLoss: null,
    system: 'true',
    ...(test !== undefined && i === successes.length - 1
      ? { test: { episodes: 10, meanReturn: 0, successRate: test } }
      : {}),
  }));
  const spec = planExperiment('table2', ['ballincup'], [seed], { quick: true }).find((r) => r.label === label)!;
  return { ...spec, episodes, wallMs: 1 };
}

describe('reproduce plans', () => {
  it('run the paper comparisons with their settings', () => {
    const fig2 = planExperiment('fig2', ['ballincup'], [1, 2]);
    expect(fig2.map((r) => r.label).slice(0, 5)).toEqual([
      'MPQ H4',
      'MPPI H4',
      'MPPI H48',
      'MPPI H48 true dynamics',
      'SoftQ H1',
    ]);
    expect(fig2).toHaveLength(10);
    expect(fig2[0].learn.episodes).toBe(350);
    expect(fig2[3].agent.model).toBe('true');
    expect(fig2[4].agent).toMatchObject({ agent: 'softq', mppi: { horizon: 1 } });
    const t2 = planExperiment('table2', ['franka'], [1]);
    expect(t2.map((r) => [r.label, r.agent.agent, r.learn.data, r.learn.testEvery])).toEqual([
      ['MPQ REAL', 'mpq', 'real', 200],
      ['MPQ DR', 'mpq', 'dr', 200],
      ['H1 REAL', 'softq', 'real', 200],
      ['H1 DR', 'softq', 'dr', 200],
    ]);
    expect(t2[0].learn.targetIterations).toBe(1);
    // The paper's Table 2: 100 test episodes; its DR: Table 1's box, redrawn every step.
    expect(t2.map((r) => r.learn.testEpisodes)).toEqual([100, 100, 100, 100]);
    expect(t2[1].learn).toMatchObject({ drBox: 'biased', drDraw: 'step' });
  });

  it('label a DR variant and count validation episodes in the budget with --select best', () => {
    const broad = planExperiment('table2', ['ballincup'], [1], { dr: { drBox: 'broad', drDraw: 'episode' } });
    expect(broad.map((r) => r.label)).toEqual([
      'MPQ REAL',
      'MPQ DR (broad box, per episode)',
      'H1 REAL',
      'H1 DR (broad box, per episode)',
    ]);
    expect(broad[1].learn).toMatchObject({ data: 'dr', drBox: 'broad', drDraw: 'episode' });
    const best = planExperiment('table2', ['ballincup'], [1], { select: 'best' });
    // 350 real-system episodes: 290 training and 12 validations of 5.
    expect(best[0].learn).toMatchObject({ episodes: 350, select: 'best', testEvery: 290 });
    const filtered = planExperiment('fig2', ['pendulum'], [1], { noiseFilter: [0.25, 0.8, 0] });
    expect(filtered.every((r) => r.agent.mppi.noiseFilter?.join() === '0.25,0.8,0')).toBe(true);
    expect(() => parseReproduceArgs(['--experiment', 'fig2', '--dr-box', 'broad'])).toThrow(
      /--dr-box and --dr-draw set Table 2's DR rows/,
    );
    expect(() => parseReproduceArgs(['--experiment', 'fig2', '--noise-filter', '1,0.6,0.6'])).toThrow(
      /--noise-filter: must be three numbers b0,b1,b2 with 0 < b0 ≤ 10 and \|b1\| \+ \|b2\| < 1/,
    );
    expect(parseReproduceArgs(['--experiment', 'table2', '--dr-box', 'broad', '--select', 'best'])).toMatchObject({
      dr: { drBox: 'broad', drDraw: 'step' },
      select: 'best',
    });
  });

  it('reject bad flags with the flag named', () => {
    expect(() => parseReproduceArgs([])).toThrow(/--experiment is required/);
    expect(() => parseReproduceArgs(['--experiment', 'fig9'])).toThrow(
      /--experiment must be one of fig2, table2, fig3/,
    );
    expect(() => parseReproduceArgs(['--experiment', 'fig2', '--seeds', '0'])).toThrow(
      /--seeds must be an integer in \[1, 100\]/,
    );
    expect(parseReproduceArgs(['--experiment', 'table2', '--quick'])).toMatchObject({
      tasks: ['ballincup', 'franka'],
      seeds: [1, 2, 3],
      quick: true,
      horizons: null,
      episodes: null,
      reuse: [],
    });
    expect(parseReproduceArgs(['--experiment', 'fig3', '--horizons', '16,4,4'])).toMatchObject({ horizons: [4, 16] });
    expect(() => parseReproduceArgs(['--experiment', 'fig2', '--horizons', '4'])).toThrow(
      /--horizons applies to --experiment fig3 only/,
    );
    expect(() => parseReproduceArgs(['--experiment', 'fig3', '--horizons', '4,0'])).toThrow(
      /--horizons must be an integer in \[1, 512\], got "0"/,
    );
    expect(() => parseReproduceArgs(['--experiment', 'fig3', '--horizons', '4,x'])).toThrow(/--horizons must be/);
    expect(
      parseReproduceArgs([
        '--experiment',
        'fig2',
        '--episodes',
        '120',
        '--reuse',
        'a.json, b.json',
        '--reuse',
        'c.json',
      ]),
    ).toMatchObject({ episodes: 120, reuse: ['a.json', 'b.json', 'c.json'] });
    expect(() => parseReproduceArgs(['--experiment', 'fig2', '--episodes', '0'])).toThrow(
      /--episodes must be an integer in \[1, 1000000\]/,
    );
    expect(() => parseReproduceArgs(['--experiment', 'fig2', '--episodes', '5', '--quick'])).toThrow(
      /--episodes and --quick both set the budget/,
    );
  });

  it("take a budget other than the paper's, leaving everything else as the paper has it", () => {
    const paper = planExperiment('fig2', ['franka'], [1]);
    const cut = planExperiment('fig2', ['franka'], [1], { episodes: 120 });
    expect(paper[0].learn.episodes).toBe(200);
    expect(cut.map((r) => r.learn)).toEqual(paper.map((r) => ({ ...r.learn, episodes: 120 })));
    expect(cut.map((r) => r.agent)).toEqual(paper.map((r) => r.agent));
  });

  it('sweep the horizons asked for in Fig. 3', () => {
    const plan = planExperiment('fig3', ['pendulum'], [1], { horizons: [2, 32] });
    expect(plan.map((r) => [r.label, r.agent.mppi.horizon])).toEqual([
      ['MPQ H2', 2],
      ['MPPI H2', 2],
      ['MPQ H32', 32],
      ['MPPI H32', 32],
    ]);
  });
});

describe('--reuse', () => {
  const spec = planExperiment('fig3', ['pendulum'], [1], { quick: true, horizons: [4] })[0];
  const done: RunResult = { ...spec, episodes: fakeRun('MPQ REAL', 1, [true, false]).episodes, wallMs: 5 };

  it('takes an earlier run only when task, seed and the whole configuration match and its records are whole', () => {
    expect(findReusable(spec, [done])).toBe(done);
    expect(findReusable({ ...spec, seed: 2 }, [done])).toBeNull();
    expect(findReusable({ ...spec, learn: { ...spec.learn, learningRate: 0.01 } }, [done])).toBeNull();
    expect(
      findReusable({ ...spec, agent: { ...spec.agent, mppi: { ...spec.agent.mppi, lambda: 1 } } }, [done]),
    ).toBeNull();
    expect(findReusable(spec, [{ ...done, episodes: done.episodes.slice(0, 1) }])).toBeNull();
    expect(
      findReusable(spec, [{ ...done, episodes: [done.episodes[0], { ...done.episodes[1], return: Number.NaN }] }]),
    ).toBeNull();
  });

  it('reads a run written before the DR and θ-selection settings as the code then ran it', () => {
    const { drBox: _b, drDraw: _d, select: _s, validateEvery: _v, validateEpisodes: _k, ...old } = spec.learn;
    // Trained on the real system: the DR settings cannot act, so an old file is the same run.
    expect(findReusable(spec, [{ ...done, learn: old as typeof spec.learn }])).not.toBeNull();
    // An old DR file drew from the broad box (Franka: Table 1's box) every step, not the paper's DR.
    const bic = planExperiment('table2', ['ballincup'], [1], { quick: true })[1];
    const fr = planExperiment('table2', ['franka'], [1], { quick: true })[1];
    const strip = (l: typeof spec.learn) => {
      const { drBox: _x, drDraw: _y, select: _z, validateEvery: _u, validateEpisodes: _w, ...rest } = l;
      return rest as typeof spec.learn;
    };
    const oldRun = (r: typeof bic) => ({ ...r, learn: strip(r.learn), episodes: done.episodes, wallMs: 1 });
    expect(findReusable(bic, [oldRun(bic)])).toBeNull();
    expect(findReusable({ ...bic, learn: { ...bic.learn, drBox: 'broad' } }, [oldRun(bic)])).not.toBeNull();
    expect(findReusable(fr, [oldRun(fr)])).not.toBeNull();
  });

  it("serve a shorter plan with a longer run's first episodes, and a plan without tests with a run tested after its last", () => {
    const rec = done.episodes[0];
    const longer = { ...done, learn: { ...spec.learn, episodes: 3 }, episodes: [...done.episodes, rec] };
    expect(findReusable(spec, [longer])).toEqual({ ...longer, episodes: done.episodes, cutFrom: 3 });
    // A plan with tests is not served by a prefix: its test episodes would come at another point.
    const testing = { ...spec, learn: { ...spec.learn, testEvery: 2, testEpisodes: 5 } };
    expect(
      findReusable(testing, [{ ...longer, learn: { ...longer.learn, testEvery: 3, testEpisodes: 5 } }]),
    ).toBeNull();
    // Table 2's MPQ REAL (tested after its last episode) is Fig. 2's MPQ: its records, the test left out.
    const test = { episodes: 100, meanReturn: -1, successRate: 0.5 };
    const tested = {
      ...done,
      learn: { ...spec.learn, testEvery: 2, testEpisodes: 100 },
      episodes: [done.episodes[0], { ...done.episodes[1], test }],
    };
    expect(findReusable(spec, [tested])).toEqual({ ...tested, episodes: done.episodes, testLeftOut: true });
    // Not when the test came before the end (later episodes were trained after it), nor for a plan that tests.
    const midway = { ...tested, learn: { ...tested.learn, testEvery: 1 } };
    expect(findReusable(spec, [midway])).toBeNull();
    expect(findReusable(testing, [tested])).toBeNull();
    expect(findReusable({ ...testing, learn: { ...testing.learn, testEpisodes: 100 } }, [tested])).toBe(tested);
  });

  it('matches by configuration, not by label: a run made under another name is the same training', () => {
    expect(findReusable(spec, [{ ...done, label: '' }])).toEqual({ ...done, label: '' });
    expect(findReusable(spec, [{ ...done, seed: 2 }, done])).toBe(done);
  });

  it('reads reproduce results of any experiment and train outputs, refusing anything else with the file named', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mpq-reuse-'));
    const f = (name: string, data: unknown) => {
      writeFileSync(path.join(dir, name), typeof data === 'string' ? data : JSON.stringify(data));
      return path.join(dir, name);
    };
    expect(() => readReusable(path.join(dir, 'none.json'), 'cpu')).toThrow(/^--reuse: .*none.json does not exist$/);
    expect(() => readReusable(f('bad.json', '{'), 'cpu')).toThrow(/^--reuse: .*bad.json is not JSON \(.+\)$/);
    expect(() => readReusable(f('obj.json', { a: 1 }), 'cpu')).toThrow(
      /obj.json is not a reproduce result \(no "runs" list\) or train output/,
    );
    expect(() => readReusable(f('list.json', [1]), 'cpu')).toThrow(
      /list.json is not a reproduce result or train output/,
    );
    expect(() => readReusable(f('eval.json', { command: 'eval', episodes: [] }), 'cpu')).toThrow(
      /eval.json is an eval output; only train outputs and reproduce results/,
    );
    expect(() =>
      readReusable(f('wasm.json', { experiment: 'fig3', runs: [done], environment: { backend: 'wasm' } }), 'cpu'),
    ).toThrow(/wasm.json was made on the wasm backend; this run uses cpu/);
    expect(() =>
      readReusable(f('t0.json', { command: 'train', config: { task: 'pendulum' }, episodes: [] }), 'cpu'),
    ).toThrow(/t0.json is a train output without/);
    // A fig2 result serves a fig3 plan: runs are matched by configuration.
    const fromFig2 = readReusable(
      f('fig2.json', { experiment: 'fig2', runs: [done], environment: { backend: 'cpu' } }),
      'cpu',
    );
    expect(fromFig2).toEqual([{ ...done, takenFrom: path.join(dir, 'fig2.json') }]);
    expect(findReusable(spec, fromFig2)).toBe(fromFig2[0]);
    // A `train` output of the CLI, as main.ts writes it, is one run.
    const trainOut = {
      command: 'train',
      config: { task: spec.task, agent: spec.agent, learn: spec.learn, weights: null },
      episodes: done.episodes,
      summary: {},
      environment: { backend: 'cpu' },
      wallMs: 7,
    };
    const fromTrain = readReusable(f('train.json', trainOut), 'cpu');
    expect(findReusable(spec, fromTrain)).toMatchObject({
      task: spec.task,
      seed: 1,
      episodes: done.episodes,
      wallMs: 7,
      takenFrom: path.join(dir, 'train.json'),
    });
  });
});

describe('reports', () => {
  it('state whether Table 2 ordering holds, with the figures', () => {
    const runs = [
      fakeRun('MPQ REAL', 1, [true], 0.8),
      fakeRun('MPQ REAL', 2, [true], 0.6),
      fakeRun('MPQ DR', 1, [false], 0.7),
      fakeRun('MPQ DR', 2, [false], 0.9),
      fakeRun('H1 REAL', 1, [false], 0.1),
    ];
    const r = buildReport('table2', runs);
    expect(r.summary.ballincup['MPQ REAL']).toEqual({ mean: 0.7, min: 0.6, max: 0.8, seeds: 2 });
    expect(r.markdown).toContain('| MPQ REAL | 0.70 (0.60–0.80) | 8/10, 6/10 | 0.85 |');
    // Pooled over seeds: 14/20 against 16/20 and 1/10, with Newcombe's interval on the difference.
    expect(r.markdown).toContain(
      'MPQ REAL beats MPQ DR: **not resolved (the interval holds 0)**: 0.700 vs 0.800 (14/20 vs 16/20',
    );
    expect(r.markdown).toContain('MPQ REAL beats H1 REAL: **yes**: 0.700 vs 0.100 (14/20 vs 1/10');
    expect(r.differences!.ballincup['MPQ DR'].diff).toBeCloseTo(-0.1, 12);
    const d = r.differences!.ballincup['H1 REAL'];
    expect(d.lo).toBeGreaterThan(0);
    expect(d.episodes).toEqual([20, 10]);
  });

  it("draw Fig. 2 in the paper's metric beside last-10: cumulative successes, or the average return", () => {
    const runs = [fakeRun('MPQ REAL', 1, [true, false, true]), fakeRun('MPQ REAL', 2, [true, true, true])].map((r) => ({
      ...r,
      label: 'MPQ H4',
    }));
    const r = buildReport('fig2', runs);
    expect(r.whole!.ballincup['MPQ H4']).toEqual({ mean: 2.5, min: 2, max: 3, seeds: 2 });
    expect([...r.svgs.keys()]).toEqual(['ballincup', 'ballincup-cumulative']);
    expect(r.svgs.get('ballincup-cumulative')).toContain('cumulative successes');
    // Curves over episodes are dense: no dots on them.
    for (const svg of r.svgs.values()) expect(svg).not.toContain('<circle ');
    expect(r.markdown).toContain("cumulative successes after 3 episodes (the paper's Fig. 2)");
    expect(r.markdown).toContain('| MPQ H4 | 0.83 (0.67–1.00) | 2.5 (2.0–3.0) |');
  });

  it("draw Fig. 3 in the paper's metric beside last-10, and compare MPQ's best H with MPPI's longest", () => {
    // Cumulative successes per H (both seeds alike): MPQ 1, 3, 2; MPPI 0, 1, 2 — MPQ peaks at H 10 by both metrics.
    const wins: Record<string, boolean[]> = {
      'MPQ H4': [true, false, false],
      'MPQ H10': [true, true, true],
      'MPQ H16': [false, true, true],
      'MPPI H4': [false, false, false],
      'MPPI H10': [false, false, true],
      'MPPI H16': [true, false, true],
    };
    const runs = Object.entries(wins).flatMap(([label, w]) =>
      [1, 2].map((seed) => ({ ...fakeRun('MPQ REAL', seed, w), label })),
    );
    const r = buildReport('fig3', runs);
    expect(r.whole!.ballincup['MPQ H10']).toEqual({ mean: 3, min: 3, max: 3, seeds: 2 });
    expect(r.whole!.ballincup['MPPI H16']).toEqual({ mean: 2, min: 2, max: 2, seeds: 2 });
    expect([...r.svgs.keys()]).toEqual(['ballincup', 'ballincup-cumulative']);
    expect(r.svgs.get('ballincup-cumulative')).toContain('cumulative successes');
    // A dot at each of the three horizons on both curves (MPQ, MPPI), in both charts.
    // … and the x axis names exactly the grid's horizons.
    for (const svg of r.svgs.values()) {
      expect((svg.match(/<circle /g) ?? []).length).toBe(6);
      const xLabels = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="middle">(\d+)<\/text>/g)].map(
        (m) => m[1],
      );
      expect(xLabels).toEqual(['4', '10', '16']);
    }
    expect(r.markdown).toContain('| 10 | 1.00 (1.00–1.00) | 3.0 (3.0–3.0) | 0.33 (0.33–0.33) | 1.0 (1.0–1.0) |');
    expect(r.markdown).toContain("MPQ is best at H = 10; it rises, then falls or flattens (Fig. 3's trend): **yes**");
    expect(r.markdown).toContain(
      'MPQ at its best H (10) matches or beats plain MPPI at the longest H (16), cumulative successes after 3 episodes: **yes** (3.0 vs 2.0)',
    );
  });
});

describe('npm run mpq -- reproduce --quick', () => {
  it('writes the JSON, an SVG per task and the markdown table', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mpq-repro-'));
    await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'reproduce',
      '--experiment',
      'fig2',
      '--task',
      'pendulum',
      '--seeds',
      '2',
      '--quick',
      '--quiet',
      '--out-dir',
      dir,
    ]);
    const json = JSON.parse(readFileSync(path.join(dir, 'fig2.json'), 'utf8'));
    expect(json.runs).toHaveLength(10);
    expect(json.runs.every((r: RunResult) => r.episodes.length === 2)).toBe(true);
    expect(Object.keys(json.summary.pendulum)).toEqual([
      'MPQ H8',
      'MPPI H8',
      'MPPI H32',
      'MPPI H32 true dynamics',
      'SoftQ H1',
    ]);
    const svg = readFileSync(path.join(dir, 'fig2-pendulum.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect((svg.match(/<polyline/g) ?? []).length).toBe(5);
    const md = readFileSync(path.join(dir, 'fig2.md'), 'utf8');
    expect(md).toMatch(/quick: a smoke-test budget, not a result/);
    expect(md).toMatch(/MPQ H8 beats MPPI H8: \*\*(yes|no)\*\*/);
    expect(existsSync(path.join(dir, 'fig2-ballincup.svg'))).toBe(false);
  });

  it('extends a Fig. 3 grid with --reuse, training only the new horizons', async () => {
    const first = mkdtempSync(path.join(tmpdir(), 'mpq-fig3a-'));
    const second = mkdtempSync(path.join(tmpdir(), 'mpq-fig3b-'));
    const cli = [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'reproduce',
      '--experiment',
      'fig3',
      '--task',
      'pendulum',
      '--seeds',
      '1',
      '--quick',
      '--quiet',
    ];
    await run(process.execPath, [...cli, '--horizons', '1', '--out-dir', first]);
    const loud = cli.filter((a) => a !== '--quiet');
    const { stderr } = await run(process.execPath, [
      ...loud,
      '--horizons',
      '1,2',
      '--reuse',
      path.join(first, 'fig3.json'),
      '--out-dir',
      second,
    ]);
    // Progress: reused runs name their file; trained runs report episodes (every 10th and the last).
    expect(stderr).toContain(`[1/4] pendulum MPQ H1 seed 1: taken from ${path.join(first, 'fig3.json')}`);
    expect(stderr).toMatch(/\[3\/4\] pendulum MPQ H2 seed 1 {2}episode 2\/2 {2}return -?\d+\.\d\d {2}success (yes|no)/);
    expect(stderr).not.toMatch(/episode 1\/2/);
    const a = JSON.parse(readFileSync(path.join(first, 'fig3.json'), 'utf8'));
    const b = JSON.parse(readFileSync(path.join(second, 'fig3.json'), 'utf8'));
    expect(b.runs.map((r: RunResult) => r.label)).toEqual(['MPQ H1', 'MPPI H1', 'MPQ H2', 'MPPI H2']);
    expect(b.reused).toBe(2);
    expect(b.runs.slice(0, 2).map(({ takenFrom, ...r }: RunResult & { takenFrom?: string }) => [r, takenFrom])).toEqual(
      a.runs.map((r: RunResult) => [r, path.join(first, 'fig3.json')]),
    );
    expect(b.reusedFrom).toEqual([path.join(first, 'fig3.json')]);
    expect(Object.keys(b.summary.pendulum)).toEqual(['MPQ H1', 'MPQ H2', 'MPPI H1', 'MPPI H2']);
    expect(readFileSync(path.join(second, 'fig3.md'), 'utf8')).toContain('2 of 4 runs were taken from');
  });
});

describe('shards', () => {
  it('deal the run list round-robin: together the whole list, each run once, in plan order', () => {
    const runs = planExperiment('fig2', ['pendulum', 'fetch'], [1, 2, 3]);
    const shards = [0, 1, 2, 3].map((index) => shardRuns(runs, { index, count: 4 }));
    expect(shards.map((s) => s.length)).toEqual([8, 8, 7, 7]);
    expect(
      shards
        .flat()
        .map((s) => s.index)
        .sort((a, b) => a - b),
    ).toEqual(runs.map((_, i) => i));
    expect(shards[1].slice(0, 2)).toEqual([
      { index: 1, run: runs[1] },
      { index: 5, run: runs[5] },
    ]);
    // One shard of one is the whole list.
    expect(shardRuns(runs, { index: 0, count: 1 }).map((s) => s.run)).toEqual(runs);
  });

  it('parse as I/N', () => {
    expect(parseReproduceArgs(['--experiment', 'fig2', '--shard', '1/3', '--jobs', '2'])).toMatchObject({
      shard: { index: 1, count: 3 },
      jobs: 2,
    });
    expect(parseReproduceArgs(['--experiment', 'fig2']).jobs).toBeGreaterThanOrEqual(1);
  });
});

describe('reproduce --jobs and --shard', () => {
  /** A run's records without its wall times (the only part that depends on where and when it ran). */
  const records = (file: string) =>
    (JSON.parse(readFileSync(file, 'utf8')).runs as (RunResult & { takenFrom?: string })[]).map(
      ({ wallMs: _w, takenFrom: _t, ...r }) => ({ ...r, episodes: r.episodes.map(({ wallMs: _e, ...e }) => e) }),
    );
  const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
  /** The markdown from the first table on: the header says wall times, jobs and reuse. */
  const tables = (file: string) => readFileSync(file, 'utf8').split('\n### ').slice(1).join('\n### ');
  const cli = ['--import', 'tsx', 'src/cli/main.ts', 'reproduce', '--experiment', 'fig2', '--task', 'pendulum'];
  const quick = [...cli, '--seeds', '1', '--quick', '--quiet'];

  it('--dry-run lists the runs a shard would train or take, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mpq-dry-'));
    const earlier = path.join(dir, 'earlier.json');
    const spec = planExperiment('fig2', ['pendulum'], [1], { quick: true })[4];
    writeFileSync(
      earlier,
      JSON.stringify({ runs: [{ ...spec, episodes: fakeRun('MPQ REAL', 1, [true, true]).episodes, wallMs: 1 }] }),
    );
    const out = path.join(dir, 'out');
    const { stdout, stderr } = await run(process.execPath, [
      ...quick,
      '--shard',
      '0/2',
      '--reuse',
      earlier,
      '--dry-run',
      '--out-dir',
      out,
    ]);
    expect(stdout).toBe(
      '[1/5] pendulum MPQ H8 seed 1: to train\n' +
        '[3/5] pendulum MPPI H32 seed 1: to train\n' +
        `[5/5] pendulum SoftQ H1 seed 1: taken from ${earlier}\n`,
    );
    expect(stderr).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('keep each finished run in a partial file, so an interrupted experiment goes on from it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mpq-partial-'));
    const loud = quick.filter((a) => a !== '--quiet');
    const child = spawn(process.execPath, [...loud, '--jobs', '1', '--out-dir', dir]);
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        // The second run reports: the first is done and kept. Stop the experiment as a user or a scheduler would.
        if (/\[2\/5\]/.test(stderr)) child.kill('SIGTERM');
      });
      child.on('close', () => resolve());
    });
    const partial = path.join(dir, 'fig2.partial.json');
    const kept = json(partial);
    expect(kept.partial).toBe(true);
    expect(kept.runs.length).toBeGreaterThanOrEqual(1);
    expect(kept.runs[0]).toMatchObject({ task: 'pendulum', label: 'MPQ H8', seed: 1 });
    expect(existsSync(path.join(dir, 'fig2.json'))).toBe(false);
    await run(process.execPath, [...quick, '--reuse', partial, '--out-dir', dir]);
    const done = json(path.join(dir, 'fig2.json'));
    expect(done.runs).toHaveLength(5);
    expect(done.reused).toBe(kept.runs.length);
    expect(existsSync(partial)).toBe(false);
  });

  it('give the records and tables of one run in one process', async () => {
    const [one, two, shards, merged] = ['one', 'two', 'shards', 'merged'].map((n) =>
      mkdtempSync(path.join(tmpdir(), `mpq-${n}-`)),
    );
    await run(process.execPath, [...quick, '--jobs', '1', '--out-dir', one]);
    await run(process.execPath, [...quick, '--jobs', '2', '--out-dir', two]);
    const a = json(path.join(one, 'fig2.json'));
    const b = json(path.join(two, 'fig2.json'));
    expect([a.jobs, b.jobs]).toEqual([1, 2]);
    expect(records(path.join(two, 'fig2.json'))).toEqual(records(path.join(one, 'fig2.json')));
    expect(b.summary).toEqual(a.summary);
    expect(tables(path.join(two, 'fig2.md'))).toBe(tables(path.join(one, 'fig2.md')));

    // Two shards into one folder, then merged with --reuse: the tables of the single run.
    await run(process.execPath, [...quick, '--shard', '0/2', '--out-dir', shards]);
    await run(process.execPath, [...quick, '--shard', '1/2', '--out-dir', shards]);
    expect(readdirSync(shards).sort()).toEqual(['fig2.shard-0-of-2.json', 'fig2.shard-1-of-2.json', 'weights']);
    // Shard 0 trained the two learning runs; their final weights are beside the shard files.
    expect(readdirSync(path.join(shards, 'weights')).sort()).toEqual([
      'pendulum-mpq-h8-s1.json',
      'pendulum-softq-h1-s1.json',
    ]);
    const s0 = json(path.join(shards, 'fig2.shard-0-of-2.json'));
    expect(s0).toMatchObject({ shard: { index: 0, count: 2 }, planned: 5 });
    expect(s0.runs.map((r: RunResult) => r.label)).toEqual(['MPQ H8', 'MPPI H32', 'SoftQ H1']);
    const { stderr } = await run(process.execPath, [
      ...cli,
      '--seeds',
      '1',
      '--quick',
      '--reuse',
      shards,
      '--out-dir',
      merged,
    ]);
    expect(stderr).toContain(
      `[2/5] pendulum MPPI H8 seed 1: taken from ${path.join(shards, 'fig2.shard-1-of-2.json')}`,
    );
    expect(stderr).not.toMatch(/episode \d/);
    const m = json(path.join(merged, 'fig2.json'));
    expect(m.reused).toBe(5);
    expect(records(path.join(merged, 'fig2.json'))).toEqual(records(path.join(one, 'fig2.json')));
    expect(m.summary).toEqual(a.summary);
    expect(tables(path.join(merged, 'fig2.md'))).toBe(tables(path.join(one, 'fig2.md')));
    expect(readFileSync(path.join(merged, 'fig2-pendulum.svg'), 'utf8')).toBe(
      readFileSync(path.join(one, 'fig2-pendulum.svg'), 'utf8'),
    );
  });
});
