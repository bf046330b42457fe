/* Tending's service worker: shows nudges pushed by the server, and lets a
   person pause or turn one off from the notification itself (one tap).
   Served at /sw.js so that its scope covers the whole site. */
"use strict";

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { title: "Tending", body: event.data ? event.data.text() : "" };
  }
  const actions = (data.actions || []).slice(0, 2);
  event.waitUntil(
    self.registration.showNotification(data.title || "Tending", {
      body: data.body || "",
      tag: data.tag || undefined,
      icon: data.icon || undefined,
      data: { url: data.url || "/", actions: actions },
      actions: actions.map((a) => ({ action: a.action, title: a.title })),
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const chosen = (data.actions || []).find((a) => a.action === event.action);
  if (chosen) {
    // The signed link is the credential: no cookie, no page to open.
    event.waitUntil(
      fetch(chosen.url, { method: "POST", credentials: "omit", headers: { Accept: "application/json" } })
    );
    return;
  }
  const target = data.url || "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (client.url === target && "focus" in client) {
          return client.focus();
        }
      }
      return self.clients.openWindow(target);
    })
  );
});
