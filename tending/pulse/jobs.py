"""The worker's part in Pulse: when a week closes, its answers become visible
to both partners, so the drift rule runs again for that couple. Each couple
says when it is next due (`PulseSchedule.drift_due`), so one indexed query
finds the few couples whose week has just closed."""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone

from tending.couples.models import Membership
from tending.nudges.worker import every
from tending.pulse import reading, services
from tending.pulse.models import PulseSchedule

log = logging.getLogger("tending.pulse")
BATCH = 500


def refresh_due_alerts(now: datetime | None = None, batch: int = BATCH) -> int:
    """Run the drift rule for every couple whose week closed since it last ran;
    returns how many couples it ran for."""
    now = now or timezone.now()
    due = list(
        PulseSchedule.objects.filter(drift_due__lte=now)
        .order_by("drift_due")
        .values_list("couple_id", flat=True)[:batch]
    )
    done = 0
    for couple_id in due:
        membership = (
            Membership.objects.partners()
            .select_related("couple", "user")
            .filter(couple_id=couple_id)
            .order_by("partner_slot")
            .first()
        )
        if membership is None:
            # Nobody left to look at it: not due again until someone checks in.
            PulseSchedule.objects.filter(couple_id=couple_id).update(drift_due=None)
            continue
        viewer = reading.viewer_for_membership(membership, now=now)
        services.refresh_alerts(viewer)
        done += 1
    return done


@every(300, name="pulse: drift alerts for weeks just closed")
def refresh_alerts_job() -> int:
    count = refresh_due_alerts()
    if count:
        log.info("drift rule run for %d couple(s)", count)
    return count
