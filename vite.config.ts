/**
 * Vite: the React page, a relative base so the build works under any sub-path,
 * the worker as an ES module (it imports backends lazily), and the tfjs wasm
 * binaries served from our own origin at ./tfjs-wasm/ (no CDN).
 *
 * `vite build` makes the site (dist/, the lab page only). `vite build --mode
 * harness` makes the GPU test page (src/harness/gpu-test.html, the e2e parity
 * suite's and the browser bench's) into dist-harness/, and `vite preview` serves
 * it beside the site; it never ships in dist/.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { precache } from './src/offline/precachePlugin';
import { headersFile, metaCsp, securityHeaders } from './src/offline/securityHeaders';

const WASM_DIR = 'tfjs-wasm';
/** The binaries tfjs picks with threads off (simd where supported, else plain). */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

/** Emits the tfjs wasm binaries into dist/tfjs-wasm/ and serves them there in dev. */
function tfjsWasm(): Plugin {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  return {
    name: 'mpq:tfjs-wasm',
    configureServer(server) {
      server.middlewares.use(`/${WASM_DIR}/`, (req, res, next) => {
        const file = (req.url ?? '').replace(/^\//, '').split('?')[0];
        if (!WASM_FILES.includes(file)) return next();
        res.setHeader('Content-Type', 'application/wasm');
        res.end(readFileSync(path.join(dir, file)));
      });
    },
    generateBundle() {
      for (const file of WASM_FILES) {
        this.emitFile({ type: 'asset', fileName: `${WASM_DIR}/${file}`, source: readFileSync(path.join(dir, file)) });
      }
    },
  };
}

/** The dev server's React refresh preamble is an inline script, which the page's CSP forbids: drop the CSP in dev only. */
function devWithoutCsp(): Plugin {
  return {
    name: 'mpq:dev-without-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

/** The page's CSP (index.html's meta tag) and the headers that carry it to the worker and beyond. */
const HEADERS = securityHeaders(metaCsp(readFileSync('index.html', 'utf8')));

/** Emits dist/_headers for hosts that read one. */
function headersForHosts(): Plugin {
  return {
    name: 'mpq:headers',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile(HEADERS) });
    },
  };
}

/** Where `vite build --mode harness` puts the GPU test page, and the folder of its scripts there. */
const HARNESS_OUT = 'dist-harness';
const HARNESS_ASSETS = 'harness-assets';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
};

/**
 * `vite preview` only: serves the harness build's gpu-test.html and its scripts
 * beside the site (same origin, so the page reaches ./tfjs-wasm/), when it has been built.
 */
function previewHarness(): Plugin {
  const root = path.resolve(HARNESS_OUT);
  return {
    name: 'mpq:preview-harness',
    apply: 'serve',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0];
        const base = server.config.base;
        const rel = url.startsWith(base) ? url.slice(base.length) : null;
        if (rel === null || !(rel === 'gpu-test.html' || rel.startsWith(`${HARNESS_ASSETS}/`))) return next();
        const file = path.resolve(root, rel);
        if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
  };
}

export default defineConfig(({ mode }) => {
  const harness = mode === 'harness';
  return {
    base: './',
    // The harness page's folder is its root, so it lands at dist-harness/gpu-test.html.
    root: harness ? path.resolve('src/harness') : undefined,
    // No SPA fallback: a missing file (e.g. weights/<task>.json) is a 404, not index.html.
    appType: 'mpa',
    plugins: harness
      ? []
      : [
          react(),
          tfjsWasm(),
          devWithoutCsp(),
          previewHarness(),
          headersForHosts(),
          // The offline copy: every file the build emits (the page, the worker, the wasm binaries) and public/.
          precache({ publicDir: 'public', exclude: (f) => f === '_headers' }),
        ],
    // `vite preview` serves the built site with the headers a static host should send.
    preview: { headers: HEADERS },
    worker: { format: 'es' },
    // The harness page takes the site's public files and tfjs binaries from the site's build.
    publicDir: harness ? false : 'public',
    build: harness
      ? {
          target: 'es2022',
          sourcemap: false,
          outDir: path.resolve(HARNESS_OUT),
          emptyOutDir: true,
          assetsDir: HARNESS_ASSETS,
          // One test page with tfjs in it: size is no concern here.
          chunkSizeWarningLimit: 4000,
          rolldownOptions: { input: { gpuTest: path.resolve('src/harness/gpu-test.html') } },
        }
      : {
          target: 'es2022',
          sourcemap: false,
          // Fonts (KaTeX's) stay files: the CSP's font-src 'self' refuses data: URLs.
          assetsInlineLimit: (file: string) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
        },
  };
});
