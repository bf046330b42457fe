// The calm timer of a tech-free session: minutes since it started, and a
// full-screen button. The page works without it (the server writes the time).
(() => {
  const timer = document.querySelector(".timer[data-started]");
  if (timer) {
    const started = Date.parse(timer.dataset.started);
    const pad = (n) => String(n).padStart(2, "0");
    const show = () => {
      const seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
      const hours = Math.floor(seconds / 3600);
      const minutes = Math.floor((seconds % 3600) / 60);
      timer.textContent = `${hours ? hours + ":" : ""}${pad(minutes)}:${pad(seconds % 60)}`;
      const planned = Number(timer.dataset.planned || 0);
      timer.classList.toggle("timer-done", planned > 0 && seconds >= planned * 60);
    };
    show();
    setInterval(show, 1000);
  }
  const button = document.querySelector("[data-fullscreen]");
  const target = button && document.getElementById(button.dataset.fullscreen);
  if (button && target && document.fullscreenEnabled) {
    button.hidden = false;
    button.addEventListener("click", () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else target.requestFullscreen().catch(() => {});
    });
  }
})();
