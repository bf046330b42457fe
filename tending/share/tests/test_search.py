"""Word search over the archive, on whichever database runs the tests (CI runs
both): an index, not a scan in Python, and never a word of an unrevealed answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection

from tending.share import search, services
from tending.share.models import Answer, Reply
from tending.share.tests.helpers import EVENING


def found(user: Any, couple: Any, query: str) -> list[str]:
    days = search.search_days(user, couple, query)
    return [] if days is None else sorted(str(d.day) for d in days)


@pytest.fixture
def two_days(personas: Any) -> dict[str, str]:
    with time_machine.travel(EVENING - timedelta(days=1), tick=False):
        answer, _ = services.answer(personas.a, "We walked along the beach at dawn.")
        services.answer(personas.b, "Café au lait and croissants.")
        services.reply(personas.b, answer.day_id, "The lighthouse was lovely")
    with time_machine.travel(EVENING, tick=False):
        services.answer(personas.a, "Walking home in the rain, unrevealed.")
    return {"revealed": "2026-11-27", "open": "2026-11-28"}


def test_words_are_found_in_answers_replies_and_questions(
    personas: Any, two_days: dict[str, str]
) -> None:
    a, b, couple = personas.a, personas.b, personas.couple
    assert found(b, couple, "beach") == [two_days["revealed"]]
    assert found(b, couple, "LIGHTHOUSE") == [two_days["revealed"]]
    assert found(b, couple, "café") == [two_days["revealed"]]
    assert found(a, couple, "walk") == [two_days["revealed"], two_days["open"]]  # a word's start
    assert found(a, couple, "beach dawn") == [two_days["revealed"]]  # every word
    assert found(a, couple, "beach rain") == []
    question = services.one_day(a, Answer.objects.first().day_id).text.split()[1]
    assert two_days["revealed"] in found(a, couple, question)


def test_an_unrevealed_answer_is_never_found_by_the_partner(
    personas: Any, two_days: dict[str, str]
) -> None:
    assert found(personas.a, personas.couple, "unrevealed") == [two_days["open"]]
    assert found(personas.b, personas.couple, "unrevealed") == []
    assert found(personas.b, personas.couple, "rain") == []


def test_nobody_else_finds_anything(personas: Any, two_days: dict[str, str]) -> None:
    assert found(personas.c, personas.couple, "beach") == []
    assert found(personas.c, personas.other_couple, "beach") == []
    assert found(personas.therapist, personas.couple, "beach") == []


def test_an_edited_answer_is_found_by_its_new_words_only(personas: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        services.answer(personas.a, "Mountains")
        services.answer(personas.a, "Lakes")
    assert found(personas.a, personas.couple, "mountains") == []
    assert found(personas.a, personas.couple, "lakes") == ["2026-11-28"]
    Answer.objects.all().delete()
    assert found(personas.a, personas.couple, "lakes") == []


@pytest.mark.parametrize("query", ["", "   ", "*", "%_'\"()", "AND OR NOT", "NEAR(x y)"])
def test_odd_queries_are_harmless(personas: Any, two_days: dict[str, str], query: str) -> None:
    result = search.search_days(personas.a, personas.couple, query)
    assert result is None or list(result) == []


def test_terms_are_words_only_and_bounded() -> None:
    assert search.terms("Walk, beach! café's 42") == ["walk", "beach", "café", "s", "42"]
    assert len(search.terms(" ".join(f"w{n}" for n in range(30)))) == search.MAX_TERMS
    assert search.terms("x" * 100) == ["x" * search.MAX_TERM_LENGTH]


def test_the_search_uses_an_index(personas: Any, two_days: dict[str, str]) -> None:
    days = search.search_days(personas.a, personas.couple, "beach")
    if connection.vendor == "postgresql":
        # On a tiny table the planner may rightly prefer a scan; ask it not to.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        words = search._match(Answer.objects.all(), ["beach"])
        assert "share_answer_search_words" in words.explain()
        # The whole search reads answers by an index too (GIN, or the couple's
        # rows when the planner judges them few), never by a scan.
        assert "Seq Scan on share_answer" not in days.explain()
    else:
        plan = days.explain()
        assert "share_fts VIRTUAL TABLE INDEX" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_a_lost_sqlite_index_is_rebuilt(personas: Any, two_days: dict[str, str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER share_reply_fts_ai")
        cursor.execute("DELETE FROM share_fts")
    assert found(personas.b, personas.couple, "beach") == []
    assert search.ensure() is True
    assert found(personas.b, personas.couple, "beach") == [two_days["revealed"]]
    assert search.ensure() is False
    Reply.objects.create(
        couple=personas.couple,
        author=personas.a,
        day=Answer.objects.first().day,
        text="Sandcastles",
    )
    assert found(personas.b, personas.couple, "sandcastles") == [two_days["revealed"]]
