import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './flags';
import { checkOutputs, makeFolders, writeFileAtomic } from './outputs';

const dir = mkdtempSync(path.join(tmpdir(), 'mpq-outputs-'));

describe('output files', () => {
  it('are written whole, replacing an older file, with no temporary file left', () => {
    const f = path.join(dir, 'a.json');
    writeFileSync(f, 'old old old');
    writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(readdirSync(dir).filter((x) => x.endsWith('.tmp'))).toEqual([]);
  });

  it('create missing folders on the way', () => {
    const f = path.join(dir, 'x', 'y', 'z.json');
    writeFileAtomic(f, '1');
    expect(readFileSync(f, 'utf8')).toBe('1');
    makeFolders(path.join(dir, 'x', 'y')); // already there: nothing to do
  });

  it('write through a symbolic link to the file it names', () => {
    const target = path.join(dir, 'target.json');
    writeFileSync(target, 'a');
    symlinkSync(target, path.join(dir, 'link.json'));
    writeFileAtomic(path.join(dir, 'link.json'), 'b');
    expect(readFileSync(target, 'utf8')).toBe('b');
  });

  it('fail with the file named, and no temporary file, when the write cannot happen', () => {
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, 'a file where a folder should be');
    expect(() => writeFileAtomic(path.join(blocker, 'f.json'), '1')).toThrow(/^cannot write .*blocker\/f.json: /);
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    expect(() => writeFileAtomic(folder, '1')).toThrow(/cannot write .*folder/);
    expect(readdirSync(dir).filter((x) => x.endsWith('.tmp'))).toEqual([]);
  });

  it('are checked before the work: folders, devices, clashes, unwritable places', () => {
    const ok = [
      { flag: '--out', path: path.join(dir, 'new.json'), kind: 'file' as const },
      { flag: '--out-dir', path: path.join(dir, 'new', 'deeper'), kind: 'dir' as const },
    ];
    expect(() => checkOutputs(ok)).not.toThrow();
    expect(readdirSync(dir)).not.toContain('new'); // checking creates nothing
    const bad: [Parameters<typeof checkOutputs>[0], RegExp][] = [
      [[{ flag: '--out', path: dir, kind: 'file' }], /is a folder; give a file name/],
      [[{ flag: '--out', path: '/dev/null', kind: 'file' }], /is not a regular file/],
      [[{ flag: '--out-dir', path: path.join(dir, 'a.json'), kind: 'dir' }], /is a file, not a folder/],
      [[{ flag: '--out', path: '/proc/nope/x.json', kind: 'file' }], /cannot write in \/proc/],
      [
        [
          { flag: '--out', path: path.join(dir, 'same.json'), kind: 'file' },
          { flag: '--save-weights', path: path.join(dir, '.', 'same.json'), kind: 'file' },
        ],
        /--save-weights .*same.json: is also the file of --out/,
      ],
    ];
    for (const [outputs, message] of bad) {
      expect(() => checkOutputs(outputs)).toThrow(UsageError);
      expect(() => checkOutputs(outputs)).toThrow(message);
    }
  });
});
