"""Moments the practices know ahead, turned into "at" nudges: a tradition
coming up, an unplug commitment starting, a date planned for today.

Every ten minutes the worker looks `HORIZON` ahead in each installed
practice and calls `hooks.schedule(...)` for both partners, keyed by the
event, so a second look changes nothing and a moved event moves its nudge.
Just before delivery the worker checks the event still stands (`RELEVANT`):
a skipped or deleted occurrence, a stopped commitment or a cancelled date is
let go. Reading the practices' own rows here keeps their code free of
scheduling; they may call `nudges.schedule` themselves instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format

from tending.couples.models import Membership
from tending.nudges import hooks, timing
from tending.nudges.models import Nudge

HORIZON = timedelta(hours=36)
MORNING = time(9, 0)
# Written out, not reversed: the worker never loads the URLconf (a test
# checks these against it).
PATHS = {"traditions": "/traditions/", "unplug": "/unplug/", "funlist": "/funlist/"}


def _partners(couple_ids: set[Any]) -> dict[Any, list[Any]]:
    found: dict[Any, list[Any]] = defaultdict(list)
    for membership in (
        Membership.objects.partners().filter(couple_id__in=couple_ids).select_related("user")
    ):
        found[membership.couple_id].append(membership.user)
    return found


def _clock(moment: datetime, zone_name: str) -> str:
    return time_format(moment.astimezone(timing.get_zone(zone_name)), "H:i")


def plan_traditions(now: datetime) -> int:
    from tending.traditions.models import Occurrence

    upcoming = list(
        Occurrence.objects.filter(
            starts_at__gt=now,
            starts_at__lte=now + HORIZON,
            status="",
            tradition__paused_at__isnull=True,
        ).select_related("tradition")
    )
    partners = _partners({o.couple_id for o in upcoming})
    for occurrence in upcoming:
        for person in partners[occurrence.couple_id]:
            hooks.schedule(
                person,
                "tradition_soon",
                at=occurrence.starts_at,
                couple=occurrence.couple_id,
                key=f"tradition:{occurrence.pk}",
                url=PATHS["traditions"],
                context={
                    "title": occurrence.tradition.name,
                    "when": f"{occurrence.on:%A} {_clock(occurrence.starts_at, person.time_zone)}",
                },
            )
    return len(upcoming)


def plan_unplug(now: datetime) -> int:
    from tending.unplug.models import Commitment

    commitments = list(Commitment.objects.filter(stopped_at__isnull=True).select_related("couple"))
    partners = _partners({c.couple_id for c in commitments})
    planned = 0
    for commitment in commitments:
        zone = commitment.couple.time_zone
        today = timing.local_date(now, zone)
        for day in (today, today + timedelta(days=1)):
            start = timing.at_local(day, commitment.starts, zone)
            if not commitment.applies_on(day) or not now < start <= now + HORIZON:
                continue
            planned += 1
            for person in partners[commitment.couple_id]:
                hooks.schedule(
                    person,
                    "unplug_starting",
                    at=start,
                    couple=commitment.couple_id,
                    key=f"unplug:{commitment.pk}:{day.isoformat()}",
                    url=PATHS["unplug"],
                    context={"title": commitment.text},
                )
    return planned


def plan_dates(now: datetime) -> int:
    from tending.funlist.models import PlannedDate

    upcoming = list(PlannedDate.objects.filter(start__gt=now, start__lte=now + HORIZON))
    partners = _partners({d.couple_id for d in upcoming})
    for planned in upcoming:
        for person in partners[planned.couple_id]:
            morning = timing.at_local(
                timing.local_date(planned.start, person.time_zone), MORNING, person.time_zone
            )
            hooks.schedule(
                person,
                "date_today",
                at=planned.start,
                fire_at=min(morning, planned.start - timedelta(hours=1)),
                couple=planned.couple_id,
                key=f"date:{planned.pk}",
                url=PATHS["funlist"],
                context={"title": planned.title},
            )
    return len(upcoming)


PLANNERS: dict[str, Callable[[datetime], int]] = {
    "tending.traditions": plan_traditions,
    "tending.unplug": plan_unplug,
    "tending.funlist": plan_dates,
}


def plan_upcoming(now: datetime | None = None) -> int:
    now = now or timezone.now()
    return sum(plan(now) for app, plan in PLANNERS.items() if apps.is_installed(app))


def _key_pk(nudge: Nudge) -> str:
    return nudge.key.split(":")[1]


def _tradition_stands(nudge: Nudge) -> bool:
    from tending.traditions.models import Occurrence

    return Occurrence.objects.filter(
        pk=_key_pk(nudge), status="", tradition__paused_at__isnull=True
    ).exists()


def _commitment_stands(nudge: Nudge) -> bool:
    from tending.unplug.models import Commitment

    return Commitment.objects.filter(pk=_key_pk(nudge), stopped_at__isnull=True).exists()


def _date_stands(nudge: Nudge) -> bool:
    from tending.funlist.models import PlannedDate

    return PlannedDate.objects.filter(pk=_key_pk(nudge)).exists()


# Checked just before delivery, for nudges whose key names such an event.
RELEVANT: dict[str, Callable[[Nudge], bool]] = {
    "tradition_soon": _tradition_stands,
    "unplug_starting": _commitment_stands,
    "date_today": _date_stands,
}


def _pulse_still_open(nudge: Nudge) -> bool:
    """No "the Pulse is open" to someone who has already checked in this week."""
    from tending.pulse.models import CheckIn, PulseSchedule
    from tending.pulse.weeks import DEFAULT_CHECKIN_WEEKDAY, current_week

    couple = nudge.couple
    if couple is None:
        return True
    weekday = (
        PulseSchedule.objects.filter(couple_id=couple.pk)
        .values_list("checkin_weekday", flat=True)
        .first()
    )
    week = current_week(couple.time_zone, DEFAULT_CHECKIN_WEEKDAY if weekday is None else weekday)
    return not CheckIn.objects.filter(
        couple_id=couple.pk, author_id=nudge.recipient_id, week_start=week
    ).exists()


def still_relevant(nudge: Nudge) -> bool:
    if nudge.kind == "pulse_open":
        return _pulse_still_open(nudge)
    check = RELEVANT.get(nudge.kind)
    if check is None or ":" not in nudge.key:
        return True
    try:
        return check(nudge)
    except (ValueError, LookupError, ValidationError):  # a key not made here: keep it
        return True
