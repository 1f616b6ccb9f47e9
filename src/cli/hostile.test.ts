/**
 * Hostile and careless invocations of the real CLI, as a table: each must exit
 * with the stated status (2: the invocation is wrong) and one line on stderr
 * naming what is wrong, print nothing on stdout, and leave no file behind.
 * None of them reaches training: everything is checked first.
 *
 * Each must exit within 5 s of CPU time (the process's own, user + system,
 * reported by a hook on its exit): wall time on a shared, loaded machine says
 * more about the neighbours than about the CLI. A process still running after
 * 60 s of wall time is killed and fails as a hang.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTask } from '../core/tasks/registry';
import { weightsToFile } from '../core/weightsFile';

const root = mkdtempSync(path.join(tmpdir(), 'mpq-hostile-'));
/** Where every output of the table points: it must stay empty. */
const out = path.join(root, 'out');
/** Fixtures: files and folders given as inputs (and as bad outputs); they must stay as they are. */
const fix = path.join(root, 'fix');
mkdirSync(out);
mkdirSync(fix);
const F = (name: string) => path.join(fix, name);
const O = (name: string) => path.join(out, name);
mkdirSync(F('adir'));
mkdirSync(F('nojson'));
writeFileSync(F('afile.txt'), 'x');
writeFileSync(F('notjson.json'), '{');
writeFileSync(F('train.json'), JSON.stringify({ command: 'train', config: { task: 'pendulum' }, episodes: [] }));
// 200 MB without using the disk: a sparse file, refused by its size before it is read.
writeFileSync(F('big.json'), '');
truncateSync(F('big.json'), 200 * 2 ** 20);
const pendulum = getTask('pendulum');
const widths = [pendulum.obsDim + pendulum.actionDim, 100, 100, 1];
const layers = [0, 1, 2].map((i) => ({
  inDim: widths[i],
  outDim: widths[i + 1],
  kernel: new Float32Array(widths[i] * widths[i + 1]),
  bias: new Float32Array(widths[i + 1]),
}));
const w1e39 = weightsToFile(pendulum, layers);
w1e39.layers[1].kernel[7] = 1e39;
writeFileSync(F('w1e39.json'), JSON.stringify(w1e39));
let fifo: string | null = F('fifo');
try {
  execFileSync('mkfifo', [fifo]);
} catch {
  fifo = null;
}

const T = ['train', '--task', 'pendulum', '--agent', 'mpq'];
const E = ['eval', '--task', 'pendulum', '--agent', 'mpq'];
const R = ['reproduce', '--experiment', 'fig2', '--task', 'pendulum'];
const P = ['plot', '--curve', `A=${F('train.json')}`];

