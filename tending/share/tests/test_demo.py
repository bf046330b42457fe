"""The demo couple gets weeks of questions: most revealed, some waiting, replies."""

from __future__ import annotations

from typing import Any

from tending.demo import DemoCouple, discover
from tending.share.demo import share_history, share_today
from tending.share.models import Answer, AnswerResponse, DailyQuestion, Reply
from tending.share.tests.conftest import LONG_AGO


def test_demo_writes_weeks_of_answered_questions(personas: Any, client_b: Any) -> None:
    assert share_history in discover()
    share_history(DemoCouple(personas.couple, personas.a, personas.b, weeks=6))
    days = DailyQuestion.objects.filter(couple=personas.couple)
    assert 25 <= days.count() <= 42
    assert days.filter(revealed_at__isnull=False).count() > days.count() / 2
    assert days.filter(revealed_at__isnull=True).exists()
    assert len(set(days.values_list("ref", flat=True))) == days.count()  # no repeats
    assert Answer.objects.count() > days.count()
    assert Reply.objects.exists()
    assert AnswerResponse.objects.exists()
    assert client_b.get("/share/archive/").status_code == 200
    assert days.order_by("day").first().created > LONG_AGO


def test_demo_leaves_today_answered_by_one_and_a_deck_of_their_own(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    assert share_today in discover()
    demo = DemoCouple(personas.couple, personas.a, personas.b, weeks=6)
    share_history(demo)
    share_today(demo)
    waiting = client_a.get("/share/").content.decode()
    assert "Ben has answered." in waiting
    assert "lighter you were" not in waiting  # not before Ada answers
    assert "lighter you were" in client_b.get("/share/").content.decode()
    assert "Our Sunday questions" in client_b.get("/share/decks/").content.decode()
    client_a.post("/share/today/answer/", {"text": "Me too. Let's plan the next one."})
    revealed = client_a.get("/share/").content.decode()
    assert "lighter you were" in revealed
