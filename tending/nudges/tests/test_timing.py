"""Recurring nudges keep their local clock time across DST; quiet hours too."""

from __future__ import annotations

from datetime import UTC, datetime, time

import time_machine
from django.core import mail

from tending.nudges import kinds, planner, timing
from tending.nudges.models import Notification, Nudge
from tending.nudges.preferences import effective
from tending.nudges.tests.helpers import run

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"


def test_a_weekly_nudge_stays_at_19_00_local_across_the_spring_change():
    # Sunday 2026-03-22 19:00 CET is 18:00 UTC; a week later it is CEST: 17:00 UTC.
    first = timing.next_weekly(datetime(2026, 3, 20, tzinfo=UTC), 6, time(19), BERLIN)
    assert first == datetime(2026, 3, 22, 18, 0, tzinfo=UTC)
    second = timing.next_weekly(first, 6, time(19), BERLIN)
    assert second == datetime(2026, 3, 29, 17, 0, tzinfo=UTC)


def test_a_daily_nudge_across_the_autumn_change_in_new_york():
    first = timing.next_daily(datetime(2026, 10, 31, 22, 0, tzinfo=UTC), time(19, 30), NEW_YORK)
    assert first == datetime(2026, 10, 31, 23, 30, tzinfo=UTC)  # EDT, UTC-4
    second = timing.next_daily(first, time(19, 30), NEW_YORK)
    assert second == datetime(2026, 11, 2, 0, 30, tzinfo=UTC)  # EST, UTC-5: 25 hours later


def test_a_clock_time_that_does_not_exist_that_day_comes_just_after_the_gap():
    # 02:30 does not exist in Berlin on 2026-03-29: it becomes 03:30 CEST.
    moment = timing.at_local(datetime(2026, 3, 29).date(), time(2, 30), BERLIN)
    assert moment == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_quiet_hours_end_at_08_00_local_even_on_the_night_clocks_change():
    night = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # 00:00 CET, clocks jump at 02:00
    end = timing.quiet_until(night, time(22), time(8), BERLIN)
    assert end == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)  # 08:00 CEST


def test_quiet_hours_that_do_not_cross_midnight_and_none_at_all():
    noon = datetime(2026, 6, 1, 11, 30, tzinfo=UTC)  # 13:30 in Berlin
    assert timing.quiet_until(noon, time(13), time(14), BERLIN) == datetime(
        2026, 6, 1, 12, 0, tzinfo=UTC
    )
    assert timing.quiet_until(noon, time(14), time(15), BERLIN) is None
    assert timing.quiet_until(noon, time(0), time(0), BERLIN) is None


def test_the_digest_series_is_planned_and_moves_a_week_on_after_delivery(personas):
    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False) as clock:
        planner.plan_missing()
        digest = Nudge.objects.get(recipient=personas.b, kind="weekly_digest")
        # Sunday 18:00 in Berlin, CET.
        assert digest.next_fire_at == datetime(2026, 3, 22, 17, 0, tzinfo=UTC)
        clock.move_to(datetime(2026, 3, 22, 17, 0, 5, tzinfo=UTC))
        run()
        digest.refresh_from_db()
        # The next Sunday is in summer time: 18:00 CEST is 16:00 UTC.
        assert digest.next_fire_at == datetime(2026, 3, 29, 16, 0, tzinfo=UTC)
        assert digest.last_outcome == "delivered"


def test_series_follow_the_partners_own_zone():
    kind = kinds.get("today_question")
    preference = effective(kind, None)
    after = datetime(2026, 1, 5, 12, tzinfo=UTC)
    tokyo = planner.next_occurrence(kind, preference, "Asia/Tokyo", None, after)
    berlin = planner.next_occurrence(kind, preference, BERLIN, None, after)
    assert tokyo == datetime(2026, 1, 6, 10, 30, tzinfo=UTC)  # 19:30 JST
    assert berlin == datetime(2026, 1, 5, 18, 30, tzinfo=UTC)  # 19:30 CET


