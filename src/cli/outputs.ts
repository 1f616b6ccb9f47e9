/**
 * Files the CLI writes. Every output path is checked before any work starts,
 * so a typo or an unwritable place costs a second, not a finished run: the
 * path must not be a folder or a device, and the nearest folder that exists on
 * its way must take a new file (checked by creating and removing one, the only
 * test that holds for root, read-only mounts and full disks alike). Missing
 * folders are created when the file is written, one level at a time (Node's
 * recursive mkdir never returns under /proc).
 *
 * Writes are atomic: the text goes to a hidden temporary file in the same
 * folder (`.<name>.<pid>.tmp`), is flushed, and is renamed over the target, so
 * an interrupted run leaves the old file or the whole new one, never half.
 */
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from './flags';

/** A file or folder a command will write, with the flag that named it. */
export interface Output {
  flag: string;
  path: string;
  kind: 'file' | 'dir';
}

function statOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

/** The path itself, or the file a symbolic link at it points to. */
function realTarget(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

/** The nearest folder on the way to `p` that exists (p itself when it is one). */
function nearestExisting(p: string): { dir: string; stat: Stats } {
  let dir = p;
  for (;;) {
    const st = statOrNull(dir);
    if (st) return { dir, stat: st };
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no existing folder above ${p}`);
    dir = up;
  }
}

/** Creates and removes a file in `dir`; throws the reason it cannot. */
function probeWritable(dir: string): void {
  const probe = path.join(dir, `.mpq-probe.${process.pid}.tmp`);
  const fd = openSync(probe, 'wx');
  closeSync(fd);
  unlinkSync(probe);
}

/** Checks that every output can be written; throws a UsageError naming the flag and what is wrong. */
export function checkOutputs(outputs: readonly Output[]): void {
  const seen = new Map<string, string>();
  for (const o of outputs) {
    const what = `${o.flag} ${o.path}`;
    const target = realTarget(o.path);
    const st = statOrNull(target);
    if (o.kind === 'file') {
      if (st?.isDirectory()) throw new UsageError(`${what}: is a folder; give a file name`);
      if (st && !st.isFile()) throw new UsageError(`${what}: is not a regular file (a device, pipe or socket)`);
      const other = seen.get(target);
      if (other) throw new UsageError(`${what}: is also the file of ${other}; give each output its own file`);
      seen.set(target, o.flag);
    } else if (st && !st.isDirectory()) {
      throw new UsageError(`${what}: is a file, not a folder`);
    }
    const { dir, stat } = nearestExisting(o.kind === 'dir' ? target : path.dirname(target));
    if (!stat.isDirectory())
      throw new UsageError(
        `${what}: ${dir} is a file, so the folder ${o.kind === 'dir' ? target : path.dirname(target)} cannot be made`,
      );
    try {
      probeWritable(dir);
    } catch (err) {
      throw new UsageError(
        `${what}: cannot write in ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  }
}

/** Creates `dir` and the folders above it that are missing, one level at a time. */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  let d = path.resolve(dir);
  while (!statOrNull(d)) {
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Writes `text` to `file` atomically (temporary file in the same folder, flushed, renamed over the target).
 * A failure throws an Error naming the file, and leaves no temporary file behind.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = realTarget(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  let fd: number | null = null;
  try {
    makeFolders(path.dirname(target));
    fd = openSync(tmp, 'w');
    writeFileSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, target);
  } catch (err) {
    try {
      if (fd !== null) closeSync(fd);
      unlinkSync(tmp);
    } catch {
      // Closed already, or the temporary file was never made.
    }
    throw new Error(`cannot write ${file}: ${(err as Error).message}`, { cause: err });
  }
}
