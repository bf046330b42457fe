"""Shared helpers for the nudges tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from tending.nudges.jobs import deliver_batch
from tending.nudges.models import Nudge


def due_nudge(recipient: Any, kind: str = "appreciation_received", **values: Any) -> Nudge:
    values.setdefault("couple_id", recipient.memberships.get(ended_at__isnull=True).couple_id)
    values.setdefault("key", f"test:{Nudge.objects.count()}")
    values.setdefault("occurrence", "once")
    values.setdefault("next_fire_at", timezone.now())
    values.setdefault("context", {"partner": "Ben"})
    return Nudge.objects.create(recipient=recipient, kind=kind, **values)


def run(now: datetime | None = None) -> Any:
    """One worker turn, as the worker's job takes it: until nothing is due."""
    total = None
    while True:
        recorded, sent = deliver_batch(now=now)
        if total is None:
            total = (recorded, sent)
        else:
            total[0].add(recorded)
            total[1].add(sent)
        if not recorded.claimed:
            return total
