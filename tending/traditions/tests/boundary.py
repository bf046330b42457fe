"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py)."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from tending.couples.boundary import Visibility
from tending.couples.models import Membership
from tending.traditions import feed, services
from tending.traditions.models import Occurrence

# A gallery idea's key names the same idea for everyone.
SHARED = {"idea_key": "a gallery idea's name: the same for everyone"}

# The calendar feed's address is public by secret: calendar apps cannot log
# in, so whoever holds the token may read the feed — that is its point. The
# walker lists the feed as public (it is in PUBLIC of tests/test_boundary.py);
# tending/traditions/tests/test_feed.py checks that a wrong, revoked or
# orphaned token answers a bare 404 that leaks nothing.
CAPABILITIES = {"feed_token": "the secret of a calendar-feed address: holding it is the permission"}


def objects(personas: Any) -> dict[str, object]:
    membership = Membership.objects.partners().select_related("couple").get(user=personas.a)
    today = services.local_today(membership.couple)
    tradition = services.create_tradition(
        membership,
        "Friday pizza night",
        "Pizza on the sofa.",
        services.ScheduleInput("FREQ=DAILY", today - timedelta(days=3), time(19, 0), 90),
        visibility=Visibility.PARTNER_THERAPIST,
    )
    services.set_meaning(tradition, personas.b, 5)
    occurrence = Occurrence.objects.filter(tradition=tradition, on__lt=today).first()
    assert occurrence is not None
    services.mark(occurrence, personas.b, "done", "Best one yet.", now=timezone.now())
    _subscription, token = feed.issue_feed(membership)
    return {
        "tradition_id": tradition.id,
        "occurrence_id": occurrence.id,
        "idea_key": "friday-pizza",
        "feed_token": token,
    }
