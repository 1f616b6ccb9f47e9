/**
 * Eq. 19 targets on the GPU as a Trainer's target source (core/targets.ts's
 * TargetSource): GpuTargetGenerator with the terminal Q copied from the
 * QFunction the Trainer hands over (MPQ: the current Q; SoftQ: its target
 * network), so the GPU scores with exactly the weights the CPU would.
 *
 * A TargetSourceFactory is synchronous and building the kernels is not, so a
 * source made by `gpuTargets` builds its generator on the first `compute` (the
 * Trainer awaits it).
 */
import type { AgentConfig } from '../../core/config';
import type { DenseWeights } from '../../core/mlp';
import type { QFunction } from '../../core/qfunction';
import type { TargetBatch, TargetSource, TargetSourceFactory } from '../../core/targets';
import type { TaskSpec } from '../../core/task';
import { initialLayers } from '../qnetwork';
import { TensorMlp } from '../tensorMlp';
import type { TfWebGpuBridge } from './bridge';
import { GpuTargetGenerator } from './gpuTargets';

export class GpuTargetSource implements TargetSource {
  /** The weights last copied to the GPU (skipped when the same array comes again). */
  private uploaded: readonly DenseWeights[] | null = null;
  private disposed = false;

  private constructor(
    readonly generator: GpuTargetGenerator,
    private readonly q: TensorMlp,
  ) {}

  /** Builds the kernels for minibatches of up to `maxBatch` tuples, `iterations` MPPI iterations each. */
  static async create(
    bridge: TfWebGpuBridge,
    task: TaskSpec,
    cfg: AgentConfig,
    maxBatch: number,
    iterations: number,
    hidden: readonly number[],
  ): Promise<GpuTargetSource> {
    // Placeholder weights of the right shapes (replaced by the Q's before every batch).
    const q = new TensorMlp(initialLayers(task.obsDim + task.actionDim, hidden, [0, 0]));
    try {
      return new GpuTargetSource(await GpuTargetGenerator.create(bridge, task, cfg, maxBatch, iterations, q), q);
    } catch (err) {
      q.dispose();
      throw err;
    }
  }

  async compute(batch: TargetBatch, q: QFunction, targets: Float32Array): Promise<void> {
    if (this.disposed) throw new Error('this GPU target source was disposed');
    const w = q.weights?.();
    if (!w) throw new Error('Eq. 19 targets on the GPU need the Q-function’s weights, and this one hands out none');
    if (w !== this.uploaded) {
      this.q.setLayers(w);
      this.uploaded = w;
    }
    await this.generator.computeBatch(batch, targets);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generator.dispose();
    this.q.dispose();
  }
}

/**
 * Target sources on the GPU over `bridge`, each building its kernels on its first
 * batch; `hidden` is the Q-network's hidden widths. `ready`, when given, is a
 * source already built (and measured) that the first matching call takes over.
 */
export function gpuTargets(
  bridge: TfWebGpuBridge,
  hidden: readonly number[],
  ready?: { source: GpuTargetSource; cfg: AgentConfig; maxBatch: number; iterations: number },
): TargetSourceFactory {
  let spare = ready ?? null;
  return (task, cfg, maxBatch, iterations) => {
    if (spare && spare.cfg === cfg && spare.maxBatch === maxBatch && spare.iterations === iterations) {
      const { source } = spare;
      spare = null;
      return source;
    }
    spare?.source.dispose();
    spare = null;
    let built: Promise<GpuTargetSource> | null = null;
    let disposed = false;
    return {
      async compute(batch, q, targets) {
        built ??= GpuTargetSource.create(bridge, task, cfg, maxBatch, iterations, hidden);
        const source = await built;
        if (disposed) throw new Error('this GPU target source was disposed');
        await source.compute(batch, q, targets);
      },
      dispose() {
        disposed = true;
        void built?.then(
          (s) => s.dispose(),
          () => {},
        );
      },
    };
  };
}
