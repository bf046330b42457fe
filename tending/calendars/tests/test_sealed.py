"""Secret addresses are sealed at rest and open only for the worker."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client

from tending.calendars import sealed, services
from tending.calendars.fetch import Fetched
from tending.calendars.models import BusyInterval, CalendarSource, SourceStatus

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADDRESS = "https://calendar.example/calendar/ical/ada%40mail.example/private-7f3a9c/basic.ics"
ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
    b"DTSTART:20260302T170000Z\r\nDTEND:20260302T180000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def stored_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM calendars_calendarsource")
        return "\n".join(str(row) for row in cursor.fetchall())


def connect(personas: Any) -> CalendarSource:
    return services.add_subscription(personas.a, personas.couple, "Work", ADDRESS)


def test_the_database_never_holds_the_address_in_plain_text(personas: Any) -> None:
    source = connect(personas)
    rows = stored_rows()
    assert "private-7f3a9c" not in rows
    assert "ada%40mail" not in rows
    assert "calendar.example" in rows  # the hint, so the owner recognises it
    assert source.secret_address() == ADDRESS


def test_pages_and_api_show_only_the_hint(personas: Any, client_a: Client) -> None:
    source = connect(personas)
    page = client_a.get("/calendars/").content.decode()
    assert "https://calendar.example/…" in page
    assert "private-7f3a9c" not in page
    data = client_a.get(f"/api/v1/calendars/{source.pk}").json()
    assert data["address"] == "https://calendar.example/…"
    assert "private-7f3a9c" not in str(client_a.get("/api/v1/calendars/").json())


@time_machine.travel(NOW, tick=False)
def test_the_worker_fetches_the_full_address(personas: Any) -> None:
    source = connect(personas)
    asked: list[str] = []

    def fetcher(url: str) -> Fetched:
        asked.append(url)
        return Fetched(url, ICS, "text/calendar")

    assert services.refresh_due(fetcher) == 1
    assert asked == [ADDRESS]
    source.refresh_from_db()
    assert source.status == SourceStatus.OK


def test_a_sealed_address_does_not_open_on_another_calendar(personas: Any) -> None:
    first, second = connect(personas), connect(personas)
    second.sealed_address = first.sealed_address
    with pytest.raises(sealed.AddressUnreadable):
        second.secret_address()


@time_machine.travel(NOW, tick=False)
def test_a_rotated_key_opens_old_addresses_through_the_fallbacks(
    personas: Any, settings: Any
) -> None:
    source = connect(personas)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-" + "x9" * 30
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert CalendarSource.objects.get().secret_address() == ADDRESS
    # Without the old key the address is lost: the calendar says so and
    # keeps the busy times read before.
    services.refresh(source, lambda url: Fetched(url, ICS, "text/calendar"))
    settings.SECRET_KEY_FALLBACKS = []
    services.request_refresh(source)
    assert services.refresh_due(lambda url: Fetched(url, ICS, "text/calendar")) == 0
    source.refresh_from_db()
    assert source.status == SourceStatus.ERROR
    assert "Disconnect it and connect it again" in source.message
    assert BusyInterval.objects.filter(calendar=source).count() == 1


def test_a_damaged_sealed_value_is_unreadable_not_a_crash(personas: Any) -> None:
    source = connect(personas)
    for damaged in ("", "https://plain.example/x.ics", "v1:not base64!", "v1:AAAA"):
        source.sealed_address = damaged
        with pytest.raises(sealed.AddressUnreadable):
            source.secret_address()
