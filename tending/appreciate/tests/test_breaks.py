"""Take a break: the button, the partner's notice on every page, the prompt
to come back, the monthly count."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from tending.appreciate.context_processors import DISMISSED_KEY
from tending.appreciate.models import Break
from tending.appreciate.tests.helpers import a_break, queries_for
from tending.today.practices import BY_SLUG

START = "/appreciate/break/start/"


def test_every_page_offers_the_button_to_partners(client_a: Any, client_therapist: Any) -> None:
    for url in ("/", "/appreciate/", "/accounts/profile/", "/couple/"):
        page = client_a.get(url).text
        assert "I need a break" in page, url
        assert 'name="minutes" value="20"' in page
        assert 'name="minutes" value="60"' in page
    assert "I need a break" not in client_therapist.get("/").text


@pytest.mark.parametrize("minutes", [20, 30, 60])
def test_calling_a_break(personas: Any, minutes: int) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 19, 0, tzinfo=UTC), tick=False):
        client_a = personas.client_for(personas.a)
        response = client_a.post(START, {"minutes": str(minutes)})
        assert response.status_code == 302
        taken = Break.objects.get()
        assert (taken.author, taken.minutes, taken.visibility) == (personas.a, minutes, "partner")
        assert taken.ends_at == datetime(2026, 12, 1, 19, minutes % 60, tzinfo=UTC) + timedelta(
            hours=minutes // 60
        )
        page = client_a.get(response["Location"]).text
    assert "You're taking a break." in page
    assert "On a break" in page


@pytest.mark.parametrize("minutes", ["10", "0", "120", "", "twenty"])
def test_a_break_lasts_at_least_twenty_minutes(client_a: Any, minutes: str) -> None:
    response = client_a.post(START, {"minutes": minutes})
    assert response.status_code == 400
    assert not Break.objects.exists()
    assert "A break lasts 20, 30 or 60 minutes." in response.text
    assert 'name="minutes" value="30"' in response.text  # ready to tap again


def test_partner_sees_a_calm_notice_on_any_page(personas: Any) -> None:
    # Ben's zone is Europe/Berlin: 19:00 UTC is 20:00 there, back at 20:30.
    with time_machine.travel(datetime(2026, 12, 1, 19, 0, tzinfo=UTC), tick=False):
        client_a, client_b = personas.client_for(personas.a), personas.client_for(personas.b)
        client_a.post(START, {"minutes": "30"})
    with time_machine.travel(datetime(2026, 12, 1, 19, 10, tzinfo=UTC), tick=False):
        for url in ("/", "/appreciate/jar/", "/accounts/profile/"):
            page = client_b.get(url).text
            assert "Ada asked for a short break." in page, url
            assert "You'll come back to it together at 20:30." in page
        # Asked again when the break ends (20 minutes from now, plus a second).
        assert 'hx-trigger="load delay:1201s"' in page


def test_an_open_page_learns_of_a_break_within_a_minute(
    client_a: Any, client_b: Any, client_therapist: Any
) -> None:
    page = client_b.get("/appreciate/jar/").text
    poll = re.search(r'<div id="break-notice"[^>]*>', page)
    assert poll is not None
    assert 'hx-get="/appreciate/break/notice/"' in poll.group(0)
    assert 'hx-trigger="every 60s"' in poll.group(0)
    quiet = client_b.get("/appreciate/break/notice/", headers={"HX-Request": "true"}).text
    assert 'hx-trigger="every 60s"' in quiet  # nothing yet: it keeps looking
    client_a.post(START, {"minutes": "20"})
    fragment = client_b.get("/appreciate/break/notice/", headers={"HX-Request": "true"}).text
    assert "Ada asked for a short break." in fragment
    assert "every 60s" not in fragment
    assert 'id="break-notice"' not in client_therapist.get("/").text


def test_at_the_end_both_get_a_prompt_to_come_back(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 19, 0, tzinfo=UTC), tick=False):
        client_a, client_b = personas.client_for(personas.a), personas.client_for(personas.b)
        client_a.post(START, {"minutes": "20"})
    with time_machine.travel(datetime(2026, 12, 1, 19, 21, tzinfo=UTC), tick=False):
        for client in (client_a, client_b):
            page = client.get("/").text
            assert "The break is over." in page
            assert "Start a listening session" in page
            assert f'href="{BY_SLUG["listen"].url}"' in page
            fragment = client.get("/appreciate/break/notice/").text
            assert "The break is over." in fragment
            assert "<html" not in fragment
    with time_machine.travel(datetime(2026, 12, 2, 2, 0, tzinfo=UTC), tick=False):
        assert "The break is over." not in client_b.get("/").text  # six hours later


def test_not_now_puts_the_prompt_away_for_that_person(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 19, 0, tzinfo=UTC), tick=False):
        client_a, client_b = personas.client_for(personas.a), personas.client_for(personas.b)
        client_a.post(START, {"minutes": "20"})
    with time_machine.travel(datetime(2026, 12, 1, 19, 30, tzinfo=UTC), tick=False):
        response = client_b.post("/appreciate/break/dismiss/", {"next": "/appreciate/jar/"})
        assert response["Location"] == "/appreciate/jar/"
        assert client_b.session[DISMISSED_KEY] == str(Break.objects.get().pk)
        assert "The break is over." not in client_b.get("/").text
        assert "The break is over." in client_a.get("/").text
        # An outside address is not followed.
        response = client_b.post("/appreciate/break/dismiss/", {"next": "https://example.org/"})
        assert response["Location"] == "/appreciate/"


def test_not_now_in_the_swapped_in_prompt_returns_to_the_page(personas: Any) -> None:
    """When the break ends, htmx swaps the prompt into the page the person is
    on; "Not now" must bring them back there, not to the fragment's address."""
    with time_machine.travel(datetime(2026, 12, 1, 19, 0, tzinfo=UTC), tick=False):
        client_b = personas.client_for(personas.b)
        a_break(personas)
    with time_machine.travel(datetime(2026, 12, 1, 19, 21, tzinfo=UTC), tick=False):
        fragment = client_b.get(
            "/appreciate/break/notice/",
            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/share/archive/"},
        ).text
        assert 'name="next" value="/share/archive/"' in fragment
        page = client_b.get("/appreciate/jar/").text
        assert 'name="next" value="/appreciate/jar/"' in page


