/**
 * Command-line flags → typed configs. Every bad flag or value becomes a
 * UsageError whose message names the flag and what is allowed.
 */
import { NODE_BACKENDS, type BackendName } from '../compute/backendNames';
import {
  AGENT_KINDS,
  DATA_SOURCES,
  defaultAgentConfig,
  defaultLearnConfig,
  type AgentConfig,
  type LearnConfig,
} from '../core/config';
import { MODEL_SOURCES, PARAM_POLICIES } from '../core/model';
import { checkNumber, ruleOf, type NumberRule } from '../core/ranges';
import { getTask, taskIds, type TaskId } from '../core/tasks/registry';
import type { TaskSpec } from '../core/task';

export class UsageError extends Error {}

export type Command = 'train' | 'eval';
export const COMMANDS: readonly Command[] = ['train', 'eval'];

type Setter = (ctx: Parsed, raw: string) => void;
interface FlagSpec {
  help: string;
  commands: readonly Command[];
  set: Setter;
}

export interface Parsed {
  command: Command;
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

export function num(flag: string, raw: string, rule: NumberRule): number {
  const v = raw.trim() === '' ? NaN : Number(raw);
  const bad = checkNumber(v, rule);
  if (bad) throw new UsageError(`--${flag} must be ${bad}, got "${raw}"`);
  return v;
}

export function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

const BOTH = ['train', 'eval'] as const;

/** The flags, by name. `--task` and `--agent` are read first (they set the defaults). */
export const FLAGS: Record<string, FlagSpec> = {
  task: { help: `task: ${taskIds().join('|')}`, commands: BOTH, set: () => {} },
  agent: { help: `agent: ${AGENT_KINDS.join('|')}`, commands: BOTH, set: () => {} },
  horizon: {
    help: 'planning horizon H (control steps)',
    commands: BOTH,
    set: (c, r) => (c.agent.mppi.horizon = num('horizon', r, ruleOf('horizon'))),
  },
  samples: {
    help: 'MPPI samples N',
    commands: BOTH,
    set: (c, r) => (c.agent.mppi.samples = num('samples', r, ruleOf('samples'))),
  },
  lambda: {
    help: 'temperature λ',
    commands: BOTH,
    set: (c, r) => (c.agent.mppi.lambda = num('lambda', r, ruleOf('lambda'))),
  },
  sigma: {
    help: 'noise covariance Σ',
    commands: BOTH,
    set: (c, r) => (c.agent.mppi.sigma = num('sigma', r, ruleOf('sigma'))),
  },
  alpha: {
    help: 'MPPI step size α',
    commands: BOTH,
    set: (c, r) => (c.agent.mppi.alpha = num('alpha', r, ruleOf('alpha'))),
  },
  gamma: {
    help: 'discount γ',
    commands: BOTH,
    set: (c, r) => (c.agent.mppi.gamma = num('gamma', r, ruleOf('gamma'))),
  },
  iters: {
    help: 'MPPI iterations K behind each Eq. 19 target',
    commands: BOTH,
    set: (c, r) => (c.learn.targetIterations = num('iters', r, ruleOf('targetIterations'))),
  },
  'control-iters': {
    help: 'MPPI iterations per control step',
    commands: BOTH,
    set: (c, r) => (c.agent.mppi.iterations = num('control-iters', r, ruleOf('iterations'))),
  },
  model: {
    help: `planner model: ${MODEL_SOURCES.join('|')}`,
    commands: BOTH,
    set: (c, r) => (c.agent.model = oneOf('model', r, MODEL_SOURCES)),
  },
  'param-policy': {
    help: `when model parameters are redrawn: ${PARAM_POLICIES.join('|')}`,
    commands: BOTH,
    set: (c, r) => (c.agent.paramPolicy = oneOf('param-policy', r, PARAM_POLICIES)),
  },
  'shift-fill': {
    help: 'last slot after the shift: zero|repeat',
    commands: BOTH,
    set: (c, r) => (c.agent.mppi.shiftFill = oneOf('shift-fill', r, ['zero', 'repeat'] as const)),
  },
  episodes: {
    help: 'episodes to train (train) or test (eval)',
    commands: BOTH,
    set: (c, r) => {
      c.learn.episodes = num('episodes', r, ruleOf('episodes'));
      c.episodes = c.learn.episodes;
    },
  },
  seed: {
    help: 'root seed of the run',
    commands: BOTH,
    set: (c, r) => (c.learn.seed = num('seed', r, ruleOf('seed'))),
  },
  'update-every': {
    help: 'N_update: episodes between Q updates',
    commands: ['train'],
    set: (c, r) => (c.learn.updateEvery = num('update-every', r, ruleOf('updateEvery'))),
  },
  minibatches: {
    help: 'M: minibatches per update',
    commands: ['train'],
    set: (c, r) => (c.learn.minibatches = num('minibatches', r, ruleOf('minibatches'))),
  },
  'batch-size': {
    help: 'K: tuples per minibatch',
    commands: ['train'],
    set: (c, r) => (c.learn.batchSize = num('batch-size', r, ruleOf('batchSize'))),
  },
  buffer: {
    help: 'replay capacity (tuples)',
    commands: ['train'],
    set: (c, r) => (c.learn.bufferCapacity = num('buffer', r, ruleOf('bufferCapacity'))),
  },
  lr: {
    help: 'Adam learning rate',
    commands: ['train'],
    set: (c, r) => (c.learn.learningRate = num('lr', r, ruleOf('learningRate'))),
  },
  data: {
    help: `training data: ${DATA_SOURCES.join('|')} (dr: parameters redrawn every step from the DR box)`,
    commands: ['train'],
    set: (c, r) => (c.learn.data = oneOf('data', r, DATA_SOURCES)),
  },
  'target-tau': {
    help: "SoftQ target network's Polyak factor τ",
    commands: ['train'],
    set: (c, r) => (c.learn.targetTau = num('target-tau', r, ruleOf('targetTau'))),
  },
  'test-every': {
    help: 'test on the real system after every E training episodes (0: never)',
    commands: ['train'],
    set: (c, r) => (c.learn.testEvery = num('test-every', r, ruleOf('testEvery'))),
  },
  'test-episodes': {
    help: 'episodes per test',
    commands: ['train'],
    set: (c, r) => (c.learn.testEpisodes = num('test-episodes', r, ruleOf('testEpisodes'))),
  },
  backend: {
    help: `tfjs backend: ${NODE_BACKENDS.join('|')}`,
    commands: BOTH,
    set: (c, r) => (c.backend = oneOf('backend', r, NODE_BACKENDS)),
  },
  out: { help: 'write the run JSON to this file', commands: BOTH, set: (c, r) => (c.out = r) },
  'save-weights': {
    help: 'write the trained Q weights (JSON) to this file',
    commands: ['train'],
    set: (c, r) => (c.saveWeights = r),
  },
  weights: {
    help: 'Q weights JSON to evaluate (required for eval --agent mpq)',
    commands: ['eval'],
    set: (c, r) => (c.weights = r),
  },
  quiet: { help: 'no progress lines (takes no value)', commands: BOTH, set: (c) => (c.quiet = true) },
};

const VALUELESS = new Set(['quiet']);

export function usage(): string {
  const lines = [
    'usage: npm run mpq -- <train|eval> --task T --agent A [flags]',
    '       npm run mpq -- reproduce --experiment fig2|table2|fig3 [--task T] [--seeds S] [--quick] [--out-dir DIR]',
    '       npm run mpq -- plot --out FIG.svg --curve "LABEL=train1.json,…" [--level "LABEL=eval1.json,…"] [--metric success|return] [--window W] [--title T]',
    ...Object.entries(FLAGS).map(
      ([k, f]) => `  --${k.padEnd(14)} ${f.help}${f.commands.length === 1 ? ` (${f.commands[0]} only)` : ''}`,
    ),
  ];
  return lines.join('\n');
}

/**
 * Splits `--name value` / `--name=value` arguments into pairs, checking each
 * name against `specs` and the command. Shared by every command's parser.
 */
export function readFlagPairs(
  rest: readonly string[],
  command: string,
  specs: Record<string, { help: string; commands: readonly string[] }>,
  valueless: ReadonlySet<string>,
): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}"; flags look like --name value`);
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = specs[name];
    if (!spec)
      throw new UsageError(
        `unknown flag --${name}; allowed: ${Object.keys(specs)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    if (!spec.commands.includes(command))
      throw new UsageError(`--${name} is not a flag of "${command}" (only ${spec.commands.join(', ')})`);
    if (valueless.has(name)) {
      pairs.push([name, '']);
      continue;
    }
    if (value === undefined) {
      value = rest[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value (${spec.help})`);
    }
    pairs.push([name, value]);
  }
  return pairs;
}

