"""Traditions' card on the Today page: the dates of this week still open,
today's first, with a one-tap "we did it". Two queries (a top-up check and
the dates). Today calls `today_card` and includes `card.template`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from tending.couples.models import Membership
from tending.traditions import reading, services
from tending.traditions.models import OccurrenceStatus

SHOWN = 3


def today_card(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    if not membership.is_partner:
        return None
    couple = membership.couple
    now = timezone.now()
    services.plan_ahead(couple, now)
    today = services.local_today(couple, now)
    start = services.local_midnight(today, couple.time_zone)
    _monday, _week_start, week_end = reading.week_bounds(couple, now)
    # Late in the week, the next few days still belong on the card.
    end = max(week_end, start + timedelta(days=3))
    dates = list(
        reading.occurrences_between(membership.user, couple, start, end).filter(
            status=OccurrenceStatus.PLANNED, tradition__paused_at__isnull=True
        )[:SHOWN]
    )
    if not dates:
        return None
    return {"template": "traditions/today_card.html", "dates": dates, "today": today}
