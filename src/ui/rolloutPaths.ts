/**
 * Redraws the sampled rollouts of the agent's last `act` call so the page can
 * show their tip paths. The MPPI workspace keeps the sampled actions [N, H, na]
 * and the last states, not the trajectories, so we replay the actions on the
 * same model parameters (drawn again from the same key, as agent.ts does) and
 * compare the final states with the planner's: a non-zero mismatch means the
 * picture is not what the planner saw.
 */
import { STREAM, type MpcAgent } from '../core/agent';
import { deriveKey, RandomStream, type Key } from '../core/rng';

export class RolloutPaths {
  private readonly states: Float64Array; // [N, ns]
  private readonly stepActions: Float64Array; // [N, na]
  private readonly params: Float64Array; // [N, np]
  private readonly point = new Float64Array(3);

  constructor(private readonly agent: MpcAgent) {
    const { task, cfg } = agent;
    const n = cfg.mppi.samples;
    this.states = new Float64Array(n * task.stateDim);
    this.stepActions = new Float64Array(n * task.actionDim);
    this.params = new Float64Array(n * task.paramNames.length);
  }

  /**
   * Call right after `agent.act(start, 0, t, …)` of an episode begun with `episodeKey`.
   * Writes key-point (x, z) paths [N, H, 2] into `paths` and returns the mismatch.
   */
  trace(start: Float64Array, episodeKey: Key, t: number, paths: Float32Array): number {
    const { task, cfg, ws } = this.agent;
    const N = cfg.mppi.samples;
    const H = cfg.mppi.horizon;
    const ns = task.stateDim;
    const na = task.actionDim;
    const lastIt = cfg.mppi.iterations - 1;
    const stride = this.agent.model.fill(new RandomStream(deriveKey(episodeKey, STREAM.model, t, lastIt)), 1, this.params);
    for (let r = 0; r < N; r++) this.states.set(start.subarray(0, ns), r * ns);
    for (let h = 0; h < H; h++) {
      for (let r = 0; r < N; r++) {
        task.keyPoint(this.states, r * ns, this.point);
        paths[(r * H + h) * 2] = this.point[0];
        paths[(r * H + h) * 2 + 1] = this.point[2];
      }
      // mppi.ts steps the model H − 1 times: the last action is scored, not executed.
      if (h === H - 1) break;
      for (let r = 0; r < N; r++) {
        for (let d = 0; d < na; d++) this.stepActions[r * na + d] = ws.actions[(r * H + h) * na + d];
      }
      task.step(this.states, this.stepActions, this.params, stride, N);
    }
    let mismatch = 0;
    for (let i = 0; i < N * ns; i++) mismatch = Math.max(mismatch, Math.abs(this.states[i] - ws.states[i]));
    return mismatch;
  }
}
