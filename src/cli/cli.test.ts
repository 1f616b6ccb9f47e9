/**
 * The CLI end to end on tiny budgets (a real process, real JSON), and its
 * argument checking in-process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'mpq-cli-'));
const TINY = [
  '--episodes',
  '2',
  '--minibatches',
  '2',
  '--batch-size',
  '16',
  '--samples',
  '8',
  '--horizon',
  '4',
  '--quiet',
];

async function mpq(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: process.cwd(),
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function readRun(file: string) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('mpq CLI', () => {
  it('trains, saves weights, evaluates them, and writes the contract JSON', async () => {
    const out = path.join(dir, 'train.json');
    const w = path.join(dir, 'q.json');
    const t = await mpq([
      'train',
      '--task',
      'pendulum',
      '--agent',
      'mpq',
      ...TINY,
      '--seed',
      '3',
      '--out',
      out,
      '--save-weights',
      w,
    ]);
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    const r = readRun(out);
    expect(r.config.agent.mppi).toMatchObject({
      samples: 8,
      horizon: 4,
      lambda: 0.15,
      sigma: 4,
      alpha: 0.5,
      gamma: 0.9,
    });
    expect(r.config.learn).toMatchObject({ episodes: 2, minibatches: 2, batchSize: 16, seed: 3 });
    expect(r.episodes).toHaveLength(2);
    for (const [i, e] of r.episodes.entries()) {
      expect(e).toMatchObject({ episode: i + 1, steps: 200 });
      expect(typeof e.return).toBe('number');
      expect(typeof e.success).toBe('boolean');
      expect(e.wallMs).toBeGreaterThan(0);
      expect(e.tdLoss).toBeGreaterThan(0);
    }
    expect(Object.keys(r.summary).sort()).toEqual(['lastTenMeanReturn', 'meanReturn', 'successRate']);
    expect(r.summary.meanReturn).toBeCloseTo((r.episodes[0].return + r.episodes[1].return) / 2, 9);
    expect(r.environment).toMatchObject({ backend: 'wasm', node: process.version, platform: process.platform });
    expect(r.config.agent.numerics).toBe('v2');

    const evalOut = path.join(dir, 'eval.json');
    const ev = await mpq([
      'eval',
      '--task',
      'pendulum',
      '--agent',
      'mpq',
      '--weights',
      w,
      '--episodes',
      '1',
      '--samples',
      '8',
      '--horizon',
      '4',
      '--quiet',
      '--out',
      evalOut,
    ]);
    expect(ev.code).toBe(0);
    expect(readRun(evalOut).episodes).toHaveLength(1);
  });

  it('gives byte-identical episode returns for the same seed, and different ones for another seed', async () => {
    const files = ['a', 'b', 'c'].map((n) => path.join(dir, `det-${n}.json`));
    await Promise.all([
      mpq(['train', '--task', 'pendulum', '--agent', 'mpq', ...TINY, '--seed', '11', '--out', files[0]]),
      mpq(['train', '--task', 'pendulum', '--agent', 'mpq', ...TINY, '--seed', '11', '--out', files[1]]),
    ]);
    await mpq(['train', '--task', 'pendulum', '--agent', 'mpq', ...TINY, '--seed', '12', '--out', files[2]]);
    const returns = files.map((f) =>
      JSON.stringify(readRun(f).episodes.map((e: { return: number; tdLoss: number }) => [e.return, e.tdLoss])),
    );
    expect(returns[0]).toBe(returns[1]);
    expect(returns[2]).not.toBe(returns[0]);
  });

  it('exits 2 with one line naming the flag for bad input', async () => {
    const bad = await mpq(['train', '--task', 'pendulum', '--agent', 'mpq', '--lambda', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--lambda must be a number in \(0, 1000000\]/);
    const garbage = path.join(dir, 'garbage.json');
    writeFileSync(garbage, JSON.stringify({ format: 'mpq-lab.q-weights', version: 1, task: 'pendulum', layers: [] }));
    const w = await mpq(['eval', '--task', 'pendulum', '--agent', 'mpq', '--weights', garbage, '--episodes', '1']);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/--weights .*expected 3 layers/);
  });
});

describe('parseArgs', () => {
  const base = ['train', '--task', 'pendulum', '--agent', 'mpq'];
  it.each([
    [['train', '--task', 'cartpole', '--agent', 'mpq'], /--task must be one of pendulum.*got "cartpole"/],
    [['train', '--task', 'pendulum', '--agent', 'sac'], /--agent must be one of mpq, mppi, softq, got "sac"/],
    [[...base, '--horizon', '0'], /--horizon must be an integer in \[1, 512\], got "0"/],
    [[...base, '--horizon', '2.5'], /--horizon must be an integer/],
    [[...base, '--samples', '1'], /--samples must be an integer in \[2, 65536\]/],
    [[...base, '--lambda', '-1'], /--lambda must be a number in \(0, 1000000\]/],
    [[...base, '--sigma', 'abc'], /--sigma must be a number in \(0, .*got "abc"/],
    [[...base, '--gamma', '1.5'], /--gamma must be a number in \[0, 1\]/],
    [[...base, '--episodes', ''], /--episodes must be an integer/],
    [[...base, '--model', 'exact'], /--model must be one of biased, true, dr/],
    [[...base, '--frobnicate', '1'], /unknown flag --frobnicate/],
    [[...base, '--horizon'], /--horizon needs a value/],
    [['fly', '--task', 'pendulum'], /command must be one of train, eval/],
    [['train', '--agent', 'mpq'], /--task is required/],
    [['eval', '--task', 'pendulum', '--agent', 'mpq'], /--weights FILE is required/],
    [
      ['eval', '--task', 'pendulum', '--agent', 'mppi', '--minibatches', '3'],
      /--minibatches is not a flag of eval \(only train\)/,
    ],
    [['train', '--task', 'pendulum', '--agent', 'softq', '--horizon', '4'], /--horizon must be 1 for --agent softq/],
    [[...base, '--data', 'sim'], /--data must be one of real, dr/],
    [[...base, '--target-tau', '0'], /--target-tau must be a number in \(0, 1\]/],
    [[...base, '--data', 'dr', '--dr-box', 'wide'], /--dr-box must be one of biased, broad, got "wide"/],
    [[...base, '--dr-draw', 'episode'], /--dr-box and --dr-draw set how --data dr draws its parameters/],
    [[...base, '--noise-filter', '1,0.9,0.5'], /--noise-filter: must be three numbers b0,b1,b2 with 0 < b0 ≤ 10/],
    [[...base, '--noise-filter', '1,0.5'], /--noise-filter: must be three numbers/],
    [[...base, '--noise-filter', '1,0.5,x'], /--noise-filter must be a number in \[-1, 10\]/],
    [[...base, '--validate-every', '5'], /--validate-every and --validate-episodes apply with --select best/],
    [[...base, '--select', 'best', '--episodes', '5'], /--select best: 5 episodes leave none for training/],
    [['eval', '--task', 'pendulum', '--agent', 'mppi', '--select', 'best'], /--select is not a flag of eval/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('uses the paper settings by default and applies flags', () => {
    const p = parseArgs([...base, '--horizon', '12', '--model', 'true', '--iters', '2', '--seed', '9']);
    expect(p.agent.mppi).toMatchObject({
      samples: 24,
      horizon: 12,
      lambda: 0.15,
      sigma: 4,
      alpha: 0.5,
      gamma: 0.9,
      iterations: 1,
    });
    expect(p.agent.model).toBe('true');
    expect(p.learn).toMatchObject({ targetIterations: 2, seed: 9, learningRate: 1e-3, hidden: [100, 100] });
    // The paper's DR and the final θ unless asked otherwise; white noise.
    expect(p.learn).toMatchObject({ data: 'real', drBox: 'biased', drDraw: 'step', select: 'final' });
    expect(p.agent.mppi.noiseFilter).toBeUndefined();
    const q = parseArgs([
      ...base,
      '--data',
      'dr',
      '--dr-box',
      'broad',
      '--dr-draw',
      'episode',
      '--noise-filter',
      '0.25,0.8,0',
      '--select',
      'best',
      '--validate-every',
      '10',
      '--validate-episodes',
      '2',
    ]);
    expect(q.learn).toMatchObject({ data: 'dr', drBox: 'broad', drDraw: 'episode', select: 'best', validateEvery: 10 });
    expect(q.agent.mppi.noiseFilter).toEqual([0.25, 0.8, 0]);
  });
});
