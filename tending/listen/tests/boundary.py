"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py):
a two-device listening session started by A, with a first piece shared."""

from __future__ import annotations

from typing import Any

from tending.listen import services
from tending.listen.models import Mode


def objects(personas: Any) -> dict[str, object]:
    session = services.start(personas.a, topic="Sunday plans", mode=Mode.APART, written=True)
    services.take_turn(personas.a, session.pk, "piece", "I'd like one slow morning a week.")
    return {"session_id": session.pk}


# A turn needs a kind the session expects and some words: a real example
# makes the outsider's 404 come from the boundary, not from validation.
EXAMPLE_BODIES = {
    "tending_listen_api_take_turn": {"kind": "piece", "text": "I'd like us to plan less."}
}
