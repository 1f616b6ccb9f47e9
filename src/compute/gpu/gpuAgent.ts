/**
 * The acting agent with its planning on the GPU: core/agent.ts's MpcAgent step
 * for step (same keys per control step and iteration, same model parameters),
 * but asynchronous, since the action is read back from the GPU.
 */
import { STREAM } from '../../core/agent';
import type { AgentConfig } from '../../core/config';
import { PlannerModel } from '../../core/model';
import { deriveKey, RandomStream, type Key } from '../../core/rng';
import type { TaskSpec } from '../../core/task';
import type { GpuMppi } from './gpuMppi';

export class GpuMpcAgent {
  readonly model: PlannerModel;
  private readonly params: Float64Array;
  private episodeKey: Key = [0, 0];
  /** Free energy of the last iteration of the last `act` call. */
  lastFreeEnergy = 0;

  /** `engine` must have been created for one problem with cfg.mppi (and a Q exactly when cfg.agent is 'mpq'). */
  constructor(
    readonly task: TaskSpec,
    readonly cfg: AgentConfig,
    readonly engine: GpuMppi,
  ) {
    if (engine.rows !== cfg.mppi.samples)
      throw new Error(`the engine plans ${engine.rows} rows, the agent needs one problem of ${cfg.mppi.samples}`);
    this.model = new PlannerModel(task, cfg.model, cfg.paramPolicy, cfg.mppi.samples);
    this.params = new Float64Array(cfg.mppi.samples * task.paramNames.length);
  }

  /** Resets the plan and draws the episode's model ensemble (if that policy is on). */
  beginEpisode(episodeKey: Key): void {
    this.episodeKey = episodeKey;
    this.engine.resetMeans();
    this.model.beginEpisode(new RandomStream(deriveKey(episodeKey, STREAM.model, 0xffffffff)));
  }

  /** Plans from `state` (row at `so`) for control step `t`, writes the action, then shifts the plan. */
  async act(state: Float64Array, so: number, t: number, action: Float64Array): Promise<void> {
    const { task, cfg, engine } = this;
    engine.setStarts(state.subarray(so, so + task.stateDim));
    for (let it = 0; it < cfg.mppi.iterations; it++) {
      // Parameters are still drawn on the CPU (PlannerModel.fill) so they equal the CPU path's.
      const stride = this.model.fill(new RandomStream(deriveKey(this.episodeKey, STREAM.model, t, it)), 1, this.params);
      engine.iterate(this.params, stride, deriveKey(this.episodeKey, STREAM.noise, t, it));
    }
    const pending = engine.readResult();
    engine.shift();
    const { actions, freeEnergy } = await pending;
    for (let d = 0; d < task.actionDim; d++) action[d] = actions[d];
    this.lastFreeEnergy = freeEnergy[0];
  }
}
