"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tending.couples.boundary import Visibility
from tending.pulse.models import CheckIn, CheckInReflection, DriftAlert, SkippedWeek
from tending.pulse.weeks import DEFAULT_CHECKIN_WEEKDAY, WEEK, current_week, local_today

SHARED = {
    "week": "a date: every couple has a week containing it",
    "day": "a date: every couple has that day",
}


def objects(personas: Any) -> dict[str, object]:
    couple, a = personas.couple, personas.a
    this_week = current_week(couple.time_zone, DEFAULT_CHECKIN_WEEKDAY)
    # Last week has closed and B, who missed it, skipped it, so A's answers
    # are revealed to B; shared with the therapist too, so the therapist can
    # read it and must still not change it.
    checkin = CheckIn.objects.create(
        couple=couple,
        author=a,
        week_start=this_week - WEEK,
        disconnected=1,
        physical=2,
        conflict=0,
        lonely=1,
        trust=0,
        closeness=5,
        sat_happy=4,
        sat_rewarding=4,
        sat_at_ease=3,
        sat_glad=5,
        satisfaction=80,
        visibility=Visibility.PARTNER_THERAPIST,
    )
    SkippedWeek.objects.create(couple=couple, author=personas.b, week_start=this_week - WEEK)
    CheckInReflection.objects.create(
        couple=couple,
        author=a,
        checkin=checkin,
        feelings="grateful,tired",
        note="A long week, and a good Sunday walk.",
        visibility=Visibility.PARTNER,
    )
    alert = DriftAlert.objects.create(
        couple=couple,
        rule="sign",
        item="conflict",
        started_week=this_week - 3 * WEEK,
        last_week=this_week - WEEK,
        created=timezone.now(),
    )
    return {
        "checkin_id": checkin.id,
        "alert_id": alert.id,
        "week": this_week.isoformat(),
        "day": local_today(couple.time_zone).isoformat(),
    }
