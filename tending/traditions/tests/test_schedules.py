"""Schedules: recurrence in the couple's zone, DST, seasons, pausing, editing, bad rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tending.couples.services import CoupleActionRefused
from tending.traditions import services
from tending.traditions.models import Occurrence, OccurrenceStatus
from tending.traditions.tests.helpers import make_tradition


def local_times(tradition: Any, zone: str) -> list[str]:
    return [
        o.starts_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %a")
        for o in Occurrence.objects.filter(tradition=tradition).order_by("starts_at")
    ]


def utc_hours(tradition: Any, first: date, last: date) -> dict[str, int]:
    rows = Occurrence.objects.filter(tradition=tradition, on__gte=first, on__lte=last)
    return {o.on.isoformat(): o.starts_at.astimezone(UTC).hour for o in rows}


@time_machine.travel(datetime(2026, 2, 20, 12, tzinfo=UTC), tick=False)
def test_los_angeles_keeps_wall_clock_time_across_both_dst_changes(personas: Any) -> None:
    personas.couple.time_zone = "America/Los_Angeles"
    personas.couple.save()
    # Sunday brunch at 10:00: clocks spring forward on 8 March 2026 and fall
    # back on 1 November 2026.
    tradition = make_tradition(
        personas.a, "FREQ=WEEKLY;BYDAY=SU", date(2026, 3, 1), time(10, 0), 90, name="Brunch"
    )
    services.plan_ahead(personas.couple, now=datetime(2026, 10, 20, tzinfo=UTC))
    assert utc_hours(tradition, date(2026, 3, 1), date(2026, 3, 15)) == {
        "2026-03-01": 18,  # PST, UTC-8
        "2026-03-08": 17,  # PDT from that morning, UTC-7
        "2026-03-15": 17,
    }
    assert utc_hours(tradition, date(2026, 10, 25), date(2026, 11, 8)) == {
        "2026-10-25": 17,
        "2026-11-01": 18,  # back to PST
        "2026-11-08": 18,
    }
    assert all(t.endswith("10:00 Sun") for t in local_times(tradition, "America/Los_Angeles"))


@time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False)
def test_berlin_daily_ritual_across_spring_and_autumn(personas: Any) -> None:
    tradition = make_tradition(personas.a, "FREQ=DAILY", date(2026, 3, 27), time(22, 30), 5)
    services.plan_ahead(personas.couple, now=datetime(2026, 10, 20, tzinfo=UTC))
    assert utc_hours(tradition, date(2026, 3, 28), date(2026, 3, 30)) == {
        "2026-03-28": 21,  # CET, UTC+1
        "2026-03-29": 20,  # CEST from 02:00 that night, UTC+2
        "2026-03-30": 20,
    }
    assert utc_hours(tradition, date(2026, 10, 24), date(2026, 10, 26)) == {
        "2026-10-24": 20,
        "2026-10-25": 21,
        "2026-10-26": 21,
    }
    # One date a day, every day, whatever the length of the day.
    days = list(Occurrence.objects.filter(tradition=tradition).values_list("on", flat=True))
    assert days == [date(2026, 3, 27) + timedelta(days=n) for n in range(len(days))]


@time_machine.travel(datetime(2026, 3, 1, 6, tzinfo=UTC), tick=False)
def test_a_time_that_does_not_exist_moves_forward_like_calendar_apps(personas: Any) -> None:
    # 02:30 does not exist in Berlin on 29 March 2026: read with the offset
    # from before the change (RFC 5545), it is 03:30 summer time.
    tradition = make_tradition(personas.a, "FREQ=DAILY", date(2026, 3, 28), time(2, 30), 10)
    hours = {
        o.on: o.starts_at.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M")
        for o in Occurrence.objects.filter(tradition=tradition, on__lte=date(2026, 3, 30))
    }
    assert hours == {
        date(2026, 3, 28): "02:30",
        date(2026, 3, 29): "03:30",
        date(2026, 3, 30): "02:30",
    }


@time_machine.travel(datetime(2026, 1, 5, 9, tzinfo=UTC), tick=False)
def test_last_friday_of_the_month(personas: Any) -> None:
    tradition = make_tradition(
        personas.a, "FREQ=MONTHLY;BYDAY=-1FR", date(2026, 1, 1), time(19, 30), 150
    )
    days = [o.on for o in Occurrence.objects.filter(tradition=tradition)][:6]
    assert days == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
        date(2026, 4, 24),
    ]
    # Four months are stored ahead; the rest follow as time passes.
    services.plan_ahead(personas.couple, now=datetime(2026, 5, 1, tzinfo=UTC))
    later = list(Occurrence.objects.filter(tradition=tradition).values_list("on", flat=True))
    assert later[4:8] == [
        date(2026, 5, 29),
        date(2026, 6, 26),
        date(2026, 7, 31),
        date(2026, 8, 28),
    ]
    assert all(day.weekday() == 4 for day in later)


def test_pausing_keeps_history_and_resuming_keeps_the_rhythm(personas: Any) -> None:
    # Every other Friday from 2 January 2026.
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        tradition = make_tradition(personas.a, "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR")
    first = Occurrence.objects.get(tradition=tradition, on=date(2026, 1, 2))
    with time_machine.travel(datetime(2026, 1, 2, 22, tzinfo=UTC), tick=False):
        services.mark(first, personas.b, "done", "Margherita, and the film was awful.")
    with time_machine.travel(datetime(2026, 1, 20, tzinfo=UTC), tick=False):
        services.pause(tradition)
    tradition.refresh_from_db()
    assert tradition.is_paused
    assert tradition.next_to_remind() is None
    # Nothing is planned while paused; the past (done or not) is still there.
    days = list(Occurrence.objects.filter(tradition=tradition).values_list("on", "status"))
    assert days == [(date(2026, 1, 2), "done"), (date(2026, 1, 16), "")]
    with time_machine.travel(datetime(2026, 2, 18, tzinfo=UTC), tick=False):
        services.plan_ahead(personas.couple)  # a paused tradition is not topped up
        assert Occurrence.objects.filter(tradition=tradition).count() == 2
        services.resume(tradition, personas.b)
        tradition.refresh_from_db()
        assert tradition.next_to_remind().on == date(2026, 2, 27)
    resumed = list(
        Occurrence.objects.filter(tradition=tradition, on__gt=date(2026, 1, 20)).values_list(
            "on", flat=True
        )[:3]
    )
    # Still every other Friday counted from 2 January: 27 Feb, 13 Mar, 27 Mar.
    assert resumed == [date(2026, 2, 27), date(2026, 3, 13), date(2026, 3, 27)]
    with pytest.raises(CoupleActionRefused):
        services.resume(tradition, personas.b)


def test_editing_the_schedule_keeps_history(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        tradition = make_tradition(personas.a, "FREQ=WEEKLY;BYDAY=FR", at=time(19, 0))
    for day in (date(2026, 1, 2), date(2026, 1, 9)):
        occurrence = Occurrence.objects.get(tradition=tradition, on=day)
        with time_machine.travel(datetime(2026, 1, 10, tzinfo=UTC), tick=False):
            services.mark(occurrence, personas.a, "done")
    skipped_ahead = Occurrence.objects.get(tradition=tradition, on=date(2026, 1, 30))
    services.mark(skipped_ahead, personas.b, "skipped", "Away that weekend.")
    gone_ahead = Occurrence.objects.get(tradition=tradition, on=date(2026, 1, 23))
    services.mark(gone_ahead, personas.b, "skipped")

    # From the 12th: Saturdays and Fridays at 18:00 instead.
    with time_machine.travel(datetime(2026, 1, 12, 10, tzinfo=UTC), tick=False):
        services.change_schedule(
            tradition,
            personas.b,
            services.ScheduleInput("FREQ=WEEKLY;BYDAY=FR,SA", date(2026, 1, 12), time(18, 0), 90),
        )
    rows = Occurrence.objects.filter(tradition=tradition, on__lte=date(2026, 1, 31))
    seen = [(o.on, o.starts_at.astimezone(ZoneInfo("Europe/Berlin")).hour, o.status) for o in rows]
    assert seen == [
        (date(2026, 1, 2), 19, "done"),  # history keeps its old time and marks
        (date(2026, 1, 9), 19, "done"),
        (date(2026, 1, 16), 18, ""),
        (date(2026, 1, 17), 18, ""),
        (date(2026, 1, 23), 18, ""),  # the old 19:00 skip does not fit the new time
        (date(2026, 1, 24), 18, ""),
        (date(2026, 1, 30), 18, ""),
        (date(2026, 1, 31), 18, ""),
    ]
    assert tradition.schedules.count() == 2


def test_a_mark_made_ahead_carries_over_when_the_date_stays(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        tradition = make_tradition(personas.a, "FREQ=WEEKLY;BYDAY=FR", at=time(19, 0))
    services.mark(
        Occurrence.objects.get(tradition=tradition, on=date(2026, 1, 30)),
        personas.b,
        "skipped",
        "Away.",
    )
    with time_machine.travel(datetime(2026, 1, 12, tzinfo=UTC), tick=False):
        services.change_schedule(
            tradition,
            personas.a,
            services.ScheduleInput("FREQ=WEEKLY;BYDAY=FR,SU", date(2026, 1, 2), time(19, 0), 60),
        )
    kept = Occurrence.objects.get(tradition=tradition, on=date(2026, 1, 30))
    assert (kept.status, kept.note, kept.marked_by) == ("skipped", "Away.", personas.b)


@time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False)
def test_count_becomes_a_last_day(personas: Any) -> None:
    tradition = make_tradition(personas.a, "FREQ=WEEKLY;BYDAY=WE;COUNT=3", date(2026, 1, 1))
    schedule = tradition.schedules.get()
    assert (schedule.rule, schedule.last_day) == ("FREQ=WEEKLY;BYDAY=WE", date(2026, 1, 21))
    assert Occurrence.objects.filter(tradition=tradition).count() == 3


@time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False)
def test_a_one_off(personas: Any) -> None:
    tradition = make_tradition(personas.a, "", date(2026, 2, 14), time(20, 0), 180)
    assert [o.on for o in Occurrence.objects.filter(tradition=tradition)] == [date(2026, 2, 14)]


@time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("rule", "minutes", "message"),
    [
        ("FREQ=HOURLY", 30, "at most once a day"),
        ("FREQ=MINUTELY;INTERVAL=5", 30, "at most once a day"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", 30, "gives no dates"),
        ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11", 30, "gives no dates"),
        ("FREQ=WEEKLY;BYDAY=XX", 30, "could not be read"),
        ("FREQ=DAILY;BYHOUR=8,20", 30, "time of day in its own field"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20260301", 30, "not both"),
        ("FREQ=DAILY;UNTIL=20251201", 30, "ends before it starts"),
        ("BYDAY=MO", 30, "needs FREQ"),
        ("FREQ=WEEKLY;BYDAY=FR", -30, "between 1 minute and 24 hours"),
        ("FREQ=WEEKLY;BYDAY=FR", 25 * 60, "between 1 minute and 24 hours"),
        ("FREQ=WEEKLY;BYDAY=FR", 0, "between 1 minute and 24 hours"),
    ],
)
def test_bad_schedules_are_refused_and_nothing_is_stored(
    personas: Any, rule: str, minutes: int, message: str
) -> None:
    with pytest.raises(CoupleActionRefused, match=message) as refused:
        make_tradition(personas.a, rule, date(2026, 1, 1), time(19, 0), minutes)
    assert refused.value.status == 400
    assert not Occurrence.objects.exists()
    assert not services.Tradition.objects.exists()


@time_machine.travel(datetime(2026, 1, 7, 12, tzinfo=UTC), tick=False)
def test_done_waits_for_the_day_but_a_skip_may_be_said_ahead(personas: Any) -> None:
    tradition = make_tradition(personas.a, "FREQ=WEEKLY;BYDAY=FR", date(2026, 1, 2))
    ahead = Occurrence.objects.get(tradition=tradition, on=date(2026, 1, 9))
    with pytest.raises(CoupleActionRefused, match="still ahead"):
        services.mark(ahead, personas.a, "done")
    services.mark(ahead, personas.a, "skipped")
    ahead.refresh_from_db()
    assert ahead.status == OccurrenceStatus.SKIPPED
    services.mark(ahead, personas.a, "")
    ahead.refresh_from_db()
    assert (ahead.status, ahead.marked_by) == ("", None)
