import { describe, expect, it } from 'vitest';
import type { MpcAgent } from '../../core/agent';
import { defaultAgentConfig } from '../../core/config';
import { MlpForward, type DenseWeights } from '../../core/mlp';
import type { Numerics } from '../../core/numerics';
import type { QFunction } from '../../core/qfunction';
import { keyFromSeed, RandomStream } from '../../core/rng';
import { pendulum } from '../../core/tasks/pendulum';
import { CpuPlanner } from './planner';

/** A small Q with seeded weights that hands them out (numerics v2 evaluates Q from its weights). */
function seededQ(inputDim: number, hidden: number, seed: number): QFunction {
  const rng = new RandomStream(keyFromSeed(seed));
  const dense = (inDim: number, outDim: number): DenseWeights => ({
    inDim,
    outDim,
    kernel: Float32Array.from({ length: inDim * outDim }, () => rng.uniformIn(-0.5, 0.5)),
    bias: Float32Array.from({ length: outDim }, () => rng.uniformIn(-0.1, 0.1)),
  });
  const layers = [dense(inputDim, hidden), dense(hidden, 1)];
  const mlp = new MlpForward(layers, 256);
  return { inputDim, evaluate: (x, n, out) => mlp.forward(x, n, out), weights: () => layers };
}

describe('CpuPlanner.inspect', () => {
  for (const numerics of ['v1', 'v2'] as Numerics[]) {
    it(`freezes the very iteration the planner then plays, to the last bit (MPQ, numerics ${numerics})`, () => {
      const cfg = { ...defaultAgentConfig(pendulum, 'mpq'), numerics };
      const q = seededQ(pendulum.obsDim + pendulum.actionDim, 16, 5);
      const p = new CpuPlanner(pendulum, cfg, q);
      p.beginEpisode(keyFromSeed(11));
      const state = Float64Array.of(2.5, -0.4);
      const frozen = p.inspect(state, 0);
      p.act(state, 0, 0, new Float64Array(1));
      // The agent's own workspace after the step it played (private: read here only to compare).
      const played = (p as unknown as { agent: MpcAgent }).agent.ws;
      expect(frozen.noise).toEqual(played.noise);
      // Running, terminal (γ^{H−1} Q) and control parts of every sample's S_n.
      expect(frozen.parts).toEqual(played.parts);
    });
  }
});
