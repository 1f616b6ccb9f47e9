/**
 * Registers the offline service worker (dist/sw.js, src/offline/) in a built
 * page, so the lab works without network after one visit. A browser without
 * service workers, or one that refuses it, runs the page as before.
 */
export function registerOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const url = new URL('sw.js', document.baseURI);
  navigator.serviceWorker.register(url, { scope: './' }).catch((err: unknown) => {
    console.warn(`The offline copy could not be set up: ${err instanceof Error ? err.message : String(err)}`);
  });
}
