"""Shared steps for Listen's tests."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

API = "/api/v1/listen"
SHELL = "/soon/traditions/"  # a page of the shell alone


def api_post(client: Any, path: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else ""
    return client.post(f"{API}{path}", data, content_type="application/json")


def turn(client: Any, session_id: Any, kind: str, text: str = "", htmx: bool = False) -> Any:
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        f"/listen/sessions/{session_id}/turn/", {"kind": kind, "text": text}, **headers
    )


def own_queries(client: Any, url: str) -> tuple[Any, int]:
    """(response, queries beyond those of the app shell) for a page, warm.

    The shell (session, person, other practices' context processors) is
    measured on a page with nothing of its own, so that another app's shell
    work does not change what a Listen test measures."""
    client.get(url)
    client.get(SHELL)
    with CaptureQueriesContext(connection) as shell:
        client.get(SHELL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries) - len(shell)
