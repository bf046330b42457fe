"""`Cache-Control: no-store` on every response a logged-in person gets.

Not a hand-kept list of pages: every URL pattern and API operation the
boundary walker finds is opened by partner A, with her session and with her
personal access token, on A & B's own objects (what a browser or a proxy
must never keep), so a new page is covered the day it is mounted.
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from tending.accounts.models import ApiToken
from tests.boundary_endpoints import Endpoint, build_url, discover_endpoints, load_providers


def _urls(personas: Any) -> list[tuple[Endpoint, str]]:
    values = load_providers(personas).values
    found = []
    for endpoint in discover_endpoints():
        if endpoint.kind == "admin" or any(param not in values for param in endpoint.params):
            # The admin has its own parameters; a parameter with no maker
            # already fails tests/test_boundary.py.
            continue
        if endpoint.kind == "api" and not any(op.method == "GET" for op in endpoint.operations):
            continue
        found.append((endpoint, build_url(endpoint, values)))
    return found


def _stored_anywhere(response: Any) -> str | None:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return None if "no-store" in directives else response.get("Cache-Control", "(none)")


def test_no_logged_in_response_may_be_stored(personas: Any) -> None:
    session = personas.client_for(personas.a)
    secret = ApiToken.issue(personas.a, "walk")[1]
    token = Client(headers={"Authorization": f"Bearer {secret}"})
    urls = _urls(personas)
    assert len(urls) > 50  # the walk reaches the whole app, not a corner of it
    stored = []
    statuses = set()
    for endpoint, url in urls:
        clients = [("session", session)]
        if endpoint.kind == "api":
            clients.append(("token", token))
        for how, client in clients:
            response = client.get(url)
            statuses.add(response.status_code)
            if (kept := _stored_anywhere(response)) is not None:
                stored.append(f"GET {url} ({how}) -> {response.status_code}, Cache-Control: {kept}")
    assert not stored, "kept by browsers or proxies:\n" + "\n".join(stored)
    # Pages, redirects and refusals alike (a 404 or 405 can still say something).
    assert {200, 302} <= statuses
