"""The fun list's card on Today: a date planned for today, or the next one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from tending.couples.models import Membership
from tending.funlist.models import PlannedDate
from tending.lib.pagecache import keep_until
from tending.lib.timezones import get_zone


def today_card(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    """One query: the next planned date that has not ended yet, if any."""
    if not membership.is_partner:
        return None
    now = timezone.now()
    plan = (
        PlannedDate.objects.visible_to(request.user)
        .filter(couple_id=membership.couple_id, end__gt=now)
        .order_by("start")
        .only("id", "title", "start", "end")
        .first()
    )
    if plan is None:
        return None
    # Once it has ended, the card shows the next one.
    keep_until(request, plan.end)
    zone = get_zone(membership.couple.time_zone)
    return {
        "template": "funlist/today_card.html",
        "plan": plan,
        "zone": zone,
        "is_today": plan.start.astimezone(zone).date() <= now.astimezone(zone).date(),
    }
