"""The Traditions API: the same rules as the pages, as JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import icalendar
import pytest
import time_machine
from django.test import Client

from tending.traditions.models import Occurrence, Tradition
from tending.traditions.tests.helpers import make_tradition

API = "/api/v1/traditions/"
NOW = datetime(2026, 1, 7, 12, tzinfo=UTC)

PIZZA = {
    "name": "Friday pizza night",
    "description": "On the sofa.",
    "schedule": {
        "rrule": "FREQ=WEEKLY;BYDAY=FR",
        "first_day": "2026-01-02",
        "time_of_day": "19:00",
        "duration_minutes": 120,
    },
}


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_create_list_and_read(client_a: Any, client_b: Any) -> None:
    response = client_a.post(API, PIZZA, content_type="application/json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["schedule"]["summary"] == "Every Friday"
    assert created["schedule"]["rrule"] == "FREQ=WEEKLY;BYDAY=FR"
    assert created["next_at"] == "2026-01-09T18:00:00Z"
    assert (created["recent_done"], created["recent_total"]) == (0, 1)
    listed = client_b.get(API).json()
    assert [t["name"] for t in listed] == ["Friday pizza night"]
    assert client_b.get(f"{API}{created['id']}").json()["id"] == created["id"]


def test_list_query_count_does_not_grow(
    client_a: Any, personas: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_tradition(personas.a, first_day=date(2025, 1, 3))
    client_a.get(API)
    with CaptureQueriesContext(connection) as one:
        client_a.get(API)
    for n in range(10):
        make_tradition(personas.b, "FREQ=DAILY", date(2025, 6, 1), name=f"Ritual {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client_a.get(API).json()) == 11


@pytest.mark.parametrize(
    ("schedule", "status", "message"),
    [
        ({"rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, 400, "gives no dates"),
        ({"rrule": "FREQ=SECONDLY"}, 400, "at most once a day"),
        ({"rrule": "FREQ=DAILY;COUNT=99999"}, 400, "COUNT must be between"),
        ({"duration_minutes": -10}, 422, "duration_minutes"),
        ({"duration_minutes": 25 * 60}, 422, "duration_minutes"),
        ({"time_of_day": "25:00"}, 422, "time_of_day"),
        ({"rrule": "FREQ=DAILY;UNTIL=99991231T235959Z"}, 400, "leave UNTIL out"),
        ({"first_day": "9999-12-31"}, 400, "Choose a first day between 1900"),
        ({"first_day": "0001-01-01"}, 400, "Choose a first day between 1900"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    client_a: Any, schedule: dict[str, Any], status: int, message: str
) -> None:
    body = {**PIZZA, "schedule": {**PIZZA["schedule"], **schedule}}
    response = client_a.post(API, body, content_type="application/json")
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert not Tradition.objects.exists()


def test_paging_past_any_history_is_refused(client_a: Any, personas: Any) -> None:
    tradition = make_tradition(personas.a)
    response = client_a.get(f"{API}{tradition.pk}/dates?offset=99999999999999999999999")
    assert response.status_code == 422
    assert "offset" in response.json()["detail"]
    assert client_a.get(f"{API}{tradition.pk}/dates?offset=100000").json() == []


def test_schedule_pause_resume_mark_and_meaning(
    client_a: Any, client_b: Any, personas: Any
) -> None:
    tradition = make_tradition(personas.a, "FREQ=DAILY", date(2026, 1, 1))
    url = f"{API}{tradition.pk}"
    dates = client_b.get(f"{url}/dates?limit=3").json()
    assert [d["on"] for d in dates] == ["2026-01-06", "2026-01-05", "2026-01-04"]
    marked = client_b.put(
        f"{API}dates/{dates[0]['id']}",
        {"status": "done", "note": "Lovely."},
        content_type="application/json",
    ).json()
    assert (marked["status"], marked["marked_by_id"]) == ("done", str(personas.b.pk))
    assert client_a.get(url).json()["recent_done"] == 1

    changed = client_b.put(
        f"{url}/schedule",
        {"rrule": "FREQ=WEEKLY;BYDAY=SA", "first_day": "2026-01-10", "time_of_day": "10:00"},
        content_type="application/json",
    ).json()
    assert changed["schedule"]["summary"] == "Every Saturday"
    assert Occurrence.objects.get(pk=dates[0]["id"]).status == "done"

    assert client_a.post(f"{url}/pause").json()["is_paused"] is True
    assert client_a.get(url).json()["next_at"] is None
    again = client_a.post(f"{url}/pause")
    assert again.status_code == 409
    assert "already paused" in again.json()["detail"]
    assert client_b.post(f"{url}/resume").json()["next_at"] == "2026-01-10T09:00:00Z"

    mine = client_a.put(f"{url}/meaning", {"value": 5}, content_type="application/json")
    assert mine.json() == {"tradition_id": str(tradition.pk), "value": 5, "visibility": "partner"}
    assert client_b.get(url).json()["partner_meaning"] == 5
    bad = client_a.put(f"{url}/meaning", {"value": 0}, content_type="application/json")
    assert bad.status_code == 422


def test_gallery_and_this_week(client_a: Any) -> None:
    gallery = client_a.get(f"{API}ideas").json()
    assert len(gallery) >= 40
    added = client_a.post(f"{API}ideas/friday-pizza")
    assert added.status_code == 201
    assert added.json()["idea"] == "friday-pizza"
    week = client_a.get(f"{API}this-week").json()
    assert [d["on"] for d in week] == ["2026-01-09"]
    assert client_a.post(f"{API}ideas/nope").status_code == 404


def test_the_feed_through_the_api(client_a: Any) -> None:
    client_a.post(API, PIZZA, content_type="application/json")
    assert client_a.get(f"{API}feed").json() == {
        "exists": False,
        "include_details": False,
        "created": None,
        "last_fetched_at": None,
    }
    made = client_a.post(f"{API}feed").json()
    ics = Client().get(made["url"].replace("http://testserver", ""))
    assert icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]["SUMMARY"] == (
        "Friday pizza night"
    )
    assert "url" not in client_a.get(f"{API}feed").json()
    patched = client_a.patch(
        f"{API}feed", {"include_details": True}, content_type="application/json"
    )
    assert patched.json()["include_details"] is True
    assert client_a.delete(f"{API}feed").status_code == 204
    assert Client().get(made["url"].replace("http://testserver", "")).status_code == 404


def test_therapist_reads_shared_traditions_but_never_writes(
    client_therapist: Any, personas: Any
) -> None:
    make_tradition(personas.a, name="Kept between us")
    shared = make_tradition(personas.a, name="Shared", visibility="partner+therapist")
    assert [t["name"] for t in client_therapist.get(API).json()] == ["Shared"]
    patch = client_therapist.patch(
        f"{API}{shared.pk}", {"name": "Hacked"}, content_type="application/json"
    )
    assert patch.status_code == 403
    assert client_therapist.post(f"{API}{shared.pk}/pause").status_code == 403
    assert client_therapist.post(API, PIZZA, content_type="application/json").status_code == 403
    shared.refresh_from_db()
    assert shared.name == "Shared"
    assert not shared.is_paused


def test_outsiders_get_404(client_c: Any, personas: Any) -> None:
    tradition = make_tradition(personas.a, "FREQ=DAILY", date(2026, 1, 1))
    occurrence = Occurrence.objects.filter(tradition=tradition).first()
    assert client_c.get(f"{API}{tradition.pk}").status_code == 404
    assert client_c.delete(f"{API}{tradition.pk}").status_code == 404
    response = client_c.put(
        f"{API}dates/{occurrence.pk}", {"status": "skipped"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert client_c.get(API).json() == []
    assert Tradition.objects.filter(pk=tradition.pk).exists()
