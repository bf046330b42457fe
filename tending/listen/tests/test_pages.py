"""Listen's pages: one tap to start, the live panel on two devices, history with
the trend; fixed query counts; outsiders 404, the therapist cannot write."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tending.listen import services
from tending.listen.models import ListeningSession, Mode, SessionRating, Step, Turn
from tending.listen.tests.helpers import own_queries, turn

# Membership, the partner, the open session, the last sessions and their ratings.
HOME_QUERIES = 5
# Membership, the session, its turns, its ratings.
SESSION_QUERIES = 4


def test_one_tap_starts_a_session(personas: Any, client_a: Any) -> None:
    home = client_a.get("/listen/")
    assert "Start a listening session" in home.content.decode()
    response = client_a.post("/listen/start/", {})  # every field has a default
    session = ListeningSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/listen/sessions/{session.pk}/"
    assert (session.mode, session.speaker, session.listener, session.written) == (
        Mode.TOGETHER,
        personas.a,
        personas.b,
        False,
    )
    page = client_a.get(response["Location"]).content.decode()
    assert "Ada has the floor" in page
    assert "Pass the floor" in page


def test_the_break_prompt_leads_straight_to_starting(personas: Any, client_a: Any) -> None:
    from tending.today.practices import BY_SLUG

    assert BY_SLUG["listen"].url == "/listen/"
    assert 'action="/listen/start/"' in client_a.get("/listen/").content.decode()


def test_bad_start_options_are_refused(personas: Any, client_a: Any) -> None:
    response = client_a.post("/listen/start/", {"mode": "telepathy", "turn_seconds": "7"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ListeningSession.objects.exists()


def test_a_spoken_session_on_one_phone(personas: Any, client_a: Any) -> None:
    client_a.post(
        "/listen/start/", {"mode": "together", "speaker": "partner", "turn_seconds": "120"}
    )
    session = ListeningSession.objects.get()
    page = client_a.get(f"/listen/sessions/{session.pk}/").content.decode()
    assert "Ben has the floor" in page
    assert re.search(r'data-remaining="1[012][0-9]"', page)
    assert "textarea" not in page.split("So far")[0]  # a spoken session: no boxes
    for kind, then in (
        ("piece", "Ada, say back what you heard"),
        ("reflection", "Ben, was that it?"),
    ):
        assert turn(client_a, session.pk, kind).status_code == 302
        assert then in client_a.get(f"/listen/sessions/{session.pk}/").content.decode()
    turn(client_a, session.pk, "confirm")
    client_a.post(f"/listen/sessions/{session.pk}/end/")
    page = client_a.get(f"/listen/sessions/{session.pk}/").content.decode()
    assert "Ben, how did it feel to be heard?" in page
    rated = client_a.post(
        f"/listen/sessions/{session.pk}/rate/",
        {"speaker": str(personas.b.pk), "understood": "4", "validated": "5", "cared_for": "5"},
    )
    assert rated.status_code == 302
    assert SessionRating.objects.get().speaker == personas.b


def test_the_other_device_polls_quietly_until_something_changes(
    personas: Any, client_a: Any, client_b: Any, django_assert_num_queries: Any
) -> None:
    session = services.start(personas.a, mode=Mode.APART, written=True)
    page_b = client_b.get(f"/listen/sessions/{session.pk}/").content.decode()
    assert "Waiting for Ada" in page_b
    live = f"/listen/sessions/{session.pk}/live/?v={session.version}"
    assert f'hx-get="{live}"' in page_b.replace("&amp;", "&")
    client_b.get(live)
    with django_assert_num_queries(4):
        quiet = client_b.get(live)
    assert quiet.status_code == 204
    services.take_turn(personas.a, session.pk, "piece", "I'd like more quiet evenings.")
    changed = client_b.get(live)
    assert changed.status_code == 200
    html = changed.content.decode()
    assert "Ben, say back what you heard" in html
    assert "It&#x27;s your turn." in html or "It's your turn." in html
    assert "I&#x27;d like more quiet evenings." in html
    assert "<html" not in html  # just the panel


def test_after_the_session_the_panel_waits_for_the_partners_ratings(
    personas: Any, client_a: Any
) -> None:
    session = services.start(personas.a, mode=Mode.APART, written=True)
    services.take_turn(personas.a, session.pk, "piece", "More quiet evenings, please.")
    services.take_turn(personas.b, session.pk, "reflection", "You'd like calmer evenings.")
    services.take_turn(personas.a, session.pk, "confirm")
    services.swap_roles(personas.a, session.pk)
    services.take_turn(personas.b, session.pk, "piece", "Walks after dinner.")
    services.end(personas.a, session.pk)
    services.rate(personas.a, session.pk, 5, 4, 5)
    page = client_a.get(f"/listen/sessions/{session.pk}/").content.decode()
    assert 'hx-trigger="every' in page  # Ben has yet to rate
    version = ListeningSession.objects.get(pk=session.pk).version
    services.rate(personas.b, session.pk, 4, 4, 4)
    changed = client_a.get(f"/listen/sessions/{session.pk}/live/?v={version}")
    html = changed.content.decode()
    assert "<strong>Ben</strong>: understood 4/5" in html
    assert 'hx-trigger="every' not in html  # all in: nothing more to wait for


def test_an_htmx_turn_returns_the_panel_and_a_refusal_says_why(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    session = services.start(personas.a, mode=Mode.APART, written=True)
    refused = turn(client_b, session.pk, "piece", "Me first", htmx=True)
    assert refused.status_code == 403
    assert "Only the speaker, Ada, can do that." in refused.content.decode()
    ok = turn(client_a, session.pk, "piece", "A piece", htmx=True)
    assert ok.status_code == 200
    assert 'id="listen-live"' in ok.content.decode()
    reminded = turn(client_b, session.pk, "reflection", "A piece, but…", htmx=True)
    assert "A “but” can turn a summary into a reply" in reminded.content.decode()
    assert Turn.objects.count() == 2


@pytest.mark.parametrize("sessions", [2, 14])
def test_history_shows_ratings_and_the_trend_at_a_fixed_cost(
    personas: Any, client_b: Any, sessions: int
) -> None:
    for n in range(sessions):
        session = services.start(personas.a, topic=f"Talk {n}", mode=Mode.TOGETHER)
        services.take_turn(personas.a, session.pk, "piece")
        services.end(personas.a, session.pk)
        services.rate(personas.a, session.pk, 1 + n % 5, 3, 4)
        ListeningSession.objects.filter(pk=session.pk).update(
            created=timezone.now() - timedelta(days=sessions - n)
        )
    # Membership, the count, the page, its ratings and their speakers, the trend.
    response, queries = own_queries(client_b, "/listen/history/")
    assert queries == 6
    html = response.content.decode()
    assert f"{sessions} rated sessions" in html
    assert "<svg" in html
    assert "Ada: understood" in html
    assert f"Talk {sessions - 1}" in html


def test_the_trend_averages_both_speakers(personas: Any, client_a: Any) -> None:
    session = services.start(personas.a, mode=Mode.TOGETHER)
    services.take_turn(personas.a, session.pk, "piece")
    services.take_turn(personas.a, session.pk, "reflection")
    services.take_turn(personas.a, session.pk, "confirm")
    services.swap_roles(personas.a, session.pk)
    services.take_turn(personas.a, session.pk, "piece")
    services.end(personas.a, session.pk)
    services.rate(personas.a, session.pk, 5, 5, 5, speaker_id=personas.a.pk)
    services.rate(personas.a, session.pk, 2, 3, 3, speaker_id=personas.b.pk)
    trend = client_a.get("/api/v1/listen/trend").json()
    assert [p["understood"] for p in trend] == [3.5]


def test_outsiders_get_404_and_change_nothing(personas: Any, client_c: Any) -> None:
    session = services.start(personas.a, mode=Mode.APART, written=True)
    for url in ("", "live/", "turn/", "swap/", "end/", "rate/"):
        full = f"/listen/sessions/{session.pk}/{url}"
        response = (
            client_c.post(full, {"kind": "piece", "text": "x"})
            if url not in ("", "live/")
            else client_c.get(full)
        )
        assert response.status_code == 404, full
    assert ListeningSession.objects.get().step == Step.SPEAK
    assert not Turn.objects.exists()


def test_the_therapist_cannot_take_part(personas: Any, client_therapist: Any) -> None:
    session = services.start(personas.a, mode=Mode.APART, written=True)
    assert client_therapist.get("/listen/").status_code == 302
    assert client_therapist.post(f"/listen/sessions/{session.pk}/end/").status_code == 404
    api = client_therapist.post(f"/api/v1/listen/sessions/{session.pk}/end")
    assert api.status_code == 404  # sessions are the partners' alone
    assert (
        client_therapist.post(
            "/api/v1/listen/sessions", "{}", content_type="application/json"
        ).status_code
        == 403
    )
    assert ListeningSession.objects.get().step == Step.SPEAK


def test_wrong_methods_get_405(personas: Any, client_a: Any) -> None:
    session = services.start(personas.a)
    assert client_a.get(f"/listen/sessions/{session.pk}/turn/").status_code == 405
    assert client_a.get("/listen/start/").status_code == 405
    assert client_a.post(f"/listen/sessions/{session.pk}/live/").status_code == 405


def test_home_and_session_pages_at_a_fixed_cost(personas: Any, client_a: Any) -> None:
    for n in range(4):
        session = services.start(personas.a, topic=f"T{n}", mode=Mode.APART, written=True)
        services.take_turn(personas.a, session.pk, "piece", "A piece")
        if n < 3:
            services.end(personas.a, session.pk)
    home, queries = own_queries(client_a, "/listen/")
    assert "A session is open" in home.content.decode()
    assert queries == HOME_QUERIES
    page, queries = own_queries(client_a, f"/listen/sessions/{session.pk}/")
    assert "A piece" in page.content.decode()
    assert queries == SESSION_QUERIES
