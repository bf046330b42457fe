"""The Unplug API: the same rules as the pages, as JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tending.unplug.models import Commitment, UnplugSession
from tests.boundary_walker import Walker

API = "/api/v1/unplug/"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(datetime(2026, 1, 7, 19, tzinfo=UTC), tick=False) as traveller:
        yield traveller


def test_sessions_through_the_api(client_a: Any, client_b: Any, frozen: Any) -> None:
    started = client_a.post(
        f"{API}sessions", {"planned_minutes": 45}, content_type="application/json"
    )
    assert started.status_code == 201
    session_id = started.json()["id"]
    assert client_b.get(f"{API}sessions/current").json()["id"] == session_id
    assert client_b.post(f"{API}sessions/{session_id}/join").json()["joined_by_id"]
    conflict = client_b.post(f"{API}sessions", {}, content_type="application/json")
    assert conflict.status_code == 409
    frozen.shift(1800)
    ended = client_b.post(f"{API}sessions/{session_id}/end").json()
    assert (ended["minutes"], ended["is_open"]) == (30, False)
    assert client_b.get(f"{API}sessions/current").status_code == 404
    check = client_a.put(
        f"{API}sessions/{session_id}/check", {"kept": True}, content_type="application/json"
    )
    assert check.json()["visibility"] == "private"
    weeks = client_a.get(f"{API}weeks?count=2").json()
    assert weeks[-1] == {
        "week_start": "2026-01-05",
        "minutes": 30,
        "my_rating": None,
        "partner_rating": None,
    }
    assert (
        client_a.post(
            f"{API}sessions", {"planned_minutes": -5}, content_type="application/json"
        ).status_code
        == 422
    )


def test_commitments_ratings_and_checks(client_a: Any, client_b: Any) -> None:
    made = client_a.post(
        f"{API}commitments",
        {"text": "No phones at dinner", "starts": "19:00", "ends": "20:00", "days": [0, 2]},
        content_type="application/json",
    )
    assert made.status_code == 201
    commitment_id = made.json()["id"]
    night = client_b.put(
        f"{API}commitments/{commitment_id}/nights",
        {"night": "2026-01-07", "kept": True, "visibility": "partner"},
        content_type="application/json",
    )
    assert night.status_code == 200
    wrong_day = client_b.put(
        f"{API}commitments/{commitment_id}/nights",
        {"night": "2026-01-06", "kept": True},
        content_type="application/json",
    )
    assert wrong_day.status_code == 400
    assert "not for that day" in wrong_day.json()["detail"]
    assert [c["kept"] for c in client_a.get(f"{API}checks").json()] == [True]
    changed = client_b.put(
        f"{API}commitments/{commitment_id}",
        {"text": "No phones at meals", "starts": "12:00", "ends": "13:00", "days": [5, 6]},
        content_type="application/json",
    ).json()
    assert changed["days"] == [5, 6]
    rated = client_a.put(
        f"{API}ratings", {"week_start": "2026-01-05", "value": 3}, content_type="application/json"
    )
    assert rated.json()["value"] == 3
    assert client_b.get(f"{API}ratings").json() == []  # private until shared
    bad = client_a.put(
        f"{API}ratings", {"week_start": "2026-01-05", "value": 7}, content_type="application/json"
    )
    assert bad.status_code == 422
    empty = client_a.post(
        f"{API}commitments",
        {"text": "x", "starts": "19:00", "ends": "19:00"},
        content_type="application/json",
    )
    assert empty.status_code == 400
    assert Commitment.objects.count() == 1


def test_therapist_gets_403_on_writes(client_therapist: Any, client_a: Any) -> None:
    client_a.post(
        f"{API}commitments",
        {
            "text": "Shared rule",
            "starts": "19:00",
            "ends": "20:00",
            "visibility": "partner+therapist",
        },
        content_type="application/json",
    )
    commitment_id = Commitment.objects.get().pk
    assert client_therapist.get(f"{API}commitments").json()[0]["text"] == "Shared rule"
    assert client_therapist.post(f"{API}commitments/{commitment_id}/stop").status_code == 403
    assert (
        client_therapist.post(f"{API}sessions", {}, content_type="application/json").status_code
        == 403
    )
    assert not UnplugSession.objects.exists()


def ours(endpoint: Any) -> bool:
    return "unplug" in endpoint.route


@pytest.mark.parametrize("persona", ["anonymous", "c", "therapist_without_consent", "therapist"])
def test_nobody_outside_the_couple_reads_or_changes_unplug(personas: Any, persona: str) -> None:
    walker = Walker(personas, select=ours)
    assert len(walker.endpoints) >= 20
    report = walker.walk(persona)
    print(report.render())
    assert not report.violations, "\n".join(str(v) for v in report.violations)
