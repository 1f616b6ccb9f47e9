/**
 * `train` and `eval` flags → a typed run: the task's paper settings (Table 3)
 * as defaults, each given flag applied through its table entry
 * (flagTable.ts), then the checks that need several flags at once.
 */
import type { BackendName } from '../compute/backendNames';
import {
  defaultAgentConfig,
  defaultLearnConfig,
  trainingEpisodesOf,
  type AgentConfig,
  type AgentKind,
  type LearnConfig,
} from '../core/config';
import type { TaskSpec } from '../core/task';
import { getTask, type TaskId } from '../core/tasks/registry';
import { FLAGS } from './flagTable';
import { UsageError, type ParsedFlags } from './flags';

export type RunCommand = 'train' | 'eval';

export interface Parsed {
  command: RunCommand;
  task: TaskSpec<TaskId>;
  agent: AgentConfig;
  learn: LearnConfig;
  backend: BackendName;
  out: string | null;
  saveWeights: string | null;
  weights: string | null;
  /** Test episodes for eval. */
  episodes: number;
  quiet: boolean;
}

/** The run that parsed `train`/`eval` flags describe. */
export function runArgs(flags: ParsedFlags): Parsed {
  const command = flags.command as RunCommand;
  // Both are required and checked against the registry's ids and the agent list by the table.
  const task = getTask(flags.string('task')!);
  const agentKind = flags.string('agent') as AgentKind;
  const learn = defaultLearnConfig(task);
  const parsed: Parsed = {
    command,
    task,
    agent: defaultAgentConfig(task, agentKind),
    learn,
    backend: 'wasm',
    out: null,
    saveWeights: null,
    weights: null,
    episodes: command === 'eval' ? 40 : learn.episodes,
    quiet: false,
  };
  for (const { spec, value } of flags.entries()) spec.apply?.(parsed, value);
  if (command === 'eval' && agentKind !== 'mppi' && !parsed.weights) {
    throw new UsageError(
      `--weights FILE is required for eval --agent ${agentKind} (train with --save-weights FILE first)`,
    );
  }
  if (agentKind === 'softq' && parsed.agent.mppi.horizon !== 1) {
    throw new UsageError(
      `--horizon must be 1 for --agent softq (SoftQLearning plans one step), got ${parsed.agent.mppi.horizon}`,
    );
  }
  if ((flags.has('dr-box') || flags.has('dr-draw')) && parsed.learn.data !== 'dr')
    throw new UsageError('--dr-box and --dr-draw set how --data dr draws its parameters: give --data dr with them');
  if ((flags.has('validate-every') || flags.has('validate-episodes')) && parsed.learn.select !== 'best')
    throw new UsageError('--validate-every and --validate-episodes apply with --select best');
  if (parsed.learn.select === 'best' && trainingEpisodesOf(parsed.learn) < 1)
    throw new UsageError(
      `--select best: ${parsed.learn.episodes} episodes leave none for training beside ${parsed.learn.validateEpisodes} validation episodes after every ${parsed.learn.validateEvery} (they come out of the budget)`,
    );
  if (parsed.learn.batchSize > parsed.learn.bufferCapacity) {
    throw new UsageError(
      `--batch-size (${parsed.learn.batchSize}) must not exceed --buffer (${parsed.learn.bufferCapacity})`,
    );
  }
  return parsed;
}

/** Parses argv (the command, then its flags) into a run description. */
export function parseArgs(argv: readonly string[]): Parsed {
  const [cmd, ...rest] = argv;
  if (cmd !== 'train' && cmd !== 'eval')
    throw new UsageError(`the command must be one of train, eval, reproduce, plot, got "${cmd ?? ''}"`);
  return runArgs(FLAGS.parse(cmd, rest));
}
