/**
 * Reading a JSON file named on the command line. The file is checked before it
 * is read whole: it must exist, be a regular file (not a folder, a pipe or a
 * device such as /dev/zero) and be within the cap of its kind
 * (core/fileLimits.ts). A bad file or text that is not JSON becomes a
 * UsageError naming the flag and the file, so every command reports a bad file
 * the same way.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileSizeProblem, type FileKind } from '../core/fileLimits';
import { UsageError } from './flags';

/** The parsed contents of `file`, given with `flag` (e.g. "--weights"); its shape is the caller's to check. */
export function readJsonFile(flag: string, file: string, kind: FileKind): unknown {
  const cannot = (err: unknown): never => {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(
      `${flag}: ${file} ${e.code === 'ENOENT' ? 'does not exist' : `cannot be read (${e.code ?? e.message})`}`,
    );
  };
  let text = '';
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new UsageError(`${flag}: ${file} is a folder, not a file`);
    if (!st.isFile()) throw new UsageError(`${flag}: ${file} is not a regular file (a device, pipe or socket)`);
    const tooBig = fileSizeProblem(kind, st.size);
    if (tooBig) throw new UsageError(`${flag}: ${file} ${tooBig}`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    cannot(err);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag}: ${file} is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}
