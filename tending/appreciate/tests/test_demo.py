"""The demo couple gets a few weeks of appreciations, good news and breaks."""

from __future__ import annotations

from typing import Any

from tending.appreciate.demo import appreciate
from tending.appreciate.models import Appreciation, Break, GoodNews, GoodNewsReply
from tending.demo import DemoCouple, discover


def test_demo_writes_a_few_weeks_in_both_directions(personas: Any, client_b: Any) -> None:
    assert appreciate in discover()
    appreciate(DemoCouple(personas.couple, personas.a, personas.b, weeks=6))
    notes = Appreciation.objects.filter(couple=personas.couple)
    assert notes.count() >= 12
    assert {n.author_id for n in notes} == {personas.a.pk, personas.b.pk}
    assert all(n.recipient_id != n.author_id for n in notes)
    assert GoodNews.objects.count() == 3
    assert GoodNewsReply.objects.exists()
    assert Break.objects.count() == 2
    # Every row belongs to the couple and is readable through the pages.
    assert client_b.get("/appreciate/jar/").status_code == 200
    assert client_b.get("/appreciate/break/").status_code == 200
