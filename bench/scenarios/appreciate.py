"""Appreciate (issue 5): the Appreciate page and its list API for a couple with
three years of appreciations (about five a week, reacted to and some kept),
good news and breaks. Both run a fixed number of queries whatever the history
(asserted in tending/appreciate/tests), must reach 40% of the ceiling's
requests/s and keep p99 under 100 ms."""

from __future__ import annotations

import random
import time
from datetime import timedelta

from bench.scenarios import Context, Measurement, Target

YEARS = 3
PER_WEEK = 5
BATCH = 2000


def prepare(ctx: Context) -> None:
    from django.utils import timezone

    from tending.appreciate.demo import NOTES
    from tending.appreciate.models import (
        Appreciation,
        AppreciationReaction,
        Break,
        Favourite,
        GoodNews,
        GoodNewsReply,
    )

    rng = random.Random("bench-appreciate")
    couple, a, b = ctx.couple(), ctx.user("a"), ctx.user("b")
    now = timezone.now()
    started = time.perf_counter()
    notes, reactions, favourites = [], [], []
    for week in range(52 * YEARS):
        for _ in range(PER_WEEK):
            author, recipient = (a, b) if rng.random() < 0.5 else (b, a)
            kind, text = rng.choice(NOTES)
            when = now - timedelta(weeks=week, hours=rng.random() * 160)
            note = Appreciation(
                couple=couple,
                author=author,
                recipient=recipient,
                kind=kind,
                text=text,
                visibility="partner",
                created=when,
            )
            notes.append(note)
            if rng.random() < 0.6:
                reactions.append(
                    AppreciationReaction(
                        couple=couple,
                        author=recipient,
                        appreciation=note,
                        reaction=rng.choice(("heart", "hug", "smile", "thanks")),
                        visibility="partner",
                        created=when,
                    )
                )
            if rng.random() < 0.15:
                favourites.append(
                    Favourite(
                        couple=couple,
                        author=recipient,
                        appreciation=note,
                        visibility="private",
                        created=when,
                    )
                )
    Appreciation.objects.bulk_create(notes, batch_size=BATCH)
    AppreciationReaction.objects.bulk_create(reactions, batch_size=BATCH)
    Favourite.objects.bulk_create(favourites, batch_size=BATCH)
    for month in range(12 * YEARS):
        when = now - timedelta(days=30 * month + 3)
        news = GoodNews.objects.create(
            couple=couple,
            author=a if month % 2 else b,
            text="Something went well today.",
            visibility="partner",
            created=when,
        )
        GoodNewsReply.objects.create(
            couple=couple,
            author=b if month % 2 else a,
            good_news=news,
            text="Tell me everything!",
            visibility="partner",
            created=when,
        )
        Break.objects.create(
            couple=couple,
            author=a,
            minutes=20,
            ends_at=when + timedelta(minutes=20),
            visibility="partner",
            created=when,
        )
    took = time.perf_counter() - started
    print(
        f"  appreciate: {len(notes)} appreciations, {len(reactions)} reactions, "
        f"{len(favourites)} favourites in {took:.1f} s",
        flush=True,
    )


def targets(ctx: Context) -> list[Target]:
    return [
        Target(
            name="Appreciate page (3 years of notes)",
            path="/appreciate/",
            auth="session",
            min_ratio=0.40,
            max_p99_ms=100,
            expect_text="appreciations between you this week",
        ),
        Target(
            name="GET /api/v1/appreciate/appreciations (token)",
            path="/api/v1/appreciate/appreciations?box=received",
            auth="token",
            headers={"Accept": "application/json"},
            min_ratio=0.40,
            max_p99_ms=100,
            expect_text='"recipient_id"',
        ),
    ]


def in_process(ctx: Context) -> list[Measurement]:
    # Reported without a limit: app time without the server, to tell the two apart.
    from django.test import Client

    page = ctx.client("a")
    api = Client(HTTP_HOST="127.0.0.1", headers={"Authorization": f"Bearer {ctx.a.token}"})

    def home() -> None:
        assert page.get("/appreciate/").status_code == 200

    def jar_last_page() -> None:
        assert page.get("/appreciate/jar/?show=received&page=20").status_code == 200

    def listing() -> None:
        assert api.get("/api/v1/appreciate/appreciations").status_code == 200

    return [
        ctx.time("Appreciate page, in-process", home, n=200),
        ctx.time("Appreciation jar, page 20, in-process", jar_last_page, n=100),
        ctx.time("Appreciations API list, in-process", listing, n=200),
    ]
