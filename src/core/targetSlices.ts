/**
 * Splitting a minibatch's Eq. 19 targets over several target sources (a pool
 * of workers) and merging their answers. Each slice is a TargetBatch with its
 * `first` tuple's index, so it draws exactly the noise and model parameters the
 * whole minibatch draws for its tuples: the targets do not depend on how many
 * slices there are.
 */
import type { QFunction } from './qfunction';
import type { TargetBatch, TargetSource } from './targets';

/** Contiguous [start, end) ranges covering 0..count in at most `parts` slices of near-equal size (larger first). */
export function sliceRanges(count: number, parts: number): [number, number][] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be an integer ≥ 0, got ${count}`);
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be an integer ≥ 1, got ${parts}`);
  const k = Math.min(parts, count);
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < k; i++) {
    const size = Math.floor(count / k) + (i < count % k ? 1 : 0);
    out.push([start, start + size]);
    start += size;
  }
  return out;
}

/** Tuples [start, end) of `batch` as a batch of their own (views, no copies). */
export function sliceBatch(batch: TargetBatch, start: number, end: number, stateDim: number): TargetBatch {
  if (start < 0 || end > batch.count || start > end)
    throw new RangeError(`slice [${start}, ${end}) is outside a batch of ${batch.count}`);
  return {
    starts: batch.starts.subarray(start * stateDim, end * stateDim),
    costs: batch.costs.subarray(start, end),
    count: end - start,
    key: batch.key,
    first: (batch.first ?? 0) + start,
  };
}

/**
 * A target source that gives each of `parts` one slice of every batch, runs
 * them at once and writes each slice's targets where the slice sits.
 */
export function slicedTargets(parts: readonly TargetSource[], stateDim: number): TargetSource {
  if (parts.length === 0) throw new Error('slicedTargets needs at least one target source');
  return {
    async compute(batch: TargetBatch, q: QFunction, targets: Float32Array): Promise<void> {
      const ranges = sliceRanges(batch.count, parts.length);
      await Promise.all(
        ranges.map(([s, e], i) => parts[i].compute(sliceBatch(batch, s, e, stateDim), q, targets.subarray(s, e))),
      );
    },
    dispose() {
      for (const p of parts) p.dispose();
    },
  };
}
