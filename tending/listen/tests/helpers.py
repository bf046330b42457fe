"""Shared steps for Listen's tests."""

from __future__ import annotations

import json
from typing import Any

API = "/api/v1/listen"


def api_post(client: Any, path: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else ""
    return client.post(f"{API}{path}", data, content_type="application/json")


def turn(client: Any, session_id: Any, kind: str, text: str = "", htmx: bool = False) -> Any:
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        f"/listen/sessions/{session_id}/turn/", {"kind": kind, "text": text}, **headers
    )
