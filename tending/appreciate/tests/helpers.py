"""Small makers for Appreciate's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tending.appreciate.models import Appreciation, Break, GoodNews, GoodNewsReply
from tending.couples.boundary import Visibility


def appreciation(
    personas: Any, author: Any = None, text: str = "I saw how you stayed calm.", **extra: Any
) -> Appreciation:
    author = author or personas.a
    recipient = personas.b if author == personas.a else personas.a
    extra.setdefault("visibility", Visibility.PARTNER)
    return Appreciation.objects.create(
        couple=personas.couple, author=author, recipient=recipient, text=text, **extra
    )


def good_news(
    personas: Any, author: Any = None, text: str = "I got the job!", **extra: Any
) -> GoodNews:
    extra.setdefault("visibility", Visibility.PARTNER)
    return GoodNews.objects.create(
        couple=personas.couple, author=author or personas.a, text=text, **extra
    )


def reply(
    personas: Any, news: GoodNews, author: Any = None, text: str = "Tell me more!"
) -> GoodNewsReply:
    return GoodNewsReply.objects.create(
        couple=personas.couple,
        author=author or personas.b,
        good_news=news,
        text=text,
        visibility=news.visibility,
    )


def a_break(
    personas: Any, author: Any = None, minutes: int = 20, ago: timedelta = timedelta()
) -> Break:
    started = timezone.now() - ago
    return Break.objects.create(
        couple=personas.couple,
        author=author or personas.a,
        minutes=minutes,
        ends_at=started + timedelta(minutes=minutes),
        created=started,
        visibility=Visibility.PARTNER,
    )
