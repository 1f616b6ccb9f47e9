/** Physics substeps per second of a batch of 1024 model rows (biased parameters, random actions). */
import { keyFromSeed, RandomStream } from '../../core/rng';
import { sampleParamBox, type TaskSpec } from '../../core/task';
import { rates, result, type BenchResult } from './common';

export async function benchPhysics(task: TaskSpec, repeats: number): Promise<BenchResult> {
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
