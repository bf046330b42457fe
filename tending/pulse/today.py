"""Pulse's card on the Today page: this week's check-in (open, done, or
waiting for the partner), the active alert, and the daily tap for those who
chose it. Today calls `today_card` and includes `card.template`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tending.couples.models import Membership
from tending.pulse import questions as q
from tending.pulse import reading
from tending.pulse.models import ClosenessTap, PulsePreference
from tending.pulse.services import Viewer


def today_card(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    if not membership.is_partner:
        return None
    viewer = reading.viewer_for_membership(membership)
    status, alerts, daily_tap, tapped = reading.cached(
        viewer, "today", "", lambda: _card_state(viewer)
    )
    tap = None
    if daily_tap:
        tap = {"value": tapped, "circles": q.circles(), "next": request.path}
    return {
        "template": "pulse/today_card.html",
        "viewer": viewer,
        "status": status,
        "alert": next((a for a in alerts if not a.dismissed), None),
        "tap": tap,
    }


def _card_state(viewer: Viewer) -> tuple[Any, list[Any], bool, int | None]:
    status, alerts = reading.week_and_alerts(viewer)
    # One query for the preference and, when it is on, today's tap.
    daily_tap = bool(
        PulsePreference.objects.visible_to(viewer.user)
        .filter(couple=viewer.couple, author=viewer.user, daily_tap=True)
        .exists()
    )
    tapped = None
    if daily_tap:
        tapped = (
            ClosenessTap.objects.visible_to(viewer.user)
            .filter(couple=viewer.couple, author=viewer.user, day=viewer.today)
            .values_list("closeness", flat=True)
            .first()
        )
    return status, alerts, daily_tap, tapped
