"""Demo history for Share: most days answered by both (revealed), some by one
only, replies and one-tap responses here and there; a deck the couple wrote;
today answered by the second partner only, so the first sees "answered" and
reveals both with their own answer."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from tending.demo import DemoCouple, contributes
from tending.lib.timezones import get_zone
from tending.share import daily, decks, services
from tending.share.models import Answer, AnswerResponse, DailyQuestion, Reply, ResponseKind

ANSWERS = (
    "Honestly, I had to think about this one for a while. The first thing that came up was "
    "the evening we cooked together with the window open.",
    "Probably the quiet mornings. I don't say it often, but they keep me going.",
    "I'm not sure yet. Can we talk about it at dinner? I have half an answer.",
    "When you make tea without asking, just because you noticed I was tired.",
    "This one made me a bit nervous. I think it's that I worry about work more than I let on.",
    "Walking by the river last spring, with nowhere to be.",
    "I'd like us to have more slow weekends, without plans.",
    "My grandmother's kitchen. I can still smell it.",
    "You, laughing at your own joke before you get to the end of it.",
    "I feel closest when we're doing something small side by side.",
    "That's a deep one. I think I'm still learning to ask for help.",
    "Saying it out loud feels strange, but: I'm proud of how we handled this year.",
)
OWN_DECK = (
    "Our Sunday questions",
    "Ones we came up with on walks.",
    (
        ("What should we never stop doing on Sundays?", "light"),
        ("Which of our habits would you keep if we moved far away?", "personal"),
        ("When did you last feel really looked after by me?", "deep"),
    ),
)
TODAY = "I noticed how much lighter you were after the weekend away. I want more of that for us."
REPLIES = (
    "I didn't know that. Tell me more tonight?",
    "Same here, more than you'd think.",
    "Thank you for writing this.",
    "That made me smile.",
    "Let's do that this weekend.",
    "I remember that too!",
)


@contributes
def share_history(demo: DemoCouple) -> None:
    rng = random.Random(f"share-{demo.couple.pk}")  # noqa: S311 - demo data
    couple = demo.couple
    zone = get_zone(couple.time_zone)
    settings, saved = daily.settings_of(couple)
    plan = daily.plan_of(demo.first, couple, settings, saved)
    today = daily.local_day(couple)
    first_day = today - timedelta(days=demo.weeks * 7)
    days, answers, replies, taps = [], [], [], []
    day = max(first_day, plan.start)
    while day < today:
        asked = daily.resolve(demo.first, couple, plan.ref_on(day))
        if asked is None or rng.random() < 0.2:  # some days nobody opened it
            day += timedelta(days=1)
            continue
        evening = datetime.combine(day, time(20, rng.randrange(0, 59)), tzinfo=zone)
        both = rng.random() < 0.85
        row = DailyQuestion(
            couple=couple,
            day=day,
            ref=asked.ref,
            text=asked.text,
            tier=asked.tier,
            theme=asked.theme,
            deck_name=asked.deck_name,
            created=evening,
            revealed_at=evening + timedelta(minutes=40) if both else None,
        )
        days.append(row)
        people = [demo.first, demo.second] if both else [rng.choice([demo.first, demo.second])]
        written = []
        for index, person in enumerate(people):
            answer = Answer(
                couple=couple,
                author=person,
                day=row,
                text=rng.choice(ANSWERS),
                created=evening + timedelta(minutes=10 + 30 * index),
            )
            written.append(answer)
        answers += written
        if both and rng.random() < 0.5:
            for index in range(rng.randint(1, 3)):
                replies.append(
                    Reply(
                        couple=couple,
                        author=people[index % 2],
                        day=row,
                        text=rng.choice(REPLIES),
                        created=evening + timedelta(minutes=50 + 5 * index),
                    )
                )
        if both and rng.random() < 0.6:
            target = written[0]
            taps.append(
                AnswerResponse(
                    couple=couple,
                    author=people[1],
                    answer=target,
                    kind=rng.choice(ResponseKind.values),
                    created=evening + timedelta(minutes=45),
                )
            )
        day += timedelta(days=1)
    DailyQuestion.objects.bulk_create(days)
    Answer.objects.bulk_create(answers)
    Reply.objects.bulk_create(replies)
    AnswerResponse.objects.bulk_create(taps)


@contributes
def share_today(demo: DemoCouple) -> None:
    """Through the same services as the pages, so the nudge and the plan follow."""
    name, description, questions = OWN_DECK
    deck = decks.create_deck(demo.first, name, description)
    for text, tier in questions:
        decks.add_question(demo.first, deck.pk, text, tier)
    services.answer(demo.second, TODAY)
