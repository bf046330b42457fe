"""Ideas, private answers and the lanes, the starter set, as partners see them."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tending.funlist import services, starter
from tending.funlist.models import FunIdea, IdeaAnswer

pytestmark = pytest.mark.django_db


def add(personas: Any, title: str = "Stargazing", author: str = "a", **kwargs: Any) -> FunIdea:
    fields = services.IdeaFields(
        title=title,
        duration_minutes=kwargs.pop("duration_minutes", 90),
        energy=kwargs.pop("energy", "cosy"),
        where=kwargs.pop("where", "out"),
        **kwargs,
    )
    return services.add_idea(getattr(personas, author), personas.couple, fields)


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    # Tokens differ from one response to the next; what the person sees does not.
    return re.sub(
        r'value="[^"]{40,}"|"X-CSRFToken": "[^"]+"|nonce="[^"]+"', "", response.content.decode()
    )


def test_adding_an_idea_shows_it_to_the_partner_waiting_for_an_answer(
    personas: Any, client_a: Client, client_b: Client
) -> None:
    response = client_a.post(
        "/funlist/ideas/new/",
        {
            "title": "Night swim",
            "duration_minutes": 60,
            "cost": 0,
            "energy": "active",
            "where": "out",
            "season": "summer",
            "tags": "water, Night!",
        },
        follow=True,
    )
    assert "Your partner will find it waiting" in response.content.decode()
    idea = FunIdea.objects.get()
    assert sorted(t.name for t in idea.tags.all()) == ["night", "water"]
    # The author's own answer starts as yes; the partner has not answered.
    assert IdeaAnswer.objects.get().author == personas.a
    waiting_b = page(client_b, "/funlist/ideas/?lane=waiting")
    assert "Night swim" in waiting_b
    assert "Your partner's idea" in waiting_b
    assert "Night swim" not in page(client_a, "/funlist/ideas/?lane=waiting")


def test_bad_input_is_refused_and_nothing_stored(client_a: Client) -> None:
    response = client_a.post(
        "/funlist/ideas/new/",
        {
            "title": "<b>x</b>",
            "duration_minutes": 60,
            "cost": 0,
            "energy": "easy",
            "where": "out",
            "season": "any",
        },
    )
    assert response.status_code == 400
    assert "Plain words only" in response.content.decode()
    response = client_a.post(
        "/funlist/ideas/new/",
        {"title": "Ok", "duration_minutes": 99999, "cost": 7, "energy": "wild", "where": "moon"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not FunIdea.objects.exists()


def test_both_yes_puts_an_idea_in_the_mutual_yes_lane(
    personas: Any, client_a: Client, client_b: Client
) -> None:
    idea = add(personas, "Bake bread")
    assert "Bake bread" not in page(client_a, "/funlist/ideas/?lane=yes")
    client_b.post(f"/funlist/ideas/{idea.pk}/answer/", {"answer": "yes"})
    for client in (client_a, client_b):
        assert "Bake bread" in page(client, "/funlist/ideas/?lane=yes")
    client_b.post(f"/funlist/ideas/{idea.pk}/answer/", {"answer": "maybe"})
    assert "Bake bread" not in page(client_a, "/funlist/ideas/?lane=yes")
    assert "Bake bread" in page(client_a, "/funlist/ideas/?lane=open")


def test_a_not_for_me_looks_exactly_like_no_answer_yet(
    personas: Any, client_a: Client, client_b: Client
) -> None:
    """A's pages are the same, byte for byte, whether B said no or nothing."""
    idea = add(personas, "Karaoke")
    urls = [
        "/funlist/",
        "/funlist/ideas/?lane=all",
        "/funlist/ideas/?lane=open",
        f"/funlist/ideas/{idea.pk}/",
        "/funlist/pick/?window=weekend",
        f"/api/v1/funlist/ideas/{idea.pk}",
    ]
    before = [page(client_a, url) for url in urls]
    response = client_b.post(f"/funlist/ideas/{idea.pk}/answer/", {"answer": "no"})
    assert response.status_code == 302
    after = [page(client_a, url) for url in urls]
    assert before == after
    # B sees their own answer, and only B.
    assert 'value="no" class="fl-choice" aria-pressed="true"' in page(
        client_b, f"/funlist/ideas/{idea.pk}/"
    )
    assert 'aria-pressed="true">Not for me' not in page(client_a, f"/funlist/ideas/{idea.pk}/")


