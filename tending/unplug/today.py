"""Unplug's card on the Today page: shown only while a session is on, so the
other partner can join in one tap. One query."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tending.couples.models import Membership
from tending.lib.pagecache import keep_until
from tending.unplug import services


def today_card(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    if not membership.is_partner:
        return None
    session = services.open_session(membership.couple, membership.user)
    if session is None:
        return None
    # A session left open stops counting after MAX_SESSION: the card goes then.
    keep_until(request, session.created + services.MAX_SESSION)
    return {"template": "unplug/today_card.html", "session": session}
