"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py)."""

from __future__ import annotations

from typing import Any

from tending.couples.boundary import Visibility
from tests.boundary_app.models import Note


def objects(personas: Any) -> dict[str, object]:
    # Shared with the partner and the therapist: the therapist can find it
    # and must still not change it.
    note = Note.objects.create(
        couple=personas.couple,
        author=personas.a,
        visibility=Visibility.PARTNER_THERAPIST,
        text="What Ada wrote for Ben",
    )
    return {"note_id": note.id}
