"""Kept pages (tending/lib/pagecache.py): served again only to the same
session, never after a change, never across a new day."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tending.accounts import middleware as session_lifetime
from tending.accounts.models import ApiToken
from tending.appreciate.services import send_appreciation, start_break, writer
from tending.lib import pagecache

TODAY = "/"


@pytest.fixture(autouse=True)
def keeping(settings: Any) -> None:
    settings.PAGE_CACHE_ENABLED = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def queries_for(client: Client, path: str, **extra: Any) -> tuple[int, Any]:
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    return len(queries), response


def test_a_page_seen_again_costs_no_query(client_a: Client) -> None:
    client_a.get(TODAY)  # the first page hands out the CSRF cookie: not kept
    first_count, first = queries_for(client_a, TODAY)
    again_count, again = queries_for(client_a, TODAY)
    assert first.status_code == again.status_code == 200
    assert first_count > 0
    assert again_count == 0
    assert again.text == first.text
    assert "Ben" in again.text
    # The middleware still marks it as private on the way out.
    assert again["Cache-Control"] == "no-store, private"


def test_what_the_partner_does_shows_at_once(client_a: Client, personas: Any) -> None:
    assert "<strong>0</strong> appreciations between you this week" in client_a.get(TODAY).text
    send_appreciation(writer(personas.b), text="Thank you for the soup.", kind="thanks")
    assert "<strong>1</strong> appreciation between you this week" in client_a.get(TODAY).text


def test_a_new_name_shows_at_once(client_a: Client, personas: Any) -> None:
    assert "Ben" in client_a.get(TODAY).text
    personas.b.display_name = "Benedikt"
    personas.b.save()
    assert "Benedikt" in client_a.get(TODAY).text


def test_a_kept_page_never_reaches_another_session(
    client_a: Client, client_b: Client, client_c: Client, personas: Any
) -> None:
    page_a = client_a.get(TODAY).text
    # B and C each get their own page drawn for them, not A's.
    assert client_b.get(TODAY).text != page_a
    assert "Ada" in client_b.get(TODAY).text
    assert "Ada" not in client_c.get(TODAY).text
    # A second device of A's is another session: its page is its own too.
    other_device = personas.client_for(personas.a)
    count, response = queries_for(other_device, TODAY)
    assert count > 0
    assert response.status_code == 200


def test_a_new_day_draws_a_new_page(client_a: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagecache, "PAGE_SECONDS", 3 * 24 * 3600)
    monkeypatch.setattr(session_lifetime, "SEEN_RESOLUTION_SECONDS", 3 * 24 * 3600)
    client_a.get(TODAY)  # hands out the CSRF cookie
    client_a.get(TODAY)  # kept
    assert queries_for(client_a, TODAY)[0] == 0
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        count, response = queries_for(client_a, TODAY)
    assert count > 0
    assert response.status_code == 200


def test_a_message_is_shown_once_and_leaving_shows_at_once(
    client_a: Client, client_b: Client
) -> None:
    assert "Ben" in client_a.get(TODAY).text
    assert client_b.get(TODAY).status_code == 200  # B's Today is kept now
    response = client_b.post("/couple/leave/", {"confirm": "yes"})
    assert response.status_code == 302
    assert "You have left the couple space." in client_b.get(TODAY).text
    assert "You have left the couple space." not in client_b.get(TODAY).text
    assert "Ben" not in client_a.get(TODAY).text


def test_a_page_that_changes_by_itself_soon_is_not_kept(client_a: Client, personas: Any) -> None:
    calls: list[int] = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        pagecache.keep_until(request, timezone.now() + timedelta(milliseconds=500))
        return HttpResponse("a break ends in a moment")

    kept_view = pagecache.kept_page(view)
    request = _request_for(client_a, personas.a)
    kept_view(request)
    kept_view(_request_for(client_a, personas.a))
    assert len(calls) == 2


def test_a_break_notice_is_not_kept_past_the_end_of_the_break(
    client_a: Client, personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # However long pages are kept, the end of the break draws the page anew.
    monkeypatch.setattr(pagecache, "PAGE_SECONDS", 24 * 3600)
    # …and however seldom the session's idle clock is written.
    monkeypatch.setattr(session_lifetime, "SEEN_RESOLUTION_SECONDS", 24 * 3600)
    start = timezone.now().replace(hour=10, minute=0)
    with time_machine.travel(start, tick=False):
        start_break(personas.b, 20)
        client_a.get(TODAY)
        assert "Ben asked for a short break." in client_a.get(TODAY).text
    with time_machine.travel(start + timedelta(minutes=21), tick=False):
        page = client_a.get(TODAY).text
    assert "The break is over." in page
    assert "Ben asked for a short break." not in page


def test_a_kept_calendar_feed_follows_a_new_tradition_at_once(personas: Any) -> None:
    from tending.traditions import feed
    from tending.traditions.tests.helpers import make_tradition, membership_of

    _subscription, token = feed.issue_feed(membership_of(personas.b))
    address = f"/feed/{token}.ics"
    built_count, first = queries_for(Client(), address)
    assert first.status_code == 200
    assert b"Friday pizza" not in first.content
    Client().get(address)  # the first fetch noted the time: a change like any other
    kept_count, again = queries_for(Client(), address)
    assert again.content == first.content
    assert kept_count == 0 < built_count  # the feed, its author and their seat: all kept
    make_tradition(personas.a, first_day=timezone.localdate())
    assert b"Friday pizza night" in Client().get(address).content


def test_a_revoked_token_stops_working_at_once(personas: Any) -> None:
    token, secret = ApiToken.issue(personas.a, "script")
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/me").status_code == 200  # records the first use
    assert api.get("/api/v1/me").status_code == 200
    count, again = queries_for(api, "/api/v1/me")
    assert again.json()["couple_id"] == str(personas.couple.id)
    assert count == 0  # token, account and couple all kept
    token.revoked_at = timezone.now()
    token.save()
    assert api.get("/api/v1/me").status_code == 401


def test_a_deactivated_account_is_shut_out_at_once(client_a: Client, personas: Any) -> None:
    assert client_a.get(TODAY).status_code == 200
    personas.a.is_active = False
    personas.a.save()
    response = client_a.get(TODAY)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_generations_are_replaced_again_when_the_change_commits(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    before = pagecache.generation(personas.a.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_appreciation(writer(personas.b), text="Thanks for the walk.", kind="thanks")
    during = pagecache.generation(personas.a.pk)
    assert during != before
    for callback in callbacks:
        callback()
    assert pagecache.generation(personas.a.pk) not in (before, during)


def _request_for(client: Client, user: Any) -> HttpRequest:
    """A request carrying the client's session, as the middleware would build it."""
    from django.conf import settings
    from django.contrib.messages.storage import default_storage
    from django.test import RequestFactory
    from django.utils.module_loading import import_string

    request = RequestFactory().get("/somewhere/")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    request.session = import_string(settings.SESSION_ENGINE + ".SessionStore")(key)
    request.user = user
    request._messages = default_storage(request)  # type: ignore[attr-defined]
    return request
