/**
 * Numerics versions: which arithmetic a run's planner and Eq. 19 targets use.
 * Results depend on it to the last bit, so it is part of every run's agent
 * config (`numerics`), and a config without the field (every file written
 * before the field existed) means 'v1'. Runs with the same seed, config,
 * numerics and tfjs backend give the same records.
 *
 * - 'v1': the planner's noise through Box–Muller on Math.log/cos/sin
 *   (rng.ts, transform 'libm'); the terminal Q (Eq. 16's last term, in the
 *   acting planner and in the Eq. 19 targets) through the float64 TypeScript
 *   forward pass (mlp.ts).
 * - 'v2': the noise through rng.ts's 'poly' transform (the same Box–Muller on
 *   our own polynomials: cheaper, identical in every JavaScript engine, within
 *   1e-13 of v1); the terminal Q through the float32 WebAssembly SIMD forward
 *   pass (wasmMlp.ts), several times faster on the B·N rows of a minibatch.
 *
 * Both versions draw the same uniforms from the same streams. The physics is
 * the same code in both.
 */
import type { NormalTransform } from './rng';

export type Numerics = 'v1' | 'v2';

/** Every numerics version, oldest first. */
export const NUMERICS: readonly Numerics[] = ['v1', 'v2'];

/** What new runs use. */
export const CURRENT_NUMERICS: Numerics = 'v2';

/** The numerics of a config: its field, or 'v1' when it has none (written before the field existed). */
export function numericsOf(cfg: { readonly numerics?: Numerics }): Numerics {
  return cfg.numerics ?? 'v1';
}

/** How the planner turns uniforms into its noise's normals under `numerics`. */
export function normalTransform(numerics: Numerics): NormalTransform {
  return numerics === 'v1' ? 'libm' : 'poly';
}
