/**
 * Our physics against MuJoCo-WASM (@mujoco/mujoco) on MJCF written to match it
 * (src/bench/mjcf): (a) trajectory agreement over 1 s of canned action
 * sequences, (b) substeps per second of each, measured side by side in this
 * run on the same sequential single-row trajectory (seeded random actions,
 * state carried from step to step on both; no batching on either side).
 */
import { ballincup, BIC_TRUE_PARAMS } from '../../core/tasks/ballincup';
import { fetchPush, FETCH_TRUE_PARAMS } from '../../core/tasks/fetch';
import { keyFromSeed, RandomStream } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import { BALLINCUP_SEQUENCES, FETCH_SEQUENCES } from '../../bench/canned';
import { compareBallInCup, compareFetch } from '../../bench/fidelity';
import { MjBallInCup, MjFetch, mujoco } from '../../bench/mujoco';
import { median, rates, result, single, type BenchResult } from './common';

export async function benchBallInCupAgreement(): Promise<BenchResult[]> {
  const mj = await mujoco();
  const out: BenchResult[] = [];
  for (const spin of [true, false]) {
    const sim = new MjBallInCup(mj, { spin });
    for (const seq of BALLINCUP_SEQUENCES) {
      const r = compareBallInCup(seq, sim);
      const variant = spin ? '' : '-nospin';
      out.push(
        single(`mujoco/ballincup/agree${variant}/${seq.name}`, 'ballincup', 'mujoco-wasm', 'rmsErrorM', r.rmsErrorM, {
          what: 'RMS over 50 control steps (1 s) of the ball-centre distance, ours vs MuJoCo',
          mjcfBall: spin ? 'x, z slides + hinge (spins, as ours)' : 'x, z slides only (dm_control: cannot spin)',
          sequence: seq.doc,
          maxErrorM: r.maxErrorM,
          cupRmsErrorM: r.cupRmsErrorM,
          stepsInCupOurs: r.inCupOurs,
          stepsInCupMujoco: r.inCupMujoco,
        }),
      );
    }
    sim.dispose();
  }
  return out;
}

export async function benchFetchAgreement(): Promise<BenchResult[]> {
  const sim = new MjFetch(await mujoco());
  const out = FETCH_SEQUENCES.map((seq) => {
    const r = compareFetch(seq, sim);
    return single(`mujoco/fetch/agree/${seq.name}`, 'fetch', 'mujoco-wasm', 'rmsErrorM', r.rmsErrorM, {
      what: 'RMS over 25 control steps (1 s) of the block-centre distance, ours vs MuJoCo',
      sequence: seq.doc,
      maxErrorM: r.maxErrorM,
      gripperRmsErrorM: r.gripperRmsErrorM,
      blockTravelOursM: r.blockTravelOursM,
      blockTravelMujocoM: r.blockTravelMujocoM,
      finalYawOursRad: r.yawOursRad,
      finalYawMujocoRad: r.yawMujocoRad,
    });
  });
  sim.dispose();
  return out;
}

/** A seeded random action sequence of `steps` control steps. */
function randomActions(task: TaskSpec, steps: number): Float64Array {
  const rng = new RandomStream(keyFromSeed(11));
  const a = new Float64Array(steps * task.actionDim);
  for (let i = 0; i < a.length; i++) a[i] = rng.uniformIn(-1, 1);
  return a;
}

interface Stepper {
  reset(): void;
  step(a: Float64Array, o: number): void;
}

async function speedPair(task: TaskSpec, ours: Stepper, theirs: Stepper, repeats: number): Promise<BenchResult[]> {
  const steps = task.episodeSteps;
  const acts = randomActions(task, steps);
  const work = steps * task.substeps;
  const run = (s: Stepper) => () => {
    s.reset();
    for (let t = 0; t < steps; t++) s.step(acts, t * task.actionDim);
  };
  // Interleave the two so both see the same machine load.
  const ro: number[] = [];
  const rm: number[] = [];
  for (let r = 0; r < repeats; r++) {
    ro.push(...(await rates(1, work, run(ours))));
    rm.push(...(await rates(1, work, run(theirs))));
  }
  const params = {
    rows: 1,
    controlSteps: steps,
    substepsPerControlStep: task.substeps,
    actions: 'seeded uniform random, one per control step',
    from: 'the task start of seed 1',
  };
  const ratio = median(ro) / median(rm);
  return [
    result(`mujoco/${task.id}/speed`, task, 'cpu', 'substepsPerSec', ro, { ...params, sim: 'ours (TypeScript)' }),
    result(`mujoco/${task.id}/speed`, task, 'mujoco-wasm', 'substepsPerSec', rm, {
      ...params,
      sim: 'MuJoCo-WASM 3.14.0 single-threaded, mj_step',
    }),
    single(`mujoco/${task.id}/speed`, task.id, 'cpu/mujoco-wasm', 'speedRatio', ratio, {
      what: 'our substeps/s ÷ MuJoCo-WASM substeps/s, same trajectory, same run',
      target: 10,
    }),
  ];
}

export async function benchBallInCupSpeed(repeats: number): Promise<BenchResult[]> {
  const start = new Float64Array(9);
  ballincup.sampleInitialState(new RandomStream(keyFromSeed(1)), start, 0);
  const s = new Float64Array(9);
  const p = Float64Array.from(BIC_TRUE_PARAMS);
  const a = new Float64Array(2);
  const sim = new MjBallInCup(await mujoco(), { spin: true });
  const ours: Stepper = {
    reset: () => s.set(start),
    step: (acts, o) => {
      a[0] = acts[o];
      a[1] = acts[o + 1];
      ballincup.step(s, a, p, 0, 1);
    },
  };
  const theirs: Stepper = { reset: () => sim.setState(start, 0), step: (acts, o) => sim.control(acts[o], acts[o + 1]) };
  const out = await speedPair(ballincup, ours, theirs, repeats);
  sim.dispose();
  return out;
}

export async function benchFetchSpeed(repeats: number): Promise<BenchResult[]> {
  const start = new Float64Array(16);
  fetchPush.sampleInitialState(new RandomStream(keyFromSeed(1)), start, 0);
  const s = new Float64Array(16);
  const p = Float64Array.from(FETCH_TRUE_PARAMS);
  const a = new Float64Array(4);
  const sim = new MjFetch(await mujoco());
  const ours: Stepper = {
    reset: () => s.set(start),
    step: (acts, o) => {
      for (let d = 0; d < 4; d++) a[d] = acts[o + d];
      fetchPush.step(s, a, p, 0, 1);
    },
  };
  const theirs: Stepper = {
    reset: () => sim.setState(start, 0),
    step: (acts, o) => sim.control(acts[o], acts[o + 1], acts[o + 2]),
  };
  const out = await speedPair(fetchPush, ours, theirs, repeats);
  sim.dispose();
  return out;
}
