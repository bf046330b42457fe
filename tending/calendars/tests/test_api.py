"""The calendars' API: the same rules and refusals as the pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tending.calendars import services
from tending.calendars.fetch import Fetched
from tending.calendars.models import BusyInterval, CalendarSource, PlanningHours

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday, 10:00 in Berlin
API = "/api/v1/calendars"


def ics(*busy: tuple[str, str]) -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:{n}\r\nDTSTART:{s}\r\nDTEND:{e}\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n"
        for n, (s, e) in enumerate(busy)
    )
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    return f"{head}{events}END:VCALENDAR\r\n".encode()


EVENING = ("20260302T170000Z", "20260302T190000Z")  # Monday 18:00 to 20:00 in Berlin


def upload(client: Client, content: bytes, url: str = f"{API}/upload") -> Any:
    return client.post(url, {"name": "Work", "file": SimpleUploadedFile("c.ics", content)})


@time_machine.travel(NOW, tick=False)
def test_connect_follow_the_worker_and_refresh(personas: Any, client_a: Client) -> None:
    response = client_a.post(
        f"{API}/",
        {"name": "Google", "url": "webcal://calendar.example/private-9/basic.ics"},
        content_type="application/json",
    )
    assert response.status_code == 201
    made = response.json()
    assert made["status"] == "pending"
    assert made["refreshing"] is True
    assert made["address"] == "https://calendar.example/…"
    fetched = lambda url: Fetched(url, ics(EVENING), "text/calendar")  # noqa: E731
    assert services.refresh_due(fetched) == 1
    read = client_a.get(f"{API}/{made['id']}").json()
    assert (read["status"], read["refreshing"], read["busy_count"]) == ("ok", False, 1)
    response = client_a.post(f"{API}/{made['id']}/refresh")
    assert response.status_code == 202
    assert response.json()["refreshing"] is True


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("content", "status", "words"),
    [
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n", 400, "could not be read"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", 400, "web page"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, 400, "not an iCalendar"),
        (b"", 400, "empty"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (6 * 1024 * 1024), 413, "larger than 5 MB"),
    ],
)
def test_a_broken_file_is_refused_and_nothing_stored(
    personas: Any, client_a: Client, content: bytes, status: int, words: str
) -> None:
    response = upload(client_a, content)
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert not CalendarSource.objects.exists()
    assert not BusyInterval.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_broken_fresh_copy_keeps_what_was_read(personas: Any, client_a: Client) -> None:
    made = upload(client_a, ics(EVENING)).json()
    assert made["busy_count"] == 1
    again = f"{API}/{made['id']}/upload"
    response = upload(client_a, b"<html>nope</html>", again)
    assert response.status_code == 400
    assert "web page" in response.json()["detail"]
    assert BusyInterval.objects.count() == 1
    # An uploaded calendar is refreshed by uploading it, not by fetching.
    response = client_a.post(f"{API}/{made['id']}/refresh")
    assert response.status_code == 400
    assert "uploading it again" in response.json()["detail"]


@time_machine.travel(NOW, tick=False)
def test_windows_and_hours(personas: Any, client_a: Client, client_b: Client) -> None:
    upload(client_a, ics(EVENING))
    windows = client_b.get(f"{API}/windows").json()
    # Monday evening: B sees that both are free from 20:00, not why.
    assert windows[0]["start"] == "2026-03-02T19:00:00Z"
    assert windows[0]["minutes"] == 120
    assert "Dentist" not in str(windows)
    hours = {
        "weekday_from": 19,
        "weekday_to": 23,
        "weekend_from": 10,
        "weekend_to": 20,
        "min_minutes": 60,
    }
    response = client_b.put(f"{API}/hours", hours, content_type="application/json")
    assert response.status_code == 200
    assert client_a.get(f"{API}/hours").json() == hours
    for bad, status in (
        ({**hours, "weekday_from": 23, "weekday_to": 19}, 400),
        ({**hours, "min_minutes": 5}, 422),
        ({**hours, "weekend_to": 25}, 422),
    ):
        response = client_a.put(f"{API}/hours", bad, content_type="application/json")
        assert response.status_code == status
        assert response.json()["detail"]
    assert PlanningHours.objects.get().weekday_from == 19


@time_machine.travel(NOW, tick=False)
def test_a_calendar_is_its_owners_alone(
    personas: Any, client_a: Client, client_b: Client, client_c: Client, client_therapist: Client
) -> None:
    made = upload(client_a, ics(EVENING)).json()
    for client in (client_b, client_c, client_therapist):
        assert client.get(f"{API}/{made['id']}").status_code == 404
        assert client.post(f"{API}/{made['id']}/refresh").status_code == 404
        assert client.delete(f"{API}/{made['id']}").status_code == 404
        assert upload(client, ics(), f"{API}/{made['id']}/upload").status_code == 404
    assert client_b.get(f"{API}/").json() == []
    assert client_c.get(f"{API}/").json() == []
    assert client_therapist.get(f"{API}/windows").status_code == 404
    assert BusyInterval.objects.count() == 1
    assert client_a.delete(f"{API}/{made['id']}").status_code == 204
    assert not BusyInterval.objects.exists()
