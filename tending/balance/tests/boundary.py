"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py)."""

from __future__ import annotations

from typing import Any

from tending.balance import services
from tending.couples.boundary import Visibility
from tending.couples.models import Membership


def objects(personas: Any) -> dict[str, object]:
    membership = Membership.objects.partners().select_related("couple").get(user=personas.a)
    services.set_aim(membership, 300, 360)
    services.log_time(membership, "self", "Climbing", 90)
    shared = services.log_time(
        membership, "couple", "A walk", 45, visibility=Visibility.PARTNER_THERAPIST
    )
    return {"entry_id": shared.id}
