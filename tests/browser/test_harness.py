"""The harness itself: it must notice what it promises to notice."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page


def _wait_for(condition: Callable[[], object], page: Page, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        page.wait_for_timeout(50)


def test_watch_fails_on_third_party_requests_and_csp_violations(
    phone: Page, browser_watch: Any
) -> None:
    phone.goto("/accounts/login/")
    assert any(
        request.startswith(f"GET {browser_watch.origin}/accounts/login/")
        for request in browser_watch.requests
    )
    assert all(browser_watch.is_own(request.split()[1]) for request in browser_watch.requests)

    # Inline script on one of our pages: the CSP refuses it, and we hear of it.
    phone.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.inlineRan = true";
          document.head.append(script);
        }"""
    )
    _wait_for(lambda: browser_watch.csp_violations, phone)
    assert phone.evaluate("() => window.inlineRan") is None
    assert any("script-src" in violation for violation in browser_watch.csp_violations)

    # A page without our CSP asking another host: recorded, and never sent.
    phone.goto("about:blank")
    phone.set_content('<img alt="" src="https://tracker.example/pixel.gif">')
    _wait_for(lambda: browser_watch.foreign_requests, phone)
    assert browser_watch.foreign_requests == ["GET https://tracker.example/pixel.gif"]

    with pytest.raises(pytest.fail.Exception) as failure:
        browser_watch.check()
    message = str(failure.value)
    assert "requests to hosts other than the live server" in message
    assert "Content-Security-Policy violations" in message
    assert "console errors" in message  # Chromium logs both refusals too
    # check() reports once, so this test itself ends green.
    assert browser_watch.problems() == []
