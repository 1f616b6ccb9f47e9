/**
 * Speed and fidelity figures as JSON (never timed tests: the machines are
 * shared and noisy). docs/benchmarks.md explains every figure.
 *
 *   npm run bench -- [--only SUBSTRING] [--out FILE.json] [--repeats R] [--browser]
 *
 * Output: {machine, results: [{name, task, backend, metric, value, params}]}.
 * Rate cases run once to warm up, then R timed repeats of at least 300 ms of
 * CPU time each (process.cpuUsage: time lost waiting for a core is not
 * counted); the value is the median per CPU-second and `params.spread` holds
 * the slowest and fastest repeat.
 * Cases (names; --only keeps those containing SUBSTRING):
 *   physics/<task>                 substepsPerSec of a batch of 1024 model rows
 *   physics/franka-hooked          the same with every row's hand hooked on the handle (contact solver under load)
 *   control/<task>/<agent>-H<h>    controlStepsPerSec, sampleStepsPerSec of one MPPI control step
 *   control/pendulum/mppi-N<n>-H<h> the same for plain MPPI in closed loop from θ = π (N 24 H 8, N 1024 H 64),
 *                                  numerics v2 and (suffix /v1) v1 in alternating repeats
 *   targets/<task>                 targetsPerSec: Eq. 19 targets of one minibatch / s
 *   targets/franka-hooked          the same from states on and around the handle (late training's regime)
 *   update/<task>                  updatesPerSec: M minibatches with targets and Adam (tfjs cpu, wasm)
 *   qnet/forward-ts/B<b>           rowsPerSec of the TS forward pass (numerics v1)
 *   qnet/forward-wasm/B<b>         rowsPerSec of the WebAssembly SIMD forward pass (numerics v2)
 *   qnet/predict-tfjs/B<b>         rowsPerSec of tfjs predict (cpu, wasm)
 *   qnet/train/B<b>                trainStepsPerSec (cpu, wasm)
 *   train/<task>/mpq-H<h>          episodesPerMin (per CPU-minute) of MPQ at the paper's settings (2 episodes,
 *                                  updates; numerics v2, Adam on tfjs wasm: what `train` runs by default)
 *   mujoco/<task>/agree…/<seq>     rmsErrorM of ours vs MuJoCo-WASM over 1 s of a canned sequence
 *   mujoco/<task>/speed            substepsPerSec of ours and of MuJoCo-WASM, and their speedRatio
 *   mujoco-mppi/…                  successes of MPPI (true model) H 48 / H 4 on both simulators;
 *                                  slow (tens of minutes), so it runs only when --only names it
 *   browser/control|targets/…      --browser: ONLY the browser cases (bench/browser.ts): the GPU and CPU
 *                                  planners on gpu-test.html in Chromium; the report gains `browser`
 */
import { hookedState } from '../core/tasks/franka-poses';
import { getTask, taskIds } from '../core/tasks/registry';
import { NODE_BACKENDS } from '../compute/backendNames';
import { runEnvironment } from './environment';
import { FLAGS, USAGE } from './flagTable';
import { UsageError } from './flags';
import { checkOutputs, writeFileAtomic } from './outputs';
import { startNodeBackend } from './nodeBackend';
import type { BenchResult } from './bench/common';
import { benchClosedLoop, benchControl } from './bench/control';
import { benchBrowser } from './bench/browser';
import {
  benchBallInCupAgreement,
  benchBallInCupSpeed,
  benchFetchAgreement,
  benchFetchSpeed,
} from './bench/mujocoCompare';
import { benchMujocoMppi } from './bench/mujocoMppi';
import { benchPhysics } from './bench/physics';
import { benchForwardTs, benchForwardWasm, benchTfjs } from './bench/qnetwork';
import { benchTargets, hookedFrankaBuffer } from './bench/targets';
import { benchTraining } from './bench/training';
import { benchUpdate } from './bench/update';

export type { BenchResult } from './bench/common';

/** Plain MPPI on the pendulum in closed loop from θ = π: the paper's N 24 H 8, and a wide, long planner. */
const CLOSED_LOOP_CASES = [
  [24, 8],
  [1024, 64],
] as const;

function fail(msg: string, status = 2): never {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(status);
}

