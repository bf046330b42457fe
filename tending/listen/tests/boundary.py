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
