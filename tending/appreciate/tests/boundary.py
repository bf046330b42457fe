"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tending.appreciate.models import (
    Appreciation,
    AppreciationReaction,
    Break,
    Favourite,
    GoodNews,
    GoodNewsReply,
)
from tending.couples.boundary import Visibility


def objects(personas: Any) -> dict[str, object]:
    couple, a, b = personas.couple, personas.a, personas.b
    # A writes to B; B reacted and keeps it (the favourite is B's own).
    appreciation = Appreciation.objects.create(
        couple=couple,
        author=a,
        recipient=b,
        text="I saw how you stayed calm.",
        visibility=Visibility.PARTNER_THERAPIST,
    )
    AppreciationReaction.objects.create(
        couple=couple,
        author=b,
        appreciation=appreciation,
        reaction="heart",
        visibility=Visibility.PARTNER_THERAPIST,
    )
    Favourite.objects.create(
        couple=couple, author=b, appreciation=appreciation, visibility=Visibility.PRIVATE
    )
    news = GoodNews.objects.create(
        couple=couple, author=a, text="My talk was accepted.", visibility=Visibility.PARTNER
    )
    GoodNewsReply.objects.create(
        couple=couple,
        author=b,
        good_news=news,
        text="Tell me everything!",
        visibility=Visibility.PARTNER,
    )
    Break.objects.create(
        couple=couple,
        author=a,
        minutes=20,
        ends_at=timezone.now() + timedelta(minutes=20),
        visibility=Visibility.PARTNER,
    )
    return {"appreciation_id": appreciation.id, "goodnews_id": news.id}
