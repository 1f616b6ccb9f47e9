/**
 * What a target worker does with one request (targetWorker.ts wires it to the
 * worker's messages): the Eq. 19 targets of one slice of a minibatch with
 * core's TargetGenerator, on the weights the pool sent last. The slice draws
 * what the whole minibatch draws for its tuples, so the targets are those of
 * the engine's own thread, bit for bit, however the pool splits the minibatch.
 */
import { MlpForward, type DenseWeights } from '../../core/mlp';
import type { QFunction } from '../../core/qfunction';
import { TargetGenerator } from '../../core/targets';
import { getTask } from '../../core/tasks/registry';
import type { SliceReply, SliceRequest } from './targetPool';

/** Q as the engine evaluates it: the TypeScript pass on these weights (numerics v1), or the weights themselves (v2). */
function qOf(layers: DenseWeights[]): QFunction & { weights(): readonly DenseWeights[] } {
  const mlp = new MlpForward(layers, 4096);
  return {
    inputDim: layers[0].inDim,
    evaluate: (inputs, count, out) => mlp.forward(inputs, count, out),
    weights: () => layers,
  };
}

/** A handler of slice requests, keeping its generator and weights between them. */
export function sliceHandler(): (req: SliceRequest) => SliceReply {
  let generator: { key: string; gen: TargetGenerator } | null = null;
  let q: QFunction | null = null;
  return (req) => {
    try {
      const key = JSON.stringify([req.cfg, req.maxBatch, req.iterations]);
      if (generator?.key !== key)
        generator = { key, gen: new TargetGenerator(getTask(req.cfg.task), req.cfg, req.maxBatch, req.iterations) };
      if (req.weights) q = qOf(req.weights);
      if (!q) throw new Error('the pool sent a slice before any weights');
      const targets = new Float32Array(req.count);
      generator.gen.computeBatch(
        { starts: req.starts, costs: req.costs, count: req.count, key: req.key, first: req.first },
        q,
        targets,
      );
      return { id: req.id, targets };
    } catch (err) {
      return { id: req.id, error: err instanceof Error ? err.message : String(err) };
    }
  };
}
