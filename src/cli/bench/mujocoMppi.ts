/**
 * The same MPPI experiment on both simulators: ball-in-cup, plain MPPI with the
 * TRUE parameters (paper settings N 36, Σ 4, λ 0.15, α 0.55, γ 0.9, one
 * iteration per step), from the eval starts of a seed (train.ts episodeKey),
 * so episode e starts from the same state and draws the same noise on both.
 * Only the physics differs: ours, or MuJoCo-WASM on src/bench/mjcf/ballincup.ts.
 *
 * Slow on MuJoCo (≈ 0.25 s per H 48 control step on one core), so besides the
 * bench case `mujoco-mppi` it runs stand-alone on a subset of episodes, which
 * lets the 50 episodes be split across processes:
 *
 *   npx tsx src/cli/bench/mujocoMppi.ts --sim mujoco --horizon 48 --episodes 0:50:2 [--seed 1] [--jsonl FILE]
 *   npx tsx src/cli/bench/mujocoMppi.ts --help
 */
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { MpcAgent } from '../../core/agent';
import { defaultAgentConfig } from '../../core/config';
import { ballincup } from '../../core/tasks/ballincup';
import { episodeKey, runEpisode } from '../../core/train';
import type { TaskSpec } from '../../core/task';
import type { TaskId } from '../../core/tasks/registry';
import { MjBallInCup, mujoco, mujocoBallInCupTask } from '../../bench/mujoco';
import { FLAGS, USAGE } from '../flagTable';
import { UsageError } from '../flags';
import { checkOutputs } from '../outputs';
import { single, type BenchResult } from './common';

export type SimName = 'ours' | 'mujoco-wasm';

/** One finished episode of the experiment. */
export interface MppiEpisode {
  sim: SimName;
  horizon: number;
  seed: number;
  episode: number;
  success: boolean;
  return: number;
  wallMs: number;
}

/** Runs the listed eval episodes of MPPI (true model) on one simulator; `each` sees every episode. */
export async function runMppiEpisodes(
  sim: SimName,
  horizon: number,
  episodes: readonly number[],
  seed: number,
  each?: (e: MppiEpisode) => void,
): Promise<MppiEpisode[]> {
  let mj: MjBallInCup | null = null;
  let task: TaskSpec<TaskId> = ballincup;
  if (sim === 'mujoco-wasm') {
    mj = new MjBallInCup(await mujoco(), { spin: true });
    task = mujocoBallInCupTask(mj);
  }
  const cfg = defaultAgentConfig(task, 'mppi');
  cfg.mppi.horizon = horizon;
  cfg.model = 'true';
  const agent = new MpcAgent(task, cfg, null);
  const out: MppiEpisode[] = [];
  try {
    for (const e of episodes) {
      const t0 = performance.now();
      const r = runEpisode(task, agent, episodeKey(seed, 'eval', e));
      const rec: MppiEpisode = {
        sim,
        horizon,
        seed,
        episode: e,
        success: r.success,
        return: r.return,
        wallMs: performance.now() - t0,
      };
      out.push(rec);
      each?.(rec);
    }
  } finally {
    mj?.dispose();
  }
  return out;
}

/**
 * The bench case `mujoco-mppi`: H 48 and H 4, `episodes` eval episodes of
 * `seed` on both simulators; success counts side by side (metric `successes`).
 */
export async function benchMujocoMppi(episodes = 50, seed = 1, log?: (e: MppiEpisode) => void): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const list = Array.from({ length: episodes }, (_, e) => e);
  for (const horizon of [48, 4]) {
    for (const sim of ['ours', 'mujoco-wasm'] as const) {
      const t0 = performance.now();
      const recs = await runMppiEpisodes(sim, horizon, list, seed, log);
      const wins = recs.filter((r) => r.success).length;
      out.push(
        single(
          `mujoco-mppi/ballincup/mppi-H${horizon}`,
          'ballincup',
          sim === 'ours' ? 'cpu' : 'mujoco-wasm',
          'successes',
          wins,
          {
            episodes,
            seed,
            horizon,
            model: 'true parameters',
            successfulEpisodes: recs.filter((r) => r.success).map((r) => r.episode),
            wallSec: (performance.now() - t0) / 1000,
            reference:
              "dm_control's ball_in_cup.xml in MuJoCo's WebAssembly build, paper settings: 13/50 at H 48, 4/60 at H 4",
          },
        ),
      );
    }
  }
  return out;
}

/** "a:b" or "a:b:step" → [a, a+step, …) below b. */
export function parseRange(text: string): number[] {
  const [a, b, s] = text.split(':').map(Number);
  if (![a, b].every(Number.isInteger) || (s !== undefined && !(Number.isInteger(s) && s > 0)) || a < 0 || b <= a) {
    throw new UsageError(`--episodes must be "from:to" or "from:to:step" with integers, got "${text}"`);
  }
  const out: number[] = [];
  for (let e = a; e < b; e += s ?? 1) out.push(e);
  return out;
}

async function main(argv: string[]): Promise<void> {
  const flags = FLAGS.parse('mujoco-mppi', argv);
  if (flags.help) {
    process.stdout.write(FLAGS.help('mujoco-mppi', USAGE['mujoco-mppi']) + '\n');
    return;
  }
  const sim: SimName = (flags.string('sim') ?? 'mujoco') === 'ours' ? 'ours' : 'mujoco-wasm';
  const horizon = flags.number('horizon') ?? 48;
  const episodes = parseRange(flags.string('episodes') ?? '0:50');
  const seed = flags.number('seed') ?? 1;
  const jsonl = flags.string('jsonl') ?? null;
  checkOutputs(flags.outputs());
  const recs = await runMppiEpisodes(sim, horizon, episodes, seed, (r) => {
    const line = JSON.stringify(r);
    process.stderr.write(line + '\n');
    if (jsonl) appendFileSync(jsonl, line + '\n');
  });
  const wins = recs.filter((r) => r.success).length;
  process.stdout.write(JSON.stringify({ sim, horizon, seed, episodes: recs.length, successes: wins }) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`mujoco-mppi: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
