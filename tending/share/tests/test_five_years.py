"""Five years of daily questions (about 3,600 answers and 5,000 replies, as
in the bench): today's page and the archive cost the same queries as with a
few days, and word search finds exactly what a partner may read, through
the database's index (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL),
on whichever database runs the tests."""

from __future__ import annotations

import math
import random
import re
from typing import Any

import pytest
import time_machine
from django.db import connection

from bench.scenarios.share import RARE, write_history
from tending.share import search
from tending.share.models import Answer, DailyQuestion, Reply
from tending.share.tests.helpers import EVENING, both_answer, own_queries
from tending.share.tests.test_pages import ARCHIVE_QUERIES, SEARCH_QUERIES, history
from tending.share.views import ARCHIVE_PAGE_SIZE

# Membership, the day with readable answers, their responses and who
# answered, the replies, the partner: as with a single day of history.
TODAY_QUERIES = 7


@pytest.fixture
def five_years(personas: Any) -> dict[str, Any]:
    with time_machine.travel(EVENING, tick=False):
        written = write_history(
            personas.couple,
            personas.a,
            personas.b,
            5,
            random.Random("share-tests"),  # noqa: S311 - test data
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE share_dailyquestion, share_answer, share_reply")
    return written


def test_the_history_is_the_size_the_issue_names(five_years: dict[str, Any]) -> None:
    assert 1_800 < five_years["days"] < 1_900
    assert 3_500 < Answer.objects.count() < 3_700
    assert 4_500 < Reply.objects.count() < 5_500
    assert five_years["rare_days"], "the rare word is in a few answers"


def test_todays_page_costs_the_same_with_one_day_or_five_years(
    personas: Any, client_b: Any, five_years: dict[str, Any]
) -> None:
    with time_machine.travel(EVENING, tick=False):
        response, queries = own_queries(client_b, "/share/")
    assert queries == TODAY_QUERIES
    html = response.content.decode()
    today = DailyQuestion.objects.get(day=EVENING.date())
    assert five_years["question"] == today.text
    for answer in Answer.objects.filter(day=today):
        assert answer.text in html  # revealed: both answers
    replies = Reply.objects.filter(day=today)
    assert replies.count() == 3
    for reply in replies:
        assert reply.text in html  # the thread under it


def test_todays_page_with_one_day_of_history_costs_the_same(personas: Any, client_b: Any) -> None:
    history(personas, 1)
    with time_machine.travel(EVENING, tick=False):
        both_answer(personas)
        _response, queries = own_queries(client_b, "/share/")
    assert queries == TODAY_QUERIES


def test_the_archives_first_page_costs_the_same_over_five_years(
    personas: Any, client_a: Any, five_years: dict[str, Any]
) -> None:
    with time_machine.travel(EVENING, tick=False):
        response, queries = own_queries(client_a, "/share/archive/")
        assert queries == ARCHIVE_QUERIES
        shown = [view.day.day for view in response.context["views"]]
        newest = list(
            DailyQuestion.objects.filter(couple=personas.couple)
            .order_by("-day")
            .values_list("day", flat=True)[:ARCHIVE_PAGE_SIZE]
        )
        assert shown == newest
        pages = math.ceil(five_years["days"] / ARCHIVE_PAGE_SIZE)
        assert f"Page 1 of {pages}" in response.content.decode()
        found, queries = own_queries(client_a, "/share/archive/?q=garden+walk")
        assert queries == SEARCH_QUERIES
        assert "<mark>garden</mark>" in found.content.decode().lower()


# --- Search: the index's answer is the answer a reader would give --------------


def _readable_texts(user: Any, couple: Any) -> dict[Any, list[str]]:
    """Every text `user` may read, by day, read row by row: the test's oracle."""
    texts: dict[Any, list[str]] = {}
    for day in DailyQuestion.objects.filter(couple=couple):
        texts.setdefault(day.day, []).append(day.text)
    revealed = set(
        DailyQuestion.objects.filter(couple=couple, revealed_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    for answer in Answer.objects.filter(couple=couple).select_related("day"):
        if answer.day_id in revealed or answer.author_id == user.pk:
            texts[answer.day.day].append(answer.text)
    for reply in Reply.objects.filter(couple=couple).select_related("day"):
        texts[reply.day.day].append(reply.text)
    return texts


def _holds_every_word(text: str, words: list[str]) -> bool:
    found = re.findall(r"[^\W_]+", text.lower())
    return all(any(w.startswith(term) for w in found) for term in words)


SEARCHES = [RARE, "garden walk", "lone", "rain sunday tea", "Coffee", "nothingmatches"]


def test_search_over_five_years_finds_exactly_the_readable_days(
    personas: Any, five_years: dict[str, Any]
) -> None:
    couple = personas.couple
    for user in (personas.a, personas.b):
        texts = _readable_texts(user, couple)
        for query in SEARCHES:
            words = search.terms(query)
            expected = sorted(
                day
                for day, held in texts.items()
                if any(_holds_every_word(text, words) for text in held)
            )
            days = search.search_days(user, couple, query)
            assert days is not None
            assert sorted(d.day for d in days) == expected, (user, query)
    # One partner's unrevealed answer is found by its author alone.
    hidden = [day for day, revealed in five_years["rare_days"].items() if not revealed]
    for day in hidden:
        author = Answer.objects.get(day__day=day).author
        other = personas.b if author == personas.a else personas.a
        mine = search.search_days(author, couple, RARE)
        theirs = search.search_days(other, couple, RARE)
        assert mine is not None
        assert theirs is not None
        assert day in {str(d.day) for d in mine}
        assert day not in {str(d.day) for d in theirs}


def test_search_over_five_years_reads_the_index_not_the_table(
    personas: Any, five_years: dict[str, Any]
) -> None:
    for query in (RARE, "garden walk", "feel"):
        days = search.search_days(personas.b, personas.couple, query)
        assert days is not None
        plan = days.explain()
        if connection.vendor == "postgresql":
            # The stored words are matched; nothing is re-read from the text.
            assert "search_words @@" in plan
            assert "to_tsvector" not in plan
            if query == RARE:
                # One couple's five years are only a few hundred pages, which the
                # planner rightly reads whole; with many couples on one server
                # it turns to the GIN index, which this shows it can use.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan = off")
                    indexed = days.explain()
                    cursor.execute("SET LOCAL enable_seqscan = on")
                assert "share_answer_search_words" in indexed
                assert "share_reply_search_words" in indexed
        else:
            assert "share_fts VIRTUAL TABLE INDEX" in plan
            assert "SCAN share_answer" not in plan
            assert "SCAN share_reply" not in plan
