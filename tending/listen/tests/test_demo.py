"""The demo couple gets a few weeks of rated sessions, "felt understood" rising."""

from __future__ import annotations

from typing import Any

from tending.demo import DemoCouple, discover
from tending.listen.demo import listening_history
from tending.listen.models import ListeningSession, SessionRating, Turn


def test_demo_writes_rated_sessions_with_a_rising_trend(personas: Any, client_a: Any) -> None:
    assert listening_history in discover()
    listening_history(DemoCouple(personas.couple, personas.a, personas.b, weeks=12))
    assert ListeningSession.objects.count() == 6
    assert Turn.objects.exclude(text="").exists()
    trend = [p["understood"] for p in client_a.get("/api/v1/listen/trend").json()]
    assert len(trend) == 6
    assert trend[-1] > trend[0]
    assert SessionRating.objects.count() == 6
    assert "6 rated sessions" in client_a.get("/listen/history/").content.decode()
