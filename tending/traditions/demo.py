"""Demo traditions: a few rituals from the gallery with weeks of history —
most dates done, some skipped, one paused — and what each means to each partner."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from tending.couples.models import Membership
from tending.demo import DemoCouple, contributes
from tending.traditions import ideas, services
from tending.traditions.models import Occurrence, OccurrenceStatus

PICKS = (
    ("friday-pizza", 0.85, (5, 4)),
    ("monday-cuddle", 0.7, (4, 5)),
    ("goodnight-three", 0.55, (3, 4)),
    ("last-friday-dinner-out", 0.9, (4, 4)),
    ("sunday-walk", 0.6, (5, 3)),
)
NOTES = ("Best one in ages.", "We laughed a lot.", "Short, but it counted.", "")


@contributes
def demo_traditions(demo: DemoCouple) -> None:
    rng = random.Random(f"traditions-{demo.couple.pk}")  # noqa: S311 - sample data
    memberships = {
        m.user_id: m
        for m in Membership.objects.partners().filter(couple=demo.couple).select_related("couple")
    }
    people = [demo.first, demo.second]
    now = timezone.now()
    start = services.local_today(demo.couple, now) - timedelta(weeks=demo.weeks)
    for index, (key, done_rate, meanings) in enumerate(PICKS):
        idea = ideas.BY_KEY[key]
        author = people[index % 2]
        first_day = idea.first_day(start)
        tradition = services.create_tradition(
            memberships[author.pk],
            str(idea.name),
            str(idea.description),
            services.ScheduleInput(idea.rule(first_day), first_day, idea.at, idea.minutes),
            idea=idea.key,
            now=now,
        )
        for person, value in zip(people, meanings, strict=True):
            services.set_meaning(tradition, person, value)
        past = Occurrence.objects.filter(tradition=tradition, starts_at__lte=now)
        for occurrence in past:
            roll = rng.random()
            if roll < done_rate:
                status, note = OccurrenceStatus.DONE, rng.choice(NOTES)
            elif roll < done_rate + 0.1:
                status, note = OccurrenceStatus.SKIPPED, ""
            else:
                continue
            occurrence.status, occurrence.note = status, note
            occurrence.marked_by = rng.choice(people)
            occurrence.marked_at = occurrence.starts_at + timedelta(hours=2)
        Occurrence.objects.bulk_update(past, ["status", "note", "marked_by", "marked_at"])
        if key == "sunday-walk":
            services.pause(tradition, now=now - timedelta(days=3))
