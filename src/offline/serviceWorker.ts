/**
 * The page's service worker, so the lab works in a lecture hall without
 * network after one visit. It precaches every file of the build (the page, the
 * engine's worker and its chunks, the tfjs wasm binaries, the published
 * weights); the page itself is fetched from the network first (a new build
 * reaches a connected user) and from the cache when offline; every other file
 * of the build comes from the cache (their names carry content hashes, or
 * change only with a build, which gets a new cache).
 *
 * Lookups ignore the query and the response's Vary header: the page's module
 * scripts and stylesheets are fetched in CORS mode, with an Origin header the
 * precaching requests did not send, and hosts answer with `Vary: Origin`
 * (vite preview) or `Vary: Accept-Encoding`; matched strictly, no script would
 * ever come from the cache and an offline reload would load nothing.
 *
 * This function is stringified into dist/sw.js by precachePlugin.ts with the
 * build's file list and version, so it must use nothing from outside itself.
 */
export function serviceWorkerMain(scope: ServiceWorkerGlobalScope, files: readonly string[], version: string): void {
  const CACHE = `mpq-lab-${version}`;
  const PREFIX = 'mpq-lab-';
  const MATCH: CacheQueryOptions = { ignoreSearch: true, ignoreVary: true };

  scope.addEventListener('install', (event) => {
    event.waitUntil(
      caches
        .open(CACHE)
        .then((cache) => cache.addAll(files.map((f) => new URL(f, scope.registration.scope).href)))
        .then(() => scope.skipWaiting()),
    );
  });

  scope.addEventListener('activate', (event) => {
    event.waitUntil(
      caches
        .keys()
        .then((keys) =>
          Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))),
        )
        .then(() => scope.clients.claim()),
    );
  });

  scope.addEventListener('fetch', (event) => {
    const req = event.request;
    if (req.method !== 'GET' || new URL(req.url).origin !== scope.location.origin) return;
    if (req.mode === 'navigate') {
      // The page: the network's copy when there is one (kept for next time), else the cached one, whatever the query.
      event.respondWith(
        fetch(req)
          .then((res) => {
            if (res.ok) {
              const copy = res.clone();
              void caches.open(CACHE).then((c) => c.put(new URL('./', scope.registration.scope).href, copy));
            }
            return res;
          })
          .catch(
            async () =>
              (await caches.match(req, MATCH)) ??
              (await caches.match(new URL('./', scope.registration.scope).href)) ??
              Response.error(),
          ),
      );
      return;
    }
    event.respondWith(caches.match(req, MATCH).then((hit) => hit ?? fetch(req)));
  });
}
