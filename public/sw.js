// Vēro's service worker. scripts/sw-precache.sh fills in BUILD and PRECACHE after each
// Trunk build, so every build has its own cache and the list of its hashed files.
const BUILD = '__VERO_BUILD__';
const PRECACHE = __VERO_PRECACHE__;
const CACHE = `vero-${BUILD}`;

self.addEventListener('install', (event) => {
  // No skipWaiting here: a new version waits until the person chooses to reload, so a
  // sheet being filled is never interrupted.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((k) => k.startsWith('vero-') && k !== CACHE).map((k) => caches.delete(k)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Every screen is the same app: answer from the cache, so it starts with no network.
    // A page that is itself in the build (none yet but index.html) is served as it is.
    event.respondWith(
      caches.open(CACHE)
        .then((cache) => cache.match(request, { ignoreSearch: true })
          .then((hit) => hit || cache.match('/index.html')))
        .then((page) => page || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(request))
      .then((hit) => hit || fetch(request)),
  );
});
