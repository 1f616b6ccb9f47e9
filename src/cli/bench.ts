/**
 * Speed figures as JSON (never timed tests: the machines are shared and noisy).
 *
 *   npm run bench -- [--only SUBSTRING] [--out FILE.json] [--repeats R]
 *
 * Each case runs once to warm up, then R timed repeats; the value is the
 * median rate and `params.spread` holds the slowest and fastest repeat.
 * Metrics:
 *   substepsPerSec    physics substeps of a batch of 1024 model rows (rows × substeps / s)
 *   controlStepsPerSec  one MPPI control step (all iterations) from a real state
 *   sampleStepsPerSec   model steps inside those control steps (N × (H − 1) × iterations / s)
 *   updatesPerSec     one Q update = M minibatches of K tuples with their Eq. 19 targets and Adam steps
 */
import { writeFileSync } from 'node:fs';
import { TfQNetwork } from '../compute/qnetwork';
import { MpcAgent } from '../core/agent';
import { defaultAgentConfig, defaultLearnConfig, PAPER_SETTINGS, type AgentConfig } from '../core/config';
import { ReplayBuffer } from '../core/replay';
import { deriveKey, keyFromSeed, RandomStream } from '../core/rng';
import { TargetGenerator } from '../core/targets';
import { sampleParamBox, type TaskSpec } from '../core/task';
import { taskIds, getTask } from '../core/tasks/registry';
import { RealSystem } from '../core/train';
import { runEnvironment } from './environment';
import { startNodeBackend } from './nodeBackend';
import type { BackendName } from '../compute/backend';

export interface BenchResult {
  name: string;
  task: string;
  backend: string;
  metric: 'substepsPerSec' | 'controlStepsPerSec' | 'sampleStepsPerSec' | 'updatesPerSec';
  value: number;
  params: Record<string, unknown>;
}

interface Flags {
  only: string | null;
  out: string | null;
  repeats: number;
}

function parseFlags(argv: string[]): Flags {
  const f: Flags = { only: null, out: null, repeats: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--only' && v !== undefined) (f.only = v), i++;
    else if (a === '--out' && v !== undefined) (f.out = v), i++;
    else if (a === '--repeats' && v !== undefined) {
      const r = Number(v);
      if (!Number.isInteger(r) || r < 1 || r > 1000) fail(`--repeats must be an integer in [1, 1000], got "${v}"`);
      f.repeats = r;
      i++;
    } else fail(`unknown or incomplete flag "${a}"; allowed: --only SUBSTRING, --out FILE.json, --repeats R`);
  }
  return f;
}

function fail(msg: string): never {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(2);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `body` (which does `work` units) once to warm up, then `repeats` times; returns rates (units/s). */
async function rates(repeats: number, work: number, body: () => void | Promise<void>): Promise<number[]> {
  await body();
  const out: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await body();
    out.push(work / ((performance.now() - t0) / 1000));
  }
  return out;
}

function result(name: string, task: TaskSpec, backend: string, metric: BenchResult['metric'], rs: number[], params: Record<string, unknown>): BenchResult {
  return { name, task: task.id, backend, metric, value: median(rs), params: { ...params, repeats: rs.length, spread: [Math.min(...rs), Math.max(...rs)] } };
}

async function benchPhysics(task: TaskSpec, repeats: number): Promise<BenchResult> {
  const rows = 1024;
  const calls = 20;
  const rng = new RandomStream(keyFromSeed(1));
  const states = new Float64Array(rows * task.stateDim);
  const start = new Float64Array(task.stateDim);
  task.sampleInitialState(rng, start, 0);
  for (let r = 0; r < rows; r++) states.set(start, r * task.stateDim);
  const actions = new Float64Array(rows * task.actionDim);
  for (let i = 0; i < actions.length; i++) {
    const d = i % task.actionDim;
    actions[i] = rng.uniformIn(task.actionLow[d], task.actionHigh[d]);
  }
  const np = task.paramNames.length;
  const params = new Float64Array(rows * np);
  sampleParamBox(task.biased, rng, rows, params);
  const rs = await rates(repeats, rows * calls * task.substeps, () => {
    for (let c = 0; c < calls; c++) task.step(states, actions, params, np, rows);
  });
  return result(`physics/${task.id}`, task, 'cpu', 'substepsPerSec', rs, { rows, substepsPerControlStep: task.substeps, physicsDtSec: task.controlDtSec / task.substeps });
}

function newQ(task: TaskSpec, cfg: AgentConfig, batch: number): TfQNetwork {
  return new TfQNetwork({
    inputDim: task.obsDim + task.actionDim,
    hidden: [100, 100],
    learningRate: 1e-3,
    initKey: keyFromSeed(3),
    maxRows: cfg.mppi.samples * batch,
  });
}

