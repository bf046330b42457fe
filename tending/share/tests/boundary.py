"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py):
a shared own deck with a question, and today's question answered by both
(so revealed) with a reply."""

from __future__ import annotations

from typing import Any

from tending.couples.boundary import Visibility
from tending.share import decks, services


def objects(personas: Any) -> dict[str, object]:
    deck = decks.create_deck(personas.a, "Ada's questions", visibility=Visibility.PARTNER)
    question = decks.add_question(personas.a, deck.pk, "What made you laugh this week?", "light")
    answer, _revealed = services.answer(personas.a, "The cat and the laundry basket.")
    services.answer(personas.b, "Your face when the cat jumped.")
    services.reply(personas.a, answer.day_id, "It was quite a jump.")
    return {
        "day_id": answer.day_id,
        "answer_id": answer.pk,
        "deck_id": deck.pk,
        "question_id": question.pk,
    }


# The walker's schema-built body for a one-tap response is refused by the
# enum of response names; a real one makes the 404 come from the boundary.
EXAMPLE_BODIES = {"tending_share_api_respond": {"kind": "thanks", "on": True}}
