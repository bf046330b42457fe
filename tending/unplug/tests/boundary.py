"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py)."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from tending.couples.boundary import Visibility
from tending.couples.models import Membership
from tending.unplug import services


def objects(personas: Any) -> dict[str, object]:
    membership = Membership.objects.partners().select_related("couple").get(user=personas.a)
    commitment = services.create_commitment(
        membership,
        "Phones out of the bedroom",
        time(22, 0),
        time(7, 0),
        list(range(7)),
        visibility=Visibility.PARTNER_THERAPIST,
    )
    now = timezone.now()
    session = services.start_session(membership, 60, now=now - timedelta(hours=2))
    services.join_session(session, personas.b, now=now - timedelta(hours=2))
    services.end_session(session, personas.b, now=now - timedelta(hours=1))
    services.check_session(session, personas.b, True, Visibility.PARTNER)
    services.rate_week(membership, services.monday_of(services.local_today(membership.couple)), 2)
    return {"commitment_id": commitment.id, "unplug_session_id": session.id}
