/**
 * Eq. 19 targets per second: one minibatch of K tuples from a replay buffer of
 * random-action transitions, each target K_it MPPI iterations (paper: 3; Franka
 * 1) of N samples over MPQ's horizon with the terminal Q (the current numerics:
 * v2's WebAssembly SIMD forward).
 */
import { defaultAgentConfig, defaultLearnConfig } from '../../core/config';
import { ReplayBuffer } from '../../core/replay';
import { deriveKey, keyFromSeed, RandomStream } from '../../core/rng';
import { TargetGenerator } from '../../core/targets';
import { runningCost, type TaskSpec } from '../../core/task';
import { franka } from '../../core/tasks/franka';
import { hookedState } from '../../core/tasks/franka-poses';
import type { TaskId } from '../../core/tasks/registry';
import { randomTransitions } from '../../core/testing/randomBuffer';
import { newQ } from './control';
import { rates, result, type BenchResult } from './common';

/** A replay buffer of `n` random-action transitions of the real system (seeded). */
export function filledBuffer(task: TaskSpec, n = 4096): ReplayBuffer {
  return randomTransitions(task, n, 5);
}

/**
 * Franka transitions on and around the handle, where late MPQ training's replay states lie and the contact
 * solver does most of its work: the hook grip with each joint moved by up to ±0.1 rad, the drawer 0–0.25 m
 * open, actions up to half the velocity limits, one true-model step each (seeded).
 */
export function hookedFrankaBuffer(n = 4096): ReplayBuffer {
  const buffer = new ReplayBuffer(n, franka.stateDim, franka.actionDim);
  const rng = new RandomStream(keyFromSeed(41));
  const s = new Float64Array(franka.stateDim);
  const next = new Float64Array(franka.stateDim);
  const a = new Float64Array(franka.actionDim);
  const params = Float64Array.from(franka.trueParams);
  const drawer = franka.stateNames.indexOf('drawer_open_m');
  const weights = Float64Array.from(franka.costTerms, (t) => t.weight);
  const terms = new Float64Array(franka.costTerms.length);
  for (let i = 0; i < n; i++) {
    s.set(hookedState());
    for (let j = 0; j < franka.actionDim; j++) {
      s[j] += rng.uniformIn(-0.1, 0.1);
      a[j] = 0.5 * rng.uniformIn(franka.actionLow[j], franka.actionHigh[j]);
    }
    s[drawer] = rng.uniformIn(0, 0.25);
    next.set(s);
    franka.step(next, a, params, params.length, 1);
    buffer.add(s, 0, a, 0, runningCost(franka, s, 0, a, 0, weights, terms), next, 0);
  }
  return buffer;
}

/** Eq. 19 targets per CPU-second on random-action transitions, or on `from`'s buffer (named targets/<task>-<label>). */
export async function benchTargets(
  task: TaskSpec<TaskId>,
  repeats: number,
  from?: { label: string; buffer: ReplayBuffer },
): Promise<BenchResult> {
  const cfg = defaultAgentConfig(task, 'mpq');
  const { batchSize: K, targetIterations } = defaultLearnConfig(task);
  const q = newQ(task, cfg, K);
  const buffer = from?.buffer ?? filledBuffer(task);
  const gen = new TargetGenerator(task, cfg, K, targetIterations);
  const idx = new Int32Array(K);
  let u = 0;
  const rs = await rates(repeats, K, () => {
    buffer.sampleIndices(new RandomStream(deriveKey(keyFromSeed(6), u)), K, idx);
    gen.compute(buffer, idx, K, deriveKey(keyFromSeed(7), u), q);
    u++;
  });
  q.dispose();
  return result(`targets/${task.id}${from ? `-${from.label}` : ''}`, task, 'cpu', 'targetsPerSec', rs, {
    batchSize: K,
    targetIterations,
    samples: cfg.mppi.samples,
    horizon: cfg.mppi.horizon,
    numerics: cfg.numerics,
    note: 'rollouts and the terminal Q on the CPU (numerics v1: float64 TS forward, v2: float32 WebAssembly SIMD forward)',
  });
}
