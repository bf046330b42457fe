"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tending.couples.boundary import Visibility
from tending.funlist import photos, services
from tending.funlist.models import PlannedDate


def tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 80, 90)).save(out, "PNG")
    return out.getvalue()


# A real small photo, so a refusal can only come from the boundary.
EXAMPLE_BODIES = {
    "tending_funlist_api_add_photo": lambda objects: {
        "file": SimpleUploadedFile("photo.png", tiny_png(), "image/png")
    },
}


def objects(personas: Any) -> dict[str, object]:
    idea = services.add_idea(
        personas.a,
        personas.couple,
        services.IdeaFields(
            title="Ada's picnic idea",
            duration_minutes=90,
            energy="easy",
            where="out",
            tags=["food"],
        ),
    )
    services.set_answer(personas.b, idea, "yes")
    start = timezone.now() + timedelta(days=2)
    plan = PlannedDate.objects.create(
        couple=personas.couple,
        author=personas.a,
        visibility=Visibility.PARTNER,
        idea=idea,
        title=idea.title,
        start=start,
        end=start + timedelta(minutes=90),
    )
    memory = services.record_memory(
        personas.a, personas.couple, idea, timezone.localdate(), "Lovely", 5
    )
    photo = photos.store(personas.a, memory, photos.clean(io.BytesIO(tiny_png())))
    return {"idea_id": idea.id, "plan_id": plan.id, "memory_id": memory.id, "photo_id": photo.id}
