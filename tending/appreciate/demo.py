"""Demo data for Appreciate: a few weeks of notes, good news and a break or two."""

from __future__ import annotations

import random
from datetime import timedelta

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
from tending.demo import DemoCouple, contributes

NOTES = (
    ("thanks", "Thank you for making coffee before my early shift. I noticed."),
    ("admiration", "I saw how patient you were with your dad on the phone tonight."),
    ("validation", "It makes sense that Monday wore you out — that meeting was a lot."),
    ("", "I loved how you laughed at the film, properly, out loud."),
    ("thanks", "Thank you for taking the recycling down without me asking."),
    ("admiration", "You handled the landlord calmly. I'm proud of you."),
    ("validation", "You didn't say it, but I could tell the news about Jo hit you hard."),
    ("", "I appreciated the walk on Sunday. Just us, no plans."),
    ("thanks", "Thank you for listening to me go on about work for an hour."),
    ("admiration", "The way you kept trying with the bread until it worked — impressive."),
)
NEWS = (
    ("My proposal got approved!", ("That's brilliant — what did they say?", "I knew it!")),
    ("I ran 5 km without stopping.", ("Wow! How did it feel at the end?",)),
    ("The tomatoes are finally red.", ("Salad tonight, then? Show me!",)),
)
REACTIONS = ("heart", "hug", "smile", "thanks")


@contributes
def appreciate(demo: DemoCouple) -> None:
    rng = random.Random(f"appreciate-{demo.couple.pk}")  # noqa: S311 - sample data
    now = timezone.now()
    pair = ((demo.first, demo.second), (demo.second, demo.first))
    for week in range(demo.weeks):
        for _note in range(rng.randint(2, 5)):
            author, recipient = rng.choice(pair)
            kind, text = rng.choice(NOTES)
            when = now - timedelta(weeks=week, days=rng.random() * 6, hours=rng.random() * 5)
            note = Appreciation.objects.create(
                couple=demo.couple,
                author=author,
                recipient=recipient,
                kind=kind,
                text=text,
                visibility=Visibility.PARTNER,
                created=when,
            )
            if rng.random() < 0.6:
                AppreciationReaction.objects.create(
                    couple=demo.couple,
                    author=recipient,
                    appreciation=note,
                    reaction=rng.choice(REACTIONS),
                    visibility=note.visibility,
                    created=when + timedelta(hours=2),
                )
            if rng.random() < 0.2:
                Favourite.objects.create(
                    couple=demo.couple,
                    author=recipient,
                    appreciation=note,
                    visibility=Visibility.PRIVATE,
                    created=when + timedelta(hours=3),
                )
    for index, (text, answers) in enumerate(NEWS):
        sharer, other = pair[index % 2]
        when = now - timedelta(days=3 + index * 9)
        news = GoodNews.objects.create(
            couple=demo.couple,
            author=sharer,
            text=text,
            visibility=Visibility.PARTNER,
            created=when,
            felt_good_at=when + timedelta(hours=1) if index != 1 else None,
        )
        for offset, answer in enumerate(answers):
            GoodNewsReply.objects.create(
                couple=demo.couple,
                author=other,
                good_news=news,
                text=answer,
                visibility=news.visibility,
                created=when + timedelta(minutes=10 + offset * 5),
            )
    for days_ago, minutes, author in ((12, 20, demo.first), (30, 30, demo.second)):
        if days_ago < demo.weeks * 7:
            started = now - timedelta(days=days_ago, hours=2)
            Break.objects.create(
                couple=demo.couple,
                author=author,
                minutes=minutes,
                ends_at=started + timedelta(minutes=minutes),
                visibility=Visibility.PARTNER,
                created=started,
            )
