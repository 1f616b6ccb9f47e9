import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../core/train';
import { parseReproduceArgs } from './command';
import { planExperiment } from './experiments';
import { buildReport, smooth, type RunResult } from './report';
import { ticks } from './svg';

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
    ...(test !== undefined && i === successes.length - 1 ? { test: { episodes: 10, meanReturn: 0, successRate: test } } : {}),
  }));
  const spec = planExperiment('table2', ['ballincup'], [seed], true).find((r) => r.label === label)!;
  return { ...spec, episodes, wallMs: 1 };
}

describe('reproduce plans', () => {
  it('run the paper comparisons with their settings', () => {
    const fig2 = planExperiment('fig2', ['ballincup'], [1, 2], false);
    expect(fig2.map((r) => r.label).slice(0, 5)).toEqual(['MPQ H4', 'MPPI H4', 'MPPI H48', 'MPPI H48 true dynamics', 'SoftQ H1']);
    expect(fig2).toHaveLength(10);
    expect(fig2[0].learn.episodes).toBe(350);
    expect(fig2[3].agent.model).toBe('true');
    expect(fig2[4].agent).toMatchObject({ agent: 'softq', mppi: { horizon: 1 } });
    const t2 = planExperiment('table2', ['franka'], [1], false);
    expect(t2.map((r) => [r.label, r.agent.agent, r.learn.data, r.learn.testEvery])).toEqual([
      ['MPQ REAL', 'mpq', 'real', 200],
      ['MPQ DR', 'mpq', 'dr', 200],
      ['H1 REAL', 'softq', 'real', 200],
      ['H1 DR', 'softq', 'dr', 200],
    ]);
    expect(t2[0].learn.targetIterations).toBe(1);
  });

  it('reject bad flags with the flag named', () => {
    expect(() => parseReproduceArgs([])).toThrow(/--experiment is required/);
    expect(() => parseReproduceArgs(['--experiment', 'fig9'])).toThrow(/--experiment must be one of fig2, table2, fig3/);
    expect(() => parseReproduceArgs(['--experiment', 'fig2', '--seeds', '0'])).toThrow(/--seeds must be an integer in \[1, 100\]/);
    expect(parseReproduceArgs(['--experiment', 'table2', '--quick'])).toMatchObject({ tasks: ['ballincup', 'franka'], seeds: [1, 2, 3], quick: true });
  });
});

describe('reports', () => {
  it('state whether Table 2 ordering holds, with the figures', () => {
    const runs = [fakeRun('MPQ REAL', 1, [true], 0.8), fakeRun('MPQ REAL', 2, [true], 0.6), fakeRun('MPQ DR', 1, [false], 0.7), fakeRun('MPQ DR', 2, [false], 0.9), fakeRun('H1 REAL', 1, [false], 0.1)];
    const r = buildReport('table2', runs);
    expect(r.summary.ballincup['MPQ REAL']).toEqual({ mean: 0.7, min: 0.6, max: 0.8, seeds: 2 });
    expect(r.markdown).toContain('| MPQ REAL | 0.70 (0.60–0.80) | 0.85 |');
    expect(r.markdown).toContain('MPQ REAL beats MPQ DR: **no** (0.70 vs 0.80)');
    expect(r.markdown).toContain('MPQ REAL beats H1 REAL: **yes** (0.70 vs 0.10)');
  });

  it('smooth success curves over a trailing window and pick readable ticks', () => {
    expect(smooth([0, 1, 1, 0], 2)).toEqual([0, 0.5, 1, 0.5]);
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(1, 350)).toEqual([100, 200, 300]);
  });
});

describe('npm run mpq -- reproduce --quick', () => {
  it('writes the JSON, an SVG per task and the markdown table', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mpq-repro-'));
    await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'reproduce', '--experiment', 'fig2', '--task', 'pendulum', '--seeds', '2', '--quick', '--quiet', '--out-dir', dir]);
    const json = JSON.parse(readFileSync(path.join(dir, 'fig2.json'), 'utf8'));
    expect(json.runs).toHaveLength(10);
    expect(json.runs.every((r: RunResult) => r.episodes.length === 2)).toBe(true);
    expect(Object.keys(json.summary.pendulum)).toEqual(['MPQ H8', 'MPPI H8', 'MPPI H32', 'MPPI H32 true dynamics', 'SoftQ H1']);
    const svg = readFileSync(path.join(dir, 'fig2-pendulum.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect((svg.match(/<polyline/g) ?? []).length).toBe(5);
    const md = readFileSync(path.join(dir, 'fig2.md'), 'utf8');
    expect(md).toMatch(/quick: a smoke-test budget, not a result/);
    expect(md).toMatch(/MPQ H8 beats MPPI H8: \*\*(yes|no)\*\*/);
    expect(existsSync(path.join(dir, 'fig2-ballincup.svg'))).toBe(false);
  });
});