async function benchControl(task: TaskSpec, agent: 'mpq' | 'mppi', horizon: number, repeats: number): Promise<BenchResult[]> {
  const cfg = defaultAgentConfig(task, agent);
  cfg.mppi.horizon = horizon;
  const q = agent === 'mpq' ? newQ(task, cfg, 1) : null;
  const a = new MpcAgent(task, cfg, q);
  const sys = new RealSystem(task);
  sys.reset(new RandomStream(keyFromSeed(2)));
  a.beginEpisode(keyFromSeed(4));
  const action = new Float64Array(task.actionDim);
  const steps = Math.max(5, Math.round(20000 / (cfg.mppi.samples * horizon * task.substeps)));
  let t = 0;
  const rs = await rates(repeats, steps, () => {
    for (let s = 0; s < steps; s++) a.act(sys.state, 0, t++, action);
  });
  q?.dispose();
  const name = `control/${task.id}/${agent}-H${horizon}`;
  const params = { agent, samples: cfg.mppi.samples, horizon, iterations: cfg.mppi.iterations };
  const perStep = cfg.mppi.samples * Math.max(0, horizon - 1) * cfg.mppi.iterations;
  return [
    result(name, task, 'cpu', 'controlStepsPerSec', rs, params),
    result(name, task, 'cpu', 'sampleStepsPerSec', rs.map((r) => r * perStep), params),
  ];
}

async function benchUpdate(task: TaskSpec, backend: string, repeats: number): Promise<BenchResult> {
  const cfg = defaultAgentConfig(task, 'mpq');
  const learn = defaultLearnConfig(task);
  const { minibatches: M, batchSize: K, targetIterations } = learn;
  const q = newQ(task, cfg, K);
  const buffer = new ReplayBuffer(4096, task.stateDim, task.actionDim);
  const sys = new RealSystem(task);
  const rng = new RandomStream(keyFromSeed(5));
  const action = new Float64Array(task.actionDim);
  const cost = new Float64Array(task.costTerms.length);
  for (let i = 0; i < 4096; i++) {
    if (i % task.episodeSteps === 0) sys.reset(rng);
    for (let d = 0; d < task.actionDim; d++) action[d] = rng.uniformIn(task.actionLow[d], task.actionHigh[d]);
    sys.step(action, i);
    task.evalCostTerms(sys.state, 0, action, 0, cost);
    buffer.add(sys.state, 0, action, 0, cost.reduce((a, b) => a + b, 0), sys.next, 0);
    sys.advance();
  }
  const gen = new TargetGenerator(task, cfg, K, targetIterations);
  const idx = new Int32Array(K);
  let u = 0;
  const rs = await rates(repeats, 1, async () => {
    for (let m = 0; m < M; m++) {
      buffer.sampleIndices(new RandomStream(deriveKey(keyFromSeed(6), u, m)), K, idx);
      gen.compute(buffer, idx, K, deriveKey(keyFromSeed(7), u, m), q);
      await q.trainStep(gen.inputs, gen.targets, K);
    }
    u++;
  });
  q.dispose();
  return result(`update/${task.id}`, task, backend, 'updatesPerSec', rs, {
    minibatches: M,
    batchSize: K,
    targetIterations,
    samples: cfg.mppi.samples,
    horizon: cfg.mppi.horizon,
    note: 'MPPI rollouts and the terminal Q run in TypeScript; the Adam step runs on the tfjs backend named',
  });
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const want = (name: string) => flags.only === null || name.includes(flags.only);
  const results: BenchResult[] = [];
  const log = (r: BenchResult) => process.stderr.write(`${r.name.padEnd(34)} ${r.metric.padEnd(19)} ${r.value.toExponential(3)}  (${r.backend})\n`);
  const push = (rs: BenchResult[]) => rs.forEach((r) => (results.push(r), log(r)));
  await startNodeBackend('cpu');
  for (const id of taskIds()) {
    const task = getTask(id);
    const p = PAPER_SETTINGS[id];
    if (want(`physics/${id}`)) push([await benchPhysics(task, flags.repeats)]);
    if (want(`control/${id}/mppi-H${p.longHorizon}`)) push(await benchControl(task, 'mppi', p.longHorizon, flags.repeats));
    if (want(`control/${id}/mpq-H${p.mpqHorizon}`)) push(await benchControl(task, 'mpq', p.mpqHorizon, flags.repeats));
  }
  for (const backend of ['cpu', 'wasm'] as BackendName[]) {
    const todo = taskIds().filter((id) => want(`update/${id}`));
    if (!todo.length) continue;
    await startNodeBackend(backend);
    for (const id of todo) push([await benchUpdate(getTask(id), backend, Math.min(flags.repeats, 3))]);
  }
  if (results.length === 0) fail(`--only "${flags.only}" matched no benchmark`);
  const report = { machine: { ...runEnvironment('cpu'), date: new Date().toISOString() }, results };
  delete (report.machine as Partial<typeof report.machine>).backend;
  const text = JSON.stringify(report, null, 2);
  process.stdout.write(text + '\n');
  if (flags.out) writeFileSync(flags.out, text + '\n');
}

await main();
