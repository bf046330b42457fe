"""Share's API: the same rules as the pages, in JSON, with fixed query counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from tending.share import services
from tending.share.models import OwnDeck, OwnQuestion, ShareSettings
from tending.share.tests.helpers import API, EVENING, api_post, api_put


def days_of_history(personas: Any, count: int) -> None:
    for n in range(count, 0, -1):
        with time_machine.travel(EVENING - timedelta(days=n), tick=False):
            answer, _ = services.answer(personas.a, f"Walked by the river on day {n}")
            services.answer(personas.b, f"Ben {n}")
            services.reply(personas.a, answer.day_id, "More soon")
            services.respond(personas.b, answer.pk, "me-too")


@pytest.mark.parametrize("count", [2, 25])
def test_the_archive_lists_at_a_fixed_cost(
    personas: Any, client_a: Any, django_assert_num_queries: Any, count: int
) -> None:
    days_of_history(personas, count)
    client_a.get(f"{API}/days?limit=1")  # warm what is cached once per process
    with django_assert_num_queries(7):
        days = client_a.get(f"{API}/days?limit=20").json()
    assert len(days) == min(count, 20)
    assert days[0]["my_answer"]["text"] == "Walked by the river on day 1"
    assert days[0]["partner_answer"]["responses"] == []
    assert days[0]["my_answer"]["responses"][0]["kind"] == "me-too"
    assert days[0]["reply_count"] == 1
    with django_assert_num_queries(8):  # the matching days' ids, then that page
        found = client_a.get(f"{API}/days?q=river+walk").json()
    assert len(found) == min(count, 20)


def test_searching_nothing_but_symbols_is_a_clear_400(personas: Any, client_a: Any) -> None:
    response = client_a.get(f"{API}/days?q=%2A%2A")
    assert response.status_code == 400
    assert response.json()["detail"] == "Search for words: letters and digits."


def test_decks_list_at_a_fixed_cost(
    personas: Any, client_a: Any, django_assert_num_queries: Any
) -> None:
    for n in range(3):
        api_post(client_a, "/decks", {"name": f"Deck {n}"})
    client_a.get(f"{API}/decks")
    with django_assert_num_queries(8):
        decks = client_a.get(f"{API}/decks").json()
    assert len(decks) == 9 + 3
    assert decks[-1]["is_own"] is True


def test_an_own_deck_through_the_api(personas: Any, client_a: Any, client_b: Any) -> None:
    created = api_post(client_a, "/decks", {"name": "Ours", "visibility": "partner"})
    assert created.status_code == 201
    deck_id = created.json()["id"]
    question = api_post(
        client_a, f"/decks/{deck_id}/questions", {"text": "Our song?", "tier": "light"}
    )
    assert question.status_code == 201
    patched = client_a.patch(
        f"{API}/questions/{question.json()['id']}",
        '{"tier": "deep"}',
        content_type="application/json",
    )
    assert patched.json()["tier"] == "deep"
    assert client_b.get(f"{API}/decks/{deck_id}").json()["questions"][0]["text"] == "Our song?"
    refused = client_b.patch(
        f"{API}/decks/{deck_id}", '{"name": "Mine"}', content_type="application/json"
    )
    assert refused.status_code == 403
    assert client_a.delete(f"{API}/decks/{deck_id}").status_code == 204
    assert not OwnDeck.objects.exists()
    assert not OwnQuestion.objects.exists()


def test_settings_through_the_api(personas: Any, client_b: Any) -> None:
    assert client_b.get(f"{API}/settings").json() == {
        "tiers": ["light", "personal", "deep"],
        "decks_off": [],
    }
    response = api_put(client_b, "/settings", {"tiers": ["light", "deep"], "decks_off": []})
    assert response.json()["tiers"] == ["light", "deep"]
    assert api_put(client_b, "/settings", {"tiers": []}).status_code == 422
    unknown = api_put(
        client_b, "/settings", {"tiers": ["light"], "decks_off": [str(personas.couple.pk)]}
    )
    assert unknown.status_code == 400
    assert ShareSettings.objects.get().tiers == ["light", "deep"]


def test_the_api_answers_and_reveals(personas: Any, client_a: Any, client_b: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        ref = client_a.get(f"{API}/today").json()["question"]["ref"]
        first = api_put(client_a, "/today/answer", {"text": "Mine", "question_ref": ref})
        assert first.json()["revealed"] is False
        second = api_put(client_b, "/today/answer", {"text": "Yours"})
        assert second.json()["revealed"] is True
        day_id = second.json()["day_id"]
        reply = api_post(client_a, f"/days/{day_id}/replies", {"text": "Thank you"})
        assert reply.status_code == 201
        tapped = api_put(
            client_a,
            f"/answers/{second.json()['answer']['id']}/responses",
            {"kind": "thanks", "on": True},
        )
        assert tapped.json()["responses"] == [{"kind": "thanks", "author_id": str(personas.a.pk)}]
        detail = client_b.get(f"{API}/days/{day_id}").json()
        assert detail["partner_answer"]["text"] == "Mine"
        assert detail["my_answer"]["responses"][0]["kind"] == "thanks"
        assert [r["text"] for r in detail["replies"]] == ["Thank you"]
