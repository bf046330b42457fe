"""The break notice every page shows: one indexed query, and only on pages
that draw the app shell (the value is lazy: fragments and JSON never ask)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import CharField, DateTimeField, OuterRef, Subquery, UUIDField
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from tending.appreciate.models import Break
from tending.appreciate.services import PROMPT_WINDOW
from tending.couples.models import Membership
from tending.lib.pagecache import keep_until
from tending.today.practices import BY_SLUG

DISMISSED_KEY = "appreciate_break_dismissed"


@dataclass(frozen=True)
class BreakState:
    is_partner: bool
    break_id: Any = None
    ends_at: datetime | None = None
    called_by_me: bool = False
    called_by: str = ""
    dismissed: bool = False

    @property
    def is_on(self) -> bool:
        return self.ends_at is not None and self.ends_at > timezone.now()

    @property
    def is_over(self) -> bool:
        return self.ends_at is not None and not self.is_on and not self.dismissed

    @property
    def listen_url(self) -> str:
        return BY_SLUG["listen"].url

    @property
    def seconds_left(self) -> int:
        if self.ends_at is None:
            return 0
        return max(1, int((self.ends_at - timezone.now()).total_seconds()) + 1)


def break_state(request: HttpRequest) -> BreakState:
    user: Any = request.user
    latest = (
        Break.objects.visible_to(user)
        .filter(couple=OuterRef("couple"), ends_at__gt=timezone.now() - PROMPT_WINDOW)
        .order_by("-ends_at")
    )
    row = (
        Membership.objects.partners()
        .filter(user=user)
        .annotate(
            # Explicit output fields: SQLite keeps UUIDs as text, and only a
            # UUIDField turns them back into UUIDs comparable with user.pk.
            break_id=Subquery(latest.values("id")[:1], output_field=UUIDField()),
            break_ends=Subquery(latest.values("ends_at")[:1], output_field=DateTimeField()),
            break_author=Subquery(latest.values("author_id")[:1], output_field=UUIDField()),
            break_author_name=Subquery(
                latest.values("author__display_name")[:1], output_field=CharField()
            ),
        )
        .values("break_id", "break_ends", "break_author", "break_author_name")
        .first()
    )
    if row is None:
        return BreakState(is_partner=False)
    if row["break_id"] is None:
        return BreakState(is_partner=True)
    # The notice changes by itself when the break ends and when the prompt to
    # come back goes: a kept page must not outlive either.
    keep_until(request, row["break_ends"])
    keep_until(request, row["break_ends"] + PROMPT_WINDOW)
    return BreakState(
        is_partner=True,
        break_id=row["break_id"],
        ends_at=row["break_ends"],
        called_by_me=row["break_author"] == user.pk,
        called_by=row["break_author_name"] or "",
        dismissed=request.session.get(DISMISSED_KEY) == str(row["break_id"]),
    )


def breaks(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"break_state": SimpleLazyObject(lambda: break_state(request))}
