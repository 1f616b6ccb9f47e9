import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleOf, SETTING_RANGES, type SettingName } from '../core/ranges';
import { taskIds } from '../core/tasks/registry';
import { parseArgs } from './args';
import { FLAGS, MPQ_COMMANDS, USAGE, type Command } from './flagTable';
import { FlagTable, UsageError } from './flags';

const COMMANDS = Object.keys(USAGE) as Command[];

describe('the flag table', () => {
  it('reads every numeric range of a setting from the table of ranges (no copies)', () => {
    const rules = new Map(Object.keys(SETTING_RANGES).map((k) => [JSON.stringify(ruleOf(k as SettingName)), k]));
    const run = FLAGS.flagsOf('train').filter((s) => s.kind.type === 'number');
    expect(run.length).toBeGreaterThan(15);
    for (const s of run) expect(rules.has(JSON.stringify((s.kind as { rule: object }).rule)), `--${s.name}`).toBe(true);
    const samples = FLAGS.flagsOf('train').find((s) => s.name === 'samples')!;
    expect(samples.kind).toEqual({ type: 'number', rule: ruleOf('samples') });
    expect(samples.doc).toBe(`N: ${SETTING_RANGES.samples.doc}`);
  });

  it('gives every train and eval flag a place in the run, except --task and --agent (they pick the defaults)', () => {
    for (const c of ['train', 'eval'] as const)
      for (const s of FLAGS.flagsOf(c))
        expect(s.apply !== undefined, `--${s.name} of ${c}`).toBe(s.name !== 'task' && s.name !== 'agent');
  });

  it('writes --help from the table: every flag of every command, with its range and default', () => {
    for (const c of COMMANDS) {
      const help = FLAGS.help(c, USAGE[c]);
      for (const s of FLAGS.flagsOf(c)) expect(help, `${c} --${s.name}`).toContain(`--${s.name}`);
    }
    const train = FLAGS.help('train', USAGE.train);
    expect(train).toMatch(
      /--samples INT +N: MPPI samples .*\[an integer in \[2, 65536\]; default the task's paper setting\]/,
    );
    expect(train).toMatch(/--target-iters INT .*Eq\. 19 target .*URL "iters" is --control-iters.*\(old name --iters\)/);
    expect(train).toMatch(/--quiet +no progress lines on stderr$/);
    expect(train).toContain(`--task ${taskIds().join('|')}\n${' '.repeat(32)}the task [required]`);
    expect(MPQ_COMMANDS).toEqual(['train', 'eval', 'reproduce', 'plot', 'sensitivity']);
  });

  it("is what README.md's command-line section names: every flag of mpq, bench and bench:gpu, and no other", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('\n## The command line\n');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    expect(start).toBeGreaterThan(0);
    const named = new Set([...section.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]));
    const documented: Command[] = [...MPQ_COMMANDS, 'bench', 'bench-gpu'];
    // --help, and the Slurm example's own sbatch options.
    const known = new Set(['help', 'array', 'cpus-per-task', 'time', 'parsable', 'dependency', 'wrap']);
    for (const c of documented)
      for (const s of FLAGS.flagsOf(c)) {
        expect(named.has(s.name), `README lacks --${s.name} of ${c}`).toBe(true);
        known.add(s.name);
        for (const a of s.aliases ?? []) known.add(a.name);
      }
    for (const n of named) expect(known.has(n), `README names --${n}, which no command takes`).toBe(true);
  });

  it('refuses a table that defines a flag twice for one command', () => {
    const f = { name: 'x', kind: { type: 'switch' } as const, doc: '' };
    expect(() => new FlagTable([f, { ...f, commands: ['a'] }].map((s) => ({ commands: ['a'], ...s })))).toThrow(
      /--x is defined twice for a/,
    );
    expect(
      () =>
        new FlagTable([
          { ...f, commands: ['a'] },
          { ...f, name: 'y', commands: ['a'], aliases: [{ name: 'x', notice: '' }] },
        ]),
    ).toThrow(/--x is defined twice for a/);
  });
});

