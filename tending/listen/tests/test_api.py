"""Listen's API: the same rules and order as the pages; fixed cost lists."""

from __future__ import annotations

from typing import Any

import pytest

from tending.listen import services
from tending.listen.models import Mode
from tending.listen.tests.helpers import API, api_post


@pytest.mark.parametrize("count", [1, 8])
def test_sessions_list_at_a_fixed_cost(
    personas: Any, client_b: Any, django_assert_num_queries: Any, count: int
) -> None:
    for _n in range(count):
        session = services.start(personas.a, mode=Mode.TOGETHER)
        services.take_turn(personas.a, session.pk, "piece")
        services.end(personas.a, session.pk)
        services.rate(personas.a, session.pk, 4, 4, 4)
    client_b.get(f"{API}/sessions")
    with django_assert_num_queries(4):
        sessions = client_b.get(f"{API}/sessions").json()
    assert len(sessions) == count
    assert sessions[0]["ratings"][0]["understood"] == 4
    assert sessions[0]["step"] == "ended"


def test_a_two_device_session_through_the_api(personas: Any, client_a: Any, client_b: Any) -> None:
    started = api_post(client_a, "/sessions", {"mode": "apart", "written": True, "topic": "Money"})
    assert started.status_code == 201
    data = started.json()
    assert (data["floor_holder_id"], data["step"]) == (str(personas.a.pk), "speak")
    session_id = data["id"]
    piece = api_post(
        client_a, f"/sessions/{session_id}/turns", {"kind": "piece", "text": "I worry."}
    )
    assert piece.json()["session"]["floor_holder_id"] == str(personas.b.pk)
    version = piece.json()["session"]["version"]
    api_post(
        client_b, f"/sessions/{session_id}/turns", {"kind": "reflection", "text": "You worry."}
    )
    state = client_a.get(f"{API}/sessions/{session_id}").json()
    assert state["version"] > version
    assert [t["kind"] for t in state["turns"]] == ["piece", "reflection"]
    api_post(client_a, f"/sessions/{session_id}/turns", {"kind": "confirm"})
    ended = api_post(client_b, f"/sessions/{session_id}/end")
    assert ended.json()["step"] == "ended"
    rated = client_a.put(
        f"{API}/sessions/{session_id}/ratings",
        '{"understood": 5, "validated": 4, "cared_for": 5}',
        content_type="application/json",
    )
    assert rated.status_code == 200


def test_prompts_come_from_four_levels_of_validation(client_a: Any) -> None:
    prompts = client_a.get(f"{API}/prompts").json()
    assert [p["level"] for p in prompts["listener"]] == ["attend", "reflect", "unsaid", "normalise"]
    assert "but" in prompts["rebuttal_reminder"]


def test_bad_bodies_are_refused(personas: Any, client_a: Any) -> None:
    assert api_post(client_a, "/sessions", {"piece_limit": 7}).status_code == 422
    session = services.start(personas.a)
    response = api_post(client_a, f"/sessions/{session.pk}/turns", {"kind": "speech"})
    assert response.status_code == 422
    assert "kind" in response.json()["detail"]
