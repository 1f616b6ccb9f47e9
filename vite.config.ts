/**
 * Vite: the React page, a relative base so the build works under any sub-path,
 * the worker as an ES module (it imports backends lazily), and the tfjs wasm
 * binaries served from our own origin at ./tfjs-wasm/ (no CDN).
 */
import { readFileSync } from 'node:fs';
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

export default defineConfig({
  base: './',
  // No SPA fallback: a missing file (e.g. weights/<task>.json) is a 404, not index.html.
  appType: 'mpa',
  plugins: [
    react(),
    tfjsWasm(),
    devWithoutCsp(),
    headersForHosts(),
    // The offline copy: every file of the lab page (not the GPU parity page) and public/.
    precache({ publicDir: 'public', exclude: (f) => f === 'gpu-test.html' || f === '_headers' }),
  ],
  // `vite preview` serves the built site with the headers a static host should send.
  preview: { headers: HEADERS },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    // gpu-test.html: the GPU parity page of e2e/gpuParity.spec.ts, its own bundle.
    rolldownOptions: { input: { index: 'index.html', gpuTest: 'gpu-test.html' } },
  },
});
