"""The calendar feed: it parses, expands to the dates the app shows, and keeps secrets."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.test import Client

from tending.traditions import feed, services
from tending.traditions.models import CalendarFeed, Occurrence
from tending.traditions.tests.helpers import make_tradition, membership_of

WINDOW = (datetime(2025, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


def fetch(token: str) -> Any:
    return Client().get(f"/feed/{token}.ics")


def feed_instants(body: bytes, start: datetime, end: datetime) -> list[tuple[str, datetime]]:
    calendar = icalendar.Calendar.from_ical(body)
    found = []
    # Expanded over a wider window, then cut to the same instants as the app:
    # all-day events are matched by their local date.
    margin = timedelta(days=2)
    for event in recurring_ical_events.of(calendar).between(start - margin, end + margin):
        value = event["DTSTART"].dt
        if not isinstance(value, datetime):  # all-day: the local midnight
            value = datetime.combine(value, time.min, tzinfo=event_zone(calendar))
        if start <= value < end:
            found.append((str(event["SUMMARY"]), value.astimezone(UTC)))
    return sorted(found, key=lambda item: (item[1], item[0]))


def event_zone(calendar: icalendar.Calendar) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(str(calendar["X-WR-TIMEZONE"]))


def app_instants(start: datetime, end: datetime) -> list[tuple[str, datetime]]:
    rows = Occurrence.objects.filter(starts_at__gte=start, starts_at__lt=end).select_related(
        "tradition"
    )
    return sorted(
        ((o.tradition.name, o.starts_at) for o in rows), key=lambda item: (item[1], item[0])
    )


def build_history(personas: Any) -> None:
    """A year of traditions with DST changes, an edit, a pause and a resume."""
    a, b = personas.a, personas.b
    with time_machine.travel(datetime(2025, 12, 1, tzinfo=UTC), tick=False):
        pizza = make_tradition(a, "FREQ=WEEKLY;BYDAY=FR", date(2025, 12, 5), time(19, 0), 150)
        make_tradition(
            a, "FREQ=MONTHLY;BYDAY=-1FR", date(2025, 12, 1), time(20, 0), 120, name="Dinner out"
        )
        cuddle = make_tradition(
            b, "FREQ=WEEKLY;BYDAY=MO", date(2025, 12, 1), time(6, 45), 15, name="Monday cuddle"
        )
        make_tradition(b, "FREQ=DAILY", date(2025, 12, 1), None, None, name="Three good things")
        make_tradition(
            a,
            "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=12",
            date(2026, 6, 12),
            time(18, 0),
            180,
            name="Anniversary",
        )
        make_tradition(a, "", date(2026, 2, 14), time(20, 0), 180, name="Valentine's dinner")
        make_tradition(
            b, "FREQ=DAILY;COUNT=10", date(2026, 3, 25), time(2, 30), 10, name="Night owl"
        )
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=UTC), tick=False):
        services.change_schedule(
            pizza,
            b,
            services.ScheduleInput("FREQ=WEEKLY;BYDAY=FR,SA", date(2026, 3, 6), time(18, 30), 150),
        )
    with time_machine.travel(datetime(2026, 4, 8, 9, tzinfo=UTC), tick=False):
        services.pause(cuddle)
    with time_machine.travel(datetime(2026, 5, 20, 9, tzinfo=UTC), tick=False):
        services.resume(cuddle, a)
    for month in range(6, 13):
        services.plan_ahead(personas.couple, now=datetime(2026, month, 1, tzinfo=UTC))


def test_the_feed_expands_to_the_dates_the_app_shows(personas: Any) -> None:
    build_history(personas)
    _feed, token = feed.issue_feed(membership_of(personas.a))
    response = fetch(token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content

    start, end = datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    expected = app_instants(start, end)
    assert len(expected) > 400
    assert feed_instants(body, start, end) == expected


def test_the_feed_is_a_proper_calendar(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        make_tradition(personas.a, "FREQ=WEEKLY;BYDAY=FR", date(2026, 1, 2), time(19, 0), 150)
    _feed, token = feed.issue_feed(membership_of(personas.b))
    calendar = icalendar.Calendar.from_ical(fetch(token).content)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt == datetime(2026, 1, 2, 19, 0, tzinfo=event["DTSTART"].dt.tzinfo)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=FR"
    assert event["DURATION"].dt == timedelta(minutes=150)


def test_the_feed_keeps_the_rules_of_rfc_5545(personas: Any) -> None:
    """What a strict calendar app checks: CRLF lines folded at 75 octets, the
    calendar's VERSION and PRODID, a unique UID and a DTSTAMP on every event,
    and a VTIMEZONE for every TZID an event names."""
    build_history(personas)
    _feed, token = feed.issue_feed(membership_of(personas.b))
    body = fetch(token).content
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert not any(b"\n" in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == feed.PRODID
    events = calendar.walk("VEVENT")
    assert len(events) >= 7
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    for event in events:
        assert "DTSTAMP" in event
        assert "DTSTART" in event
        assert "DTEND" not in event or "DURATION" not in event
    named = {
        event["DTSTART"].params["TZID"] for event in events if "TZID" in event["DTSTART"].params
    }
    assert named == {"Europe/Berlin"}
    assert {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")} == named


def test_no_private_text_unless_the_partner_opts_in(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        make_tradition(
            personas.a,
            description="Our secret: the alarm rings early just to hold each other.",
            name="Monday",
        )
    subscription, token = feed.issue_feed(membership_of(personas.a))
    body = fetch(token).content.decode()
    assert "Monday" in body
    assert "secret" not in body
    assert "DESCRIPTION" not in body
    subscription.include_details = True
    subscription.save()
    body = fetch(token).content.decode()
    assert (
        "Our secret: the alarm rings early"
        in icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["DESCRIPTION"]
    )


def test_regenerating_stops_the_old_address_at_once(personas: Any) -> None:
    membership = membership_of(personas.a)
    _first, old_token = feed.issue_feed(membership)
    assert fetch(old_token).status_code == 200
    _second, new_token = feed.issue_feed(membership)
    assert fetch(old_token).status_code == 404
    assert fetch(new_token).status_code == 200
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1


@pytest.mark.parametrize("how", ["wrong", "revoked", "left the couple", "too long", "empty-ish"])
def test_a_feed_without_the_right_secret_is_a_plain_404(personas: Any, how: str) -> None:
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        make_tradition(personas.a, name="Friday pizza night")
    subscription, token = feed.issue_feed(membership_of(personas.a))
    if how == "wrong":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif how == "revoked":
        feed.revoke_feed(subscription)
    elif how == "left the couple":
        from tending.couples import services as couple_services

        couple_services.leave(membership_of(personas.a))
    elif how == "too long":
        token = "x" * 500
    else:
        token = "-"  # noqa: S105 - a forged token, not a secret
    response = fetch(token)
    assert response.status_code == 404
    text = response.content.decode()
    for secret in ("Friday pizza night", str(personas.couple.pk), personas.a.email, "A & B"):
        assert secret not in text
    assert "BEGIN:VCALENDAR" not in text


@pytest.mark.parametrize("how", ["revoked", "regenerated", "left the couple", "deactivated"])
def test_an_address_in_use_stops_at_once_though_its_lookup_is_kept(
    personas: Any, settings: Any, how: str
) -> None:
    settings.PAGE_CACHE_ENABLED = True
    membership = membership_of(personas.a)
    subscription, token = feed.issue_feed(membership)
    assert fetch(token).status_code == 200
    assert fetch(token).status_code == 200  # now answered from what was kept
    if how == "revoked":
        feed.revoke_feed(subscription)
    elif how == "regenerated":
        feed.issue_feed(membership)
    elif how == "left the couple":
        from tending.couples import services as couple_services

        couple_services.leave(membership)
    else:
        personas.a.is_active = False
        personas.a.save()
    assert fetch(token).status_code == 404


def test_a_partner_feed_shows_only_what_they_may_see(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        make_tradition(personas.a, name="Ours")
        make_tradition(personas.c, name="Someone else's")
    _feed, token = feed.issue_feed(membership_of(personas.b))
    body = fetch(token).content.decode()
    assert "Ours" in body
    assert "Someone else" not in body


def test_fetches_are_noted_at_most_hourly_in_a_fixed_number_of_queries(
    personas: Any, django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    subscription, token = feed.issue_feed(membership_of(personas.a))
    with time_machine.travel(datetime(2026, 1, 1, 12, tzinfo=UTC), tick=False):
        make_tradition(personas.a, name="One")
        fetch(token)
        subscription.refresh_from_db()
        assert subscription.last_fetched_at == datetime(2026, 1, 1, 12, tzinfo=UTC)
        # The second fetch within the hour writes nothing.
        with CaptureQueriesContext(connection) as first:
            assert fetch(token).status_code == 200
        assert not any(q["sql"].startswith("UPDATE") for q in first.captured_queries)
        for n in range(12):
            make_tradition(personas.b, "FREQ=DAILY", name=f"Ritual {n}")
        # Token, membership, seasons, and one query per other contributor,
        # however many traditions there are.
        with django_assert_num_queries(len(first.captured_queries)):
            assert fetch(token).content.count(b"BEGIN:VEVENT") == 13
