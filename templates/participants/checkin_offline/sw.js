// The offline check-in desk's service worker, rendered by
// participants.views_checkin_offline.service_worker at the desk's own path (its
// scope is the desk). Workbox's runtime and modules come from our static files.
importScripts({{ workbox_sw|safe }});
const MODULES = {{ modules|safe }};
workbox.setConfig({ debug: false, modulePathCb: (name) => MODULES[name] });

const DESK = {{ desk_url|safe }};
const PAGES = "bimtek-desk-pages";

// The page's script, style, libraries: kept at install, served from the cache.
workbox.precaching.precacheAndRoute({{ precache|safe }});

// Only a real 200 of the desk itself is kept: not a redirect to the login page, which
// would then open in place of the desk with no network.
const onlyTheDesk = {
  cacheWillUpdate: async ({ response }) =>
    response && response.status === 200 && response.type === "basic" && !response.redirected
      ? response
      : null,
};

// The page: from the network while there is one (a fresh CSRF token, the account), else
// the copy kept here.
workbox.routing.registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.pathname === DESK,
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 6,
    plugins: [onlyTheDesk],
  })
);

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(DESK, { credentials: "same-origin" });
      const kept = await onlyTheDesk.cacheWillUpdate({ response });
      if (kept) await (await caches.open(PAGES)).put(DESK, kept);
      await self.skipWaiting();
    })()
  );
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// Signing out at the desk: forget the kept page (it names the account).
self.addEventListener("message", (event) => {
  if (event.data === "forget-page") event.waitUntil(caches.delete(PAGES));
});
