// The service worker: after the first visit the checkpoint starts and verifies with no network
// at all. Every file of the app is fetched at install, checked against the digest `healthseal
// web` wrote for it (a half-uploaded site is not cached: the install fails and the old version
// stays), and cached; requests are answered from the cache, the network only for what is not in
// it. Caches are named after this site's scope, so two sites on one host keep their own.
const VERSION = "__HEALTHSEAL_VERSION__";
const FILES = __HEALTHSEAL_FILES__;
const PREFIX = `healthseal-app-${self.registration.scope}-`;
const CACHE = PREFIX + VERSION;

async function hex(bytes) {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function install() {
  const cache = await caches.open(CACHE);
  for (const { path, sha256 } of FILES) {
    const response = await fetch(new Request(path, { cache: "no-cache" }));
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    const bytes = await response.arrayBuffer();
    if ((await hex(bytes)) !== sha256) throw new Error(`${path}: not the file this version was written with`);
    await cache.put(path, new Response(bytes, { headers: response.headers }));
  }
  await self.skipWaiting();
}

self.addEventListener("install", (event) => event.waitUntil(install()));

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(event.request, { ignoreSearch: true }).then((hit) => hit || fetch(event.request)),
    ),
  );
});
