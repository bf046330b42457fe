"""Connecting calendars: what is stored, refreshes, refusals, privacy, the worker."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tending.calendars import services
from tending.calendars.fetch import Fetched, FetchRefused
from tending.calendars.models import BusyInterval, CalendarSource, SourceStatus
from tending.nudges import worker

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def ics(*busy: tuple[str, str], title: str = "Therapy with Dr Who") -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:{n}\r\nDTSTART:{s}\r\nDTEND:{e}\r\nSUMMARY:{title}\r\n"
        "LOCATION:Hidden Street 5\r\nDESCRIPTION:Very private\r\nEND:VEVENT\r\n"
        for n, (s, e) in enumerate(busy)
    )
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{events}END:VCALENDAR\r\n".encode()
    )


EVENING = ("20260302T170000Z", "20260302T180000Z")


def everything_stored() -> str:
    """Every value of every calendar row, as text."""
    with connection.cursor() as cursor:
        found = []
        for table in ("calendars_calendarsource", "calendars_busyinterval"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            found += [str(row) for row in cursor.fetchall()]
    return "\n".join(found)


@time_machine.travel(NOW, tick=False)
def test_an_upload_keeps_only_start_and_end(personas: Any, client_a: Client) -> None:
    upload = SimpleUploadedFile("work.ics", ics(EVENING), "text/calendar")
    response = client_a.post(
        "/calendars/upload/", {"up-name": "Work", "up-file": upload}, follow=True
    )
    assert "Read: 1 busy times" in response.content.decode()
    (interval,) = BusyInterval.objects.all()
    assert (interval.start, interval.end) == (
        datetime(2026, 3, 2, 17, tzinfo=UTC),
        datetime(2026, 3, 2, 18, tzinfo=UTC),
    )
    stored = everything_stored()
    for secret in ("Therapy", "Dr Who", "Hidden Street", "Very private"):
        assert secret not in stored


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!DOCTYPE html><html><body>Login</body></html>", "This is a web page, not a calendar"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;oops", "could not be read"),
        (b"just some text", "not an iCalendar"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_bad_upload_is_refused_with_a_reason_and_nothing_stored(
    personas: Any, client_a: Client, content: bytes, message: str
) -> None:
    upload = SimpleUploadedFile("x.ics", content, "text/calendar")
    response = client_a.post("/calendars/upload/", {"up-name": "Work", "up-file": upload})
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not CalendarSource.objects.exists()
    assert not BusyInterval.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_huge_upload_is_refused_before_it_is_read(personas: Any, client_a: Client) -> None:
    upload = SimpleUploadedFile("big.ics", b"BEGIN:VCALENDAR\r\n" + b"X" * (6 * 1024 * 1024))
    response = client_a.post("/calendars/upload/", {"up-name": "Big", "up-file": upload})
    assert response.status_code == 413
    assert "larger than 5 MB" in response.content.decode()
    assert not CalendarSource.objects.exists()
    # A fresh copy of an existing calendar, the same; also when the file is
    # only just over the limit (found while reading, not from its declared size).
    source = services.add_upload(personas.a, personas.couple, "Work", ics(EVENING))
    just_over = b"BEGIN:VCALENDAR\r\n" + b"X" * (5 * 1024 * 1024)
    for content in (b"BEGIN:VCALENDAR\r\n" + b"X" * (6 * 1024 * 1024), just_over):
        big = SimpleUploadedFile("big.ics", content)
        response = client_a.post(f"/calendars/{source.pk}/upload/", {"file": big})
        assert response.status_code == 413
        assert "larger than 5 MB" in response.content.decode()
        assert BusyInterval.objects.filter(calendar=source).count() == 1
    response = client_a.post(
        "/calendars/upload/",
        {"up-name": "Big", "up-file": SimpleUploadedFile("big.ics", just_over)},
    )
    assert response.status_code == 413
    assert CalendarSource.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_bad_fresh_copy_keeps_the_previous_busy_times(personas: Any, client_a: Client) -> None:
    source = services.add_upload(personas.a, personas.couple, "Work", ics(EVENING))
    bad = SimpleUploadedFile("x.ics", b"<html></html>", "text/calendar")
    response = client_a.post(f"/calendars/{source.pk}/upload/", {"file": bad})
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Work was not updated" in text
    assert "web page, not a calendar" in text
    assert "busy times read before are kept" in text
    assert BusyInterval.objects.count() == 1
    response = client_a.post(f"/calendars/{source.pk}/upload/", {})
    assert response.status_code == 400
    assert "Choose the .ics file" in response.content.decode()
    assert BusyInterval.objects.count() == 1
    good = SimpleUploadedFile("x.ics", ics(EVENING, ("20260303T170000Z", "20260303T180000Z")))
    client_a.post(f"/calendars/{source.pk}/upload/", {"file": good})
    assert BusyInterval.objects.count() == 2


@time_machine.travel(NOW, tick=False)
def test_a_subscription_is_read_by_the_worker_never_by_the_request(
    personas: Any, client_a: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def fake_fetch(url: str) -> Fetched:
        asked.append(url)
        return Fetched(url, ics(EVENING), "text/calendar")

    monkeypatch.setattr(services, "fetch", fake_fetch)
    response = client_a.post(
        "/calendars/connect/",
        {"sub-name": "Google", "sub-url": "webcal://calendar.example/private-abc/basic.ics"},
        follow=True,
    )
    assert "Tending is reading it now" in response.content.decode()
    assert asked == []
    source = CalendarSource.objects.get()
    assert source.secret_address() == "https://calendar.example/private-abc/basic.ics"
    assert "private-abc" not in everything_stored()
    # The page polls the calendar's status while it is being read.
    status = client_a.get(f"/calendars/{source.pk}/status/").content.decode()
    assert "Reading your calendar…" in status
    assert 'hx-trigger="every 2s"' in status
    # The worker's job, as `tending worker` runs it.
    job = next(j for j in worker.JOBS if j.name == "refresh calendars")
    assert job.run() == 1
    assert asked == ["https://calendar.example/private-abc/basic.ics"]
    status = client_a.get(f"/calendars/{source.pk}/status/").content.decode()
    assert "1 busy time known" in status
    assert "every 2s" not in status
    # Nothing is due now; in four hours it is again.
    assert job.run() == 0
    with time_machine.travel(NOW + timedelta(hours=4, minutes=1), tick=False):
        assert job.run() == 1


@time_machine.travel(NOW, tick=False)
def test_a_refused_refresh_keeps_the_previous_busy_times_and_says_why(
    personas: Any, client_a: Client
) -> None:
    source = services.add_subscription(
        personas.a, personas.couple, "Work", "https://cal.example/a.ics"
    )
    services.refresh(source, lambda url: Fetched(url, ics(EVENING), "text/calendar"))
    assert BusyInterval.objects.count() == 1

    def refuse(url: str) -> Fetched:
        raise FetchRefused("This address leads to a private or internal network.")

    services.request_refresh(source)
    assert services.refresh_due(refuse) == 0
    source.refresh_from_db()
    assert source.status == SourceStatus.ERROR
    assert BusyInterval.objects.count() == 1
    page = html.unescape(client_a.get("/calendars/").content.decode())
    assert "private or internal network" in page
    assert "are still used" in page
    # HTML served as a calendar is refused the same way.
    services.request_refresh(source)
    services.refresh_due(lambda url: Fetched(url, b"<!doctype html><p>hi", "text/calendar"))
    source.refresh_from_db()
    assert "web page, not a calendar" in source.message
    assert BusyInterval.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_two_workers_never_fetch_the_same_calendar(personas: Any) -> None:
    services.add_subscription(personas.a, personas.couple, "Work", "https://cal.example/a.ics")
    assert len(services.claim_due()) == 1
    assert services.claim_due() == []


def test_bad_addresses_are_refused_when_connecting(personas: Any, client_a: Client) -> None:
    for url, message in (
        ("ftp://cal.example/a.ics", "https://"),
        ("https://user:pw@cal.example/a.ics", "user name or password"),
        ("not a url", "https://"),
        ("http://127.0.0.1:8000/admin/", "private or internal network"),
        ("http://[::1]/a.ics", "private or internal network"),
        ("http://169.254.169.254/latest/meta-data/", "private or internal network"),
        ("https://192.168.1.1/cal.ics", "private or internal network"),
        ("https://internal.example/cal.ics", "private or internal network"),
    ):
        response = client_a.post("/calendars/connect/", {"sub-name": "X", "sub-url": url})
        assert response.status_code == 400
        assert message in html.unescape(response.content.decode())
        api = client_a.post(
            "/api/v1/calendars/", {"name": "X", "url": url}, content_type="application/json"
        )
        assert api.status_code in (400, 422)
        if api.status_code == 400:
            assert message in api.json()["detail"]
    assert not CalendarSource.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_calendar_is_private_to_its_owner(
    personas: Any, client_a: Client, client_b: Client, client_c: Client
) -> None:
    source = services.add_upload(personas.a, personas.couple, "Ada's secret work", ics(EVENING))
    assert "Ada&#x27;s secret work" in client_a.get("/calendars/").content.decode()
    for client in (client_b, client_c):
        assert "secret work" not in client.get("/calendars/").content.decode()
        assert client.get(f"/calendars/{source.pk}/status/").status_code == 404
        assert client.post(f"/calendars/{source.pk}/delete/").status_code == 404
        assert client.get(f"/api/v1/calendars/{source.pk}").status_code == 404
    assert client_b.get("/api/v1/calendars/").json() == []
    assert CalendarSource.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_windows_combine_both_partners_calendars(personas: Any, client_b: Client) -> None:
    services.add_upload(
        personas.a, personas.couple, "A", ics(("20260302T170000Z", "20260302T180000Z"))
    )
    services.add_upload(
        personas.b, personas.couple, "B", ics(("20260302T190000Z", "20260302T200000Z"))
    )
    found = client_b.get("/api/v1/calendars/windows").json()
    monday = [w for w in found if w["start"].startswith("2026-03-02")]
    # Berlin 18-22 minus A 18-19 and B 20-21: 19-20 and 21-22 (in UTC 18-19, 20-21).
    assert [(w["start"][11:16], w["end"][11:16]) for w in monday] == [
        ("18:00", "19:00"),
        ("20:00", "21:00"),
    ]


def test_either_partner_sets_the_couples_hours(personas: Any, client_b: Client) -> None:
    response = client_b.post(
        "/calendars/hours/",
        {
            "weekday_from": 19,
            "weekday_to": 23,
            "weekend_from": 10,
            "weekend_to": 20,
            "min_minutes": 60,
        },
    )
    assert response.status_code == 302
    assert services.planning_hours(personas.couple).weekday_from == 19
    response = client_b.post(
        "/calendars/hours/",
        {
            "weekday_from": 22,
            "weekday_to": 18,
            "weekend_from": 10,
            "weekend_to": 20,
            "min_minutes": 60,
        },
    )
    assert response.status_code == 400
    assert "end must come after the start" in response.content.decode()
    assert services.planning_hours(personas.couple).weekday_from == 19


@time_machine.travel(NOW, tick=False)
def test_calendars_page_query_count_is_fixed(personas: Any, client_a: Client) -> None:
    counts = []
    for size in (1, 4):
        while CalendarSource.objects.count() < size:
            services.add_upload(personas.a, personas.couple, "Cal", ics(EVENING))
        # Measured on a repeat view: what the first request of a session does
        # once (a session write, a user read the auth layer may cache) is not
        # what grows with the number of calendars.
        client_a.get("/calendars/")
        with CaptureQueriesContext(connection) as captured:
            assert client_a.get("/calendars/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 10


@time_machine.travel(NOW, tick=False)
def test_a_calendar_disconnected_while_it_is_read_stays_gone(personas: Any) -> None:
    services.add_subscription(personas.a, personas.couple, "Work", "https://cal.example/a.ics")

    def disconnect_then_answer(url: str) -> Fetched:
        CalendarSource.objects.get().delete()  # the owner taps Disconnect meanwhile
        return Fetched(url, ics(EVENING), "text/calendar")

    assert services.refresh_due(disconnect_then_answer) == 0
    assert not CalendarSource.objects.exists()
    assert not BusyInterval.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_surprise_while_reading_is_retried_later_not_every_few_seconds(personas: Any) -> None:
    source = services.add_subscription(
        personas.a, personas.couple, "Work", "https://cal.example/a.ics"
    )

    def broken(url: str) -> Fetched:
        raise RuntimeError("a bug")

    assert services.refresh_due(broken) == 0
    source.refresh_from_db()
    assert source.status == SourceStatus.ERROR
    assert "will be tried again" in source.message
    assert services.claim_due() == []
    with time_machine.travel(NOW + timedelta(hours=4, minutes=1), tick=False):
        assert len(services.claim_due()) == 1
