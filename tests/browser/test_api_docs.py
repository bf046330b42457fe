"""The interactive API docs work offline: only the app's own files, no CDN.

The browser watch (tests/browser/conftest.py) fails the test on any request to
another host, any Content-Security-Policy violation and any console error, so
a docs page that reached for a CDN or ran inline script could not pass.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_the_api_docs_render_every_operation_from_our_own_origin(phone: Page) -> None:
    own_requests: list[str] = []
    phone.on("request", lambda request: own_requests.append(request.url))
    phone.goto("/api/v1/docs")
    # Swagger UI has fetched the schema and drawn the operations.
    expect(phone.get_by_text("/api/v1/me", exact=True).first).to_be_visible(timeout=20_000)
    expect(phone.get_by_text("/api/v1/couples/join", exact=True).first).to_be_visible()
    assert any(url.endswith("/api/v1/openapi.json") for url in own_requests)
    assert any("/static/ninja/swagger-ui-bundle" in url for url in own_requests)
