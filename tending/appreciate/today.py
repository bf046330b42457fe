"""Appreciate's card on the Today page: this week's shared count, one query.
Today calls `today_card` and includes `card.template`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tending.appreciate.services import week_count
from tending.couples.models import Membership


def today_card(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    if not membership.is_partner:
        return None
    return {
        "template": "appreciate/today_card.html",
        "week_count": week_count(membership.user, membership.couple),
    }
