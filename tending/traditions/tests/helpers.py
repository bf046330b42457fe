"""Small makers for the Traditions tests."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from tending.couples.models import Membership
from tending.traditions import services
from tending.traditions.models import Tradition


def membership_of(user: Any) -> Membership:
    return Membership.objects.partners().select_related("couple").get(user=user)


def make_tradition(
    user: Any,
    rule: str = "FREQ=WEEKLY;BYDAY=FR",
    first_day: date = date(2026, 1, 2),
    at: time | None = time(19, 0),
    minutes: int | None = 120,
    name: str = "Friday pizza night",
    description: str = "Pizza on the sofa, a film picked in turns.",
    **extra: Any,
) -> Tradition:
    return services.create_tradition(
        membership_of(user),
        name,
        description,
        services.ScheduleInput(rule, first_day, at, minutes),
        **extra,
    )