describe('strict parsing', () => {
  const base = ['--task', 'pendulum', '--agent', 'mpq'];
  it('takes --name value and --name=value alike, and decimal numbers with exponents', () => {
    const f = FLAGS.parse('train', [...base, '--lr=1e-3', '--samples', '+8', '--gamma', '.5', '--seed', '12']);
    expect([f.number('lr'), f.number('samples'), f.number('gamma'), f.number('seed')]).toEqual([0.001, 8, 0.5, 12]);
    expect(f.string('task')).toBe('pendulum');
  });

  it('accepts the old --iters with a notice, and sets K', () => {
    const f = FLAGS.parse('train', [...base, '--iters', '2']);
    expect(f.notices).toEqual(['--iters is now --target-iters (K, the MPPI iterations behind each Eq. 19 target)']);
    expect(f.number('target-iters')).toBe(2);
    expect(parseArgs(['train', ...base, '--iters', '2']).learn.targetIterations).toBe(2);
    expect(FLAGS.parse('train', [...base, '--target-iters', '2']).notices).toEqual([]);
  });

  it('collects repeatable flags in order, comma-separated or repeated', () => {
    const f = FLAGS.parse('reproduce', ['--experiment', 'fig2', '--reuse', 'a.json, b.json', '--reuse=c.json']);
    expect(f.files('reuse')).toEqual(['a.json', 'b.json', 'c.json']);
    const p = FLAGS.parse('plot', ['--out', 'f.svg', '--curve', 'A=a.json', '--curve', 'B=b.json']);
    expect(p.texts('curve')).toEqual(['A=a.json', 'B=b.json']);
    const g = FLAGS.parse('bench-gpu', ['--dawn-flag', 'x', '--dawn-flag', 'y', '--targets']);
    expect([g.texts('dawn-flag'), g.on('targets'), g.on('gpu-only')]).toEqual([['x', 'y'], true, false]);
  });

  it('answers --help without checking required flags', () => {
    expect(FLAGS.parse('train', ['--help']).help).toBe(true);
    expect(FLAGS.parse('reproduce', ['-h']).help).toBe(true);
  });

  it('lists the outputs a command will write', () => {
    const f = FLAGS.parse('train', [...base, '--out', 'r.json', '--save-weights', 'q.json']);
    expect(f.outputs()).toEqual([
      { flag: '--out', path: 'r.json', kind: 'file' },
      { flag: '--save-weights', path: 'q.json', kind: 'file' },
    ]);
    expect(FLAGS.parse('reproduce', ['--experiment', 'fig2', '--out-dir', 'd']).outputs()).toEqual([
      { flag: '--out-dir', path: 'd', kind: 'dir' },
    ]);
  });

  it.each([
    ['bench', ['--repeats', '0'], /--repeats must be an integer in \[1, 1000\], got "0"/],
    ['bench', ['--repeats', '5', '--repeats', '6'], /--repeats is given twice/],
    ['bench', ['--browser=1'], /--browser takes no value/],
    ['bench', ['--targets'], /--targets is not a flag of bench \(only bench-gpu\)/],
    ['bench-gpu', ['--case-budget-ms', '0'], /--case-budget-ms must be a number in \(0, 600000\]/],
    ['bench-gpu', ['--total-budget-s', '0x10'], /written in decimal digits/],
    ['mujoco-mppi', ['--sim', 'bullet'], /--sim must be one of ours, mujoco, mujoco-wasm, got "bullet"/],
    ['mujoco-mppi', ['--horizon', '48', '--horizon', '4'], /--horizon is given twice/],
    ['cost-spread', ['--episodes', '0'], /--episodes must be an integer in \[1, 100\]/],
    ['cost-spread', ['franka'], /unexpected argument "franka"/],
  ] as const)('refuses %s %j', (command, argv, message) => {
    expect(() => FLAGS.parse(command, argv)).toThrow(UsageError);
    expect(() => FLAGS.parse(command, argv)).toThrow(message);
  });
});
