"""Traditions pages: list and week, adding (by hand and from the gallery), marking,
meaning, editing, pausing, the calendar address — and who may do what."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
import time_machine

from tending.traditions import ideas
from tending.traditions.models import CalendarFeed, Meaning, Occurrence, Tradition
from tending.traditions.tests.helpers import make_tradition

HOME = "/traditions/"
NOW = datetime(2026, 1, 7, 12, tzinfo=UTC)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_home_shows_this_week_and_the_gentle_figures(client_b: Any, personas: Any) -> None:
    tradition = make_tradition(personas.a, first_day=date(2025, 11, 1))
    fridays = Occurrence.objects.filter(tradition=tradition).order_by("-starts_at")
    past = [o for o in fridays if o.on < date(2026, 1, 7)][:5]
    for occurrence in past[:4]:
        occurrence.status = "done"
        occurrence.save()
    page = client_b.get(HOME).text
    assert "Friday pizza night" in page
    assert "done 4 of the last 5" in page
    assert "Every Friday" in page
    # Later this week: Friday the 9th, not yet markable as done, but skippable.
    later = page.split("Later this week")[1]
    assert "Fri 9 Jan · 19:00" in later
    assert "Skip<span" in later
    assert ">Done<" not in later
    assert "broken" not in page.lower()
    assert "streak" not in page.lower()


def test_home_costs_the_same_queries_for_one_tradition_or_thirty(
    client_a: Any, personas: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_tradition(personas.a, first_day=date(2025, 1, 3))
    client_a.get(HOME)  # the session is touched once
    with CaptureQueriesContext(connection) as one:
        assert client_a.get(HOME).status_code == 200
    for n in range(29):
        make_tradition(personas.b, "FREQ=DAILY", date(2025, 1, 1), name=f"Ritual {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client_a.get(HOME).text
    assert "Ritual 28" in page


def test_home_costs_a_fixed_number_of_queries_whatever_the_history(
    client_a: Any, personas: Any, django_assert_num_queries: Any
) -> None:
    """A tradition begun today, then thirty more kept for five years — marked,
    skipped, rescheduled, paused, with both partners' meanings: the page asks
    the database exactly as many questions either way."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tending.traditions import services

    make_tradition(personas.a, "FREQ=WEEKLY;BYDAY=WE", date(2026, 1, 7), name="Just begun")
    client_a.get(HOME)  # the session is touched once
    with CaptureQueriesContext(connection) as fresh:
        assert client_a.get(HOME).status_code == 200

    rhythms = (
        "FREQ=WEEKLY;BYDAY=FR",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
        "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=12",
        "FREQ=WEEKLY;BYDAY=MO,TH",
        "FREQ=DAILY",
    )
    kept = [
        make_tradition(
            (personas.a, personas.b)[n % 2], rhythms[n % 6], date(2021, 1, 7), name=f"Kept {n:02d}"
        )
        for n in range(30)
    ]
    past = Occurrence.objects.filter(starts_at__lt=NOW)
    past.filter(on__day__lte=20).update(status="done", marked_by=personas.b, note="Lovely.")
    past.filter(on__day__gt=27).update(status="skipped", marked_by=personas.a)
    for tradition in kept[::3]:
        services.set_meaning(tradition, personas.a, 4)
        services.set_meaning(tradition, personas.b, 5)
    services.change_schedule(
        kept[0],
        personas.b,
        services.ScheduleInput("FREQ=WEEKLY;BYDAY=SA", date(2026, 1, 10), time(18), 90),
    )
    services.pause(kept[1])
    assert Occurrence.objects.count() > 10_000

    with django_assert_num_queries(len(fresh.captured_queries)):
        page = client_a.get(HOME).text
    assert "Kept 29" in page
    assert "done 5 of the last 5" in page
    assert "paused" in page
    assert "Means to you: 4/5" in page


def test_a_monthly_weekday_left_unchosen_follows_the_first_day(client_a: Any) -> None:
    response = client_a.post(
        "/traditions/new/",
        {
            "name": "Second-Sunday brunch",
            "repeat": "monthly_weekday",
            "ordinal": "",
            "weekday": "",
            "first_day": "2026-01-11",
            "visibility": "partner",
        },
    )
    assert response.status_code == 302
    assert "Monthly on the second Sunday" in client_a.get(response["Location"]).text


def test_a_first_day_past_the_calendar_is_refused(client_a: Any) -> None:
    response = client_a.post(
        "/traditions/new/",
        {"name": "Someday", "repeat": "yearly", "first_day": "9999-12-31", "visibility": "partner"},
    )
    assert response.status_code == 400
    assert "Choose a first day between 1900 and 10 years from now." in response.text
    assert not Tradition.objects.exists()


