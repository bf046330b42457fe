"""Memories count as couple time in Balance."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tending.funlist import services

sources = pytest.importorskip("tending.balance.sources")
pytestmark = pytest.mark.django_db


def test_memories_count_as_couple_time_on_their_day(personas: Any) -> None:
    idea = services.add_idea(
        personas.a,
        personas.couple,
        services.IdeaFields(title="Pottery", duration_minutes=150, energy="easy", where="out"),
    )
    weekend = services.add_idea(
        personas.a,
        personas.couple,
        services.IdeaFields(title="Cabin", duration_minutes=2880, energy="easy", where="away"),
    )
    services.record_memory(personas.b, personas.couple, idea, date(2026, 3, 3))
    services.record_memory(personas.b, personas.couple, weekend, date(2026, 3, 3))
    services.record_memory(personas.b, personas.couple, idea, date(2026, 4, 1))
    window = sources.Window("Europe/Berlin", date(2026, 3, 2), date(2026, 3, 8))
    found = sources.couple_minutes(personas.a, personas.couple, window)
    assert found["funlist"] == {date(2026, 3, 3): 150 + 12 * 60}
    outsider = sources.couple_minutes(personas.c, personas.couple, window)
    assert outsider["funlist"] == {}
