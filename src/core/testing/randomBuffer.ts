/**
 * A replay buffer of `n` random-action transitions of the real system, seeded:
 * the inputs the bench and the GPU parity page feed to Eq. 19 target generation.
 */
import { ReplayBuffer } from '../replay';
import { keyFromSeed, RandomStream } from '../rng';
import type { TaskSpec } from '../task';
import { RealSystem } from '../train';

export function randomTransitions(task: TaskSpec, n: number, seed: number): ReplayBuffer {
  const buffer = new ReplayBuffer(n, task.stateDim, task.actionDim);
  const sys = new RealSystem(task);
  const rng = new RandomStream(keyFromSeed(seed));
  const action = new Float64Array(task.actionDim);
  const cost = new Float64Array(task.costTerms.length);
  for (let i = 0; i < n; i++) {
    if (i % task.episodeSteps === 0) sys.reset(rng);
    for (let d = 0; d < task.actionDim; d++) action[d] = rng.uniformIn(task.actionLow[d], task.actionHigh[d]);
    sys.step(action, i);
    task.evalCostTerms(sys.state, 0, action, 0, cost);
    buffer.add(
      sys.state,
      0,
      action,
      0,
      cost.reduce((a, b) => a + b, 0),
      sys.next,
      0,
    );
    sys.advance();
  }
  return buffer;
}
