"""Share's pages: they work, they show each partner what is theirs to see, with
a fixed number of queries however long the history; outsiders get 404, the
therapist cannot write, wrong methods get 405, bad input a message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tending.share import decks, services
from tending.share.models import Answer, DailyQuestion, Reply
from tending.share.tests.helpers import EVENING, both_answer, own_queries

# Membership, the count, the page, readable answers, their responses, who answered.
ARCHIVE_QUERIES = 6
# Membership, the matching days' ids, the page, readable answers, responses, who answered.
SEARCH_QUERIES = 6
# Membership, the deck (own, then library), its questions.
DECK_QUERIES = 4


def history(personas: Any, days: int) -> None:
    """`days` days answered by both, each with a reply and a response."""
    for n in range(days, 0, -1):
        with time_machine.travel(EVENING - timedelta(days=n), tick=False):
            answer, _ = services.answer(personas.a, f"Ada on day {n}")
            services.answer(personas.b, f"Ben on day {n}")
            services.reply(personas.b, answer.day_id, "Tell me more")
            services.respond(personas.b, answer.pk, "thanks")


@pytest.mark.parametrize("days", [1, 12])
def test_todays_page_costs_the_same_however_long_the_history(
    personas: Any, client_a: Any, days: int
) -> None:
    history(personas, days)
    with time_machine.travel(EVENING, tick=False):
        both_answer(personas)
        # Membership, the day with readable answers, their responses and who
        # answered, the replies, the partner.
        response, queries = own_queries(client_a, "/share/")
    assert queries == 7
    assert response.status_code == 200
    assert "Ben&#x27;s." in response.content.decode()


def test_todays_page_before_anyone_answered(personas: Any, client_a: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        # Membership, no day row yet, the choices, the pool, the question, the partner.
        response, queries = own_queries(client_a, "/share/")
    assert queries == 6
    assert response.status_code == 200
    assert "Save my answer" in response.content.decode()


@pytest.mark.parametrize("days", [3, 40])
def test_the_archives_first_page_costs_the_same_however_long_the_history(
    personas: Any, client_b: Any, days: int
) -> None:
    history(personas, days)
    response, queries = own_queries(client_b, "/share/archive/")
    assert queries == ARCHIVE_QUERIES
    html = response.content.decode()
    assert "Ada on day 1" in html
    assert ("Ada on day 40" in html) is False  # page 1 is the newest 15 days
    found, queries = own_queries(client_b, "/share/archive/?q=day")
    assert found.status_code == 200
    assert queries == SEARCH_QUERIES


def test_the_archive_finds_words_and_marks_them(personas: Any, client_a: Any) -> None:
    history(personas, 3)
    response = client_a.get("/share/archive/?q=ada")
    html = response.content.decode()
    assert "3 days with “ada”." in html
    assert "<mark>Ada</mark> on day 2" in html
    nothing = client_a.get("/share/archive/?q=zebra").content.decode()
    assert "Nothing found" in nothing
    symbols = client_a.get("/share/archive/?q=%3C%3E%21").content.decode()
    assert "letters and digits" in symbols


def test_the_archive_is_newest_first_and_paginated(personas: Any, client_a: Any) -> None:
    history(personas, 20)
    first = client_a.get("/share/archive/").context["page"]
    days = [d.day for d in first.object_list]
    assert days == sorted(days, reverse=True)
    assert len(days) == 15
    second = client_a.get("/share/archive/?page=2").context["page"]
    assert len(second.object_list) == 5
    assert second.object_list[0].day < days[-1]


def test_a_day_page_shows_the_thread(personas: Any, client_b: Any) -> None:
    history(personas, 1)
    day = DailyQuestion.objects.get()
    response, queries = own_queries(client_b, f"/share/days/{day.pk}/")
    assert queries == 7
    assert "Tell me more" in response.content.decode()


def test_decks_and_choices_pages(personas: Any, client_a: Any) -> None:
    decks_page, queries = own_queries(client_a, "/share/decks/")
    assert "Intimacy and touch" in decks_page.content.decode()
    assert queries == 5  # membership, choices, counts by deck, own decks, library decks
    choices_page, queries = own_queries(client_a, "/share/choices/")
    assert choices_page.status_code == 200
    assert queries == 5


def test_the_today_page_shows_the_card_at_a_fixed_cost(personas: Any, client_b: Any) -> None:
    costs = []
    for days in (0, 10):
        history(personas, days)
        with time_machine.travel(EVENING + timedelta(days=days), tick=False):
            services.answer(personas.a, "Ada first")
            client_b.get("/")
            with CaptureQueriesContext(connection) as queries:
                response = client_b.get("/")
        costs.append(len(queries))
        html = response.content.decode()
        assert "Your partner has answered. Yours reveals both." in html
        assert "Ada first" not in html
    assert costs[0] == costs[1]


# --- Who may do what ---------------------------------------------------------------


def test_outsiders_get_404_and_change_nothing(personas: Any, client_c: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        day = both_answer(personas)
        answer = Answer.objects.get(author=personas.a)
        for url, data in (
            (f"/share/days/{day.pk}/", None),
            (f"/share/days/{day.pk}/answer/", {"text": "Mine now"}),
            (f"/share/days/{day.pk}/reply/", {"text": "Hello"}),
            (f"/share/answers/{answer.pk}/respond/", {"kind": "thanks", "on": "on"}),
        ):
            response = client_c.post(url, data) if data else client_c.get(url)
            assert response.status_code == 404, url
    assert Answer.objects.count() == 2
    assert not Reply.objects.exists()


def test_the_therapist_cannot_write(personas: Any, client_therapist: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        day = both_answer(personas)
        assert client_therapist.get("/share/").status_code == 302  # partners only: to Today
        assert (
            client_therapist.post(f"/share/days/{day.pk}/reply/", {"text": "Hi"}).status_code == 404
        )
        api = client_therapist.post(
            f"/api/v1/share/days/{day.pk}/replies",
            '{"text": "Hi"}',
            content_type="application/json",
        )
        assert api.status_code == 404  # the days are the partners' alone
        assert client_therapist.post("/api/v1/share/today/swap").status_code == 403
    assert not Reply.objects.exists()


def test_wrong_methods_get_405(personas: Any, client_a: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        day = both_answer(personas)
        assert client_a.get(f"/share/days/{day.pk}/reply/").status_code == 405
        assert client_a.get("/share/today/swap/").status_code == 405
        assert client_a.post("/share/archive/").status_code == 405


def test_bad_input_gets_a_message_and_changes_nothing(personas: Any, client_a: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        for text, message in (
            ("", "This field is required."),
            ("<b>loud</b>", "Plain words only"),
            ("x" * 2001, "at most 2000 characters"),
        ):
            response = client_a.post("/share/today/answer/", {"text": text})
            assert response.status_code == 400
            assert message in response.content.decode()
    assert not Answer.objects.exists()
    assert not DailyQuestion.objects.exists()


def test_a_swap_by_the_partner_meanwhile_is_caught(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    with time_machine.travel(EVENING, tick=False):
        seen = client_a.get("/share/").context["today"].asked.ref
        client_b.post("/share/today/swap/")
        response = client_a.post("/share/today/answer/", {"text": "For the old one", "ref": seen})
        assert response.status_code == 409
        assert "just been swapped" in response.content.decode()
    assert not Answer.objects.exists()


def test_waiting_for_the_partner_polls_until_the_reveal(personas: Any, client_a: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        answer, _ = services.answer(personas.a, "Waiting")
        url = f"/share/days/{answer.day_id}/status/"
        assert url in client_a.get("/share/").content.decode()
        assert client_a.get(url).status_code == 204
        services.answer(personas.b, "Here")
        revealed = client_a.get(url)
        assert revealed.status_code == 200
        assert revealed["HX-Refresh"] == "true"


def test_deck_and_import_pages_at_a_fixed_cost(personas: Any, client_a: Any) -> None:
    library_deck = decks.deck_views(personas.a, personas.couple)[0]
    page, queries = own_queries(client_a, f"/share/decks/{library_deck.id}/")
    assert "What was the best small moment of your day today?" in page.content.decode()
    assert queries == DECK_QUERIES
    page, queries = own_queries(client_a, "/share/decks/import/")
    assert page.status_code == 200
    assert queries == 1  # membership
