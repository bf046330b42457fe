"""Appreciation pages: write, receive, react, keep favourites, the jar, the week."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tending.appreciate.models import Appreciation, AppreciationReaction, Favourite
from tending.appreciate.tests.helpers import appreciation, queries_for

HOME = "/appreciate/"


def send(client: Any, text: str = "I saw how you listened to Mum today.", **extra: Any) -> Any:
    return client.post("/appreciate/send/", {"text": text, **extra})


def test_a_partner_sends_and_the_other_finds_it(
    client_a: Any, client_b: Any, personas: Any
) -> None:
    response = send(client_a, kind="admiration")
    assert response.status_code == 302
    note = Appreciation.objects.get()
    assert (note.author, note.recipient, note.kind, note.visibility) == (
        personas.a,
        personas.b,
        "admiration",
        "partner",
    )
    page = client_b.get(HOME).text
    assert "I saw how you listened to Mum today." in page
    assert "From Ada" in page
    assert "Keep as favourite" in page
    # The sender sees it under "From you", without the receiver's buttons.
    mine = client_a.get(HOME).text
    assert "You wrote" in mine
    assert "Keep as favourite" not in mine


def test_the_page_offers_validation_prompts(client_a: Any) -> None:
    page = client_a.get(HOME).text
    assert "I saw how you…" in page
    assert "Naming the unsaid" in page
    assert "I admire the way you…" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 1001, "at most 1000 characters"),
        ("<script>alert(1)</script>", "Plain words only"),
        ('I liked <img src=x onerror="alert(1)">', "Plain words only"),
        ("nul\x00here", "Null characters are not allowed"),
        ("bell\x07here", "invisible control characters"),
    ],
)
def test_bad_text_is_refused_and_nothing_is_stored(client_a: Any, text: str, message: str) -> None:
    response = send(client_a, text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Appreciation.objects.exists()


def test_visibility_cannot_be_private_and_kind_must_be_known(client_a: Any) -> None:
    assert send(client_a, visibility="private").status_code == 400
    assert send(client_a, kind="grudge").status_code == 400
    assert not Appreciation.objects.exists()


def test_text_is_shown_escaped(client_a: Any, client_b: Any) -> None:
    send(client_a, 'You make 2 < 3 feel true & "right" <3')
    page = client_b.get(HOME).content.decode()
    assert "You make 2 &lt; 3 feel true &amp; &quot;right&quot; &lt;3" in page


def test_without_a_partner_nothing_can_be_sent(client_c: Any) -> None:
    page = client_c.get(HOME).text
    assert "Invite them" in page
    response = send(client_c)
    assert response.status_code == 400
    assert "invite them first" in response.text
    assert not Appreciation.objects.exists()


def test_wrong_methods(client_a: Any, personas: Any) -> None:
    note = appreciation(personas)
    assert client_a.get("/appreciate/send/").status_code == 405
    assert client_a.post(HOME).status_code == 405
    assert client_a.get(f"/appreciate/notes/{note.pk}/react/").status_code == 405
    assert client_a.get(f"/appreciate/notes/{note.pk}/favourite/").status_code == 405


def test_receiver_reacts_and_sender_sees_it(client_a: Any, client_b: Any, personas: Any) -> None:
    note = appreciation(personas)
    response = client_b.post(f"/appreciate/notes/{note.pk}/react/", {"reaction": "hug"})
    assert response.status_code == 302
    assert "Your partner answered: 🤗 Sending a hug" in client_a.get(HOME).text
    # Changing it replaces it; the same button again takes it back.
    client_b.post(f"/appreciate/notes/{note.pk}/react/", {"reaction": "smile"})
    assert AppreciationReaction.objects.get().reaction == "smile"
    client_b.post(f"/appreciate/notes/{note.pk}/react/", {"reaction": ""})
    assert not AppreciationReaction.objects.exists()
    assert "Your partner answered" not in client_a.get(HOME).text


def test_react_by_htmx_returns_the_note_alone(client_b: Any, personas: Any) -> None:
    note = appreciation(personas)
    response = client_b.post(
        f"/appreciate/notes/{note.pk}/react/", {"reaction": "heart"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<article")
    assert 'aria-pressed="true">Warmed my heart' in response.text


def test_unknown_reaction_is_refused(client_b: Any, personas: Any) -> None:
    note = appreciation(personas)
    response = client_b.post(f"/appreciate/notes/{note.pk}/react/", {"reaction": "slap"})
    assert response.status_code == 400
    assert not AppreciationReaction.objects.exists()


def test_only_the_receiver_reacts_or_keeps(client_a: Any, personas: Any) -> None:
    note = appreciation(personas)  # from A to B
    assert (
        client_a.post(f"/appreciate/notes/{note.pk}/react/", {"reaction": "hug"}).status_code == 404
    )
    assert (
        client_a.post(f"/appreciate/notes/{note.pk}/favourite/", {"favourite": "on"}).status_code
        == 404
    )
    assert not AppreciationReaction.objects.exists()
    assert not Favourite.objects.exists()


def test_outsider_gets_404_and_changes_nothing(client_c: Any, personas: Any) -> None:
    note = appreciation(personas)
    assert (
        client_c.post(f"/appreciate/notes/{note.pk}/react/", {"reaction": "hug"}).status_code == 404
    )
    assert (
        client_c.post(f"/appreciate/notes/{note.pk}/favourite/", {"favourite": "on"}).status_code
        == 404
    )
    assert "stayed calm" not in client_c.get("/appreciate/jar/?show=sent").text
    assert not AppreciationReaction.objects.exists()


def test_therapist_is_sent_to_today_and_cannot_react(client_therapist: Any, personas: Any) -> None:
    note = appreciation(personas, visibility="partner+therapist")
    assert client_therapist.get(HOME).status_code == 302
    response = client_therapist.post(f"/appreciate/notes/{note.pk}/react/", {"reaction": "hug"})
    assert response.status_code == 404
    assert not AppreciationReaction.objects.exists()


def test_favourites_are_the_receivers_own(client_a: Any, client_b: Any, personas: Any) -> None:
    note = appreciation(personas, text="Thank you for the soup.")
    client_b.post(f"/appreciate/notes/{note.pk}/favourite/", {"favourite": "on"})
    assert Favourite.objects.get().visibility == "private"
    assert "Thank you for the soup." in client_b.get("/appreciate/jar/?show=favourites").text
    assert "A favourite" in client_b.get(HOME).text
    # A sees their note but not that B kept it.
    assert "A favourite" not in client_a.get("/appreciate/jar/?show=sent").text
    client_b.post(f"/appreciate/notes/{note.pk}/favourite/", {"favourite": "off"})
    assert not Favourite.objects.exists()
    assert "Thank you for the soup." not in client_b.get("/appreciate/jar/?show=favourites").text


def test_jar_filters_and_pages(client_b: Any, personas: Any) -> None:
    for number in range(25):
        appreciation(personas, text=f"Note number {number:02d}")
    appreciation(personas, author=personas.b, text="From Ben to Ada")
    first = client_b.get("/appreciate/jar/").text
    assert "Note number 24" in first
    assert "Note number 04" not in first
    assert "From Ben to Ada" not in first
    assert "Page 1 of 2" in first
    second = client_b.get("/appreciate/jar/?show=received&page=2").text
    assert "Note number 04" in second
    assert "From Ben to Ada" in client_b.get("/appreciate/jar/?show=sent").text


def test_jar_random_picks_one_received(client_b: Any, personas: Any) -> None:
    appreciation(personas, text="Only this one")
    appreciation(personas, author=personas.b, text="Not mine to draw")
    for _ in range(5):
        page = client_b.get("/appreciate/jar/random/").text
        assert "Only this one" in page
        assert "Not mine to draw" not in page
    fragment = client_b.get("/appreciate/jar/random/", headers={"HX-Request": "true"}).text
    assert "<html" not in fragment
    assert "Only this one" in fragment


def test_jar_random_when_empty(client_b: Any) -> None:
    assert "still empty" in client_b.get("/appreciate/jar/random/").text
    assert (
        "still empty"
        in client_b.get("/appreciate/jar/random/", headers={"HX-Request": "true"}).text
    )


def test_week_count_is_one_shared_number_in_the_couples_week(personas: Any) -> None:
    # The couple lives in Europe/Berlin; Monday 00:00 there is Sunday 23:00 UTC in winter.
    with time_machine.travel(datetime(2026, 11, 29, 22, 30, tzinfo=UTC), tick=False):
        appreciation(personas, text="Sunday night, last week")
    with time_machine.travel(datetime(2026, 11, 29, 23, 30, tzinfo=UTC), tick=False):
        appreciation(personas, text="Monday 00:30 in Berlin")
        appreciation(personas, author=personas.b, text="From Ben")
        appreciation(personas, text="Another from Ada")
    with time_machine.travel(datetime(2026, 12, 2, 12, 0, tzinfo=UTC), tick=False):
        client_a = personas.client_for(personas.a)
        page = client_a.get(HOME).text
        today = client_a.get("/").text
    assert "<strong>3</strong> appreciations between you this week" in page
    assert "<strong>3</strong> appreciations between you this week" in today
    # One number for both: nothing per partner.
    assert "Ada: " not in page
    assert "Ben: " not in page


def test_week_count_starts_again_on_monday(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 12, 6, 12, 0, tzinfo=UTC), tick=False):
        appreciation(personas)
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), tick=False):
        client_a = personas.client_for(personas.a)
        assert "<strong>0</strong> appreciations between you this week" in client_a.get(HOME).text


def test_home_query_count_does_not_grow_with_notes(client_b: Any, personas: Any) -> None:
    note = appreciation(personas)
    appreciation(personas, author=personas.b)
    client_b.post(f"/appreciate/notes/{note.pk}/react/", {"reaction": "hug"})
    few = queries_for(client_b, HOME)
    for number in range(8):
        sent = appreciation(personas, text=f"More {number}")
        client_b.post(f"/appreciate/notes/{sent.pk}/favourite/", {"favourite": "on"})
        appreciation(personas, author=personas.b, text=f"Back {number}")
    many = queries_for(client_b, HOME)
    assert len(many) == len(few)
    assert many.writes() == []


def test_jar_query_count(client_b: Any, personas: Any) -> None:
    appreciation(personas, text="Note first")
    few = queries_for(client_b, "/appreciate/jar/")
    for number in range(11):
        appreciation(personas, text=f"Note {number}")
    assert len(queries_for(client_b, "/appreciate/jar/")) == len(few)
    response = client_b.get("/appreciate/jar/")
    assert response.text.count('class="note note-received"') == 12
