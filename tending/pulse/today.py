"""Pulse's card on the Today page: this week's check-in (open, done, or
waiting for the partner), the active alert, and the daily tap for those who
chose it. Today calls `today_card` and includes `card.template`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tending.couples.models import Membership
from tending.pulse import questions as q
from tending.pulse import reading, services
from tending.pulse.models import ClosenessTap, PulsePreference


def today_card(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    if not membership.is_partner:
        return None
    viewer = reading.viewer_for_membership(membership)
    status = services.week_status(viewer)
    alerts = [a for a in reading.ongoing_alerts(viewer) if not a.dismissed]
    # One query for the preference and, when it is on, today's tap.
    preference = (
        PulsePreference.objects.visible_to(viewer.user)
        .filter(couple=viewer.couple, author=viewer.user, daily_tap=True)
        .values_list("daily_tap", flat=True)
        .first()
    )
    tap = None
    if preference:
        tap = {
            "value": ClosenessTap.objects.visible_to(viewer.user)
            .filter(couple=viewer.couple, author=viewer.user, day=viewer.today)
            .values_list("closeness", flat=True)
            .first(),
            "circles": q.circles(),
            "next": request.path,
        }
    return {
        "template": "pulse/today_card.html",
        "viewer": viewer,
        "status": status,
        "alert": alerts[0] if alerts else None,
        "tap": tap,
    }