def test_adding_a_tradition_by_hand(client_a: Any, personas: Any) -> None:
    response = client_a.post(
        "/traditions/new/",
        {
            "name": "Last-Friday dinner out",
            "description": "Somewhere new each time.",
            "repeat": "monthly_weekday",
            "interval": 1,
            "ordinal": -1,
            "weekday": 4,
            "first_day": "2026-01-01",
            "time_of_day": "19:30",
            "duration_minutes": 150,
            "visibility": "partner",
        },
    )
    tradition = Tradition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/traditions/{tradition.pk}/"
    page = client_a.get(response["Location"]).text
    assert "Monthly on the last Friday" in page
    dates = list(Occurrence.objects.filter(tradition=tradition).values_list("on", flat=True))
    assert dates[:3] == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"repeat": "custom", "rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "gives no dates"),
        ({"repeat": "custom", "rule": "FREQ=MINUTELY"}, "at most once a day"),
        ({"repeat": "weekly", "duration_minutes": "-15"}, "greater than or equal to 1"),
        ({"repeat": "weekly", "duration_minutes": "1500"}, "less than or equal to 1440"),
        ({"repeat": "weekly", "name": "<b>Pizza</b>"}, "Plain words only"),
    ],
)
def test_bad_input_is_refused_with_a_message(
    client_a: Any, extra: dict[str, str], message: str
) -> None:
    data = {
        "name": "Pizza",
        "first_day": "2026-01-02",
        "time_of_day": "19:00",
        "visibility": "partner",
        **extra,
    }
    response = client_a.post("/traditions/new/", data)
    assert response.status_code == 400
    assert message in response.text
    assert not Tradition.objects.exists()


def test_one_tap_from_the_gallery_then_edit(client_b: Any, personas: Any) -> None:
    page = client_b.get("/traditions/ideas/").text
    assert len(ideas.IDEAS) >= 40
    assert "Monday-morning cuddle" in page
    response = client_b.post("/traditions/ideas/monday-cuddle/add/")
    tradition = Tradition.objects.get()
    assert response["Location"] == f"/traditions/{tradition.pk}/edit/"
    assert (tradition.idea, tradition.author) == ("monday-cuddle", personas.b)
    first = Occurrence.objects.filter(tradition=tradition).first()
    assert first.on == date(2026, 1, 12)  # the next Monday
    edit_page = client_b.get(response["Location"]).text
    assert 'value="06:45"' in edit_page
    assert "Already one of yours" in client_b.get("/traditions/ideas/").text
    assert client_b.post("/traditions/ideas/no-such-idea/add/").status_code == 404


