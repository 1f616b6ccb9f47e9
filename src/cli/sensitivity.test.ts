import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ballincup } from '../core/tasks/ballincup';
import { evaluate } from '../core/train';
import { fetchPush } from '../core/tasks/fetch';
import { pendulum } from '../core/tasks/pendulum';
import { FLAGS } from './flagTable';
import { sensitivityArgs } from './sensitivity';
import { modelResult, parameterEffects, plainMppiEpisodes, sweepConfig, sweepModels } from './diagnostics/sensitivity';

const run = promisify(execFile);

describe('the sensitivity sweep', () => {
  it("covers each parameter on a grid over Table 1's box, the corners where there are few, the centre and the ensemble", () => {
    const m = sweepModels(ballincup, 3);
    expect(m.map((x) => x.kind)).toEqual([
      'true',
      'ensemble',
      ...Array(9).fill('grid'),
      ...Array(8).fill('corner'),
      'centre',
    ]);
    // Grid: one parameter moves from the box's low to its high end, the others stay true.
    expect(m[2].params).toEqual([0.0087, 1.47e-5, 0.05]);
    expect(m[3].params![0]).toBeCloseTo((0.0087 + 0.87) / 2, 15);
    expect(m[4].params).toEqual([0.87, 1.47e-5, 0.05]);
    expect(m[4].name).toBe('ball_mass_kg=0.87');
    expect(m[11].params).toEqual([0.0087, 0.22e-5, 0.00375]);
    expect(m.at(-1)!.params![2]).toBeCloseTo((0.00375 + 1.5) / 2, 15);
    // Fetch's six parameters would give 64 corners: left out.
    expect(sweepModels(fetchPush, 2).filter((x) => x.kind === 'corner')).toHaveLength(0);
  });

  it('plans a fixed wrong model with one vector for every sample and step, and the ensemble as the agents do', () => {
    const [truth, ens, g] = sweepModels(pendulum, 2);
    expect(sweepConfig(pendulum, truth, 5)).toMatchObject({ model: 'true', modelTrueParams: [1, 1] });
    expect(sweepConfig(pendulum, ens, 5)).toMatchObject({ model: 'biased', mppi: { horizon: 5 } });
    expect(sweepConfig(pendulum, g, 5, [0.25, 0.8, 0]).mppi.noiseFilter).toEqual([0.25, 0.8, 0]);
    // The true model's episodes are plain MPPI's eval episodes with the true model.
    const cfg = sweepConfig(pendulum, truth, 3);
    cfg.mppi.samples = 6;
    const eps = plainMppiEpisodes(pendulum, pendulum, cfg, 2, 2);
    expect(eps.map((e) => e.return)).toEqual(evaluate(pendulum, cfg, 2, 2, null).map((e) => e.return));
    // A dense cost ranks the samples at every step; ball-in-cup's sparse cost only where a rollout reaches the cup.
    expect(eps.map((e) => e.informative)).toEqual([1, 1]);
    const bic = sweepConfig(ballincup, sweepModels(ballincup, 1)[0], 4);
    bic.mppi.samples = 4;
    const [sparse] = plainMppiEpisodes(ballincup, ballincup, bic, 1, [3]);
    expect(sparse.informative).toBeLessThan(0.5);
  });

  it('counts the episodes a model lost and won against the true one, on the same starts', () => {
    const [truth, , g] = sweepModels(pendulum, 2);
    const ep = (s: boolean, r: number) => ({ success: s, return: r });
    const t = modelResult(truth, [ep(true, -1), ep(true, -2), ep(false, -5), ep(false, -6)], 0);
    expect(t.informativeSteps).toBeNaN(); // episodes without the count (a MuJoCo line) say so
    const w = modelResult(g, [ep(true, -1), ep(false, -9), ep(true, -3), ep(false, -6)], 0, t.outcomes);
    expect([t.outcomes, w.outcomes]).toEqual(['1100', '1010']);
    expect([w.lostVsTrue, w.wonVsTrue]).toEqual([1, 1]);
    expect(w.successInterval[0]).toBeGreaterThan(0);
    const effects = parameterEffects(pendulum, [t, w]);
    expect(effects[0]).toMatchObject({ parameter: 'mass_kg', worstSuccessDrop: 0, worstReturnDrop: -3.5 + 4.75 });
  });

  it('runs from the command line and writes its JSON and markdown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mpq-sens-'));
    const cli = ['--import', 'tsx', 'src/cli/main.ts', 'sensitivity', '--task', 'pendulum', '--horizon', '2'];
    await run(process.execPath, [...cli, '--episodes', '1', '--grid', '1', '--quiet', '--out-dir', dir]);
    const json = JSON.parse(readFileSync(path.join(dir, 'sensitivity-pendulum-H2.json'), 'utf8'));
    expect(json.results.map((r: { name: string }) => r.name)).toEqual([
      'true',
      'ensemble',
      'mass_kg=1.2',
      'length_m=1.2',
      'corner lo,lo',
      'corner hi,lo',
      'corner lo,hi',
      'corner hi,hi',
      'centre',
    ]);
    expect(json.command).toBe(
      `npm run mpq -- sensitivity --task pendulum --horizon 2 --episodes 1 --seed 1 --grid 1 --numerics v2 --out-dir ${dir}`,
    );
    expect(json.results[0].informativeSteps).toBe(1);
    expect(json.complete).toBe(true);
    const md = readFileSync(path.join(dir, 'sensitivity-pendulum-H2.md'), 'utf8');
    expect(md).toContain('| mass_kg | ');
    const parse = (argv: string[]) => sensitivityArgs(FLAGS.parse('sensitivity', argv));
    expect(() => parse(['--task', 'pendulum', '--grid', '0'])).toThrow(/--grid must be an integer in \[1, 50\]/);
    expect(() => parse(['--task', 'pendulum', '--kinds', 'true,best'])).toThrow(
      /--kinds must be a comma-separated list of true, ensemble, grid, corner, centre, got "true,best"/,
    );
    expect(parse(['--task', 'fetch'])).toMatchObject({ horizon: 64, episodes: 40, seed: 1, grid: 5, numerics: 'v2' });
  }, 180_000);
});
