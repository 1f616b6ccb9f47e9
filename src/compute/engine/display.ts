/**
 * What the scene draws of one control step's planning, computed on the CPU:
 * the key point (task.keyPoint, world x, y, z in m) along every sampled rollout
 * of the last MPPI iteration, and along the planned mean.
 *
 * The MPPI workspace keeps the sampled actions ([H, N, na]) and the last states,
 * not the trajectories, so the rollouts are replayed on the same model
 * parameters (drawn again from the same key, as agent.ts does); the replay's
 * last states are compared with the planner's, and a non-zero mismatch means
 * the picture is not what the planner saw.
 */
import { STREAM, type MpcAgent } from '../../core/agent';
import type { ModelSource } from '../../core/model';
import { deriveKey, RandomStream, type Key } from '../../core/rng';
import type { ParamBox, TaskSpec } from '../../core/task';

export class RolloutTracer {
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
   * Call after `agent.act(start, 0, t, …)` of an episode begun with `episodeKey`
   * (and before the next act). Writes key points of s_0 … s_{H−1} of the
   * rollouts `index[0 … count)` into `paths` [count, H, 3] and returns the
   * largest gap between their replayed last states and the planner's.
   */
  trace(
    start: Float64Array,
    episodeKey: Key,
    t: number,
    paths: Float32Array,
    index: Int32Array,
    count: number,
  ): number {
    const { task, cfg, ws } = this.agent;
    const H = cfg.mppi.horizon;
    const ns = task.stateDim;
    const na = task.actionDim;
    const np = task.paramNames.length;
    const lastIt = cfg.mppi.iterations - 1;
    const stride = this.agent.model.fill(
      new RandomStream(deriveKey(episodeKey, STREAM.model, t, lastIt)),
      1,
      this.params,
    );
    // Only the drawn rows are replayed: their parameter rows move to the front (a shared row stays put).
    if (stride > 0) {
      for (let c = 0; c < count; c++) this.params.copyWithin(c * np, index[c] * np, index[c] * np + np);
    }
    for (let c = 0; c < count; c++) this.states.set(start.subarray(0, ns), c * ns);
    for (let h = 0; h < H; h++) {
      for (let c = 0; c < count; c++) {
        task.keyPoint(this.states, c * ns, this.point);
        const o = (c * H + h) * 3;
        paths[o] = this.point[0];
        paths[o + 1] = this.point[1];
        paths[o + 2] = this.point[2];
      }
      // mppi.ts steps the model H − 1 times: the last action is scored, not executed.
      if (h === H - 1) break;
      for (let c = 0; c < count; c++) {
        for (let d = 0; d < na; d++) this.stepActions[c * na + d] = ws.actions[(h * ws.rows + index[c]) * na + d];
      }
      task.step(this.states, this.stepActions, this.params, stride, count);
    }
    let mismatch = 0;
    for (let c = 0; c < count; c++) {
      for (let j = 0; j < ns; j++)
        mismatch = Math.max(mismatch, Math.abs(this.states[c * ns + j] - ws.states[index[c] * ns + j]));
    }
    return mismatch;
  }
}

/**
 * Key points of s_0 … s_{H−1} of N sampled rollouts into `paths` [N, H, 3]:
 * every row starts at `start` and steps with its sampled actions [H, N, na]
 * on `params` (stride as PlannerModel.fill returns). Like mppi.ts, the model
 * steps H − 1 times (the last action is scored, not executed). `states` [N, ns]
 * and `stepActions` [N, na] are scratch; `states` ends at s_{H−1}.
 */
export function traceSamples(
  task: TaskSpec,
  start: Float64Array,
  actions: Float64Array,
  N: number,
  H: number,
  params: Float64Array,
  stride: number,
  states: Float64Array,
  stepActions: Float64Array,
  paths: Float32Array,
): void {
  const ns = task.stateDim;
  const na = task.actionDim;
  const point = new Float64Array(3);
  for (let r = 0; r < N; r++) states.set(start.subarray(0, ns), r * ns);
  for (let h = 0; h < H; h++) {
    for (let r = 0; r < N; r++) {
      task.keyPoint(states, r * ns, point);
      const o = (r * H + h) * 3;
      paths[o] = point[0];
      paths[o + 1] = point[1];
      paths[o + 2] = point[2];
    }
    if (h === H - 1) break;
    for (let r = 0; r < N; r++) {
      for (let d = 0; d < na; d++) stepActions[r * na + d] = actions[(h * N + r) * na + d];
    }
    task.step(states, stepActions, params, stride, N);
  }
}

/**
 * The model's nominal parameters: the true values for model 'true', else the
 * centre of the planner's box. The plan is drawn on these (the rollouts
 * themselves each used their own sampled parameters).
 */
export function nominalParams(
  source: ModelSource,
  box: ParamBox,
  trueParams: readonly number[],
  out: Float64Array,
): void {
  for (let j = 0; j < out.length; j++) out[j] = source === 'true' ? trueParams[j] : 0.5 * (box.low[j] + box.high[j]);
}

/**
 * Key points of a mean plan [H, 3]: s_0 = the start, then the model stepped
 * with u_0 … u_{H−2} of the mean ([H, na], already within bounds) on one
 * parameter vector. Buffers are kept, so drawing a plan allocates nothing.
 */
export class PlanTracer {
  private readonly state: Float64Array;
  private readonly action: Float64Array;
  private readonly point = new Float64Array(3);

  constructor(private readonly task: TaskSpec) {
    this.state = new Float64Array(task.stateDim);
    this.action = new Float64Array(task.actionDim);
  }

  trace(start: Float64Array, mean: Float64Array, H: number, params: Float64Array, out: Float32Array): void {
    const { task, state, action, point } = this;
    const na = task.actionDim;
    for (let j = 0; j < task.stateDim; j++) state[j] = start[j];
    for (let h = 0; h < H; h++) {
      task.keyPoint(state, 0, point);
      out[h * 3] = point[0];
      out[h * 3 + 1] = point[1];
      out[h * 3 + 2] = point[2];
      if (h === H - 1) break;
      for (let d = 0; d < na; d++) action[d] = mean[h * na + d];
      task.step(state, action, params, 0, 1);
    }
  }
}
