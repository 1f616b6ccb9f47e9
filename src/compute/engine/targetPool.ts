/**
 * The page's pool of target workers: each minibatch's Eq. 19 targets are split
 * into one contiguous slice per worker (core/targetSlices.ts), computed at
 * once in the workers (targetWorker.ts) and written back where each slice
 * sits. A slice draws what the whole minibatch draws for its tuples and every
 * worker evaluates Q on the same weights with the same arithmetic, so the
 * targets — and the run's records — do not depend on the pool's size.
 *
 * The weights go to a worker only when they changed since its last slice
 * (QFunction.weights() hands out new arrays after every update).
 */
import type { AgentConfig } from '../../core/config';
import type { DenseWeights } from '../../core/mlp';
import type { QFunction } from '../../core/qfunction';
import type { Key } from '../../core/rng';
import { slicedTargets } from '../../core/targetSlices';
import type { TargetBatch, TargetSource, TargetSourceFactory } from '../../core/targets';

/** The most workers a pool starts: beyond this the minibatch slices are too small to gain. */
export const MAX_TARGET_WORKERS = 4;

/** What the pool asks a worker: one slice of a minibatch, and the weights when they changed. */
export interface SliceRequest {
  readonly id: number;
  readonly cfg: AgentConfig;
  readonly maxBatch: number;
  readonly iterations: number;
  readonly starts: Float64Array;
  readonly costs: Float64Array;
  readonly count: number;
  readonly key: Key;
  readonly first: number;
  readonly weights?: DenseWeights[];
}

/** A worker's answer: the slice's targets, or why there are none. */
export interface SliceReply {
  readonly id: number;
  readonly targets?: Float32Array;
  readonly error?: string;
}

/** One worker per logical core, at most MAX_TARGET_WORKERS; 0 where this host has no Worker. */
export function defaultPoolSize(): number {
  if (typeof Worker === 'undefined') return 0;
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  return Math.max(1, Math.min(MAX_TARGET_WORKERS, cores));
}

/** Starts a target worker (the module next to this one, bundled by Vite). */
export function spawnTargetWorker(): Worker {
  return new Worker(new URL('./targetWorker.ts', import.meta.url), { type: 'module', name: 'mpq-targets' });
}

interface Pending {
  resolve(targets: Float32Array): void;
  reject(err: Error): void;
}

/** One worker of the pool, with its requests in flight and the weights it holds. */
class Slot {
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private held: readonly DenseWeights[] | null = null;
  private nextId = 0;

  constructor(private readonly spawn: () => Worker) {
    this.worker = this.start();
  }

  private start(): Worker {
    const w = this.spawn();
    w.onmessage = (ev: MessageEvent<SliceReply>) => {
      const p = this.pending.get(ev.data.id);
      if (!p) return;
      this.pending.delete(ev.data.id);
      if (ev.data.targets) p.resolve(ev.data.targets);
      else p.reject(new Error(`a target worker failed: ${ev.data.error ?? 'no answer'}`));
    };
    w.onerror = (ev) => this.fail(`a target worker stopped: ${ev.message || 'it could not be loaded'}`);
    w.onmessageerror = () => this.fail('a target worker sent a message that could not be read');
    return w;
  }

  /** Rejects what is in flight and starts a fresh worker for the slices that come after. */
  private fail(message: string): void {
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
    this.worker.terminate();
    this.held = null;
    this.worker = this.start();
  }

  /** The targets of one slice (TargetSource.compute for this worker). */
  compute(
    batch: TargetBatch,
    q: QFunction,
    targets: Float32Array,
    run: { cfg: AgentConfig; maxBatch: number; iterations: number },
  ): Promise<void> {
    const layers = q.weights?.();
    if (!layers)
      throw new Error('the target workers evaluate Q from its weights, which this Q-function does not hand out');
    const fresh = layers !== this.held;
    const req: SliceRequest = {
      id: this.nextId++,
      ...run,
      starts: batch.starts.slice(),
      costs: batch.costs.slice(),
      count: batch.count,
      key: [batch.key[0], batch.key[1]],
      first: batch.first ?? 0,
      ...(fresh && { weights: layers.map((l) => ({ ...l, kernel: l.kernel.slice(), bias: l.bias.slice() })) }),
    };
    this.held = layers;
    const answer = new Promise<Float32Array>((resolve, reject) => this.pending.set(req.id, { resolve, reject }));
    this.worker.postMessage(req, [req.starts.buffer, req.costs.buffer]);
    return answer.then((y) => {
      if (y.length !== batch.count) throw new Error(`a target worker answered ${y.length} targets for ${batch.count}`);
      targets.set(y);
    });
  }

  dispose(): void {
    for (const p of this.pending.values()) p.reject(new Error('the target pool was closed'));
    this.pending.clear();
    this.worker.terminate();
  }
}

export class TargetPool {
  private readonly slots: Slot[];

  /** `size` workers (≥ 1), started now. */
  constructor(
    readonly size: number,
    spawn: () => Worker = spawnTargetWorker,
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`a target pool needs at least one worker, got ${size}`);
    this.slots = Array.from({ length: size }, () => new Slot(spawn));
  }

  /** Target sources on the pool for a run (the Trainer's `targets`): every minibatch split over all workers. */
  readonly factory: TargetSourceFactory = (task, cfg, maxBatch, iterations) =>
    slicedTargets(
      this.slots.map((slot): TargetSource => ({
        compute: (batch, q, targets) => slot.compute(batch, q, targets, { cfg, maxBatch, iterations }),
        dispose: () => {},
      })),
      task.stateDim,
    );

  /** Ends the workers; anything in flight is refused. */
  dispose(): void {
    for (const s of this.slots) s.dispose();
  }
}
