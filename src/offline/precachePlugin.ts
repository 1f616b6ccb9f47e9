/**
 * Vite plugin: writes dist/sw.js, the service worker of serviceWorker.ts with
 * the list of every file the build wrote plus public/ (the published weights,
 * the icon), and a version from their contents, so a new build gets a new
 * cache and the old one is dropped. Nothing is emitted in dev.
 *
 * The list is taken when the bundle is written, not while it is generated:
 * until then it still holds chunks that are dropped later (the empty script
 * chunk of a dynamically imported stylesheet), and one missing file makes the
 * browser refuse the whole offline copy. Every listed file is checked on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { serviceWorkerMain } from './serviceWorker';

/** Files of public/ that are host configuration, not part of the app. */
const NOT_CACHED = new Set(['_headers']);

function publicFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? publicFiles(full, rel) : NOT_CACHED.has(rel) ? [] : [rel];
  });
}

/** `exclude`: written files that are not part of the lab page (another entry, host configuration). */
export function precache(opts: { publicDir: string; exclude: (file: string) => boolean }): Plugin {
  return {
    name: 'mpq:precache',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir;
      if (!outDir) throw new Error('mpq:precache needs an output folder (build.outDir)');
      const written = Object.keys(bundle).filter((f) => !opts.exclude(f));
      const pub = publicFiles(opts.publicDir);
      const hash = createHash('sha256');
      for (const f of [...written].sort()) {
        const file = path.join(outDir, f);
        if (!existsSync(file)) throw new Error(`mpq:precache: ${f} is in the bundle but was not written`);
        hash.update(f).update(readFileSync(file));
      }
      for (const f of [...pub].sort()) hash.update(f).update(readFileSync(path.join(opts.publicDir, f)));
      const version = hash.digest('hex').slice(0, 16);
      const files = ['./', ...[...written, ...pub].filter((f) => f !== 'index.html').sort()];
      writeFileSync(
        path.join(outDir, 'sw.js'),
        `// MPQ Lab's service worker (src/offline/serviceWorker.ts), build ${version}.\n(${serviceWorkerMain.toString()})(self, ${JSON.stringify(files)}, ${JSON.stringify(version)});\n`,
      );
    },
  };
}