def test_either_partner_marks_a_date_with_a_note(
    client_a: Any, client_b: Any, personas: Any
) -> None:
    tradition = make_tradition(personas.a, "FREQ=DAILY", date(2026, 1, 5))
    today = Occurrence.objects.get(tradition=tradition, on=date(2026, 1, 7))
    response = client_b.post(
        f"/traditions/dates/{today.pk}/mark/",
        {"status": "done", "note": "Ben made the dough.", "next": HOME},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Ben made the dough." in response.text
    assert "by you" in response.text
    today.refresh_from_db()
    assert (today.status, today.marked_by) == ("done", personas.b)
    page = client_a.get(HOME).text
    assert "by Ben" in page
    # Tonight's date, done early, already counts (with the 5th and the 6th).
    assert "done 1 of the last 3" in page
    # Ahead of its day a date cannot be done yet: said plainly, nothing changes.
    tomorrow = Occurrence.objects.get(tradition=tradition, on=date(2026, 1, 8))
    refused = client_a.post(
        f"/traditions/dates/{tomorrow.pk}/mark/", {"status": "done"}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 400
    assert "still ahead" in refused.text
    tomorrow.refresh_from_db()
    assert tomorrow.status == ""


def test_meaning_is_each_partners_own_answer(client_a: Any, client_b: Any, personas: Any) -> None:
    tradition = make_tradition(personas.a)
    url = f"/traditions/{tradition.pk}/meaning/"
    client_a.post(url, {"value": 5, "visibility": "partner"})
    client_b.post(url, {"value": 3, "visibility": "private"})
    client_b.post(url, {"value": 4, "visibility": "private"})  # changed her mind
    assert Meaning.objects.get(author=personas.b).value == 4
    page_a = client_a.get(f"/traditions/{tradition.pk}/").text
    assert "Ben answered" not in page_a  # Ben kept his answer to himself
    page_b = client_b.get(f"/traditions/{tradition.pk}/").text
    assert "Ada answered 5 out of 5." in page_b
    assert client_a.post(url, {"value": 9}).status_code == 302
    assert Meaning.objects.get(author=personas.a).value == 5


def test_editing_pausing_resuming_from_the_pages(client_b: Any, personas: Any) -> None:
    tradition = make_tradition(personas.a, first_day=date(2025, 12, 5))
    edit_page = client_b.get(f"/traditions/{tradition.pk}/edit/")
    assert edit_page.status_code == 200
    response = client_b.post(
        f"/traditions/{tradition.pk}/edit/",
        {
            "name": "Saturday pizza night",
            "description": "",
            "repeat": "weekly",
            "weekdays": [5],
            "interval": 1,
            "first_day": "2026-01-07",
            "time_of_day": "19:00",
            "duration_minutes": 120,
            "visibility": "partner",
        },
    )
    assert response.status_code == 302
    assert tradition.schedules.count() == 2
    days = list(Occurrence.objects.filter(tradition=tradition).values_list("on", flat=True))
    assert date(2026, 1, 2) in days
    assert date(2026, 1, 10) in days
    assert date(2026, 1, 9) not in days

    assert client_b.post(f"/traditions/{tradition.pk}/pause/").status_code == 302
    page = client_b.get(f"/traditions/{tradition.pk}/").text
    assert "paused" in page
    assert "Resume" in page
    assert client_b.post(f"/traditions/{tradition.pk}/resume/").status_code == 302
    tradition.refresh_from_db()
    assert not tradition.is_paused


def test_delete_asks_first(client_a: Any, personas: Any) -> None:
    tradition = make_tradition(personas.b)
    assert (
        "Delete “Friday pizza night”?" in client_a.get(f"/traditions/{tradition.pk}/delete/").text
    )
    assert client_a.post(f"/traditions/{tradition.pk}/delete/").status_code == 302
    assert not Tradition.objects.exists()


def test_history_is_paged_newest_first(
    client_a: Any, personas: Any, django_assert_max_num_queries: Any
) -> None:
    tradition = make_tradition(personas.a, "FREQ=DAILY", date(2025, 10, 1))
    url = f"/traditions/{tradition.pk}/history/"
    client_a.get(url)
    with django_assert_max_num_queries(12):
        page = client_a.get(url).text
    # Today's 19:00 is still ahead: history starts yesterday.
    assert "Tue 6 Jan" in page
    assert "Page 1 of" in page
    assert "Wed 7 Jan" not in page


def test_the_calendar_address_is_shown_once_and_can_be_replaced(client_a: Any) -> None:
    page = client_a.get("/traditions/calendar/").text
    assert "Make my calendar address" in page
    first = client_a.post("/traditions/calendar/new/").text
    assert "It is shown only now" in first
    address = first.split('id="feed-address">')[1].split("<")[0]
    assert address.startswith("http://testserver/feed/")
    assert address.endswith(".ics")
    assert address not in client_a.get("/traditions/calendar/").text
    second = client_a.post("/traditions/calendar/new/").text
    assert "The old one stopped working just now." in second
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1
    client_a.post("/traditions/calendar/details/", {"include_details": "on"})
    assert CalendarFeed.objects.get(revoked_at__isnull=True).include_details
    client_a.post("/traditions/calendar/revoke/")
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_outsiders_get_404_and_wrong_methods_405(
    client_c: Any, client_therapist: Any, client_a: Any, personas: Any
) -> None:
    tradition = make_tradition(personas.a, "FREQ=DAILY", date(2026, 1, 1))
    occurrence = Occurrence.objects.filter(tradition=tradition).first()
    for url in (f"/traditions/{tradition.pk}/", f"/traditions/{tradition.pk}/history/"):
        assert client_c.get(url).status_code == 404
        assert client_therapist.get(url).status_code == 404
    assert (
        client_c.post(f"/traditions/dates/{occurrence.pk}/mark/", {"status": "done"}).status_code
        == 404
    )
    assert client_c.post(f"/traditions/{tradition.pk}/pause/").status_code == 404
    assert client_a.get(f"/traditions/{tradition.pk}/pause/").status_code == 405
    assert client_a.get(f"/traditions/dates/{occurrence.pk}/mark/").status_code == 405
    occurrence.refresh_from_db()
    tradition.refresh_from_db()
    assert occurrence.status == ""
    assert not tradition.is_paused
    # C's own list holds nothing of A & B.
    assert "Friday pizza night" not in client_c.get(HOME).text


def test_an_all_day_tradition(client_a: Any, personas: Any) -> None:
    make_tradition(personas.a, "FREQ=DAILY", date(2026, 1, 5), None, None, name="Three good things")
    page = client_a.get(HOME).text
    assert "Wed 7 Jan</time>" in page
    assert "We did it" in page
    assert time(0, 0)  # all-day dates are the local midnight
