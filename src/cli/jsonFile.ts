/**
 * Reading a JSON file named on the command line. A missing or unreadable file,
 * or text that is not JSON, becomes a UsageError that names the flag and the
 * file, so every command reports a bad file the same way.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args';

/** The parsed contents of `file`, given with `flag` (e.g. "--weights"); its shape is the caller's to check. */
export function readJsonFile(flag: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(
      `${flag}: ${file} ${e.code === 'ENOENT' ? 'does not exist' : `cannot be read (${e.message})`}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag}: ${file} is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}
