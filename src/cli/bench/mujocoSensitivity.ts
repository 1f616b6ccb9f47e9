/**
 * The model-sensitivity sweep (diagnostics/sensitivity.ts) with MuJoCo on
 * both sides: ball-in-cup as dm_control builds it (x and z slides only, so the
 * ball cannot spin and its inertia has no effect; the string limit at MuJoCo's
 * default solref 0.02 s; src/bench/mjcf/ballincup.ts with `spin: false,
 * stringTimeconstSec: 0.02`), the real system with Table 1's true parameters
 * and the planner with each fixed wrong model compiled into its own MuJoCo
 * model. Plain MPPI, the paper's settings, the eval starts and noise of the
 * seed: the same episodes as `npm run mpq -- sensitivity` on our simulator.
 *
 * MuJoCo is slow here (≈ 0.25 s per H 48 control step on one core), so the
 * models are chosen by name and the episodes split across processes:
 *
 *   npx tsx src/cli/bench/mujocoSensitivity.ts --models "true;centre" --horizon 48 --episodes 0:20 [--seed 1] [--jsonl FILE]
 *
 * Model names are those of the sweep (`true`, `centre`, `corner hi,lo,lo`,
 * `ball_mass_kg=0.87`, …; `--list` prints them). Prints one JSON line per
 * episode to stderr (and to --jsonl) and a summary per model on stdout.
 */
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ballincup } from '../../core/tasks/ballincup';
import { MjBallInCup, mujoco, mujocoBallInCupTask } from '../../bench/mujoco';
import { plainMppiEpisodes, sweepConfig, sweepModels } from '../diagnostics/sensitivity';
import { parseRange } from './mujocoMppi';

/** dm_control's ball-in-cup in MuJoCo with the given parameters. */
async function dmControlBallInCup(params: readonly number[]): Promise<MjBallInCup> {
  return new MjBallInCup(await mujoco(), { spin: false, stringTimeconstSec: 0.02, params });
}

async function main(argv: string[]): Promise<void> {
  let names = ['true', 'centre'];
  let horizon = ballincup.paper.longHorizon;
  let episodes = parseRange('0:20');
  let seed = 1;
  let jsonl: string | null = null;
  const models = sweepModels(ballincup, 5);
  if (argv[0] === '--list') {
    process.stdout.write(models.map((m) => m.name).join('\n') + '\n');
    return;
  }
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (v === undefined) throw new Error(`flag ${k} needs a value`);
    if (k === '--models') names = v.split(';').map((s) => s.trim());
    else if (k === '--horizon') horizon = Number(v);
    else if (k === '--episodes') episodes = parseRange(v);
    else if (k === '--seed') seed = Number(v);
    else if (k === '--jsonl') jsonl = v;
    else throw new Error(`unknown flag ${k}; allowed: --models, --horizon, --episodes, --seed, --jsonl, --list`);
  }
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`--horizon must be an integer ≥ 1, got ${horizon}`);
  const real = await dmControlBallInCup(ballincup.trueParams);
  const realTask = mujocoBallInCupTask(real);
  try {
    for (const name of names) {
      const model = models.find((m) => m.name === name);
      if (!model || model.kind === 'ensemble')
        throw new Error(`unknown or unsupported model "${name}" (fixed models only; --list names them)`);
      const sim = await dmControlBallInCup(model.params!);
      const cfg = sweepConfig(ballincup, { ...model, kind: 'true', params: [...ballincup.trueParams] }, horizon);
      let wins = 0;
      try {
        let t0 = performance.now();
        plainMppiEpisodes(realTask, mujocoBallInCupTask(sim), cfg, seed, episodes, (e, r) => {
          if (r.success) wins++;
          const line = JSON.stringify({
            sim: 'mujoco-dm_control',
            model: name,
            params: model.params,
            horizon,
            seed,
            episode: e,
            success: r.success,
            return: r.return,
            wallMs: performance.now() - t0,
          });
          t0 = performance.now();
          process.stderr.write(line + '\n');
          if (jsonl) appendFileSync(jsonl, line + '\n');
        });
      } finally {
        sim.dispose();
      }
      process.stdout.write(
        JSON.stringify({ model: name, horizon, seed, episodes: episodes.length, successes: wins }) + '\n',
      );
    }
  } finally {
    real.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`mujoco-sensitivity: ${(err as Error).message}\n`);
    process.exit(2);
  });
}
