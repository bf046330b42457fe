"""Appreciate's API: the same rules as the pages, in JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tending.appreciate.models import (
    Appreciation,
    AppreciationReaction,
    Break,
    Favourite,
    GoodNews,
    GoodNewsReply,
)
from tending.appreciate.tests.helpers import (
    Queries,
    appreciation,
    assert_only_asks_who_you_are,
    good_news,
    queries_for,
    reply,
)

API = "/api/v1/appreciate"


def post(client: Any, path: str, body: Any) -> Any:
    return client.post(f"{API}{path}", body, content_type="application/json")


def put(client: Any, path: str, body: Any) -> Any:
    return client.put(f"{API}{path}", body, content_type="application/json")


def test_send_list_and_read(client_a: Any, client_b: Any, personas: Any) -> None:
    response = post(
        client_a, "/appreciations", {"text": "I saw how you helped Sam.", "kind": "thanks"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["text"] == "I saw how you helped Sam."
    assert body["recipient_id"] == str(personas.b.pk)
    assert body["visibility"] == "partner"
    received = client_b.get(f"{API}/appreciations?box=received").json()
    assert [item["id"] for item in received] == [body["id"]]
    assert client_b.get(f"{API}/appreciations?box=sent").json() == []
    assert client_b.get(f"{API}/appreciations/{body['id']}").json()["kind"] == "thanks"


@pytest.mark.parametrize(
    "body",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "x" * 1001},
        {"text": "<script>alert(1)</script>"},
        {"text": "Hi", "visibility": "private"},
        {"text": "Hi", "kind": "grudge"},
        {},
    ],
)
def test_bad_appreciations_are_refused(client_a: Any, body: dict[str, Any]) -> None:
    response = post(client_a, "/appreciations", body)
    assert response.status_code in (400, 422)
    assert response.json()["detail"]
    assert not Appreciation.objects.exists()


def test_reaction_and_favourite(client_a: Any, client_b: Any, personas: Any) -> None:
    note = appreciation(personas)
    response = put(client_b, f"/appreciations/{note.pk}/reaction", {"reaction": "heart"})
    assert response.status_code == 200
    assert response.json()["reaction"] == "heart"
    assert client_a.get(f"{API}/appreciations/{note.pk}").json()["reaction"] == "heart"
    assert (
        put(client_b, f"/appreciations/{note.pk}/reaction", {"reaction": "kick"}).status_code == 422
    )
    assert client_b.delete(f"{API}/appreciations/{note.pk}/reaction").status_code == 204
    assert not AppreciationReaction.objects.exists()
    kept = put(client_b, f"/appreciations/{note.pk}/favourite", {"favourite": True})
    assert kept.json()["is_favourite"] is True
    assert [i["id"] for i in client_b.get(f"{API}/appreciations?box=favourites").json()] == [
        str(note.pk)
    ]
    # The sender does not learn that it was kept.
    assert client_a.get(f"{API}/appreciations/{note.pk}").json()["is_favourite"] is False
    put(client_b, f"/appreciations/{note.pk}/favourite", {"favourite": False})
    assert not Favourite.objects.exists()


def test_the_sender_cannot_react_to_their_own(client_a: Any, personas: Any) -> None:
    note = appreciation(personas)
    assert (
        put(client_a, f"/appreciations/{note.pk}/reaction", {"reaction": "heart"}).status_code
        == 404
    )
    assert not AppreciationReaction.objects.exists()


def test_outsider_gets_404(client_c: Any, personas: Any) -> None:
    note = appreciation(personas)
    news = good_news(personas)
    assert client_c.get(f"{API}/appreciations/{note.pk}").status_code == 404
    assert (
        put(client_c, f"/appreciations/{note.pk}/reaction", {"reaction": "hug"}).status_code == 404
    )
    assert client_c.get(f"{API}/good-news/{news.pk}").status_code == 404
    assert post(client_c, f"/good-news/{news.pk}/replies", {"text": "Hi"}).status_code == 404
    assert client_c.get(f"{API}/appreciations").json() == []
    assert client_c.get(f"{API}/good-news").json() == []
    assert not AppreciationReaction.objects.exists()
    assert not GoodNewsReply.objects.exists()


def test_therapist_reads_what_was_shared_and_writes_nothing(
    client_therapist: Any, personas: Any
) -> None:
    shared = appreciation(personas, visibility="partner+therapist", text="For all of us")
    appreciation(personas, text="Just for Ben")
    listed = client_therapist.get(f"{API}/appreciations").json()
    assert [item["text"] for item in listed] == ["For all of us"]
    assert post(client_therapist, "/appreciations", {"text": "Hello"}).status_code == 403
    news = good_news(personas, visibility="partner+therapist")
    assert (
        post(client_therapist, f"/good-news/{news.pk}/replies", {"text": "Hi"}).status_code == 403
    )
    assert (
        put(client_therapist, f"/good-news/{news.pk}/felt-good", {"felt_good": True}).status_code
        == 403
    )
    assert post(client_therapist, "/breaks", {"minutes": 20}).status_code == 403
    assert client_therapist.get(f"{API}/breaks/current").status_code == 404
    assert Appreciation.objects.count() == 2
    assert not Break.objects.exists()
    assert shared.pk


def test_random_and_week(client_b: Any, personas: Any) -> None:
    assert client_b.get(f"{API}/appreciations/random").status_code == 404
    appreciation(personas, text="Draw me")
    assert client_b.get(f"{API}/appreciations/random").json()["text"] == "Draw me"
    week = client_b.get(f"{API}/appreciations/week").json()
    assert week["count"] == 1


def test_week_count_in_the_couples_zone(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 11, 29, 22, 59, tzinfo=UTC), tick=False):
        appreciation(personas)
    with time_machine.travel(datetime(2026, 11, 30, 8, 0, tzinfo=UTC), tick=False):
        appreciation(personas)
        week = personas.client_for(personas.a).get(f"{API}/appreciations/week").json()
    assert week == {"week_start": "2026-11-30T00:00:00+01:00", "count": 1}


def test_prompts(client_a: Any) -> None:
    prompts = client_a.get(f"{API}/prompts").json()
    assert {p["level"] for p in prompts if p["level"]} == {1, 2, 3, 4, 5, 6}
    assert any(p["opening"] == "I appreciated it when you…" for p in prompts)


def test_good_news_round_trip(client_a: Any, client_b: Any) -> None:
    news = post(client_a, "/good-news", {"text": "The biopsy was clear."}).json()
    assert client_b.get(f"{API}/good-news").json()[0]["id"] == news["id"]
    answered = post(client_b, f"/good-news/{news['id']}/replies", {"text": "What a relief!"})
    assert answered.status_code == 201
    assert (
        put(client_b, f"/good-news/{news['id']}/felt-good", {"felt_good": True}).status_code == 403
    )
    marked = put(client_a, f"/good-news/{news['id']}/felt-good", {"felt_good": True}).json()
    assert marked["felt_good"] is True
    assert [r["text"] for r in marked["replies"]] == ["What a relief!"]
    coaching = client_b.get(f"{API}/good-news/coaching").json()
    assert "ask about it" in coaching["hint"]


@pytest.mark.parametrize("text", ["", " ", "z" * 1001, "<i>hi</i>"])
def test_bad_good_news_and_replies_are_refused(client_a: Any, personas: Any, text: str) -> None:
    assert post(client_a, "/good-news", {"text": text}).status_code in (400, 422)
    news = good_news(personas, author=personas.b)
    assert post(client_a, f"/good-news/{news.pk}/replies", {"text": text}).status_code in (400, 422)
    assert GoodNews.objects.count() == 1
    assert not GoodNewsReply.objects.exists()


def test_breaks(client_a: Any, client_b: Any) -> None:
    assert client_b.get(f"{API}/breaks/current").status_code == 404
    started = post(client_a, "/breaks", {"minutes": 30})
    assert started.status_code == 201
    assert started.json()["minutes"] == 30
    again = post(client_b, "/breaks", {"minutes": 60})
    assert again.status_code == 200
    assert again.json()["id"] == started.json()["id"]
    current = client_b.get(f"{API}/breaks/current").json()
    assert current["is_on"] is True
    assert current["called_by_me"] is False
    months = client_a.get(f"{API}/breaks/months").json()
    assert len(months) == 12
    assert months[-1]["breaks"] == 1


@pytest.mark.parametrize("minutes", [0, 10, 19, 45, 120, "twenty"])
def test_break_length_is_checked(client_a: Any, minutes: Any) -> None:
    assert post(client_a, "/breaks", {"minutes": minutes}).status_code == 422
    assert not Break.objects.exists()


def test_gentle_check_finds_and_stores_nothing(
    client_a: Any,
) -> None:
    with Queries() as queries:
        response = post(client_a, "/gentle-check", {"text": "You never call me back."})
    assert_only_asks_who_you_are(queries)
    finding = response.json()["findings"][0]
    assert (finding["phrase"], finding["rule"]) == ("You never", "absolute")
    assert "I feel" in response.json()["rewrite"]
    assert response.json()["helper_on"] is True
    assert post(client_a, "/gentle-check", {"text": "x" * 5001}).status_code == 422


def test_anonymous_gets_401(client: Any) -> None:
    assert client.get(f"{API}/appreciations").status_code == 401
    assert post(client, "/gentle-check", {"text": "hi"}).status_code == 401


def test_list_query_counts(client_b: Any, personas: Any) -> None:
    def counts() -> tuple[int, int]:
        return (
            len(queries_for(client_b, f"{API}/appreciations")),
            len(queries_for(client_b, f"{API}/good-news")),
        )

    appreciation(personas)
    reply(personas, good_news(personas))
    few = counts()
    for number in range(9):
        note = appreciation(personas, text=f"Note {number}")
        AppreciationReaction.objects.create(
            couple=personas.couple,
            author=personas.b,
            appreciation=note,
            reaction="hug",
            visibility="partner",
        )
        news = good_news(personas, text=f"News {number}")
        reply(personas, news)
    # The page and its reactions in one query each, however many there are.
    assert counts() == few
    notes = client_b.get(f"{API}/appreciations").json()
    assert len(notes) == 10
    assert sum(note["reaction"] == "hug" for note in notes) == 9
    assert len(client_b.get(f"{API}/good-news").json()) == 10


MALFORMED = ["not json", "[]", '{"text": 5}', '{"text": null}', '{"minutes": "x"}', "{}", "\xff"]


@pytest.mark.parametrize("body", MALFORMED)
def test_malformed_bodies_get_4xx_and_change_nothing(
    client_a: Any, client_b: Any, personas: Any, body: str
) -> None:
    note = appreciation(personas)
    news = good_news(personas, author=personas.a)
    writes = [
        (client_a, "post", "/appreciations"),
        (client_a, "post", "/good-news"),
        (client_b, "post", f"/good-news/{news.pk}/replies"),
        (client_a, "post", "/breaks"),
        (client_a, "post", "/gentle-check"),
        (client_b, "put", f"/appreciations/{note.pk}/reaction"),
        (client_b, "put", f"/appreciations/{note.pk}/favourite"),
        (client_a, "put", f"/good-news/{news.pk}/felt-good"),
    ]
    for client, method, path in writes:
        send = getattr(client, method)
        response = send(f"{API}{path}", body, content_type="application/json")
        assert 400 <= response.status_code < 500, (path, response.status_code)
        assert response.json()["detail"], path
    assert Appreciation.objects.count() == GoodNews.objects.count() == 1
    assert not GoodNewsReply.objects.exists()
    assert not Break.objects.exists()
    assert not AppreciationReaction.objects.exists()
    assert not Favourite.objects.exists()
    news.refresh_from_db()
    assert news.felt_good_at is None


def test_gentle_check_honours_the_profile_switch(client_a: Any, personas: Any) -> None:
    personas.a.gentle_helper = False
    personas.a.save()
    response = post(client_a, "/gentle-check", {"text": "You never call me back."})
    assert response.status_code == 200
    assert response.json()["findings"] == []
    assert response.json()["helper_on"] is False
