/* Turns on Web Push for this device from the reminders page: registers our
   service worker, asks the browser for a push subscription bound to the
   server's VAPID key, and hands it to the server. No inline script (CSP). */
"use strict";

(function () {
  const box = document.getElementById("push");
  if (!box) {
    return;
  }
  const state = box.querySelector(".push-state");
  const button = box.querySelector(".push-subscribe");
  const say = (key) => {
    state.textContent = state.dataset[key] || "";
  };
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("unsupported");
    return;
  }
  if (Notification.permission === "denied") {
    say("denied");
    return;
  }
  const csrf = () => {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  };
  const keyBytes = (text) => {
    const padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const send = (subscription) =>
    fetch(box.dataset.subscribeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(subscription.toJSON()),
    }).then((response) => {
      if (!response.ok) {
        throw new Error("refused");
      }
    });

  // This person's devices, by endpoint: how to remove each (json_script).
  const known = () => {
    try {
      return JSON.parse(document.getElementById("push-devices").textContent) || {};
    } catch (error) {
      return {};
    }
  };
  const offButton = box.querySelector(".push-unsubscribe");
  const offerTurningOff = (existing, removeUrl) => {
    say("on");
    offButton.hidden = false;
    offButton.addEventListener("click", () => {
      existing
        .unsubscribe()
        .then(() =>
          fetch(removeUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: { Accept: "application/json", "X-CSRFToken": csrf() },
          })
        )
        .then(() => window.location.reload())
        .catch(() => say("failed"));
    });
  };
  const offerTurningOn = (registration, existing) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      Notification.requestPermission()
        .then((permission) => {
          if (permission !== "granted") {
            say("denied");
            return null;
          }
          const subscribed = existing
            ? Promise.resolve(existing)
            : registration.pushManager.subscribe({
                userVisibleOnly: true,
                applicationServerKey: keyBytes(box.dataset.key),
              });
          return subscribed.then(send).then(() => window.location.reload());
        })
        .catch(() => say("failed"));
    });
  };

  navigator.serviceWorker
    .register(box.dataset.worker, { scope: "/" })
    .then((registration) =>
      registration.pushManager.getSubscription().then((existing) => {
        const removeUrl = existing ? known()[existing.endpoint] : undefined;
        if (removeUrl) {
          offerTurningOff(existing, removeUrl);
        } else {
          // Never turned on here, removed from the list, or another person's
          // before: push waits until this person asks for it, never silently.
          say("off");
          offerTurningOn(registration, existing);
        }
        return null;
      })
    )
    .catch(() => say("failed"));
})();
