// Listen: the turn timer, the gentle "but" reminder, the listener's openings,
// and showing refusals in the panel. The page works without this file.
(() => {
  const format = (seconds) => {
    const m = Math.floor(seconds / 60);
    const s = String(seconds % 60).padStart(2, "0");
    return `${m}:${s}`;
  };

  // One clock for every timer on the page; a timer's deadline is fixed when it
  // first appears, so a panel redrawn by the poll does not restart it.
  const tick = () => {
    document.querySelectorAll(".listen-timer[data-remaining]").forEach((timer) => {
      if (!timer.dataset.deadline) {
        timer.dataset.deadline = String(Date.now() + Number(timer.dataset.remaining) * 1000);
      }
      const left = Math.max(0, Math.round((Number(timer.dataset.deadline) - Date.now()) / 1000));
      if (left > 0) {
        timer.textContent = format(left);
        timer.classList.remove("listen-timer-done");
      } else if (!timer.classList.contains("listen-timer-done")) {
        timer.textContent = timer.dataset.done || "0:00";
        timer.classList.add("listen-timer-done");
      }
    });
  };
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);

  // The listener is reminded, never stopped, when a reflection starts to argue.
  document.addEventListener("input", (event) => {
    const box = event.target;
    const form = box.closest && box.closest("form[data-rebuttal]");
    if (!form || box.tagName !== "TEXTAREA") return;
    const reminder = form.querySelector(".listen-but");
    if (!reminder) return;
    const pattern = new RegExp(form.dataset.rebuttal, "i");
    reminder.hidden = !pattern.test(box.value.replace(/\u2019/g, "'"));
  });

  // An opening chip starts the reflection with its words.
  document.addEventListener("click", (event) => {
    const chip = event.target.closest && event.target.closest("button[data-opening]");
    if (!chip) return;
    const box = chip.form && chip.form.querySelector("textarea");
    if (!box) return;
    const opening = chip.dataset.opening.replace(/…$/, " ");
    if (!box.value.trim()) box.value = opening;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  });

  // On two devices the partner may swap roles or end the session while this
  // person is writing; the poll then redraws the panel. What they wrote is
  // carried into the new panel's box, or, when there is none, shown beside it
  // to copy: nothing typed is lost.
  let draft = "";
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (!target || target.id !== "listen-live") return;
    // The box being written in; else a draft kept from an earlier redraw,
    // which is carried on until it lands in a box again.
    const box = target.querySelector("textarea:not([readonly])");
    const kept = target.querySelector(".listen-draft textarea");
    if (box && box.value.trim() && box.value !== box.defaultValue) draft = box.value;
    else draft = kept ? kept.value : "";
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") draft = "";
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    const panel = document.getElementById("listen-live");
    if (!draft || !panel || !panel.contains(event.detail.elt)) return;
    const kept = draft;
    draft = "";
    const box = panel.querySelector("textarea:not([readonly])");
    if (box && !box.value.trim()) {
      box.value = kept;
      return;
    }
    const note = document.createElement("div");
    note.className = "listen-draft";
    note.setAttribute("role", "status");
    const label = document.createElement("label");
    label.textContent = panel.dataset.draftLabel || "";
    const copy = document.createElement("textarea");
    copy.readOnly = true;
    copy.rows = 4;
    copy.value = kept;
    label.append(copy);
    note.append(label);
    panel.prepend(note);
  });

  // A refusal (not your turn, the session ended) comes back as the panel with
  // a message and a 4xx status: show it rather than drop it.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (event.detail.target && event.detail.target.id === "listen-live" && status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
