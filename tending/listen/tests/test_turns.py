"""The exercise's order, enforced on the server: piece, reflection, then "yes,
that's it" or "not quite"; only the person whose turn it is, on two devices;
nothing after the end; ratings from those who spoke."""

from __future__ import annotations

from typing import Any

import pytest

from tending.couples.services import CoupleActionRefused
from tending.listen import services
from tending.listen.models import ListeningSession, Mode, SessionRating, Step, Turn
from tending.listen.tests.helpers import api_post, turn


def start(personas: Any, mode: str = Mode.APART, written: bool = True) -> ListeningSession:
    return services.start(personas.a, topic="Sunday", mode=mode, written=written)


def test_a_whole_round_in_order(personas: Any) -> None:
    session = start(personas)
    steps = [
        (personas.a, "piece", "I miss our Sunday walks.", Step.REFLECT),
        (personas.b, "reflection", "You miss walking with me.", Step.CHECK),
        (personas.a, "correct", "Walking and talking, not just walking.", Step.REFLECT),
        (personas.b, "reflection", "You miss our talks on the walks.", Step.CHECK),
        (personas.a, "confirm", "", Step.SPEAK),
    ]
    for person, kind, text, step in steps:
        result = services.take_turn(person, session.pk, kind, text)
        assert result.session.step == step
    turns = list(Turn.objects.filter(session=session).values_list("seq", "kind", "role", "person"))
    assert [t[:3] for t in turns] == [
        (1, "piece", "speaker"),
        (2, "reflection", "listener"),
        (3, "correct", "speaker"),
        (4, "reflection", "listener"),
        (5, "confirm", "speaker"),
    ]
    assert [t[3] for t in turns] == [
        personas.a.pk,
        personas.b.pk,
        personas.a.pk,
        personas.b.pk,
        personas.a.pk,
    ]


def test_on_two_devices_a_listener_cannot_take_a_speakers_turn(
    personas: Any, client_b: Any
) -> None:
    session = start(personas)
    page = turn(client_b, session.pk, "piece", "Let me speak instead.")
    assert page.status_code == 403
    html = page.content.decode()
    assert "Only the speaker, Ada, can do that." in html
    assert "Let me speak instead." not in html  # Ben has no box to put it back in
    api = api_post(client_b, f"/sessions/{session.pk}/turns", {"kind": "piece", "text": "Me!"})
    assert api.status_code == 403
    assert api.json()["detail"] == "Only the speaker, Ada, can do that."
    assert not Turn.objects.exists()
    services.take_turn(personas.a, session.pk, "piece", "My piece.")
    # …and the speaker cannot say back their own piece for the listener.
    with pytest.raises(CoupleActionRefused, match="Only the listener, Ben"):
        services.take_turn(personas.a, session.pk, "reflection", "What I heard…")
    assert Turn.objects.count() == 1


def test_a_turn_out_of_order_is_refused(personas: Any, client_a: Any) -> None:
    session = start(personas, mode=Mode.TOGETHER)
    for kind in ("reflection", "confirm", "correct"):
        response = api_post(client_a, f"/sessions/{session.pk}/turns", {"kind": kind, "text": "x"})
        assert response.status_code == 409
        assert response.json()["detail"] == "Now Ada shares a piece."
    api_post(client_a, f"/sessions/{session.pk}/turns", {"kind": "piece", "text": "One piece."})
    again = api_post(client_a, f"/sessions/{session.pk}/turns", {"kind": "piece", "text": "Two"})
    assert again.json()["detail"] == "Now Ben says back what they heard."
    assert Turn.objects.count() == 1


def test_a_finished_session_refuses_turns(personas: Any, client_a: Any, client_b: Any) -> None:
    session = start(personas)
    services.end(personas.b, session.pk)
    for client, kind in ((client_a, "piece"), (client_b, "reflection")):
        response = api_post(client, f"/sessions/{session.pk}/turns", {"kind": kind, "text": "x"})
        assert response.status_code == 409
        assert "has ended" in response.json()["detail"]
    assert api_post(client_a, f"/sessions/{session.pk}/swap").status_code == 409
    assert api_post(client_a, f"/sessions/{session.pk}/end").status_code == 409
    page = turn(client_a, session.pk, "piece", "Too late", htmx=True)
    assert page.status_code == 409
    assert "it takes no more turns" in page.content.decode()
    assert Turn.objects.filter(kind="end").count() == 1
    assert Turn.objects.count() == 1


def test_on_one_phone_both_roles_are_recorded_from_one_account(personas: Any) -> None:
    session = start(personas, mode=Mode.TOGETHER, written=False)
    # A spoken session: the turns carry no text, only their order.
    services.take_turn(personas.a, session.pk, "piece")
    services.take_turn(personas.a, session.pk, "reflection")
    services.take_turn(personas.a, session.pk, "confirm")
    rows = list(Turn.objects.values_list("person", "author", "text"))
    assert rows == [
        (personas.a.pk, personas.a.pk, ""),
        (personas.b.pk, personas.a.pk, ""),
        (personas.a.pk, personas.a.pk, ""),
    ]


def test_written_turns_need_words_within_the_set_length(personas: Any) -> None:
    session = services.start(personas.a, mode=Mode.APART, written=True, piece_limit=280)
    with pytest.raises(CoupleActionRefused, match="Write a few words first"):
        services.take_turn(personas.a, session.pk, "piece", "   ")
    with pytest.raises(CoupleActionRefused, match="under 280 characters"):
        services.take_turn(personas.a, session.pk, "piece", "x" * 281)
    with pytest.raises(CoupleActionRefused, match="Plain words only"):
        services.take_turn(personas.a, session.pk, "piece", "<script>alert(1)</script>")
    assert not Turn.objects.exists()
    assert ListeningSession.objects.get().step == Step.SPEAK