/** Parses argv (without node and script) into a run description. */
export function parseArgs(argv: readonly string[]): Parsed {
  const [cmd, ...rest] = argv;
  if (!cmd || !(COMMANDS as readonly string[]).includes(cmd))
    throw new UsageError(`the command must be one of ${COMMANDS.join(', ')}, reproduce, plot, got "${cmd ?? ''}"`);
  const command = cmd as Command;
  const pairs = readFlagPairs(rest, command, FLAGS, VALUELESS);
  const get = (n: string) =>
    pairs
      .filter(([k]) => k === n)
      .map(([, v]) => v)
      .pop();
  const taskRaw = get('task');
  if (taskRaw === undefined) throw new UsageError(`--task is required: one of ${taskIds().join(', ')}`);
  let task: TaskSpec<TaskId>;
  try {
    task = getTask(taskRaw);
  } catch {
    throw new UsageError(`--task must be one of ${taskIds().join(', ')}, got "${taskRaw}"`);
  }
  const agentRaw = get('agent');
  if (agentRaw === undefined) throw new UsageError(`--agent is required: one of ${AGENT_KINDS.join(', ')}`);
  const agentKind = oneOf('agent', agentRaw, AGENT_KINDS);
  const agent = defaultAgentConfig(task, agentKind);
  const learn = defaultLearnConfig(task);
  const parsed: Parsed = {
    command,
    task,
    agent,
    learn,
    backend: 'cpu',
    out: null,
    saveWeights: null,
    weights: null,
    episodes: command === 'eval' ? 40 : learn.episodes,
    quiet: false,
  };
  for (const [k, v] of pairs) FLAGS[k].set(parsed, v);
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
  if (parsed.learn.batchSize > parsed.learn.bufferCapacity) {
    throw new UsageError(
      `--batch-size (${parsed.learn.batchSize}) must not exceed --buffer (${parsed.learn.bufferCapacity})`,
    );
  }
  return parsed;
}
