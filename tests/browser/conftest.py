"""The browser-test harness: Debian's Chromium driven by Playwright against
Django's live server, on phone-sized screens.

Everything under tests/browser/ is marked `browser` (`make browser` runs
them, `make pytest-sqlite` leaves them out) and runs after every other test.

Every browser context a test opens through `new_phone` (and so `phone` and
`phones`) is watched: a request to any host but the live
server's, a console error (Chromium reports a Content-Security-Policy
violation there, and the page reports it again through the
`securitypolicyviolation` event) or an uncaught page error fails the test.
Requests to other hosts are also aborted, so none leaves the machine.

Without Chromium the tests skip with a message; under `CI=true` they fail.
`TENDING_CHROMIUM` points at another Chromium binary (or at a missing one, to
try the skip), and `TENDING_SCREENSHOT_DIR` keeps screenshots of key pages.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    expect,
    sync_playwright,
)

BROWSER_DIR = Path(__file__).resolve().parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Two partners, two phones: an iPhone-sized and an Android-sized screen.
PHONES: dict[str, dict[str, Any]] = {
    "iphone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2},
    "android": {"viewport": {"width": 412, "height": 915}, "device_scale_factor": 2},
}
# The page reports CSP violations to us through this binding; bindings and
# init scripts are injected by the browser itself, so the page's CSP does
# not block them.
_CSP_BINDING = "__tendingCspViolation"
_CSP_LISTENER = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  window.{_CSP_BINDING}(
    `${{event.effectiveDirective}} blocked ${{event.blockedURI || "inline code"}}`
    + ` in ${{event.sourceFile || event.documentURI}}:${{event.lineNumber}}`
  );
}});
"""


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _chromium_path() -> str | None:
    configured = os.environ.get("TENDING_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    return shutil.which("chromium")


def _unavailable(reason: str) -> NoReturn:
    """Skip, or fail under CI, where the browser tests must run."""
    if _ci():
        pytest.fail(f"CI=true: browser tests must run, but {reason}", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


# --- Collection: mark everything here `browser`, and run it last -------------


def pytest_itemcollected(item: pytest.Item) -> None:
    # Called only for items under this folder, before `-m` selects.
    item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Last in the run (trylast: after pytest-django sorts by database use),
    # because Playwright keeps an event loop running in this thread from the
    # first browser test to the end of the session, and Django refuses
    # database work next to a running loop unless told otherwise (below).
    ours = [item for item in items if item.get_closest_marker("browser")]
    others = [item for item in items if not item.get_closest_marker("browser")]
    items[:] = others + ours


# --- The browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    executable = _chromium_path()
    if executable is None:
        where = os.environ.get("TENDING_CHROMIUM") or f"{DEFAULT_CHROMIUM} or on the PATH"
        _unavailable(
            f"no Chromium at {where}. Install Debian's `chromium` package "
            "(or set TENDING_CHROMIUM to a Chromium binary)."
        )
    # Generous waits: the machines that run these are small and shared.
    expect.set_options(timeout=10_000)
    # Playwright's sync API runs an asyncio loop in this thread; Django's
    # async-safety check would then refuse the live server's database work.
    # Allowed only while that loop runs, which is only during browser tests.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()


# --- Watching what pages do ----------------------------------------------------


@dataclass
class BrowserWatch:
    """What every page of a test asked for and complained about."""

    origin: str
    requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    allowed_console: list[re.Pattern[str]] = field(default_factory=list)

    def is_own(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about"}:
            return True  # never leave the browser
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def allow_console_error(self, pattern: str) -> None:
        """Accept console errors matching `pattern`, for a test that provokes one."""
        self.allowed_console.append(re.compile(pattern))

    def on_request(self, request: Request) -> None:
        self.requests.append(f"{request.method} {request.url}")
        if not self.is_own(request.url):
            self.foreign_requests.append(f"{request.method} {request.url}")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        text = f"{message.text} ({message.location.get('url', '')})"
        if not any(pattern.search(text) for pattern in self.allowed_console):
            self.console_errors.append(text)

    def problems(self) -> list[str]:
        found = []
        for title, entries in (
            ("requests to hosts other than the live server", self.foreign_requests),
            ("Content-Security-Policy violations", self.csp_violations),
            ("console errors", self.console_errors),
            ("uncaught page errors", self.page_errors),
        ):
            if entries:
                found.append(f"{title}:\n  " + "\n  ".join(entries))
        return found

    def take_problems(self) -> list[str]:
        """The problems seen so far, each reported once."""
        problems = self.problems()
        self.foreign_requests, self.csp_violations = [], []
        self.console_errors, self.page_errors = [], []
        return problems

    def check(self) -> None:
        problems = self.take_problems()
        if problems:
            pytest.fail("The browser saw\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def browser_watch(live_server: Any) -> Iterator[BrowserWatch]:
    watch = BrowserWatch(origin=live_server.url)
    yield watch
    watch.check()  # whatever arrived after the test body, e.g. while closing


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    # Checked as part of the test itself, so a third-party request or a CSP
    # violation is a failed test rather than an error in teardown.
    watch = getattr(item, "funcargs", {}).get("browser_watch")
    if not isinstance(watch, BrowserWatch):
        return (yield)
    try:
        result = yield
    except BaseException:
        # The test failed on its own: show what the browser saw beside it
        # (often the cause, such as a 500), rather than as a second error.
        problems = watch.take_problems()
        if problems:
            item.add_report_section("call", "browser", "\n".join(problems))
        raise
    watch.check()
    return result


# --- Contexts: one per device ---------------------------------------------------


def _watch_context(context: BrowserContext, watch: BrowserWatch) -> None:
    context.on("request", watch.on_request)
    context.route(lambda url: not watch.is_own(url), lambda route: route.abort())
    context.expose_binding(
        _CSP_BINDING, lambda _source, text: watch.csp_violations.append(str(text))
    )
    context.add_init_script(_CSP_LISTENER)

    def on_page(page: Page) -> None:
        page.on("console", watch.on_console)
        page.on("pageerror", lambda error: watch.page_errors.append(str(error)))

    context.on("page", on_page)


@pytest.fixture
def new_phone(
    browser: Browser, live_server: Any, browser_watch: BrowserWatch
) -> Iterator[Callable[..., Page]]:
    """Open a page on a fresh phone (its own cookies and storage).

    `new_phone()` for the default phone, `new_phone("android",
    color_scheme="dark")` for another; extra keywords go to
    `Browser.new_context`. Call it twice for two partners on two devices.
    """
    contexts: list[BrowserContext] = []

    def open_phone(model: str = "iphone", **options: Any) -> Page:
        settings = {
            **PHONES[model],
            "is_mobile": True,
            "has_touch": True,
            "locale": "en-GB",
            "base_url": live_server.url,
            **options,
        }
        context = browser.new_context(**settings)
        context.set_default_timeout(10_000)
        _watch_context(context, browser_watch)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_phone: Callable[..., Page]) -> Page:
    """A page on one fresh phone-sized browser context."""
    return new_phone()


@pytest.fixture
def phones(new_phone: Callable[..., Page]) -> tuple[Page, Page]:
    """Two partners on two devices: an iPhone-sized and an Android-sized page."""
    return new_phone("iphone"), new_phone("android")


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path | None]:
    """Save a full-page screenshot when TENDING_SCREENSHOT_DIR is set."""
    folder = os.environ.get("TENDING_SCREENSHOT_DIR")

    def take(page: Page, name: str) -> Path | None:
        if not folder:
            return None
        path = Path(folder) / f"{request.node.name}-{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, full_page=True)
        return path

    return take
