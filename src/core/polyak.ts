/**
 * A Polyak-averaged target network (SoftQLearning's, after Haarnoja et al.):
 * θ' ← (1 − τ) θ' + τ θ after every optimiser step of the online network θ.
 * Kept in float32 like the online weights and evaluated through the same
 * TypeScript forward pass.
 */
import { MlpForward, type DenseWeights } from './mlp';
import type { QFunction } from './qfunction';

export class PolyakTarget implements QFunction {
  /** Replaced (not modified) by every update, so the arrays handed out by `weights` never change. */
  private layers: DenseWeights[];
  private readonly forwardPass: MlpForward;

  /** Starts as an exact copy of `online`. */
  constructor(online: readonly DenseWeights[], maxRows: number) {
    this.layers = online.map((l) => ({
      inDim: l.inDim,
      outDim: l.outDim,
      kernel: Float32Array.from(l.kernel),
      bias: Float32Array.from(l.bias),
    }));
    this.forwardPass = new MlpForward(this.layers, maxRows);
  }

  get inputDim(): number {
    return this.layers[0].inDim;
  }

  /** The current target weights (new arrays after every update; do not modify them). */
  weights(): DenseWeights[] {
    return this.layers;
  }

  /** One Polyak step toward `online` with factor τ ∈ (0, 1]. */
  update(online: readonly DenseWeights[], tau: number): void {
    this.layers = online.map((l, i) => {
      const t = this.layers[i];
      const kernel = new Float32Array(t.kernel.length);
      const bias = new Float32Array(t.bias.length);
      for (let k = 0; k < kernel.length; k++) kernel[k] = (1 - tau) * t.kernel[k] + tau * l.kernel[k];
      for (let k = 0; k < bias.length; k++) bias[k] = (1 - tau) * t.bias[k] + tau * l.bias[k];
      return { inDim: t.inDim, outDim: t.outDim, kernel, bias };
    });
    this.forwardPass.setLayers(this.layers);
  }

  evaluate(inputs: Float32Array, count: number, out: Float64Array): void {
    this.forwardPass.forward(inputs, count, out);
  }
}
