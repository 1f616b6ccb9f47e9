/**
 * Physics substeps per second of a batch of 1024 model rows (biased parameters,
 * random actions). By default the rows start from one initial state and run 20
 * control steps on; with `from`, every control step restarts from that state, so
 * the whole measurement stays where it was put (e.g. the Franka hand hooked on the
 * handle, where the contact solver does most of its work).
 */
import { keyFromSeed, RandomStream } from '../../core/rng';
import { sampleParamBox, type TaskSpec } from '../../core/task';
import { rates, result, type BenchResult } from './common';

export interface PhysicsStart {
  /** Appended to the case name: physics/<task>-<label>. */
  label: string;
  /** One state of the task (`stateDim` entries). */
  state: Float64Array;
}

export async function benchPhysics(task: TaskSpec, repeats: number, from?: PhysicsStart): Promise<BenchResult> {
  const rows = 1024;
  const calls = 20;
  const rng = new RandomStream(keyFromSeed(1));
  const states = new Float64Array(rows * task.stateDim);
  const start = new Float64Array(task.stateDim);
  if (from) start.set(from.state);
  else task.sampleInitialState(rng, start, 0);
  for (let r = 0; r < rows; r++) states.set(start, r * task.stateDim);
  const held = from ? states.slice() : null;
  const actions = new Float64Array(rows * task.actionDim);
  for (let i = 0; i < actions.length; i++) {
    const d = i % task.actionDim;
    actions[i] = rng.uniformIn(task.actionLow[d], task.actionHigh[d]);
  }
  const np = task.paramNames.length;
  const params = new Float64Array(rows * np);
  sampleParamBox(task.biased, rng, rows, params);
  const rs = await rates(repeats, rows * calls * task.substeps, () => {
    for (let c = 0; c < calls; c++) {
      if (held) states.set(held);
      task.step(states, actions, params, np, rows);
    }
  });
  const name = `physics/${task.id}${from ? `-${from.label}` : ''}`;
  return result(name, task, 'cpu', 'substepsPerSec', rs, {
    rows,
    substepsPerControlStep: task.substeps,
    physicsDtSec: task.controlDtSec / task.substeps,
    ...(from ? { start: `${from.label}, restored before every control step` } : {}),
  });
}
