"""The picker page, the week of free windows, 'Plan it' and the card on Today."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tending.calendars import services as calendars
from tending.funlist import services
from tending.funlist.models import FunIdea, PlannedDate

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, 10:00 in Berlin (the couple's zone).
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def ics(*busy: tuple[str, str]) -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:{n}\r\nDTSTART:{s}\r\nDTEND:{e}\r\n"
        f"SUMMARY:Private {n}\r\nEND:VEVENT\r\n"
        for n, (s, e) in enumerate(busy)
    )
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{events}END:VCALENDAR\r\n".encode()
    )


def idea(personas: Any, title: str, minutes: int = 90, author: str = "a", **kw: Any) -> FunIdea:
    made = services.add_idea(
        getattr(personas, author),
        personas.couple,
        services.IdeaFields(
            title=title, duration_minutes=minutes, energy="easy", where="out", **kw
        ),
    )
    other = personas.b if author == "a" else personas.a
    services.set_answer(other, made, kw.pop("other_answer", "yes"))
    return made


@time_machine.travel(NOW, tick=False)
def test_suggestions_for_tonight_with_reasons(personas: Any, client_a: Client) -> None:
    idea(personas, "Candle-lit dinner", 120, author="b")
    idea(personas, "Weekend away", 2880)
    no = idea(personas, "Karaoke", 90)
    services.set_answer(personas.b, no, "no")
    text = html.unescape(client_a.get("/funlist/pick/").content.decode())
    assert "Tonight" in text
    assert "18:00–22:00" in text
    assert "Candle-lit dinner" in text
    for reason in ("you both said yes", "new to you", "fits your 4 hours", "your partner's idea"):
        assert reason in text
    # Too long for tonight; and a "no" never shows up as a suggestion.
    results = text.split('id="pick-results"')[1].split("</section>")[0]
    assert "Weekend away" not in results
    assert "Karaoke" not in results


@time_machine.travel(NOW, tick=False)
def test_the_weekend_window_fits_a_weekend_away_when_both_are_free(
    personas: Any, client_a: Client
) -> None:
    idea(personas, "Cabin weekend", 2880)
    response = client_a.get("/funlist/pick/", {"window": "weekend"})
    assert "Cabin weekend" in response.content.decode()
    # A window over several days names the day it ends on.
    assert "This weekend: Fri 6 Mar, 18:00 – Sun 8 Mar, 22:00" in response.content.decode()
    # B is busy on Saturday afternoon: the longest free stretch is shorter now.
    calendars.add_upload(
        personas.b, personas.couple, "Work", ics(("20260307T130000Z", "20260307T150000Z"))
    )
    response = client_a.get("/funlist/pick/", {"window": "weekend"})
    results = response.content.decode().split('id="pick-results"')[1]
    assert "Cabin weekend" not in results.split("</section>")[0]
    assert "Sat 7 Mar, 16:00 – Sun 8 Mar, 22:00" in results


@time_machine.travel(NOW, tick=False)
def test_budget_and_energy_filter(personas: Any, client_a: Client) -> None:
    idea(personas, "Spa day", 120, cost=3)
    idea(personas, "Walk", 60, cost=0)
    text = client_a.get("/funlist/pick/", {"window": "tonight", "budget": "1"}).content.decode()
    results = text.split('id="pick-results"')[1].split("</section>")[0]
    assert "Walk" in results
    assert "Spa day" not in results


@time_machine.travel(NOW, tick=False)
def test_not_both_free_now_says_so(personas: Any, client_a: Client) -> None:
    idea(personas, "Walk", 60)
    calendars.add_upload(
        personas.b, personas.couple, "Work", ics(("20260302T080000Z", "20260302T120000Z"))
    )
    text = client_a.get("/funlist/pick/", {"window": "now"}).content.decode()
    assert "not both free right now" in text


@time_machine.travel(NOW, tick=False)
def test_surprise_me_picks_one(personas: Any, client_a: Client) -> None:
    for n in range(5):
        idea(personas, f"Idea {n}", 60)
    text = client_a.get("/funlist/pick/", {"window": "tonight", "surprise": "1"}).content.decode()
    assert "How about…" in text
    assert text.count('class="fl-suggestion"') == 1


@time_machine.travel(NOW, tick=False)
def test_the_week_view_shows_joint_windows_and_ideas_for_them(
    personas: Any, client_a: Client, client_b: Client
) -> None:
    idea(personas, "Board games", 90)
    # A busy Monday evening until 20:00 (Berlin), B busy Tuesday evening.
    calendars.add_upload(
        personas.a, personas.couple, "Mine", ics(("20260302T170000Z", "20260302T190000Z"))
    )
    calendars.add_upload(
        personas.b, personas.couple, "Theirs", ics(("20260303T170000Z", "20260303T210000Z"))
    )
    for client in (client_a, client_b):
        text = client.get("/funlist/pick/").content.decode()
        assert "Mon 2 Mar, 20:00–22:00" in text
        assert "Tue 3 Mar" not in text.split("When you're both free")[1].split("<ul")[1]
        assert "<svg viewBox" in text
        assert "shared free windows" in text
        assert "Plan “Board games” then" in text
        # Neither partner's calendar name or event title is ever shown.
        assert "Private 0" not in text
    assert "Theirs" not in client_a.get("/funlist/pick/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_plan_it_puts_a_date_on_today_for_both(
    personas: Any, client_a: Client, client_b: Client
) -> None:
    made = idea(personas, "Night walk", 60)
    start = "2026-03-02T18:00:00+01:00"
    response = client_a.post("/funlist/plans/", {"idea": made.pk, "start": start}, follow=True)
    assert "It's a date!" in html.unescape(response.content.decode())
    plan = PlannedDate.objects.get()
    assert plan.end - plan.start == timedelta(minutes=60)
    for client in (client_a, client_b):
        today = client.get("/").content.decode()
        assert "Your date today" in today
        assert "Night walk" in today
    # Only the one who planned it can cancel it.
    assert client_b.post(f"/funlist/plans/{plan.pk}/cancel/").status_code == 404
    assert client_a.post(f"/funlist/plans/{plan.pk}/cancel/").status_code == 302
    assert not PlannedDate.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_plan_in_the_past_or_of_someone_elses_idea_is_refused(
    personas: Any, client_a: Client, client_c: Client
) -> None:
    made = idea(personas, "Night walk", 60)
    response = client_a.post(
        "/funlist/plans/", {"idea": made.pk, "start": "2026-02-01T18:00:00+01:00"}
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "already passed" in text
    assert "Pick something to do together" in text  # the picker again, with fresh windows
    for broken in ({}, {"idea": made.pk, "start": "soon"}, {"idea": "x", "start": "2026-03-03"}):
        response = client_a.post("/funlist/plans/", broken)
        assert response.status_code == 400
        assert "pick a window and an idea" in html.unescape(response.content.decode())
    assert (
        client_c.post(
            "/funlist/plans/", {"idea": made.pk, "start": "2026-03-03T18:00:00Z"}
        ).status_code
        == 404
    )
    assert not PlannedDate.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_picker_page_query_count_is_fixed(personas: Any, client_a: Client) -> None:
    counts = []
    for size in (2, 12):
        for n in range(size - FunIdea.objects.count()):
            idea(personas, f"Idea {size}-{n}", 60 + n)
        calendars.add_upload(
            personas.a,
            personas.couple,
            f"Cal {size}",
            ics(("20260303T170000Z", "20260303T180000Z")),
        )
        client_a.get("/")  # the session's first request also saves the session
        with CaptureQueriesContext(connection) as captured:
            assert client_a.get("/funlist/pick/").status_code == 200
        with CaptureQueriesContext(connection) as again:
            assert client_a.get("/funlist/pick/").status_code == 200
        counts.append((len(captured), len(again)))
    assert counts[0] == counts[1]
    first, repeat = counts[0]
    assert first <= 18
    # Nothing changed: the repeat view reads the planning stamp, not the ideas.
    assert repeat <= first - 8
