"""Traditions on the Today page: this week's open dates, one tap to mark one done."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tending.traditions.models import Occurrence
from tending.traditions.tests.helpers import make_tradition


@time_machine.travel(datetime(2026, 1, 9, 12, tzinfo=UTC), tick=False)  # a Friday
def test_today_shows_the_weeks_open_dates_and_marks_one(client_b: Any, personas: Any) -> None:
    tradition = make_tradition(personas.a, first_day=date(2026, 1, 2))
    make_tradition(personas.a, "FREQ=WEEKLY;BYDAY=SU", date(2026, 1, 4), time(11), name="Walk")
    page = client_b.get("/").text
    assert "This week&#x27;s traditions" in page or "This week's traditions" in page
    assert "Today · 19:00" in page
    assert "Sunday · 11:00" in page
    tonight = Occurrence.objects.get(tradition=tradition, on=date(2026, 1, 9))
    response = client_b.post(
        f"/traditions/dates/{tonight.pk}/mark/", {"status": "done", "next": "/"}
    )
    assert response["Location"] == "/"
    tonight.refresh_from_db()
    assert tonight.status == "done"
    assert "Today · 19:00" not in client_b.get("/").text


@time_machine.travel(datetime(2026, 1, 7, 12, tzinfo=UTC), tick=False)
def test_the_card_costs_the_same_whatever_the_number_of_traditions(
    client_a: Any, personas: Any, django_assert_max_num_queries: Any
) -> None:
    make_tradition(personas.a, "FREQ=DAILY", date(2025, 1, 1))
    client_a.get("/")
    with CaptureQueriesContext(connection) as one:
        client_a.get("/")
    for n in range(20):
        make_tradition(personas.b, "FREQ=DAILY", date(2025, 1, 1), name=f"Ritual {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client_a.get("/").status_code == 200


def test_no_card_without_dates(client_a: Any) -> None:
    assert "traditions-card-heading" not in client_a.get("/").text
