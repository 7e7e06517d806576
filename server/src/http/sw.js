// Мой ГАЗ service worker. The server stamps BUILD_ID with a hash of the compiled files,
// so every build gets a cache of its own and the old one is dropped on activation.
const CACHE = "moygaz-__BUILD_ID__";
const SHELL = [
  "/offline.html",
  "/pkg/moygaz.css",
  "/pkg/moygaz.js",
  "/pkg/moygaz.wasm",
  "/manifest.webmanifest",
  "/icons/icon.svg",
  "/icons/icon-192.png",
  "/favicon.ico",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Network first, so a new build is never mixed with an old cached bundle (that breaks
// hydration); the cache answers only when the network does not.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;

  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match("/offline.html")));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
          }
          return response;
        })
        .catch(() => caches.match(url.pathname)),
    );
  }
});

// Web Push: the portal's notification, with its icon; a tap opens the page it is about (a
// window of the portal already open is reused).
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Мой ГАЗ", {
      body: data.body || "",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      lang: "ru",
      data: { url: sameSite(data.url) },
    }),
  );
});

function sameSite(url) {
  try {
    const target = new URL(url || "/notifications", self.location.origin);
    return target.origin === self.location.origin ? target.pathname + target.search : "/notifications";
  } catch {
    return "/notifications";
  }
}

// A window of the portal already open goes to the page; else a new one opens. Named, so the
// browser tests can call it with a notification (no protocol taps a notification).
self.openFromNotification = (notification) => {
  notification.close();
  const url = sameSite(notification.data && notification.data.url);
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    const open = windows.find((w) => new URL(w.url).origin === self.location.origin && "navigate" in w);
    if (!open) return self.clients.openWindow(url);
    return open.navigate(url).then((w) => (w || open).focus().catch(() => {}));
  });
};

self.addEventListener("notificationclick", (event) => event.waitUntil(self.openFromNotification(event.notification)));

// The push service replaced the subscription (keys rotated, expired): subscribe again with
// the same server key and tell the portal, which forgets the old one.
self.addEventListener("pushsubscriptionchange", (event) => {
  const old = event.oldSubscription;
  const key = old && old.options && old.options.applicationServerKey;
  event.waitUntil(
    (event.newSubscription
      ? Promise.resolve(event.newSubscription)
      : key
        ? self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key })
        : Promise.reject(new Error("no key"))
    ).then((fresh) => {
      const json = fresh.toJSON();
      const body = new URLSearchParams({
        endpoint: json.endpoint,
        p256dh: json.keys.p256dh,
        auth: json.keys.auth,
        replaces: old ? old.endpoint : "",
      });
      return fetch("/api/notifications/push_subscribe", { method: "POST", body, credentials: "same-origin" });
    }),
  );
});
