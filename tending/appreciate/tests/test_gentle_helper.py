"""The gentle start-up helper in the pages: the include, the endpoint, the switch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tending.appreciate.models import Appreciation, GoodNewsReply
from tending.appreciate.tests.helpers import Queries, assert_only_asks_who_you_are, good_news
from tending.couples.boundary import Visibility
from tending.funlist import services as funlist_services
from tending.funlist.models import Memory
from tending.listen import services as listen_services
from tending.listen.models import Mode
from tending.share import services as share_services
from tending.traditions.tests.helpers import make_tradition

CHECK = "/gentle/check/"


def check(client: Any, text: str, field: str = "text", **headers: Any) -> Any:
    return client.post(CHECK, {"gentle_field": field, field: text}, headers={"HX-Request": "true"})


def boxes_written_to_the_partner(personas: Any) -> list[tuple[Any, str, str]]:
    """(writer, page, box name) for every free-text box in which one partner
    writes something the other will read, across all the practices."""
    a, b = personas.a, personas.b
    news = good_news(personas)
    idea = funlist_services.add_idea(
        a,
        personas.couple,
        funlist_services.IdeaFields(
            title="Picnic", duration_minutes=60, energy="easy", where="out"
        ),
    )
    memory = Memory.objects.create(
        couple=personas.couple,
        author=a,
        idea=idea,
        title="Picnic",
        day=timezone.localdate(),
        visibility=Visibility.PARTNER,
    )
    make_tradition(a, first_day=timezone.localdate() - timedelta(days=14), rule="FREQ=DAILY")
    talk = listen_services.start(a, mode=Mode.APART, written=True)
    share_day = share_services.answer(b, "Mine first.")[0].day
    return [
        (a, "/appreciate/", "text"),
        (a, "/appreciate/good-news/", "text"),
        (b, f"/appreciate/good-news/{news.pk}/", "text"),
        (a, "/share/", "text"),  # today's answer
        (b, f"/share/days/{share_day.pk}/", "text"),  # a reply on a shared day
        (b, "/listen/", "topic"),  # what a talk will be about: its start-up
        (a, f"/listen/sessions/{talk.pk}/", "text"),  # the speaker's piece
        (a, "/pulse/check-in/", "note"),  # the note shared with the partner
        (a, f"/funlist/ideas/{idea.pk}/done/", "note"),
        (b, f"/funlist/memories/{memory.pk}/", "text"),
        (b, "/traditions/", "note"),  # a note on a date of a tradition
    ]


def test_every_box_written_to_the_partner_offers_the_helper(personas: Any) -> None:
    for writer, url, name in boxes_written_to_the_partner(personas):
        client = personas.client_for(writer)
        page = client.get(url).text
        assert f'hx-vals=\'{{"gentle_field": "{name}"}}\'' in page, url
        assert "Read it back gently" in page, url
        # The box it points at is in the same form, under that name.
        assert f'name="{name}"' in page, url
        response = check(client, "Honestly, you never plan anything.", field=name)
        assert "<mark>you never</mark>" in response.text, url


def test_turned_off_it_is_gone_from_every_box(personas: Any) -> None:
    boxes = boxes_written_to_the_partner(personas)
    type(personas.a).objects.filter(pk__in=[personas.a.pk, personas.b.pk]).update(
        gentle_helper=False
    )
    for writer, url, name in boxes:
        page = personas.client_for(writer).get(url).text
        assert f'name="{name}"' in page, url  # the box is still there…
        assert "/gentle/check/" not in page, url  # …without the helper
        assert "Read it back gently" not in page, url


def test_findings_are_highlighted_escaped_with_a_suggestion(client_a: Any) -> None:
    response = check(client_a, "You never <listen> & you're so selfish")
    assert response.status_code == 200
    html = response.text
    assert "<mark>You never</mark> &lt;listen&gt; &amp; <mark>you&#x27;re so selfish</mark>" in html
    assert "name one recent moment" in html
    assert "I feel … about [one specific thing]. I need …" in html
    assert "you can send it as it is" in html
    for label in ("criticism", "contempt", "score"):
        assert label not in html.lower()


def test_kind_words_get_no_box(client_a: Any) -> None:
    assert check(client_a, "You never fail to make me laugh.").text.strip() == ""


def test_any_field_name_works(client_a: Any) -> None:
    response = check(client_a, "You always forget.", field="reply-text")
    assert "<mark>You always</mark>" in response.text


def test_it_stores_nothing_and_asks_nothing_but_who_you_are(client_a: Any) -> None:
    with Queries() as queries:
        assert "<mark>" in check(client_a, "You never listen.").text
    assert_only_asks_who_you_are(queries)


def test_oversized_text_and_wrong_method(client_a: Any) -> None:
    assert check(client_a, "a" * 5001).status_code == 400
    assert client_a.get(CHECK).status_code == 405


def test_login_required(client: Any) -> None:
    response = client.post(CHECK, {"gentle_field": "text", "text": "You never listen."})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_turned_off_on_the_profile(client_a: Any, personas: Any) -> None:
    profile = client_a.get("/accounts/profile/").text
    assert 'name="gentle_helper"' in profile
    assert "gentle start-up helper" in profile.lower()
    response = client_a.post(
        "/accounts/profile/",
        {"display_name": "Ada", "time_zone": "Europe/Berlin"},  # unticked box: off
    )
    assert response.status_code == 302
    personas.a.refresh_from_db()
    assert personas.a.gentle_helper is False
    page = client_a.get("/appreciate/").text
    assert "/gentle/check/" not in page
    assert "Read it back gently" not in page
    assert check(client_a, "You never listen.").text == ""
    client_a.post(
        "/accounts/profile/",
        {"display_name": "Ada", "time_zone": "Europe/Berlin", "gentle_helper": "on"},
    )
    personas.a.refresh_from_db()
    assert personas.a.gentle_helper is True


def test_it_never_blocks_sending(client_a: Any, client_b: Any, personas: Any) -> None:
    """What the helper would highlight is sent as written, with no extra step."""
    harsh = "You never listen, you idiot."
    assert check(client_a, harsh).text.count("<mark>") == 2
    assert client_a.post("/appreciate/send/", {"text": harsh}).status_code == 302
    news = good_news(personas)
    reply_url = f"/appreciate/good-news/{news.pk}/reply/"
    assert client_b.post(reply_url, {"text": harsh}).status_code == 302
    assert Appreciation.objects.get().text == harsh
    assert GoodNewsReply.objects.get().text == harsh
    # Nothing about the text is kept or shown as a grade.
    page = client_b.get("/appreciate/").text
    assert harsh in page
    assert "<mark>" not in page
