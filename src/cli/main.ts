/**
 * The MPQ Lab command line: train, evaluate, reproduce the paper, plot.
 *
 *   npm run mpq -- train --task pendulum --agent mpq [flags] [--out run.json] [--save-weights q.json]
 *   npm run mpq -- eval  --task pendulum --agent mpq --weights q.json [--episodes 40] [--out eval.json]
 *   npm run mpq -- reproduce --experiment fig2|table2|fig3 [--task T] [--seeds S] [--quick] [--jobs J] [--shard I/N]
 *   npm run mpq -- plot --out fig.svg --curve "LABEL=train.json,…" [--level "LABEL=eval.json,…"]
 *   npm run mpq -- sensitivity --task T [--horizon H] [--episodes E] [--grid G] [--out-dir DIR]
 *   npm run mpq -- [<command>] --help
 *
 * Every failure is one line on stderr: exit status 2 for a bad invocation (a
 * flag, a value, an input file, an output path, a config too big for the
 * machine), 1 for a failure while working. Commands load their heavy modules
 * only after their flags have been checked.
 */
import { FLAGS, MPQ_COMMANDS, USAGE } from './flagTable';
import { UsageError } from './flags';

type MpqCommand = (typeof MPQ_COMMANDS)[number];

function helpText(): string {
  return MPQ_COMMANDS.map((c) => FLAGS.help(c, USAGE[c])).join('\n\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(helpText() + '\n');
    return;
  }
  if (!(MPQ_COMMANDS as readonly string[]).includes(cmd))
    throw new UsageError(`the command must be one of ${MPQ_COMMANDS.join(', ')}, got "${cmd}" (see --help)`);
  const command = cmd as MpqCommand;
  const flags = FLAGS.parse(command, rest);
  if (flags.help) {
    process.stdout.write(FLAGS.help(command, USAGE[command]) + '\n');
    return;
  }
  for (const notice of flags.notices) process.stderr.write(`mpq: ${notice}\n`);
  if (command === 'reproduce') {
    const { reproduceArgs } = await import('./reproduce/args');
    const args = reproduceArgs(flags);
    const { reproduce } = await import('./reproduce/command');
    await reproduce(args);
  } else if (command === 'sensitivity') {
    const { sensitivity, sensitivityArgs } = await import('./sensitivity');
    sensitivity(sensitivityArgs(flags));
  } else if (command === 'plot') {
    const { plot, plotArgs } = await import('./plot');
    plot(plotArgs(flags));
  } else {
    const { runArgs } = await import('./args');
    const args = runArgs(flags);
    const { run } = await import('./run');
    await run(args);
  }
}

/** One line, whatever was thrown. */
function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n').find((l) => l.trim() !== '') ?? 'failed without a message';
}

function fail(err: unknown): never {
  process.stderr.write(`mpq: ${oneLine(err)}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
await main(process.argv.slice(2)).catch(fail);