def test_a_second_tap_keeps_the_break_that_is_on(client_a: Any, client_b: Any) -> None:
    client_a.post(START, {"minutes": "20"})
    response = client_b.post(START, {"minutes": "60"})
    assert Break.objects.count() == 1
    assert "A break is already on" in client_b.get(response["Location"]).text


def test_outsiders_and_therapist_see_nothing(
    client_a: Any, client_c: Any, client_therapist: Any
) -> None:
    client_a.post(START, {"minutes": "20"})
    assert "short break" not in client_c.get("/").text
    assert "short break" not in client_therapist.get("/").text
    assert client_therapist.post(START, {"minutes": "20"}).status_code == 302
    assert Break.objects.count() == 1


def test_breaks_are_counted_per_month(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 12, 15, 12, 0, tzinfo=UTC), tick=False):
        client_a = personas.client_for(personas.a)
        a_break(personas)
        a_break(personas, author=personas.b, ago=timedelta(days=3))
        a_break(personas, ago=timedelta(days=40))  # early November
        page = client_a.get("/appreciate/break/").text
    assert "<td>December 2026</td><td>2</td>" in page
    assert "<td>November 2026</td><td>1</td>" in page
    assert "<td>October 2026</td><td>0</td>" in page
    assert "never why" in page


def test_wrong_methods(client_a: Any) -> None:
    assert client_a.get(START).status_code == 405
    assert client_a.get("/appreciate/break/dismiss/").status_code == 405
    assert client_a.post("/appreciate/break/").status_code == 405


def test_the_notice_costs_one_query_per_page(client_b: Any, personas: Any) -> None:
    quiet = queries_for(client_b, "/accounts/profile/")
    assert len(quiet.touching("appreciate_break")) == 1
    assert "short break" not in client_b.get("/accounts/profile/").text
    a_break(personas)
    noticed = queries_for(client_b, "/accounts/profile/")
    assert len(noticed.touching("appreciate_break")) == 1
    assert len(noticed) == len(quiet)
    assert "Ada asked for a short break." in client_b.get("/accounts/profile/").text


def test_break_page_query_count(client_a: Any, personas: Any) -> None:
    a_break(personas, ago=timedelta(days=3))
    few = queries_for(client_a, "/appreciate/break/")
    for days in range(2, 11):
        a_break(personas, ago=timedelta(days=days * 5))
    assert len(queries_for(client_a, "/appreciate/break/")) == len(few)
