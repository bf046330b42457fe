"""The fun list's API: the same rules as the pages, and fixed query counts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from tending.funlist.models import FunIdea, IdeaAnswer, MemoryPhoto, PlannedDate

pytestmark = pytest.mark.django_db

IDEA = {
    "title": "Sunrise walk",
    "duration_minutes": 90,
    "energy": "easy",
    "where": "out",
    "cost": 0,
    "tags": ["Morning", "outdoors"],
}


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_ideas_and_answers(personas: Any, client_a: Client, client_b: Client) -> None:
    created = post(client_a, "/api/v1/funlist/ideas", IDEA)
    assert created.status_code == 201
    idea = created.json()
    assert idea["my_answer"] == "yes"
    assert idea["mutual"] == ""
    assert idea["new_to_us"] is True
    assert idea["tags"] == ["morning", "outdoors"]
    seen_by_b = client_b.get("/api/v1/funlist/ideas", {"lane": "waiting"}).json()
    assert [i["title"] for i in seen_by_b] == ["Sunrise walk"]
    assert seen_by_b[0]["suggested_by_me"] is False
    answer = client_b.put(
        f"/api/v1/funlist/ideas/{idea['id']}/answer",
        {"answer": "no"},
        content_type="application/json",
    )
    assert answer.json()["my_answer"] == "no"
    # A cannot tell B's "no" from no answer at all.
    again = client_a.get(f"/api/v1/funlist/ideas/{idea['id']}").json()
    assert again == idea
    client_b.put(
        f"/api/v1/funlist/ideas/{idea['id']}/answer",
        {"answer": "yes"},
        content_type="application/json",
    )
    assert client_a.get(f"/api/v1/funlist/ideas/{idea['id']}").json()["mutual"] == "yes"
    assert [i["title"] for i in client_a.get("/api/v1/funlist/ideas", {"lane": "yes"}).json()] == [
        "Sunrise walk"
    ]


def test_bad_input_gets_a_clear_message_and_nothing_is_stored(client_a: Client) -> None:
    for body, words in (
        ({**IDEA, "duration_minutes": 0}, "duration_minutes"),
        ({**IDEA, "energy": "wild"}, "energy"),
        ({**IDEA, "title": "<script>x</script>"}, "Plain words only"),
        ({**IDEA, "link": "javascript:alert(1)"}, "https://"),
    ):
        response = post(client_a, "/api/v1/funlist/ideas", body)
        assert 400 <= response.status_code < 500
        assert words in response.json()["detail"]
    assert not FunIdea.objects.exists()


def test_outsiders_and_therapists_get_404(
    personas: Any, client_a: Client, client_c: Client, client_therapist: Client
) -> None:
    idea = post(client_a, "/api/v1/funlist/ideas", IDEA).json()
    for client in (client_c, client_therapist):
        assert client.get(f"/api/v1/funlist/ideas/{idea['id']}").status_code == 404
        assert client.delete(f"/api/v1/funlist/ideas/{idea['id']}").status_code == 404
    assert client_c.get("/api/v1/funlist/ideas").json() == []
    assert client_therapist.get("/api/v1/funlist/ideas").status_code == 404
    assert FunIdea.objects.count() == 1
    assert IdeaAnswer.objects.count() == 1


def test_starter_pick_plan_memory_and_photo(
    personas: Any, client_a: Client, client_b: Client
) -> None:
    starters = client_a.get("/api/v1/funlist/starter").json()
    assert len(starters) >= 120
    added = post(client_a, "/api/v1/funlist/starter", {"key": "board-game-night"}).json()
    assert added["title"] == "Board game night with a twist"
    client_b.put(
        f"/api/v1/funlist/ideas/{added['id']}/answer",
        {"answer": "yes"},
        content_type="application/json",
    )
    picked = client_a.get("/api/v1/funlist/pick", {"window": "weekend", "surprise": "true"}).json()
    if picked["window"]:
        assert picked["suggestions"][0]["reasons"][0] == "you both said yes"
        assert picked["surprise"]["idea_id"] == added["id"]
    assert client_a.get("/api/v1/funlist/pick", {"budget": 9}).status_code == 400
    plan = post(
        client_a,
        "/api/v1/funlist/plans",
        {"idea_id": added["id"], "start": "2099-01-01T18:00:00+01:00"},
    )
    assert plan.status_code == 400  # more than a year ahead
    assert not PlannedDate.objects.exists()
    memory = post(
        client_b,
        "/api/v1/funlist/memories",
        {"idea_id": added["id"], "day": "2026-01-10", "note": "Fun", "rating": 5},
    ).json()
    assert memory["notes"][0]["rating"] == 5
    note = client_a.put(
        f"/api/v1/funlist/memories/{memory['id']}/note",
        {"text": "Again!", "rating": 4},
        content_type="application/json",
    )
    assert note.json()["rating"] == 4
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(out, "PNG")
    out.name = "p.png"
    out.seek(0)
    photo = client_a.post(f"/api/v1/funlist/memories/{memory['id']}/photos", {"file": out})
    assert photo.status_code == 201
    assert client_b.get(photo.json()["url"]).status_code == 200
    script = io.BytesIO(b"#!/bin/sh\necho hi\n")
    script.name = "p.jpg"
    refused = client_a.post(f"/api/v1/funlist/memories/{memory['id']}/photos", {"file": script})
    assert refused.status_code == 400
    assert "not a JPEG, PNG or WebP" in refused.json()["detail"]
    assert MemoryPhoto.objects.count() == 1
    timeline = client_a.get("/api/v1/funlist/memories", {"tag": "games"}).json()
    assert [m["title"] for m in timeline] == ["Board game night with a twist"]


def test_list_endpoints_have_fixed_query_counts(personas: Any, client_a: Client) -> None:
    urls = [
        "/api/v1/funlist/ideas",
        "/api/v1/funlist/memories",
        "/api/v1/funlist/plans",
        "/api/v1/calendars/",
    ]
    counts = []
    for size in (2, 9):
        while FunIdea.objects.count() < size:
            idea = post(
                client_a, "/api/v1/funlist/ideas", {**IDEA, "title": f"I{FunIdea.objects.count()}"}
            ).json()
            post(
                client_a,
                "/api/v1/funlist/memories",
                {"idea_id": idea["id"], "day": "2026-01-01", "rating": 3},
            )
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client_a.get(url).status_code == 200
            found[url] = len(captured)
        counts.append(found)
    assert counts[0] == counts[1]
