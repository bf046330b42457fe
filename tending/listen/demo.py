"""Demo history for Listen: a session every week or two, rated by whoever
spoke, with "felt understood" slowly rising, and one written session."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from tending.demo import DemoCouple, contributes
from tending.listen.models import ListeningSession, Mode, Role, SessionRating, Step, Turn, TurnKind

TOPICS = (
    "How we split the weekend",
    "Visiting my parents",
    "Feeling rushed in the mornings",
    "Money for the holiday",
    "When I need space",
    "",
)
WRITTEN = (
    (TurnKind.PIECE, "I feel like I'm the one who always plans the weekends, and it tires me."),
    (TurnKind.REFLECTION, "What I heard is that planning falls on you and it wears you out."),
    (TurnKind.CONFIRM, ""),
    (TurnKind.PIECE, "I'd like us to take turns, even if your plans are simpler."),
    (TurnKind.REFLECTION, "You'd like us to alternate, and simple is fine."),
    (TurnKind.CONFIRM, ""),
)


@contributes
def listening_history(demo: DemoCouple) -> None:
    rng = random.Random(f"listen-{demo.couple.pk}")  # noqa: S311 - demo data
    now = timezone.now()
    count = min(30, max(2, demo.weeks // 2))
    for index in range(count):
        when = now - timedelta(days=(count - index) * 10 + rng.randint(0, 3), hours=3)
        speaker, listener = (demo.first, demo.second) if index % 2 else (demo.second, demo.first)
        written = index == count - 1
        session = ListeningSession.objects.create(
            couple=demo.couple,
            author=speaker,
            topic=rng.choice(TOPICS),
            mode=Mode.TOGETHER if index % 3 else Mode.APART,
            speaker=speaker,
            listener=listener,
            step=Step.ENDED,
            written=written,
            ended_at=when + timedelta(minutes=25),
            created=when,
        )
        steps = WRITTEN if written else [(k, "") for k, _t in WRITTEN]
        for seq, (kind, text) in enumerate(steps, start=1):
            role = Role.LISTENER if kind == TurnKind.REFLECTION else Role.SPEAKER
            Turn.objects.create(
                couple=demo.couple,
                author=speaker,
                session=session,
                seq=seq,
                kind=kind,
                role=role,
                person=listener if role == Role.LISTENER else speaker,
                text=text,
                created=when + timedelta(minutes=3 * seq),
            )
        # Felt understood rises over the weeks, with the ups and downs of real talks.
        base = 2.2 + 2.3 * index / max(1, count - 1)
        understood = max(1, min(5, round(base + rng.uniform(-0.8, 0.8))))
        SessionRating.objects.create(
            couple=demo.couple,
            author=speaker,
            session=session,
            speaker=speaker,
            understood=understood,
            validated=max(1, min(5, understood + rng.choice((-1, 0, 0, 1)))),
            cared_for=max(1, min(5, understood + rng.choice((0, 0, 1)))),
            created=when + timedelta(minutes=26),
        )