def test_a_but_is_pointed_out_never_refused(personas: Any, client_b: Any) -> None:
    session = start(personas)
    services.take_turn(personas.a, session.pk, "piece", "I feel tired of cooking every night.")
    response = api_post(
        client_b,
        f"/sessions/{session.pk}/turns",
        {"kind": "reflection", "text": "You're tired of cooking, but I did it on Tuesday."},
    )
    assert response.status_code == 201
    assert "A “but” can turn a summary into a reply" in response.json()["reminder"]
    assert Turn.objects.get(kind="reflection").text.endswith("on Tuesday.")
    services.take_turn(personas.a, session.pk, "correct", "")
    plain = api_post(
        client_b, f"/sessions/{session.pk}/turns", {"kind": "reflection", "text": "Every night."}
    )
    assert plain.json()["reminder"] is None


def test_roles_swap_between_pieces_only(personas: Any, client_b: Any) -> None:
    session = start(personas)
    services.take_turn(personas.a, session.pk, "piece", "One thing.")
    assert api_post(client_b, f"/sessions/{session.pk}/swap").status_code == 409
    services.take_turn(personas.b, session.pk, "reflection", "One thing, heard.")
    services.take_turn(personas.a, session.pk, "confirm")
    # Either may ask for the floor: here the listener does.
    response = api_post(client_b, f"/sessions/{session.pk}/swap")
    assert response.status_code == 200
    assert (response.json()["speaker_id"], response.json()["listener_id"]) == (
        str(personas.b.pk),
        str(personas.a.pk),
    )
    services.take_turn(personas.b, session.pk, "piece", "My turn now.")


def test_whoever_spoke_rates_after_the_end(personas: Any, client_a: Any, client_b: Any) -> None:
    session = start(personas)
    services.take_turn(personas.a, session.pk, "piece", "Something.")
    body = {"understood": 4, "validated": 5, "cared_for": 3}
    early = client_a.put(
        f"/api/v1/listen/sessions/{session.pk}/ratings", body, content_type="application/json"
    )
    assert early.status_code == 409
    services.end(personas.a, session.pk)
    # B did not speak, so has nothing to rate.
    listener = client_b.put(
        f"/api/v1/listen/sessions/{session.pk}/ratings", body, content_type="application/json"
    )
    assert listener.status_code == 409
    out_of_range = {**body, "understood": 6}
    assert (
        client_a.put(
            f"/api/v1/listen/sessions/{session.pk}/ratings",
            out_of_range,
            content_type="application/json",
        ).status_code
        == 422
    )
    ok = client_a.put(
        f"/api/v1/listen/sessions/{session.pk}/ratings", body, content_type="application/json"
    )
    assert ok.status_code == 200
    rating = SessionRating.objects.get()
    assert (rating.speaker, rating.understood, rating.validated, rating.cared_for) == (
        personas.a,
        4,
        5,
        3,
    )


def test_on_one_phone_each_speakers_rating_is_recorded_for_them(personas: Any) -> None:
    session = start(personas, mode=Mode.TOGETHER, written=False)
    services.take_turn(personas.a, session.pk, "piece")
    services.take_turn(personas.a, session.pk, "reflection")
    services.take_turn(personas.a, session.pk, "confirm")
    services.swap_roles(personas.a, session.pk)
    services.take_turn(personas.a, session.pk, "piece")
    services.end(personas.a, session.pk)
    services.rate(personas.a, session.pk, 5, 4, 4, speaker_id=personas.a.pk)
    services.rate(personas.a, session.pk, 3, 3, 4, speaker_id=personas.b.pk)
    assert dict(SessionRating.objects.values_list("speaker", "understood")) == {
        personas.a.pk: 5,
        personas.b.pk: 3,
    }


def test_one_open_session_at_a_time(personas: Any, client_b: Any) -> None:
    start(personas)
    response = api_post(client_b, "/sessions", {})
    assert response.status_code == 409
    assert "still open" in response.json()["detail"]
    assert ListeningSession.objects.count() == 1


def test_listening_takes_two(personas: Any, client_c: Any) -> None:
    response = api_post(client_c, "/sessions", {})
    assert response.status_code == 409
    assert response.json()["detail"] == "Listening takes two: invite your partner first."


def test_a_refused_turn_without_javascript_keeps_the_words(personas: Any, client_a: Any) -> None:
    """The plain form (no htmx) gets the session page back with the refusal's
    4xx, its message, and the words in the box: nothing typed is lost."""
    session = start(personas)  # written, two devices, Ada speaks; 500 characters a piece
    long = "I would like to say this. " * 25  # 650 characters
    page = turn(client_a, session.pk, "piece", long)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Please keep it under 500 characters (this is 649)." in html
    assert long.strip() in html
    huge = turn(client_a, session.pk, "piece", "x" * 5000)
    assert huge.status_code == 400
    assert "Please keep it under 500 characters (this is 5000)." in huge.content.decode()
    assert "x" * 5000 in huge.content.decode()
    wrong = turn(client_a, session.pk, "end")
    assert wrong.status_code == 400
    assert "That is not a step of the exercise." in wrong.content.decode()
    assert not Turn.objects.exists()
    rating = client_a.post(f"/listen/sessions/{session.pk}/rate/", {"understood": "9"})
    assert rating.status_code == 400
    assert "Choose a number from 1 to 5 for each." in rating.content.decode()
