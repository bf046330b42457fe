"""Finding when both partners are free (tending/calendars/windows.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tending.calendars.windows import Hours, free_windows, merge

BERLIN = ZoneInfo("Europe/Berlin")
EVENINGS = Hours(weekday_from=18, weekday_to=22, weekend_from=10, weekend_to=22, min_minutes=45)


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = BERLIN, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=zone)


def spans(windows: list, zone: ZoneInfo = BERLIN) -> list[str]:
    return [
        f"{w.start.astimezone(zone):%a %d %H:%M}-{w.end.astimezone(zone):%H:%M}" for w in windows
    ]


# Monday 2 March 2026, 09:00 in Berlin.
NOW = at(2, 9)


def test_empty_calendars_leave_every_preferred_hour_free() -> None:
    found = free_windows([], EVENINGS, "Europe/Berlin", NOW, days=7)
    assert spans(found) == [
        "Mon 02 18:00-22:00",
        "Tue 03 18:00-22:00",
        "Wed 04 18:00-22:00",
        "Thu 05 18:00-22:00",
        "Fri 06 18:00-22:00",
        "Sat 07 10:00-22:00",
        "Sun 08 10:00-22:00",
    ]


def test_busy_times_are_cut_out_and_short_gaps_dropped() -> None:
    busy = [
        (at(2, 18), at(2, 19)),  # Monday: 19-22 left
        (at(3, 18, 30), at(3, 21, 45)),  # Tuesday: 30 and 15 minutes left: too short
    ]
    found = free_windows(busy, EVENINGS, "Europe/Berlin", NOW, days=2)
    assert spans(found) == ["Mon 02 19:00-22:00"]


def test_back_to_back_events_leave_no_gap() -> None:
    busy = [(at(2, 18), at(2, 19)), (at(2, 19), at(2, 20)), (at(2, 20), at(2, 21, 30))]
    found = free_windows(busy, EVENINGS, "Europe/Berlin", NOW, days=1)
    assert spans(found) == []  # only 21:30-22:00 is left: shorter than 45 minutes
    shorter = Hours(18, 22, 10, 22, min_minutes=30)
    assert spans(free_windows(busy, shorter, "Europe/Berlin", NOW, days=1)) == [
        "Mon 02 21:30-22:00"
    ]
    # Exactly the shortest length is enough.
    exact = [(at(2, 18), at(2, 21, 15))]
    assert spans(free_windows(exact, EVENINGS, "Europe/Berlin", NOW, days=1)) == [
        "Mon 02 21:15-22:00"
    ]


def test_overlapping_calendars_of_both_partners() -> None:
    mine = [(at(2, 17), at(2, 19))]
    theirs = [(at(2, 18, 30), at(2, 20))]
    found = free_windows(mine + theirs, EVENINGS, "Europe/Berlin", NOW, days=1)
    assert spans(found) == ["Mon 02 20:00-22:00"]
    assert merge(mine + theirs) == [(at(2, 17), at(2, 20))]


def test_an_all_day_or_multi_day_event_blocks_whole_days() -> None:
    # Thursday 00:00 to Saturday 00:00 (a two-day trip).
    busy = [(at(5, 0), at(7, 0))]
    found = free_windows(busy, EVENINGS, "Europe/Berlin", at(5, 9), days=3)
    assert spans(found) == ["Sat 07 10:00-22:00"]


def test_an_event_running_past_midnight_into_the_next_evening() -> None:
    busy = [(at(2, 21), at(3, 19))]
    found = free_windows(busy, EVENINGS, "Europe/Berlin", NOW, days=2)
    assert spans(found) == ["Mon 02 18:00-21:00", "Tue 03 19:00-22:00"]


def test_the_window_starts_now_when_now_is_inside_it() -> None:
    found = free_windows([], EVENINGS, "Europe/Berlin", at(2, 19, 2), days=1)
    assert spans(found) == ["Mon 02 19:05-22:00"]  # rounded up to 5 minutes


def test_hours_are_the_couples_wall_clock_across_dst() -> None:
    # Clocks go forward in Berlin on Sunday 29 March 2026 at 02:00.
    saturday = at(28, 8)
    found = free_windows([], EVENINGS, "Europe/Berlin", saturday, days=2)
    assert spans(found) == ["Sat 28 10:00-22:00", "Sun 29 10:00-22:00"]
    # In UTC the Sunday window starts an hour earlier than Saturday's.
    assert found[0].start.astimezone(UTC).hour == 9
    assert found[1].start.astimezone(UTC).hour == 8
    assert found[0].minutes == found[1].minutes == 12 * 60


def test_time_zones_the_couple_zone_defines_the_day_for_both() -> None:
    # A partner in New York is busy 13:00-15:00 their time on Monday: that is
    # 19:00-21:00 in Berlin, the couple's zone.
    new_york = ZoneInfo("America/New_York")
    busy = [(datetime(2026, 3, 2, 13, tzinfo=new_york), datetime(2026, 3, 2, 15, tzinfo=new_york))]
    # New York switched to summer time on 8 March; on 2 March it is UTC-5.
    found = free_windows(busy, EVENINGS, "Europe/Berlin", NOW, days=1)
    assert spans(found) == ["Mon 02 18:00-19:00", "Mon 02 21:00-22:00"]
    # The same windows seen from Tokyo's zone as the couple's zone are other hours.
    tokyo = free_windows([], EVENINGS, "Asia/Tokyo", NOW, days=1)
    assert spans(tokyo, ZoneInfo("Asia/Tokyo")) == ["Mon 02 18:00-22:00"]


def test_the_default_is_fourteen_days() -> None:
    found = free_windows([], EVENINGS, "Europe/Berlin", NOW)
    assert len(found) == 14
    assert found[-1].start.date() == (NOW + timedelta(days=13)).date()


def test_minutes_of_a_window() -> None:
    found = free_windows([], EVENINGS, "Europe/Berlin", NOW, days=1)
    assert found[0].minutes == 240
