"""What the couple may see of two private answers: the one place that decides.

Each partner's yes, maybe or not-for-me is theirs alone. The couple sees
only what both answers allow together:

- `mutual == "yes"`: both said yes (the mutual-yes lane);
- `mutual == "maybe"`: both said yes or maybe, not both yes;
- `mutual == ""`: anything else — one has not answered yet, or one said not
  for me. The two cases look exactly alike, so a "not for me" is never
  shown to the other partner as a rejection: such an idea simply does not
  appear in the lanes and suggestions.

Every list of ideas in pages, the API and the picker comes from
`ideas_for`; nothing else reads another partner's answers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from tending.couples.models import Couple, Membership
from tending.funlist.models import Answer, FunIdea, Memory

MUTUAL_YES = "yes"
MUTUAL_MAYBE = "maybe"


def ideas_for(user: Any, couple: Couple) -> QuerySet[FunIdea]:
    """The couple's ideas as `user` may see them, each annotated with
    `my_answer` (their own, or ""), `mutual` (above), `times_done` and
    `last_done` (from the memories, which are shared by nature).

    One query: the ideas grouped with their answers (no subquery per answer),
    and the memories counted by an indexed subquery each."""
    partner_ids = list(
        Membership.objects.partners().filter(couple=couple).values_list("user_id", flat=True)
    )
    memories = Memory.objects.visible_to(user).filter(idea=OuterRef("pk")).order_by().values("idea")
    return (
        FunIdea.objects.visible_to(user)
        .filter(couple=couple)
        # Counted inside the database and never returned: only `mutual` leaves.
        .alias(
            _yes=Count(
                "answers",
                filter=Q(answers__answer=Answer.YES, answers__author__in=partner_ids),
            ),
            _open=Count(
                "answers",
                filter=Q(
                    answers__answer__in=[Answer.YES, Answer.MAYBE],
                    answers__author__in=partner_ids,
                ),
            ),
        )
        .annotate(
            my_answer=Coalesce(
                Max("answers__answer", filter=Q(answers__author=user)),
                Value(""),
                output_field=CharField(),
            ),
            mutual=Case(
                When(_yes__gte=2, then=Value(MUTUAL_YES)),
                When(_open__gte=2, then=Value(MUTUAL_MAYBE)),
                default=Value(""),
                output_field=CharField(),
            ),
            times_done=Coalesce(
                Subquery(memories.annotate(n=Count("pk")).values("n")[:1]),
                Value(0),
                output_field=IntegerField(),
            ),
            last_done=Subquery(memories.annotate(last=Max("day")).values("last")[:1]),
        )
        .order_by("-created", "pk")
    )


def mutual_yes(ideas: QuerySet[FunIdea]) -> QuerySet[FunIdea]:
    return ideas.filter(**{"mutual": MUTUAL_YES})


def mutually_open(ideas: QuerySet[FunIdea]) -> QuerySet[FunIdea]:
    """Both said yes or maybe: what the picker may suggest."""
    return ideas.filter(**{"mutual__in": [MUTUAL_YES, MUTUAL_MAYBE]})


def waiting_for(ideas: QuerySet[FunIdea]) -> QuerySet[FunIdea]:
    """Ideas the viewer has not answered yet."""
    return ideas.filter(**{"my_answer": ""})
