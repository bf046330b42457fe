"""Share's card on the Today page: today's question and who has answered it.
Today calls `today_card` and includes `card.template`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tending.couples.models import Membership
from tending.share import daily
from tending.share.models import Answer


def today_card(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    if not membership.is_partner:
        return None
    user: Any = request.user
    today = daily.today_for(user, membership.couple)
    authors: set[Any] = set()
    if today.row is not None:
        # Who answered, never what: the text stays with the reveal rule.
        authors = set(
            Answer.objects.visible_to(user)
            .filter(day=today.row)
            .values_list("author_id", flat=True)
        )
    return {
        "template": "share/today_card.html",
        "asked": today.asked,
        "revealed": today.row is not None and today.row.revealed_at is not None,
        "mine": user.pk in authors,
        "partner_answered": bool(authors - {user.pk}),
    }
