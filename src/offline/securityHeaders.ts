/**
 * The HTTP headers the page is served with where the host lets us set them:
 * the same Content-Security-Policy as index.html's meta tag (one place: the
 * meta tag, read from there) plus what a meta tag cannot carry —
 * `frame-ancestors`, and a policy for the engine's worker, whose CSP comes
 * only from its own response headers — and nosniff and no referrer.
 * `vite preview` sends them (vite.config.ts); `_headers` carries them to
 * hosts that read that file (Netlify, Cloudflare Pages). GitHub Pages sets no
 * custom headers: there only the meta tag applies (docs/hosting.md).
 */

/** The content of index.html's Content-Security-Policy meta tag. */
export function metaCsp(indexHtml: string): string {
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)?.[1];
  if (!csp) throw new Error('index.html has no Content-Security-Policy meta tag');
  return csp;
}

/** Every header, from the meta tag's policy. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': `${csp}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** The `_headers` file: the headers for every path. */
export function headersFile(headers: Record<string, string>): string {
  return `/*\n${Object.entries(headers)
    .map(([k, v]) => `  ${k}: ${v}`)
    .join('\n')}\n`;
}