def test_answering_with_htmx_swaps_the_card(personas: Any, client_b: Client) -> None:
    idea = add(personas)
    response = client_b.post(
        f"/funlist/ideas/{idea.pk}/answer/", {"answer": "maybe"}, headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert text.startswith('<article class="fl-idea"')
    assert "Only you can see your answer" in text
    assert IdeaAnswer.objects.get(author=personas.b).answer == "maybe"


def test_a_bad_answer_changes_nothing(personas: Any, client_b: Client) -> None:
    idea = add(personas)
    response = client_b.post(f"/funlist/ideas/{idea.pk}/answer/", {"answer": "perhaps"})
    assert response.status_code == 400
    assert "Answer yes, maybe or not for me." in html.unescape(response.content.decode())
    response = client_b.post(
        f"/funlist/ideas/{idea.pk}/answer/", {"answer": "perhaps"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert not IdeaAnswer.objects.filter(author=personas.b).exists()


def test_only_the_author_changes_or_removes_an_idea(
    personas: Any, client_a: Client, client_b: Client
) -> None:
    idea = add(personas)
    assert client_b.get(f"/funlist/ideas/{idea.pk}/edit/").status_code == 404
    assert client_b.post(f"/funlist/ideas/{idea.pk}/delete/").status_code == 404
    assert client_a.get(f"/funlist/ideas/{idea.pk}/delete/").status_code == 405
    assert client_a.post(f"/funlist/ideas/{idea.pk}/delete/").status_code == 302
    assert not FunIdea.objects.exists()


def test_outsiders_get_404(personas: Any, client_c: Client, client_therapist: Client) -> None:
    idea = add(personas)
    for client in (client_c, client_therapist):
        assert client.get(f"/funlist/ideas/{idea.pk}/").status_code == 404
        assert (
            client.post(f"/funlist/ideas/{idea.pk}/answer/", {"answer": "yes"}).status_code == 404
        )
    assert "Stargazing" not in page(client_c, "/funlist/ideas/")


def test_the_starter_set_is_big_varied_and_one_tap_each(
    personas: Any, client_a: Client, client_b: Client
) -> None:
    ideas = starter.ideas()
    assert len(ideas) >= 120
    assert len({i.key for i in ideas}) == len(ideas)
    assert {i.cost for i in ideas} == {0, 1, 2, 3}
    assert {i.energy for i in ideas} == {"cosy", "easy", "active"}
    assert {i.where for i in ideas} == {"home", "out", "away"}
    assert min(i.minutes for i in ideas) <= 30
    assert max(i.minutes for i in ideas) >= 24 * 60
    # Offered on first use.
    assert "Browse starter ideas" in page(client_a, "/funlist/")
    response = client_a.post(
        "/funlist/starter/", {"key": ideas[0].key}, headers={"HX-Request": "true"}
    )
    assert "On your list" in response.content.decode()
    assert FunIdea.objects.get().title == ideas[0].title
    # Shown as taken to both; adding it again is refused.
    assert page(client_b, "/funlist/starter/").count("On your list") == 1
    again = client_b.post("/funlist/starter/", {"key": ideas[0].key})
    assert 400 <= again.status_code < 500
    assert "already on your list" in again.content.decode()
    assert FunIdea.objects.count() == 1
    missing = client_a.post("/funlist/starter/", {"key": "no-such"})
    assert missing.status_code == 404
    assert "no such starter idea" in missing.content.decode()


def queries(client: Client, url: str) -> int:
    client.get(url)  # the first request of a session also saves the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


PAGES = {"/funlist/": 10, "/funlist/ideas/?lane=all": 8, "/funlist/starter/": 6}


def test_query_counts_are_fixed_whatever_the_number_of_ideas(
    personas: Any, client_a: Client
) -> None:
    counts = []
    for size in (2, 14):
        for n in range(size - FunIdea.objects.count()):
            idea = add(personas, f"Idea {size}-{n}", tags=["one", "two"])
            services.set_answer(personas.b, idea, "yes")
        counts.append({url: queries(client_a, url) for url in PAGES})
    # The same whatever the list holds, and within a small fixed budget (other
    # practices' parts of every page, such as the header, may use fewer).
    assert counts[0] == counts[1]
    assert all(counts[0][url] <= limit for url, limit in PAGES.items())