async function main(): Promise<void> {
  const parsed = FLAGS.parse('bench', process.argv.slice(2));
  if (parsed.help) {
    process.stdout.write(FLAGS.help('bench', USAGE.bench) + '\n');
    return;
  }
  const flags = {
    only: parsed.string('only') ?? null,
    out: parsed.string('out') ?? null,
    repeats: parsed.number('repeats') ?? 5,
    browser: parsed.on('browser'),
  };
  checkOutputs(parsed.outputs());
  const want = (name: string) => flags.only === null || name.includes(flags.only);
  const R = flags.repeats;
  const results: BenchResult[] = [];
  const log = (r: BenchResult) =>
    process.stderr.write(`${r.name.padEnd(44)} ${r.metric.padEnd(19)} ${r.value.toExponential(3)}  (${r.backend})\n`);
  const push = (rs: BenchResult[]) => rs.forEach((r) => (results.push(r), log(r)));
  if (flags.browser) {
    const { info, results: rs } = await benchBrowser({ repeats: R, want });
    if (rs.length === 0) fail(`--only "${flags.only}" matched no browser benchmark`);
    const machine = { ...runEnvironment('cpu'), date: new Date().toISOString() } as Partial<
      ReturnType<typeof runEnvironment>
    > & { date: string };
    delete machine.backend;
    const text = JSON.stringify({ machine, browser: info, results: rs }, null, 2);
    process.stdout.write(text + '\n');
    if (flags.out) writeFileAtomic(flags.out, text + '\n');
    return;
  }
  await startNodeBackend('cpu');

  for (const id of taskIds()) {
    const task = getTask(id);
    const p = task.paper;
    if (want(`physics/${id}`)) push([await benchPhysics(task, R)]);
    if (id === 'franka' && want('physics/franka-hooked'))
      push([await benchPhysics(task, R, { label: 'hooked', state: hookedState() })]);
    if (want(`control/${id}/mppi-H${p.longHorizon}`)) push(await benchControl(task, 'mppi', p.longHorizon, R));
    if (want(`control/${id}/mpq-H${p.mpqHorizon}`)) push(await benchControl(task, 'mpq', p.mpqHorizon, R));
    if (id === 'pendulum')
      for (const [n, h] of CLOSED_LOOP_CASES)
        if (want(`control/${id}/mppi-N${n}-H${h}`)) push(await benchClosedLoop(task, n, h, [Math.PI, 0], R));
    if (want(`targets/${id}`)) push([await benchTargets(task, R)]);
    if (id === 'franka' && want('targets/franka-hooked'))
      push([await benchTargets(task, R, { label: 'hooked', buffer: hookedFrankaBuffer() })]);
  }
  if (want('qnet/forward-ts')) push(await benchForwardTs(R));
  if (want('qnet/forward-wasm')) push(await benchForwardWasm(R));
  for (const backend of NODE_BACKENDS) {
    const updates = taskIds().filter((id) => want(`update/${id}`));
    const trains = taskIds().filter((id) => want(`train/${id}/`));
    const qnet = want('qnet/predict-tfjs') || want('qnet/train');
    if (!updates.length && !trains.length && !qnet) continue;
    await startNodeBackend(backend);
    if (qnet) push(await benchTfjs(backend, Math.min(R, 3)));
    for (const id of updates) push([await benchUpdate(getTask(id), backend, Math.min(R, 3))]);
    // End-to-end training: once, on the wasm backend only (train's default; the cpu backend's Adam is in update/).
    if (backend === 'wasm') for (const id of trains) push([await benchTraining(getTask(id), backend)]);
  }
  await startNodeBackend('cpu');

  if (want('mujoco/ballincup/agree')) push(await benchBallInCupAgreement());
  if (want('mujoco/fetch/agree')) push(await benchFetchAgreement());
  if (want('mujoco/ballincup/speed')) push(await benchBallInCupSpeed(R));
  if (want('mujoco/fetch/speed')) push(await benchFetchSpeed(R));
  // Opt-in: only when --only names it (it takes tens of minutes on MuJoCo).
  if (flags.only !== null && 'mujoco-mppi/ballincup'.includes(flags.only) && flags.only.startsWith('mujoco-mppi')) {
    push(await benchMujocoMppi(50, 1, (e) => process.stderr.write(JSON.stringify(e) + '\n')));
  }

  if (results.length === 0) fail(`--only "${flags.only}" matched no benchmark`);
  const report = { machine: { ...runEnvironment('cpu'), date: new Date().toISOString() }, results };
  delete (report.machine as Partial<typeof report.machine>).backend;
  const text = JSON.stringify(report, null, 2);
  process.stdout.write(text + '\n');
  if (flags.out) writeFileAtomic(flags.out, text + '\n');
}

await main().catch((err: unknown) =>
  fail(err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err), err instanceof UsageError ? 2 : 1),
);
