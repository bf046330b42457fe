"""How the worker is keeping up: the lag (oldest due nudge) and what failed.

Shown on the admin's status page (/admin/nudges/status/) and by
`tending check`. A lag of a few seconds is normal; minutes mean no worker is
running, or it cannot keep up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from tending.nudges.models import OPEN_STATUSES, Delivery, DeliveryStatus, Nudge

RECENT = timedelta(days=1)


@dataclass(frozen=True)
class Health:
    now: datetime
    due: int
    oldest_due: datetime | None
    sending: int
    oldest_send: datetime | None
    retrying: int
    gave_up_recently: int
    sent_recently: int

    @property
    def lag_seconds(self) -> float:
        """How long the oldest due nudge or e-mail/push has waited; 0 when none."""
        oldest = [t for t in (self.oldest_due, self.oldest_send) if t is not None]
        if not oldest:
            return 0.0
        return max(0.0, (self.now - min(oldest)).total_seconds())

    def summary(self) -> str:
        return (
            f"{self.due} nudges due, {self.sending} e-mails/pushes waiting to be sent "
            f"({self.retrying} retrying); lag {self.lag_seconds:.0f} s; in the last 24 h "
            f"{self.sent_recently} sent, {self.gave_up_recently} given up"
        )


def current(now: datetime | None = None) -> Health:
    now = now or timezone.now()
    due = Nudge.objects.filter(next_fire_at__lte=now).aggregate(
        count=Count("id"), oldest=Min("next_fire_at")
    )
    sending = Delivery.objects.filter(status__in=OPEN_STATUSES, next_attempt_at__lte=now).aggregate(
        count=Count("id"),
        oldest=Min("next_attempt_at"),
        retrying=Count("id", filter=Q(status=DeliveryStatus.RETRYING)),
    )
    recent = Delivery.objects.filter(created__gte=now - RECENT).aggregate(
        gave_up=Count("id", filter=Q(status=DeliveryStatus.GAVE_UP)),
        sent=Count("id", filter=Q(status=DeliveryStatus.SENT)),
    )
    return Health(
        now=now,
        due=due["count"],
        oldest_due=due["oldest"],
        sending=sending["count"],
        oldest_send=sending["oldest"],
        retrying=sending["retrying"],
        gave_up_recently=recent["gave_up"],
        sent_recently=recent["sent"],
    )
