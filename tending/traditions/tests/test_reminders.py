"""Pausing a tradition stops its reminders; resuming brings them back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from tending.nudges import upcoming
from tending.nudges.models import Nudge
from tending.traditions import services
from tending.traditions.tests.helpers import make_tradition

pytestmark = pytest.mark.django_db
THURSDAY = datetime(2026, 1, 8, 12, tzinfo=UTC)


@time_machine.travel(THURSDAY, tick=False)
def test_pausing_stops_reminders_and_resuming_brings_them_back(personas: Any) -> None:
    tradition = make_tradition(personas.a, "FREQ=WEEKLY;BYDAY=FR", date(2026, 1, 2))
    assert upcoming.plan_traditions(THURSDAY) == 1  # Friday 19:00, within the horizon
    planned = list(Nudge.objects.filter(kind="tradition_soon"))
    assert {n.recipient_id for n in planned} == {personas.a.pk, personas.b.pk}
    assert all(upcoming.still_relevant(n) for n in planned)

    services.pause(tradition)
    # Reminders already planned are dropped at delivery, and no new ones are planned.
    assert not any(upcoming.still_relevant(n) for n in planned)
    assert upcoming.plan_traditions(THURSDAY) == 0

    services.resume(tradition, personas.b)
    assert upcoming.plan_traditions(THURSDAY) == 1
