/**
 * The largest file of each kind a user may hand in, checked before the file is
 * read whole (a JSON document costs several times its size in memory once
 * parsed). Each cap is far above what a real file of its kind holds, listed
 * beside it, so only a wrong or hostile file meets it.
 */

/** The kinds of file read from users (CLI flags, the page's imports). */
export type FileKind = 'weights' | 'run' | 'results';

const MiB = 2 ** 20;

/** Maximum size in bytes of each kind of file. */
export const MAX_FILE_BYTES: Record<FileKind, number> = {
  /** Q weights (core/weightsFile.ts): the published 2 × 100 networks are 0.3–0.5 MB. */
  weights: 16 * MiB,
  /**
   * One run: a `train`/`eval` output of the CLI, or the page's run file (settings, curves, weights).
   * 350 episodes are about 0.2 MB; 200,000 curve entries about 40 MB.
   */
  run: 64 * MiB,
  /** A `reproduce` result: Fig. 2 on one task over three seeds is about 1.2 MB. */
  results: 64 * MiB,
};

/** What a kind of file is called in messages. */
export const FILE_KIND_NAMES: Record<FileKind, string> = {
  weights: 'Q weights file',
  run: 'run file',
  results: 'results file',
};

/** Null when `bytes` is within the cap of `kind`, else the reason, naming the cap. */
export function fileSizeProblem(kind: FileKind, bytes: number): string | null {
  const cap = MAX_FILE_BYTES[kind];
  if (bytes <= cap) return null;
  return `is ${(bytes / MiB).toFixed(1)} MiB; a ${FILE_KIND_NAMES[kind]} may be at most ${cap / MiB} MiB`;
}
