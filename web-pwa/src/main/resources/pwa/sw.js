'use strict';
// Service worker of the patient space. It keeps the app shell (versioned static assets) and the offline page, and
// nothing else: pages and htmx answers carry personal data and always go to the network (they are no-store too).
const VERSION = '__VERSION__';
const CACHE = 'dmp-shell-' + VERSION;
const ASSETS = '__ASSETS__';
const OFFLINE = '__OFFLINE__';
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith(ASSETS)) {
    // Versioned: a cached copy is always the right one.
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === 'navigate') {
    // Personal pages: network only; the offline page when there is no network.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  }
});
