"""Shared steps for Share's tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tending.share import services

API = "/api/v1/share"
# 19:00 in Berlin (the personas' couple) on a Saturday in winter (UTC+1).
EVENING = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)


def api_put(client: Any, path: str, body: Any) -> Any:
    return client.put(f"{API}{path}", json.dumps(body), content_type="application/json")


def api_post(client: Any, path: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else ""
    return client.post(f"{API}{path}", data, content_type="application/json")


def both_answer(personas: Any, a_text: str = "Mine, from Ada.", b_text: str = "Ben's.") -> Any:
    """Today's question answered by A, then B: the day is revealed."""
    answer, _revealed = services.answer(personas.a, a_text)
    services.answer(personas.b, b_text)
    return answer.day


def shell_queries(client: Any) -> int:
    """The queries every page of the app shell makes whatever its content
    (session, person, the context processors of other practices): page tests
    assert their own queries on top of these, so that another app's shell
    work does not change what they measure."""
    client.get("/soon/traditions/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/soon/traditions/")
    return len(queries)


def own_queries(client: Any, url: str) -> tuple[Any, int]:
    """(response, queries beyond the shell's) for a page, measured warm."""
    client.get(url)
    shell = shell_queries(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries) - shell
