"""Shared steps for Share's tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

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
