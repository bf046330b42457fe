"""Series nudges: the weekly Pulse, today's question, the weekly digest.

Each partner has one row per series kind (key "series"), whose
`next_fire_at` is the next occurrence in their own time zone, at their chosen
time. The planner creates missing rows (new partners, a practice app just
installed) in small batches; after each delivery the worker moves the row to
the following occurrence with `next_occurrence`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from tending.couples.models import Membership
from tending.nudges import kinds, timing
from tending.nudges.models import KindPreference, Nudge
from tending.nudges.preferences import Effective, effective

SERIES = "series"
PLAN_BATCH = 1000


def pulse_days(couple_ids: Any) -> dict[Any, int]:
    """Each couple's Pulse check-in day (Monday 0), for those who chose one."""
    from tending.pulse.models import PulseSchedule

    return dict(
        PulseSchedule.objects.filter(couple_id__in=list(couple_ids)).values_list(
            "couple_id", "checkin_weekday"
        )
    )


def series_weekday(
    kind: kinds.Kind, preference: Effective, couple_id: Any, days: dict[Any, int] | None = None
) -> int:
    """The day of a weekly series: the couple's Pulse day for the Pulse."""
    if kind.slug == "pulse_open":
        from tending.pulse.weeks import DEFAULT_CHECKIN_WEEKDAY

        if days is None:
            days = pulse_days([couple_id])
        return days.get(couple_id, DEFAULT_CHECKIN_WEEKDAY)
    return preference.weekday if preference.weekday is not None else 6


def next_occurrence(
    kind: kinds.Kind,
    preference: Effective,
    zone_name: str,
    couple_id: Any,
    after: datetime,
    days: dict[Any, int] | None = None,
) -> datetime:
    clock = preference.at or kind.at
    assert clock is not None, f"series kind {kind.slug} needs a default time"
    if kind.schedule == "daily":
        return timing.next_daily(after, clock, zone_name)
    weekday = series_weekday(kind, preference, couple_id, days)
    return timing.next_weekly(after, weekday, clock, zone_name)


OCCURRENCE_FORMAT = "%Y%m%dT%H%M%SZ"


def occurrence_name(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(OCCURRENCE_FORMAT)


def occurrence_moment(name: str) -> datetime | None:
    """The planned moment a series occurrence is named after, if it is one."""
    try:
        return datetime.strptime(name, OCCURRENCE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def plan_missing(now: datetime | None = None, batch: int = PLAN_BATCH) -> int:
    """Create the series rows partners do not have yet; returns how many."""
    now = now or timezone.now()
    created = 0
    for kind in kinds.available():
        if not kind.has_time:
            continue
        missing = (
            Membership.objects.partners()
            .filter(user__is_active=True)
            .exclude(
                Exists(
                    Nudge.objects.filter(
                        recipient=OuterRef("user_id"),
                        kind=kind.slug,
                        key=SERIES,
                        next_fire_at__isnull=False,
                    )
                )
            )
            .select_related("user")[:batch]
        )
        rows = []
        members = list(missing)
        chosen = {
            p.user_id: p
            for p in KindPreference.objects.filter(
                user_id__in=[m.user_id for m in members], kind=kind.slug
            )
        }
        days = pulse_days({m.couple_id for m in members}) if kind.slug == "pulse_open" else {}
        for membership in members:
            preference = effective(kind, chosen.get(membership.user_id))
            fire_at = next_occurrence(
                kind, preference, membership.user.time_zone, membership.couple_id, now, days
            )
            rows.append(
                Nudge(
                    recipient_id=membership.user_id,
                    couple_id=membership.couple_id,
                    kind=kind.slug,
                    key=SERIES,
                    occurrence=occurrence_name(fire_at),
                    next_fire_at=fire_at,
                )
            )
        # A partner who left a couple and joined another has a dormant row:
        # wake it up rather than make a second one.
        dormant = set(
            Nudge.objects.filter(
                recipient_id__in=[row.recipient_id for row in rows], kind=kind.slug, key=SERIES
            ).values_list("recipient_id", flat=True)
        )
        for row in rows:
            if row.recipient_id in dormant:
                series = Nudge.objects.filter(
                    recipient_id=row.recipient_id, kind=kind.slug, key=SERIES
                )
                series.update(
                    couple_id=row.couple_id,
                    occurrence=row.occurrence,
                    next_fire_at=row.next_fire_at,
                    lease_until=None,
                    lease_owner="",
                )
        fresh = [row for row in rows if row.recipient_id not in dormant]
        Nudge.objects.bulk_create(fresh, ignore_conflicts=True)
        created += len(rows)
    return created


def replan_series(user: Any, slug: str, now: datetime | None = None) -> None:
    """Move the person's series to their new time (or day, or couple)."""
    now = now or timezone.now()
    kind = kinds.get(slug)
    membership = Membership.objects.partners().filter(user=user).first()
    if membership is None:
        Nudge.objects.filter(recipient=user, kind=slug, key=SERIES).delete()
        return
    preference = effective(kind, KindPreference.objects.filter(user=user, kind=slug).first())
    fire_at = next_occurrence(kind, preference, user.time_zone, membership.couple_id, now)
    updated = Nudge.objects.filter(recipient=user, kind=slug, key=SERIES).update(
        couple_id=membership.couple_id,
        next_fire_at=fire_at,
        occurrence=occurrence_name(fire_at),
    )
    if not updated:
        Nudge.objects.bulk_create(
            [
                Nudge(
                    recipient=user,
                    couple_id=membership.couple_id,
                    kind=slug,
                    key=SERIES,
                    occurrence=occurrence_name(fire_at),
                    next_fire_at=fire_at,
                )
            ],
            ignore_conflicts=True,
        )
