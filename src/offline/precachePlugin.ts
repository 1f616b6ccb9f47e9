/**
 * Vite plugin: writes dist/sw.js, the service worker of serviceWorker.ts with
 * the list of every file the build emits plus public/ (the published weights,
 * the icon), and a version from their names and sizes, so a new build gets a
 * new cache and the old one is dropped. Nothing is emitted in dev.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
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

/** `exclude`: emitted files that are not part of the lab page (another entry, test pages). */
export function precache(opts: { publicDir: string; exclude: (file: string) => boolean }): Plugin {
  return {
    name: 'mpq:precache',
    apply: 'build',
    generateBundle(_options, bundle) {
      const emitted = Object.keys(bundle).filter((f) => !opts.exclude(f));
      const files = ['./', ...[...emitted, ...publicFiles(opts.publicDir)].filter((f) => f !== 'index.html').sort()];
      const hash = createHash('sha256');
      for (const f of emitted.sort()) {
        const item = bundle[f];
        hash.update(f).update(item.type === 'chunk' ? item.code : String(item.source.length));
      }
      for (const f of publicFiles(opts.publicDir))
        hash.update(f).update(String(statSync(path.join(opts.publicDir, f)).size));
      const version = hash.digest('hex').slice(0, 16);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `// MPQ Lab's service worker (src/offline/serviceWorker.ts), build ${version}.\n(${serviceWorkerMain.toString()})(self, ${JSON.stringify(files)}, ${JSON.stringify(version)});\n`,
      });
    },
  };
}
