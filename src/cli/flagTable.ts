/**
 * Every flag of every command-line entry point, one entry each (flags.ts
 * parses them and writes --help from them). Numeric ranges, and the docs of
 * the settings they set, come from core's one table of ranges
 * (core/ranges.ts); lists of choices from where they are defined. A flag that
 * sets a run's config says where in `apply`. Adding a flag is adding an entry.
 */
import { NODE_BACKENDS, type BackendName } from '../compute/backendNames';
import {
  AGENT_INFO,
  AGENT_KINDS,
  DATA_SOURCES,
  THETA_SELECTS,
  type AgentConfig,
  type LearnConfig,
  type ThetaSelect,
} from '../core/config';
import { DR_BOXES, DR_DRAWS, DR_INFO, PAPER_DR, type DrBox, type DrDraw } from '../core/dr';
import { MODEL_SOURCES, PARAM_POLICIES } from '../core/model';
import { noiseFilterProblem } from '../core/mppi';
import { CURRENT_NUMERICS, NUMERICS, type Numerics } from '../core/numerics';
import { ruleOf, SETTING_RANGES, type LearnKey, type MppiKey, type NumberRule, type SettingName } from '../core/ranges';
import { taskIds } from '../core/tasks/registry';
import type { Parsed } from './args';
import { FlagTable, UsageError, type FlagKind, type FlagSpec, type FlagValue } from './flags';
import { EXPERIMENTS } from './reproduce/experiments';

/** The commands of `npm run mpq`, and the bench scripts. */
export type Command =
  'train' | 'eval' | 'reproduce' | 'plot' | 'sensitivity' | 'bench' | 'bench-gpu' | 'mujoco-mppi' | 'cost-spread';
export const MPQ_COMMANDS = ['train', 'eval', 'reproduce', 'plot', 'sensitivity'] as const;

/** How each command is called, for --help. */
export const USAGE: Record<Command, string> = {
  train: 'npm run mpq -- train --task T --agent mpq|mppi|softq [flags]   (the run JSON to --out, or stdout)',
  eval: 'npm run mpq -- eval --task T --agent mpq|mppi|softq [--weights FILE.json] [flags]   (test episodes on the real system)',
  reproduce:
    "npm run mpq -- reproduce --experiment fig2|table2|fig3 [flags]   (the paper's comparison: <experiment>.json, .md and SVGs in --out-dir)",
  plot: 'npm run mpq -- plot --out FIG.svg --curve "LABEL=train1.json,…" [--level "LABEL=eval1.json,…"] [flags]',
  sensitivity:
    "npm run mpq -- sensitivity --task T [flags]   (plain MPPI with the true model against each fixed wrong model over Table 1's box: sensitivity-<task>.json and .md in --out-dir)",
  bench: 'npm run bench -- [flags]   (speed and fidelity figures as JSON; docs/benchmarks.md)',
  'bench-gpu': 'npm run bench:gpu -- [flags]   (the GPU planner in Node on Dawn)',
  'mujoco-mppi':
    'npx tsx src/cli/bench/mujocoMppi.ts [flags]   (plain MPPI on ball-in-cup, our physics or MuJoCo-WASM; JSON on stdout)',
  'cost-spread':
    'npx tsx src/cli/diagnostics/costSpread.ts [flags]   (the spread of the two parts of S_n over MPPI samples; JSON on stdout)',
};

type Spec = FlagSpec<Command, Parsed>;
const RUN = ['train', 'eval'] as const;
const num = (rule: NumberRule): FlagKind => ({ type: 'number', rule });
/** One of a list; a function where the list can grow at run time (the task registry). */
const choice = (values: readonly string[] | (() => readonly string[])): FlagKind => ({
  type: 'choice',
  values: typeof values === 'function' ? values : () => values,
});

/** A setting's doc from the table of ranges, with the paper's symbol first ("N: MPPI samples …"). */
function rangeDoc(key: SettingName, extra = ''): string {
  const r = SETTING_RANGES[key];
  return `${r.symbol ? `${r.symbol}: ` : ''}${r.doc}${extra}`;
}

/** A train/eval flag setting one MPPI setting of the agent, with its range and doc from the table of ranges. */
function mppi(name: string, key: MppiKey, def = "the task's paper setting", extra = ''): Spec {
  return {
    name,
    commands: RUN,
    kind: num(ruleOf(key)),
    doc: rangeDoc(key, extra),
    default: def,
    apply: (p, v) => (p.agent.mppi[key] = v as number),
  };
}