def test_no_pulse_reminder_for_someone_who_already_checked_in(personas):
    from tending.pulse.models import CheckIn
    from tending.pulse.weeks import current_week

    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False) as clock:
        planner.plan_missing()
        week = current_week(personas.couple.time_zone, 6)
        CheckIn.objects.create(
            couple=personas.couple, author=personas.a, week_start=week, disconnected=0,
            physical=0, conflict=0, lonely=0, trust=0, closeness=5, sat_happy=3,
            sat_rewarding=3, sat_at_ease=3, sat_glad=3, satisfaction=60,
        )  # fmt: skip
        clock.move_to(datetime(2026, 3, 22, 18, 0, 5, tzinfo=UTC))  # Sunday 19:00:05, CET
        run()
        ours = Notification.objects.filter(kind="pulse_open", couple=personas.couple)
        got = set(ours.values_list("recipient", flat=True))
        assert got == {personas.b.pk}
        mine = Nudge.objects.get(recipient=personas.a, kind="pulse_open")
        assert mine.last_outcome == "skipped: already done"
        assert mine.next_fire_at == datetime(2026, 3, 29, 17, 0, tzinfo=UTC)  # carries on


def test_a_reminder_that_would_be_stale_after_quiet_hours_comes_before_them():
    from datetime import timedelta

    lunch = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)  # 13:30 in Berlin
    quiet = (time(13), time(14), BERLIN)
    # Over by 14:00: at 12:45 Berlin, a quarter of an hour before quiet hours.
    stale_at = lunch + timedelta(minutes=20)
    assert timing.before_quiet_hours(lunch, stale_at, *quiet) == datetime(
        2026, 3, 10, 11, 45, tzinfo=UTC
    )
    # Still worth hearing at 14:00: it waits for the end, as any nudge does.
    assert timing.before_quiet_hours(lunch, lunch + timedelta(hours=1), *quiet) == lunch
    assert timing.before_quiet_hours(lunch, stale_at, time(0), time(0), BERLIN) == lunch


def test_a_changed_pulse_day_moves_the_reminder_instead_of_using_the_old_day(personas):
    from tending.pulse.models import PulseSchedule

    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False) as clock:
        planner.plan_missing()  # Sunday 22 March, 19:00 in Berlin (the default day)
        PulseSchedule.objects.create(couple=personas.couple, checkin_weekday=2)  # Wednesday
        clock.move_to(datetime(2026, 3, 22, 18, 0, 5, tzinfo=UTC))
        run()
        ours = Notification.objects.filter(kind="pulse_open", couple=personas.couple)
        assert not ours.exists()
        moved = Nudge.objects.get(recipient=personas.b, kind="pulse_open")
        # Wednesday 25 March, 19:00 in Berlin.
        assert moved.next_fire_at == datetime(2026, 3, 25, 18, 0, tzinfo=UTC)
        clock.move_to(datetime(2026, 3, 25, 18, 0, 5, tzinfo=UTC))
        run()
        reached = Notification.objects.filter(kind="pulse_open", couple=personas.couple)
        assert sorted(reached.values_list("recipient", flat=True)) == sorted(
            [personas.a.pk, personas.b.pk]
        )


def test_a_digest_held_past_midnight_by_quiet_hours_still_comes(personas):
    from tending.nudges import preferences

    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False) as clock:
        preferences.save_kind(personas.b, "weekly_digest", at=time(23, 30))  # Sunday, quiet
        clock.move_to(datetime(2026, 3, 22, 22, 30, 5, tzinfo=UTC))  # Sunday 23:30:05 CET
        run()
        held = Nudge.objects.get(recipient=personas.b, kind="weekly_digest")
        assert held.next_fire_at == datetime(2026, 3, 23, 7, 0, tzinfo=UTC)  # Monday 08:00
        clock.move_to(datetime(2026, 3, 23, 7, 0, 5, tzinfo=UTC))
        run()
        held.refresh_from_db()
        assert held.last_outcome == "delivered"
        assert [m.subject for m in mail.outbox] == ["Your week together"]
