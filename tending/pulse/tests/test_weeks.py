"""What a week is: the couple's zone and check-in day define it, DST included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from tending.pulse.tests.helpers import form_data, utc
from tending.pulse.weeks import (
    WeekRefused,
    accept_week,
    closes_at,
    current_week,
    is_closed,
    local_today,
    open_weeks,
    week_containing,
)


@pytest.mark.parametrize(
    ("checkin_weekday", "first_day"),
    [(6, date(2025, 3, 10)), (0, date(2025, 3, 11)), (2, date(2025, 3, 6)), (5, date(2025, 3, 9))],
)
def test_a_week_ends_on_the_check_in_day(checkin_weekday: int, first_day: date) -> None:
    # Wednesday 12 March 2025, with weeks ending on Sunday, Monday, Wednesday or Saturday.
    start = week_containing(date(2025, 3, 12), checkin_weekday)
    assert start == first_day
    assert (start + timedelta(days=6)).weekday() == checkin_weekday
    # Every day of that week belongs to it, and the next day starts the next one.
    for offset in range(7):
        assert week_containing(start + timedelta(days=offset), checkin_weekday) == start
    assert week_containing(start + timedelta(days=7), checkin_weekday) == start + timedelta(days=7)


def test_weeks_across_the_spring_change_have_167_hours() -> None:
    # Berlin moves its clocks forward in the night to Sunday 30 March 2025.
    before = closes_at(date(2025, 3, 17), "Europe/Berlin")
    across = closes_at(date(2025, 3, 24), "Europe/Berlin")
    assert across - before == timedelta(hours=167)
    assert across == utc(2025, 3, 30, 22, 0)  # Monday 00:00 CEST


def test_weeks_across_the_autumn_change_have_169_hours() -> None:
    before = closes_at(date(2025, 10, 13), "Europe/Berlin")
    across = closes_at(date(2025, 10, 20), "Europe/Berlin")
    assert across - before == timedelta(hours=169)


@pytest.mark.parametrize(
    ("instant", "week"),
    [
        (utc(2025, 3, 30, 21, 59, 59), date(2025, 3, 24)),  # Sunday 23:59:59 CEST
        (utc(2025, 3, 30, 22, 0, 0), date(2025, 3, 31)),  # Monday 00:00 CEST
        (utc(2025, 3, 29, 22, 59, 59), date(2025, 3, 24)),  # Saturday 23:59:59 CET
    ],
)
def test_the_week_turns_at_local_midnight_after_the_check_in_day(instant, week) -> None:
    assert current_week("Europe/Berlin", 6, now=instant) == week


def test_a_zone_whose_midnight_does_not_exist_still_closes_once() -> None:
    # Santiago skips from Saturday 24:00 to Sunday 01:00 on 7 September 2025.
    start = week_containing(date(2025, 9, 6), 5)  # weeks end on Saturday
    instant = closes_at(start, "America/Santiago")
    just_before = instant - timedelta(seconds=1)
    assert not is_closed(start, local_today("America/Santiago", just_before))
    assert is_closed(start, local_today("America/Santiago", instant))


def test_the_southern_autumn_change_is_counted_too() -> None:
    # Sydney turns its clocks back on Sunday 6 April 2025.
    start = date(2025, 3, 31)
    assert closes_at(start, "Australia/Sydney") - closes_at(
        start - timedelta(days=7), "Australia/Sydney"
    ) == timedelta(hours=169)


def test_future_weeks_and_weeks_more_than_four_weeks_gone_are_refused() -> None:
    current = date(2025, 3, 10)
    assert open_weeks(current)[-1] == date(2025, 2, 10)
    for week in open_weeks(current):
        assert accept_week(week, current) == week
    with pytest.raises(WeekRefused, match="not started"):
        accept_week(date(2025, 3, 17), current)
    with pytest.raises(WeekRefused, match="more than four weeks gone"):
        accept_week(date(2025, 2, 3), current)


def test_the_couples_zone_defines_the_week_not_the_partners(personas, client_a) -> None:
    """Ada lives in Tokyo, the couple's zone is Los Angeles: when it is already
    Monday for Ada, it is still Sunday for the couple, so her check-in counts
    for the week that is ending."""
    personas.couple.time_zone = "America/Los_Angeles"
    personas.couple.save()
    personas.a.time_zone = "Asia/Tokyo"
    personas.a.save()
    from tending.pulse.models import CheckIn

    # Monday 17 March 12:00 in Tokyo; Sunday 16 March 20:00 in Los Angeles (PDT).
    with time_machine.travel(utc(2025, 3, 17, 3, 0), tick=False):
        response = client_a.post("/pulse/check-in/", form_data())
    assert response.status_code == 302
    assert CheckIn.objects.get(author=personas.a).week_start == date(2025, 3, 10)