/** [what, argv, exit status, message fragment] */
const CASES: [string, string[], number, RegExp][] = [
  // commands and flag names
  ['unknown command', ['fly'], 2, /the command must be one of train, eval, reproduce, plot, sensitivity, got "fly"/],
  ['no task', ['train', '--agent', 'mpq'], 2, /--task is required: one of pendulum/],
  ['task __proto__', ['train', '--task', '__proto__', '--agent', 'mpq'], 2, /--task must be one of .*"__proto__"/],
  ['task constructor', ['train', '--task', 'constructor', '--agent', 'mpq'], 2, /--task must be one of/],
  ['task toString', ['eval', '--task', 'toString', '--agent', 'mppi'], 2, /--task must be one of/],
  ['task empty', ['train', '--task', '', '--agent', 'mpq'], 2, /--task must be one of .*got ""/],
  ['agent __proto__', ['train', '--task', 'pendulum', '--agent', '__proto__'], 2, /--agent must be one of/],
  ['model hasOwnProperty', [...T, '--model', 'hasOwnProperty'], 2, /--model must be one of biased, true, dr/],
  ['flag --__proto__', [...T, '--__proto__', '1'], 2, /unknown flag --__proto__ for train/],
  ['flag --constructor', [...T, '--constructor', 'x'], 2, /unknown flag --constructor for train/],
  ['flag --toString', [...T, '--toString'], 2, /unknown flag --toString for train/],
  ['misspelt flag', [...T, '--sample', '8'], 2, /unknown flag --sample for train; did you mean --samples\?/],
  ['flag of another command', [...E, '--minibatches', '3'], 2, /--minibatches is not a flag of eval \(only train\)/],
  ['stray word', [...T, 'stray'], 2, /unexpected argument "stray"/],
  ['single dash', [...T, '-q'], 2, /unexpected argument "-q"/],
  ['bare --', [...T, '--'], 2, /unexpected argument "--"/],
  // numbers: decimal only, finite, in range
  [
    'hex',
    [...T, '--samples', '0x10'],
    2,
    /--samples must be an integer in \[2, 65536\] written in decimal digits, got "0x10"/,
  ],
  ['binary', [...T, '--samples', '0b11'], 2, /--samples must be an integer .* decimal digits, got "0b11"/],
  ['octal', [...T, '--seed', '0o7'], 2, /--seed must be an integer .* decimal digits, got "0o7"/],
  ['Infinity', [...T, '--lambda', 'Infinity'], 2, /--lambda must be a number in \(0, 1000000\] written in decimal/],
  ['NaN', [...T, '--lambda', 'NaN'], 2, /--lambda must be a number in \(0, 1000000\], got "NaN"/],
  ['overflow', [...T, '--samples', '1e400'], 2, /--samples must be an integer in \[2, 65536\], got "1e400"/],
  ['underflow to 0', [...T, '--lambda', '1e-400'], 2, /--lambda must be a number in \(0, 1000000\], got "1e-400"/],
  ['padded', [...T, '--samples', ' 8'], 2, /--samples must be .* decimal digits, got " 8"/],
  ['fraction for an integer', [...T, '--episodes', '1.5'], 2, /--episodes must be an integer in \[1, 1000000\]/],
  ['negative', [...T, '--episodes', '-1'], 2, /--episodes must be an integer in \[1, 1000000\], got "-1"/],
  ['gamma above 1', [...T, '--gamma', '1.0000001'], 2, /--gamma must be a number in \[0, 1\]/],
  ['empty number', [...T, '--sigma='], 2, /--sigma must be a number in \(0, 1000000\], got ""/],
  // flags given twice, switches with values, values that are flags
  ['repeated flag', [...T, '--samples', '8', '--samples', '16'], 2, /--samples is given twice; give it once/],
  [
    'old and new name',
    [...T, '--iters', '2', '--target-iters', '3'],
    2,
    /--target-iters is given twice \(as --iters\)/,
  ],
  ['switch with a value', [...T, '--quiet=no'], 2, /--quiet takes no value, got "--quiet=no"/],
  ['switch with empty value', [...T, '--quiet='], 2, /--quiet takes no value/],
  ['reproduce switch with a value', [...R, '--quick=yes'], 2, /--quick takes no value/],
  ['value missing at the end', [...T, '--out'], 2, /--out needs a value: write the run JSON here/],
  ['a flag as a value', [...T, '--out', '--quiet'], 2, /--out needs a value, got the flag --quiet/],
  // output paths, checked before any work
  ['--out= (empty)', [...T, '--out='], 2, /--out needs a non-empty value, got ""/],
  ['--out blank', [...T, '--out', ' '], 2, /--out needs a non-empty value/],
  [
    '--out under /proc',
    [...T, '--out', '/proc/nope/run.json'],
    2,
    /--out \/proc\/nope\/run.json: cannot write in \/proc/,
  ],
  [
    '--save-weights under /proc',
    [...T, '--save-weights', '/proc/nope/q.json'],
    2,
    /--save-weights .*cannot write in \/proc/,
  ],
  ['--out a folder', [...T, '--out', F('adir')], 2, /--out .*adir: is a folder; give a file name/],
  ['--out a device', [...T, '--out', '/dev/null'], 2, /--out \/dev\/null: is not a regular file/],
  [
    '--out below a file',
    [...T, '--out', path.join(F('afile.txt'), 'run.json')],
    2,
    /afile.txt is a file, so the folder/,
  ],
  [
    '--out = --save-weights',
    [...T, '--out', O('x.json'), '--save-weights', O('x.json')],
    2,
    /is also the file of --out/,
  ],
  // configs too big for the machine, and contradictions
  [
    'buffers that do not fit',
    [...T, '--samples', '65536', '--batch-size', '65536', '--buffer', '65536', '--out', O('big.json')],
    2,
    /this configuration needs .* --batch-size may be at most \d+/,
  ],
  [
    'batch above buffer',
    [...T, '--batch-size', '100', '--buffer', '10'],
    2,
    /--batch-size \(100\) must not exceed --buffer \(10\)/,
  ],
  [
    'softq horizon',
    ['train', '--task', 'pendulum', '--agent', 'softq', '--horizon', '4'],
    2,
    /--horizon must be 1 for --agent softq/,
  ],
  // input files, checked before they are read whole
  ['eval without weights', E, 2, /--weights FILE is required for eval --agent mpq/],
  ['weights missing', [...E, '--weights', F('none.json')], 2, /--weights: .*none.json does not exist/],
  ['weights a folder', [...E, '--weights', F('adir')], 2, /--weights: .*adir is a folder, not a file/],
  ['weights /dev/zero', [...E, '--weights', '/dev/zero'], 2, /--weights: \/dev\/zero is not a regular file/],
  [
    'weights 200 MB',
    [...E, '--weights', F('big.json')],
    2,
    /big.json is 200.0 MiB; a Q weights file may be at most 16 MiB/,
  ],
  ['weights not JSON', [...E, '--weights', F('notjson.json')], 2, /notjson.json is not JSON/],
  [
    'weights of another kind',
    [...E, '--weights', F('train.json')],
    2,
    /format is undefined, expected "mpq-lab.q-weights"/,
  ],
  [
    'weight 1e39',
    [...E, '--weights', F('w1e39.json')],
    2,
    /layer 1 kernel\[7\] is 1e\+39: weights must be numbers that are finite in float32/,
  ],
  ['two weights files', [...E, '--weights', `${F('w1e39.json')},${F('train.json')}`], 2, /--weights takes one file/],
  ...(fifo
    ? [
        ['weights a pipe', [...E, '--weights', fifo], 2, /--weights: .*fifo is not a regular file/] as [
          string,
          string[],
          number,
          RegExp,
        ],
      ]
    : []),
  // reproduce
  ['no experiment', ['reproduce'], 2, /--experiment is required: one of fig2, table2, fig3/],
  [
    'experiment __proto__',
    ['reproduce', '--experiment', '__proto__'],
    2,
    /--experiment must be one of fig2, table2, fig3/,
  ],
  ['shard past the end', [...R, '--shard', '2/2'], 2, /--shard must be I\/N with 0 ≤ I < N/],
  ['shard of 0', [...R, '--shard', '0/0'], 2, /--shard must be I\/N/],
  ['shard not numbers', [...R, '--shard', 'a/b'], 2, /--shard must be I\/N/],
  ['shard negative', [...R, '--shard', '-1/2'], 2, /--shard must be I\/N/],
  ['shard three parts', [...R, '--shard', '0/2/3'], 2, /--shard must be I\/N/],
  ['jobs 0', [...R, '--jobs', '0'], 2, /--jobs must be an integer in \[1, 256\], got "0"/],
  ['seeds 101', [...R, '--seeds', '101'], 2, /--seeds must be an integer in \[1, 100\]/],
  ['horizons outside fig3', [...R, '--horizons', '4'], 2, /--horizons applies to --experiment fig3 only/],
  [
    'horizons with a hole',
    ['reproduce', '--experiment', 'fig3', '--horizons', '4,,8'],
    2,
    /--horizons must be an integer .*got ""/,
  ],
  ['budget twice', [...R, '--episodes', '5', '--quick'], 2, /--episodes and --quick both set the budget/],
  [
    'out-dir under /proc',
    [...R, '--quick', '--out-dir', '/proc/x/y'],
    2,
    /--out-dir \/proc\/x\/y: cannot write in \/proc/,
  ],
  [
    'out-dir a file',
    [...R, '--quick', '--out-dir', F('afile.txt')],
    2,
    /--out-dir .*afile.txt: is a file, not a folder/,
  ],
  [
    'reuse missing',
    [...R, '--quick', '--reuse', F('none.json'), '--out-dir', O('r')],
    2,
    /--reuse: .*none.json does not exist/,
  ],
  [
    'reuse empty folder',
    [...R, '--quick', '--reuse', F('nojson'), '--out-dir', O('r')],
    2,
    /the folder .*nojson holds no .json file/,
  ],
  [
    'reuse 200 MB',
    [...R, '--quick', '--reuse', F('big.json'), '--out-dir', O('r')],
    2,
    /big.json is 200.0 MiB; a results file may be at most 64 MiB/,
  ],
  // plot
  ['plot without --out', P, 2, /--out is required/],
  ['plot not svg', [...P, '--out', O('f.png')], 2, /must end in \.svg/],
  [
    'plot over its input',
    ['plot', '--curve', `A=${F('train.json')}`, '--out', F('train.svg')],
    2,
    /would overwrite the input/,
  ],
  [
    'plot JSON onto a folder',
    ['plot', '--curve', `A=${F('train.json')}`, '--out', F('adir.svg')],
    2,
    /--out \(its JSON\) .*adir.json: is a folder/,
  ],
  [
    'plot window hex',
    [...P, '--out', O('f.svg'), '--window', '0x5'],
    2,
    /--window must be an integer in \[1, 1000\] written in decimal/,
  ],
  [
    'plot curve missing',
    ['plot', '--curve', `A=${F('none.json')}`, '--out', O('f.svg')],
    2,
    /--curve A: .*none.json does not exist/,
  ],
];
mkdirSync(F('adir.json'));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  /** CPU time of the CLI process, user + system, ms (null if it never reported: killed). */
  cpuMs: number | null;
  ms: number;
}

