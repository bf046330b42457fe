"""Traditions done count as couple time in Balance (tending/balance/sources.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tending.balance.sources import Minutes, Window, source
from tending.couples.models import Couple
from tending.traditions.models import Occurrence, OccurrenceStatus

# A tradition without a set duration still took some time together.
DEFAULT_MINUTES = 30


@source("traditions", _("Traditions done"))
def traditions_minutes(user: Any, couple: Couple, window: Window) -> Minutes:
    done = (
        Occurrence.objects.visible_to(user)
        .filter(
            couple=couple,
            status=OccurrenceStatus.DONE,
            starts_at__gte=window.start,
            starts_at__lt=window.end,
        )
        .values_list("starts_at", "schedule__duration_minutes")
    )
    found: Minutes = {}
    for starts_at, minutes in done:
        day = window.day_of(starts_at)
        found[day] = found.get(day, 0) + (minutes or DEFAULT_MINUTES)
    return found
