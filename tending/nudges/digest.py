"""The weekly digest: what a couple did together this week, in warm words.

Each practice contributes sentences with `@digest.part`; a part gets the
recipient, their couple's id and the start of the week, and returns zero or
more sentences. No scores, no comparisons, nothing one partner wrote
privately: only things both partners can see. A quiet week gets a kind word,
never a reproach.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

log = logging.getLogger("tending.nudges")

Part = Callable[[Any, Any, datetime], list[str]]
PARTS: list[Part] = []


def part(func: Part) -> Part:
    PARTS.append(func)
    return func


def lines_for(user: Any, couple_id: Any, until: datetime) -> list[str]:
    since = until - timedelta(days=7)
    lines: list[str] = []
    for make in PARTS:
        try:
            lines += make(user, couple_id, since)
        except Exception:  # one practice's hiccup must not cost the whole digest
            log.exception("digest part %s failed", getattr(make, "__name__", make))
    if not lines:
        lines.append(
            _(
                "A quieter week in Tending. Whenever you like, one small thing together — "
                "a note of thanks, a question, ten minutes without phones — is plenty."
            )
        )
    return lines


@part
def _appreciate(user: Any, couple_id: Any, since: datetime) -> list[str]:
    if not apps.is_installed("tending.appreciate"):
        return []
    from tending.appreciate.models import Appreciation, GoodNews

    notes = Appreciation.objects.visible_to(user).filter(couple_id=couple_id, created__gte=since)
    lines = []
    count = notes.count()
    if count:
        lines.append(
            ngettext(
                "You shared %(count)d appreciation with each other.",
                "You shared %(count)d appreciations with each other.",
                count,
            )
            % {"count": count}
        )
    news = GoodNews.objects.visible_to(user).filter(couple_id=couple_id, created__gte=since)
    if news.exists():
        lines.append(_("Good news was shared, and celebrated together."))
    return lines


@part
def _pulse(user: Any, couple_id: Any, since: datetime) -> list[str]:
    if not apps.is_installed("tending.pulse"):
        return []
    from tending.pulse.models import CheckIn

    authors = set(
        CheckIn.objects.visible_to(user)
        .filter(couple_id=couple_id, created__gte=since)
        .values_list("author_id", flat=True)
    )
    if len(authors) >= 2:
        return [_("You both took a moment for your weekly Pulse.")]
    return []
