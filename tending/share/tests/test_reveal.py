"""Each answers privately; both answers appear at the moment the second is in,
and not a moment before — on the pages, in the API, in the archive and its search."""

from __future__ import annotations

from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tending.share import search, services
from tending.share.models import Answer, DailyQuestion
from tending.share.tests.helpers import API, EVENING, api_put

HIDDEN_WORDS = "Zanzibar marmalade confession"


def everything_b_can_see(client_b: Any, day_id: Any) -> str:
    """Every place B might find A's answer, as one text."""
    return " ".join(
        [
            client_b.get("/share/").content.decode(),
            client_b.get(f"/share/days/{day_id}/").content.decode(),
            client_b.get("/share/archive/").content.decode(),
            client_b.get("/share/archive/?q=zanzibar").content.decode(),
            client_b.get("/").content.decode(),
            client_b.get(f"{API}/today").content.decode(),
            client_b.get(f"{API}/days").content.decode(),
            client_b.get(f"{API}/days?q=marmalade").content.decode(),
            client_b.get(f"{API}/days/{day_id}").content.decode(),
        ]
    )


@time_machine.travel(EVENING, tick=False)
def test_an_answer_stays_hidden_until_the_partner_answers(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    response = client_a.post("/share/today/answer/", {"text": HIDDEN_WORDS, "ref": ""})
    assert response.status_code == 302
    day = DailyQuestion.objects.get()
    assert day.revealed_at is None

    seen_by_b = everything_b_can_see(client_b, day.pk)
    assert "Zanzibar" not in seen_by_b
    assert "marmalade" not in seen_by_b
    # B is told that A answered, and nothing more.
    assert "Ada has answered." in client_b.get("/share/").content.decode()
    today = client_b.get(f"{API}/today").json()["detail"]
    assert (today["partner_answered"], today["partner_answer"], today["my_answer"]) == (
        True,
        None,
        None,
    )
    # A sees their own answer, and that B has not answered.
    page_a = client_a.get("/share/").content.decode()
    assert HIDDEN_WORDS in page_a
    assert "Ben hasn't answered yet." in page_a
    assert search.search_days(personas.a, personas.couple, "zanzibar").count() == 1
    assert search.search_days(personas.b, personas.couple, "zanzibar").count() == 0


@time_machine.travel(EVENING, tick=False)
def test_the_second_answer_reveals_both_at_that_moment(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    api_put(client_a, "/today/answer", {"text": HIDDEN_WORDS})
    with CaptureQueriesContext(connection) as queries:
        response = api_put(client_b, "/today/answer", {"text": "Ben's own words"})
    assert response.status_code == 200
    assert response.json()["revealed"] is True
    # The answer and the reveal were written in one transaction.
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert any("share_answer" in w for w in writes)
    assert any("share_dailyquestion" in w and "revealed_at" in w for w in writes)
    day = DailyQuestion.objects.get()
    assert day.revealed_at is not None
    assert day.revealed_at == Answer.objects.get(author=personas.b).created

    seen_by_b = everything_b_can_see(client_b, day.pk)
    assert "Zanzibar" in seen_by_b
    assert "Ben&#x27;s own words" in client_a.get("/share/").content.decode()
    found = client_b.get(f"{API}/days?q=zanzibar").json()
    assert found[0]["partner_answer"]["text"] == HIDDEN_WORDS
    assert search.search_days(personas.b, personas.couple, "confess").count() == 1


@time_machine.travel(EVENING, tick=False)
def test_an_answer_can_be_changed_until_the_reveal_and_not_after(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    # Words no library question holds: today's question is drawn at random,
    # and "first" or "second" would find the day through its question.
    api_put(client_a, "/today/answer", {"text": "Pancake thoughts"})
    assert api_put(client_a, "/today/answer", {"text": "Kayak thoughts"}).status_code == 200
    assert Answer.objects.get(author=personas.a).text == "Kayak thoughts"
    assert search.search_days(personas.a, personas.couple, "pancake").count() == 0
    assert search.search_days(personas.a, personas.couple, "kayak").count() == 1

    api_put(client_b, "/today/answer", {"text": "Ben answers"})
    day = DailyQuestion.objects.get()
    late = api_put(client_a, f"/days/{day.pk}/answer", {"text": "Third thoughts"})
    assert late.status_code == 409
    assert "Add a reply instead" in late.json()["detail"]
    page = client_a.post(f"/share/days/{day.pk}/answer/", {"text": "Third thoughts"})
    assert page.status_code == 409
    assert "Add a reply instead" in page.content.decode()
    assert Answer.objects.get(author=personas.a).text == "Kayak thoughts"


@time_machine.travel(EVENING, tick=False)
def test_replies_and_responses_open_only_after_the_reveal(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    answer, _revealed = services.answer(personas.a, "Mine")
    day_id = answer.day_id
    early = client_a.post(f"/share/days/{day_id}/reply/", {"text": "Anyone there?"})
    assert early.status_code == 409
    assert "once you have both answered" in early.content.decode()
    # B cannot tap a response to an answer B cannot read: it does not exist for B.
    assert (
        client_b.post(
            f"/share/answers/{answer.pk}/respond/", {"kind": "thanks", "on": "on"}
        ).status_code
        == 404
    )

    services.answer(personas.b, "Yours")
    assert (
        client_b.post(
            f"/share/answers/{answer.pk}/respond/", {"kind": "thanks", "on": "on"}
        ).status_code
        == 302
    )
    assert (
        client_b.post(f"/share/days/{day_id}/reply/", {"text": "Tell me more?"}).status_code == 302
    )
    page_a = client_a.get("/share/").content.decode()
    assert "Ben: “Thank you for telling me”" in page_a
    assert "Tell me more?" in page_a
    # Nobody responds to their own answer.
    mine = client_a.post(f"/share/answers/{answer.pk}/respond/", {"kind": "me-too", "on": "on"})
    assert mine.status_code == 409
    assert "not your own" in mine.content.decode()
