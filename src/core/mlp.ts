/**
 * A plain TypeScript forward pass of the Q-network's MLP (dense → tanh → … →
 * linear), for the CPU planner: evaluating a 2 × 100 network on a few dozen
 * rows per control step is faster here than a round trip through tfjs. The
 * weights are copied from the trained tfjs network after every update; a test
 * checks that both give the same values.
 */

/** One dense layer: kernel [inDim, outDim] row-major, bias [outDim]. */
export interface DenseWeights {
  readonly inDim: number;
  readonly outDim: number;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** A layer widened to float64 and transposed once ([outDim, inDim]) so each output is a register-held dot product. */
interface Layer64 {
  inDim: number;
  outDim: number;
  kernelT: Float64Array;
  bias: Float64Array;
}

function widen(l: DenseWeights): Layer64 {
  const kernelT = new Float64Array(l.inDim * l.outDim);
  for (let i = 0; i < l.inDim; i++)
    for (let j = 0; j < l.outDim; j++) kernelT[j * l.inDim + i] = l.kernel[i * l.outDim + j];
  return { inDim: l.inDim, outDim: l.outDim, kernelT, bias: Float64Array.from(l.bias) };
}

export class MlpForward {
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;
  private layers: Layer64[];

  /** `layers` are applied in order; every layer but the last is followed by tanh. */
  constructor(
    layers: DenseWeights[],
    readonly maxRows: number,
  ) {
    this.layers = layers.map(widen);
    const widest = Math.max(...layers.map((l) => Math.max(l.inDim, l.outDim)));
    this.bufA = new Float64Array(maxRows * widest);
    this.bufB = new Float64Array(maxRows * widest);
  }

  get inputDim(): number {
    return this.layers[0].inDim;
  }

  /** Replaces the weights (same shapes). */
  setLayers(layers: DenseWeights[]): void {
    if (
      layers.length !== this.layers.length ||
      layers.some((l, i) => l.inDim !== this.layers[i].inDim || l.outDim !== this.layers[i].outDim)
    ) {
      throw new Error('MlpForward.setLayers: layer shapes differ');
    }
    this.layers = layers.map(widen);
  }

  /** Scalar output of each of `count` input rows ([count, inputDim]) into out[0..count). */
  forward(inputs: Float32Array, count: number, out: Float64Array): void {
    for (let start = 0; start < count; start += this.maxRows) {
      const n = Math.min(this.maxRows, count - start);
      this.forwardChunk(inputs, start, n, out);
    }
  }

  private forwardChunk(inputs: Float32Array, start: number, n: number, out: Float64Array): void {
    const inDim = this.inputDim;
    let src = this.bufA;
    let dst = this.bufB;
    for (let k = 0; k < n * inDim; k++) src[k] = inputs[start * inDim + k];
    const L = this.layers.length;
    for (let li = 0; li < L; li++) {
      dense(src, dst, n, this.layers[li], li < L - 1);
      const t = src;
      src = dst;
      dst = t;
    }
    const lastOut = this.layers[L - 1].outDim;
    for (let r = 0; r < n; r++) out[start + r] = src[r * lastOut];
  }
}

/**
 * dst[r] = act(src[r] · kernel + bias) for n rows; monomorphic on Float64Array.
 * Rows go four at a time so each weight loaded feeds four accumulators.
 */
function dense(src: Float64Array, dst: Float64Array, n: number, layer: Layer64, act: boolean): void {
  const { inDim, outDim, kernelT, bias } = layer;
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const x0 = r * inDim;
    const x1 = x0 + inDim;
    const x2 = x1 + inDim;
    const x3 = x2 + inDim;
    for (let j = 0; j < outDim; j++) {
      const ko = j * inDim;
      let a0 = bias[j];
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      for (let i = 0; i < inDim; i++) {
        const w = kernelT[ko + i];
        a0 += src[x0 + i] * w;
        a1 += src[x1 + i] * w;
        a2 += src[x2 + i] * w;
        a3 += src[x3 + i] * w;
      }
      if (act) {
        a0 = Math.tanh(a0);
        a1 = Math.tanh(a1);
        a2 = Math.tanh(a2);
        a3 = Math.tanh(a3);
      }
      dst[r * outDim + j] = a0;
      dst[(r + 1) * outDim + j] = a1;
      dst[(r + 2) * outDim + j] = a2;
      dst[(r + 3) * outDim + j] = a3;
    }
  }
  for (; r < n; r++) {
    const xo = r * inDim;
    for (let j = 0; j < outDim; j++) {
      const ko = j * inDim;
      let acc = bias[j];
      for (let i = 0; i < inDim; i++) acc += src[xo + i] * kernelT[ko + i];
      dst[r * outDim + j] = act ? Math.tanh(acc) : acc;
    }
  }
}