/** A train flag setting one learning setting, with its range and doc from the table of ranges. */
function learn(name: string, key: LearnKey, def: string): Spec {
  return {
    name,
    commands: ['train'],
    kind: num(ruleOf(key)),
    doc: rangeDoc(key),
    default: def,
    apply: (p, v) => (p.learn[key] = v as number),
  };
}

/** --noise-filter's three coefficients, checked as core/mppi.ts checks a config. */
export function noiseFilterOf(values: readonly number[]): [number, number, number] {
  const bad = noiseFilterProblem(values);
  if (bad) throw new UsageError(`--noise-filter: ${bad.replace(/^noiseFilter /, '')}`);
  return [values[0], values[1], values[2]];
}

const set =
  <K extends keyof AgentConfig>(key: K) =>
  (p: Parsed, v: FlagValue) =>
    (p.agent[key] = v as AgentConfig[K]);

export const FLAGS = new FlagTable<Command>([
  // ---- train and eval: the run
  { name: 'task', commands: RUN, kind: choice(taskIds), doc: 'the task', required: true },
  {
    name: 'agent',
    commands: RUN,
    kind: choice(AGENT_KINDS),
    doc: `the agent (${AGENT_KINDS.map((k) => `${k}: ${AGENT_INFO[k].doc}`).join('; ')})`,
    required: true,
  },
  mppi('horizon', 'horizon', "the task's paper setting (softq: 1)"),
  mppi('samples', 'samples'),
  mppi('lambda', 'lambda'),
  mppi('sigma', 'sigma'),
  mppi('alpha', 'alpha'),
  mppi('gamma', 'gamma'),
  {
    name: 'target-iters',
    commands: RUN,
    kind: num(ruleOf('targetIterations')),
    doc: `K: ${rangeDoc('targetIterations')} (the page's URL "iters" is --control-iters)`,
    default: "the task's (App. B: 3, Franka 1)",
    aliases: [
      { name: 'iters', notice: '--iters is now --target-iters (K, the MPPI iterations behind each Eq. 19 target)' },
    ],
    apply: (p, v) => (p.learn.targetIterations = v as number),
  },
  mppi('control-iters', 'iterations', '1', ' (the page\'s URL "iters")'),
  {
    name: 'model',
    commands: RUN,
    kind: choice(MODEL_SOURCES),
    doc: "the planner's model",
    default: 'biased',
    apply: set('model'),
  },
  {
    name: 'param-policy',
    commands: RUN,
    kind: choice(PARAM_POLICIES),
    doc: "when the planner model's parameters are redrawn",
    default: 'per-sample-per-step',
    apply: set('paramPolicy'),
  },
  {
    name: 'shift-fill',
    commands: RUN,
    kind: choice(['zero', 'repeat']),
    doc: "the plan's last slot after the shift",
    default: 'zero',
    apply: (p, v) => (p.agent.mppi.shiftFill = v as 'zero' | 'repeat'),
  },
  {
    name: 'noise-filter',
    commands: [...RUN, 'reproduce', 'sensitivity'],
    kind: { type: 'numbers', rule: ruleOf('noiseFilter') },
    doc: "b0,b1,b2: MPPI noise filtered along the horizon, ε_t ← b0 ε_t + b1 ε_{t−1} + b2 ε_{t−2} (as the authors' mjmpc's filter_coeffs, e.g. 0.25,0.8,0); CPU planner only",
    default: 'white noise',
    apply: (p, v) => (p.agent.mppi.noiseFilter = noiseFilterOf(v as number[])),
  },
  {
    name: 'episodes',
    commands: RUN,
    kind: num(ruleOf('episodes')),
    doc: 'episodes to train (train) or to test (eval)',
    default: "train: the paper's budget for the task; eval: 40",
    apply: (p, v) => (p.learn.episodes = p.episodes = v as number),
  },
  {
    name: 'seed',
    commands: RUN,
    kind: num(ruleOf('seed')),
    doc: rangeDoc('seed'),
    default: '0',
    apply: (p, v) => (p.learn.seed = v as number),
  },
  learn('update-every', 'updateEvery', '1'),
  learn('minibatches', 'minibatches', '32'),
  learn('batch-size', 'batchSize', '64'),
  learn('buffer', 'bufferCapacity', '100000'),
  learn('lr', 'learningRate', '0.001'),
  {
    name: 'data',
    commands: ['train'],
    kind: choice(DATA_SOURCES),
    doc: 'training data (real: the real system; dr: domain-randomised simulations, drawn as --dr-box and --dr-draw say)',
    default: 'real',
    apply: (p, v) => (p.learn.data = v as LearnConfig['data']),
  },
  {
    name: 'dr-box',
    commands: ['train', 'reproduce'],
    kind: choice(DR_BOXES),
    doc: `with --data dr (reproduce: Table 2's DR rows), where parameters come from (${DR_BOXES.map((b) => `${b}: ${DR_INFO[b]}`).join('; ')})`,
    default: PAPER_DR.drBox,
    apply: (p, v) => (p.learn.drBox = v as DrBox),
  },
  {
    name: 'dr-draw',
    commands: ['train', 'reproduce'],
    kind: choice(DR_DRAWS),
    doc: `with --data dr, when parameters are drawn (${DR_DRAWS.map((b) => `${b}: ${DR_INFO[b]}`).join('; ')})`,
    default: PAPER_DR.drDraw,
    apply: (p, v) => (p.learn.drDraw = v as DrDraw),
  },
  {
    name: 'select',
    commands: ['train', 'reproduce'],
    kind: choice(THETA_SELECTS),
    doc: 'the θ a run ends with (Alg. 1 line 9): final, the last; best, the best on validation episodes on the real system, which are part of the --episodes budget',
    default: 'final',
    apply: (p, v) => (p.learn.select = v as ThetaSelect),
  },
  learn('validate-every', 'validateEvery', '25'),
  learn('validate-episodes', 'validateEpisodes', '5'),
  learn('target-tau', 'targetTau', '0.005'),
  learn('test-every', 'testEvery', '0'),
  learn('test-episodes', 'testEpisodes', '10'),
  {
    name: 'backend',
    commands: [...RUN, 'reproduce'],
    kind: choice(NODE_BACKENDS),
    doc: "the tfjs backend of the Q-network's training, its Adam step (the one that ran is reported; files made before numerics v2 used cpu)",
    default: 'wasm',
    apply: (p, v) => (p.backend = v as BackendName),
  },
  {
    name: 'numerics',
    commands: [...RUN, 'reproduce', 'sensitivity'],
    kind: choice(NUMERICS),
    doc: "the arithmetic of the planner and the Eq. 19 targets (core/numerics.ts; recorded in the run's agent config; a file without it was made with v1)",
    default: CURRENT_NUMERICS,
    apply: (p, v) => (p.agent.numerics = v as Numerics),
  },
  {
    name: 'out',
    commands: RUN,
    kind: { type: 'output', meta: 'FILE.json' },
    doc: 'write the run JSON here instead of stdout',
    apply: (p, v) => (p.out = v as string),
  },
  {
    name: 'save-weights',
    commands: ['train'],
    kind: { type: 'output', meta: 'FILE.json' },
    doc: 'write the trained Q weights here',
    apply: (p, v) => (p.saveWeights = v as string),
  },
  {
    name: 'weights',
    commands: ['eval'],
    kind: { type: 'input', file: 'weights', meta: 'FILE.json' },
    doc: 'the Q weights to test (required for mpq and softq; from train --save-weights)',
    apply: (p, v) => (p.weights = (v as string[])[0]),
  },
  {
    name: 'quiet',
    commands: [...RUN, 'reproduce'],
    kind: { type: 'switch' },
    doc: 'no progress lines on stderr',
    apply: (p) => (p.quiet = true),
  },

  // ---- reproduce
  { name: 'experiment', commands: ['reproduce'], kind: choice(EXPERIMENTS), doc: 'the experiment', required: true },
  {
    name: 'task',
    commands: ['reproduce'],
    kind: choice(taskIds),
    doc: 'one task',
    default: "the experiment's tasks",
  },
  {
    name: 'seeds',
    commands: ['reproduce'],
    kind: num(ruleOf('seeds')),
    doc: 'seeds, run as 1..S',
    default: '3',
  },
  {
    name: 'quick',
    commands: ['reproduce'],
    kind: { type: 'switch' },
    doc: 'a two-episode smoke budget (not a result)',
  },
  {
    name: 'episodes',
    commands: ['reproduce'],
    kind: num(ruleOf('episodes')),
    doc: "training episodes per run instead of the paper's budget (not with --quick)",
  },
  {
    name: 'horizons',
    commands: ['reproduce'],
    kind: { type: 'numbers', rule: ruleOf('horizon') },
    doc: 'fig3 only: the horizons to sweep',
    default: "the task's grid",
  },
  {
    name: 'out-dir',
    commands: ['reproduce'],
    kind: { type: 'outdir' },
    doc: 'folder for the JSON, SVGs and markdown (created if missing)',
    default: 'runs/reproduce-<experiment>[-quick]',
  },
  {
    name: 'reuse',
    commands: ['reproduce'],
    kind: { type: 'input', file: 'results', many: true, meta: 'FILE|DIR,…' },
    repeatable: true,
    doc: 'earlier results (reproduce JSON, shard files, train outputs; a folder: its .json files): a run with the same task, seed and configuration is taken, not trained again',
  },
  {
    name: 'jobs',
    commands: ['reproduce'],
    kind: num({ integer: true, min: 1, max: 256 }),
    doc: 'runs trained at once, each in its own process (records identical to --jobs 1)',
    default: 'cores − 1, at least 1',
  },
  {
    name: 'dry-run',
    commands: ['reproduce'],
    kind: { type: 'switch' },
    doc: 'check everything, print the runs it would train or take (with --shard: its slice) on stdout, and stop',
  },
  {
    name: 'shard',
    commands: ['reproduce'],
    kind: { type: 'text', meta: 'I/N' },
    doc: "run only slice I (0 ≤ I < N) of the experiment's run list and write <experiment>.shard-I-of-N.json; merge the shards with --reuse",
  },

  // ---- sensitivity
  { name: 'task', commands: ['sensitivity'], kind: choice(taskIds), doc: 'the task', required: true },
  {
    name: 'horizon',
    commands: ['sensitivity'],
    kind: num(ruleOf('horizon')),
    doc: "H: plain MPPI's planning horizon",
    default: "the task's long horizon of Fig. 2",
  },
  {
    name: 'episodes',
    commands: ['sensitivity'],
    kind: num(ruleOf('testEpisodes')),
    doc: 'eval episodes per model (the same starts and noise for every model)',
    default: '40',
  },
  { name: 'seed', commands: ['sensitivity'], kind: num(ruleOf('seed')), doc: rangeDoc('seed'), default: '1' },
  {
    name: 'grid',
    commands: ['sensitivity'],
    kind: num({ integer: true, min: 1, max: 50 }),
    doc: "points per parameter, evenly spaced over Table 1's biased box (the other parameters at their true values)",
    default: '5',
  },
  {
    name: 'out-dir',
    commands: ['sensitivity'],
    kind: { type: 'outdir' },
    doc: 'folder for sensitivity-<task>-H<h>.json and .md (created if missing)',
    default: 'runs/sensitivity',
  },
  {
    name: 'kinds',
    commands: ['sensitivity'],
    kind: { type: 'text', meta: 'KIND,…' },
    doc: 'only these kinds of model: true, ensemble, grid, corner, centre',
    default: 'all',
  },
  { name: 'quiet', commands: ['sensitivity'], kind: { type: 'switch' }, doc: 'no progress lines on stderr' },

  // ---- plot
  {
    name: 'out',
    commands: ['plot'],
    kind: { type: 'output', meta: 'FIG.svg' },
    doc: 'the SVG to write (a JSON of every number drawn goes beside it)',
    required: true,
  },
  {
    name: 'curve',
    commands: ['plot'],
    kind: { type: 'text', meta: '"LABEL=train1.json,…"' },
    repeatable: true,
    doc: 'a training curve over train outputs (one per seed): mean and min–max band',
  },
  {
    name: 'level',
    commands: ['plot'],
    kind: { type: 'text', meta: '"LABEL=eval1.json,…"' },
    repeatable: true,
    doc: 'a flat reference line at the mean test result of eval outputs',
  },
  {
    name: 'metric',
    commands: ['plot'],
    kind: choice(['success', 'return', 'cumulative']),
    doc: "what is drawn (cumulative: successes summed over training episodes, the paper's Fig. 2)",
    default: 'return for the pendulum, success elsewhere',
  },
  {
    name: 'window',
    commands: ['plot'],
    kind: num({ integer: true, min: 1, max: 1000 }),
    doc: 'moving-average window of success curves, in episodes',
    default: '10',
  },
  {
    name: 'title',
    commands: ['plot'],
    kind: { type: 'text', meta: 'TEXT' },
    doc: 'the figure title',
    default: 'the task and what is drawn',
  },

  // ---- bench and bench:gpu
  {
    name: 'only',
    commands: ['bench', 'bench-gpu'],
    kind: { type: 'text', meta: 'SUBSTRING' },
    doc: 'run only the cases whose name contains SUBSTRING',
  },
  {
    name: 'out',
    commands: ['bench', 'bench-gpu'],
    kind: { type: 'output', meta: 'FILE.json' },
    doc: 'also write the JSON here (bench:gpu: rewritten after every case)',
  },
  {
    name: 'repeats',
    commands: ['bench', 'bench-gpu'],
    kind: num({ integer: true, min: 1, max: 1000 }),
    doc: 'timed repeats per case (after a warm-up)',
    default: '5',
  },
  {
    name: 'browser',
    commands: ['bench'],
    kind: { type: 'switch' },
    doc: 'only the browser cases: the GPU and CPU planners in headless Chromium',
  },
  {
    name: 'webgpu',
    commands: ['bench-gpu'],
    kind: { type: 'text', meta: 'PATH/index.js' },
    doc: 'the `webgpu` npm package (Dawn) to load',
  },
  {
    name: 'dawn-flag',
    commands: ['bench-gpu'],
    kind: { type: 'text', meta: 'FLAG' },
    repeatable: true,
    doc: 'a Dawn toggle passed to the adapter',
  },
  {
    name: 'targets',
    commands: ['bench-gpu'],
    kind: { type: 'switch' },
    doc: 'also time the Eq. 19 targets on the GPU',
  },
  { name: 'gpu-only', commands: ['bench-gpu'], kind: { type: 'switch' }, doc: 'skip the CPU reference cases' },
  {
    name: 'case-budget-ms',
    commands: ['bench-gpu'],
    kind: num({ above: 0, max: 600_000 }),
    doc: 'time budget of one case, ms',
    default: '4000',
  },
  {
    name: 'call-cap-ms',
    commands: ['bench-gpu'],
    kind: num({ above: 0, max: 600_000 }),
    doc: 'longest single call before a case is abandoned, ms',
    default: '15000',
  },
  {
    name: 'total-budget-s',
    commands: ['bench-gpu'],
    kind: num({ above: 0, max: 86_400 }),
    doc: 'time budget of the whole run, s',
    default: '480',
  },

  // ---- bench/mujocoMppi.ts and diagnostics/costSpread.ts
  {
    name: 'sim',
    commands: ['mujoco-mppi'],
    kind: choice(['ours', 'mujoco', 'mujoco-wasm']),
    doc: 'the simulator (mujoco: MuJoCo-WASM)',
    default: 'mujoco',
  },
  {
    name: 'horizon',
    commands: ['mujoco-mppi'],
    kind: num(ruleOf('horizon')),
    doc: rangeDoc('horizon'),
    default: '48',
  },
  {
    name: 'episodes',
    commands: ['mujoco-mppi'],
    kind: { type: 'text', meta: 'FROM:TO[:STEP]' },
    doc: 'the eval episodes to run, FROM up to (not including) TO',
    default: '0:50',
  },
  { name: 'seed', commands: ['mujoco-mppi'], kind: num(ruleOf('seed')), doc: rangeDoc('seed'), default: '1' },
  {
    name: 'jsonl',
    commands: ['mujoco-mppi'],
    kind: { type: 'output', meta: 'FILE.jsonl' },
    doc: 'also append each episode as a JSON line here (as it finishes)',
  },
  {
    name: 'task',
    commands: ['cost-spread'],
    kind: choice(taskIds),
    doc: 'the task',
    default: 'franka',
  },
  {
    name: 'episodes',
    commands: ['cost-spread'],
    kind: num({ integer: true, min: 1, max: 100 }),
    doc: 'eval episodes of seed 1',
    default: '4',
  },
] satisfies Spec[]);
