// While a file is being sent and read, say so on the button: an upload of a
// few megabytes on a phone takes a while. The page works without this file.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-busy-label]");
  if (!form || !form.querySelector("input[type=file]")) return;
  const button = form.querySelector("button[type=submit]");
  if (!button) return;
  button.textContent = form.dataset.busyLabel;
  button.setAttribute("aria-busy", "true");
  button.disabled = true;
});