/** Loaded before the CLI: on exit, writes the process's CPU time to fd 3. */
const CPU_ON_EXIT =
  'data:text/javascript,import{writeSync}from"node:fs";' +
  'process.on("exit",()=>{const u=process.cpuUsage();writeSync(3,String((u.user+u.system)/1000))})';

/** Two processes at a time (the cases run concurrently); a case's time counts from its own start. */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(f: () => Promise<T>): Promise<T> {
  while (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function mpq(argv: readonly string[]): Promise<Result> {
  return slot(() => spawnMpq(argv));
}

function spawnMpq(argv: readonly string[]): Promise<Result> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', CPU_ON_EXIT, '--import', 'tsx', 'src/cli/main.ts', ...argv], {
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let cpu = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdio[3]!.on('data', (d) => (cpu += d));
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, cpuMs: cpu === '' ? null : Number(cpu), ms: performance.now() - t0 }),
    );
  });
}

/** Every file and folder under `dir` with its size and modification time. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .sort()
    .map((f) => {
      const st = statSync(path.join(dir, f));
      return `${f} ${st.isDirectory() ? 'dir' : st.size} ${st.mtimeMs}`;
    });
}

describe('the CLI under hostile input', () => {
  it('has a table of distinct cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c[0])).size).toBe(CASES.length);
  });

  const fixtures = snapshot(fix);
  it.concurrent.each(CASES)('%s', async (_what, argv, code, message) => {
    const r = await mpq(argv);
    expect(r.stderr).toMatch(/^mpq: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.cpuMs).not.toBeNull();
    expect(r.cpuMs!).toBeLessThan(5000);
    expect(readdirSync(out)).toEqual([]);
    expect(snapshot(fix)).toEqual(fixtures);
  });
});
