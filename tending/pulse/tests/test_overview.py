"""The Pulse overview: charts with 0, 1 and 500 weeks, a fixed number of
queries whatever the history, the in-sync gap, the daily tap, past weeks,
settings, and the card on Today."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tending.pulse import charts
from tending.pulse.models import CheckIn, ClosenessTap, PulsePreference, PulseSchedule
from tending.pulse.tests.helpers import NOW, THIS_WEEK, checkin, pulse_queries, values

pytestmark = pytest.mark.django_db
WEEK = timedelta(days=7)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def history(personas, weeks: int, taps: bool = True) -> None:
    rows, tap_rows = [], []
    for n in range(1, weeks + 1):
        week = THIS_WEEK - WEEK * n
        for person, closeness in ((personas.a, 3 + n % 4), (personas.b, 5)):
            rows.append(
                CheckIn(
                    couple=personas.couple,
                    author=person,
                    week_start=week,
                    visibility="partner",
                    **values(closeness=closeness),
                )
            )
        if taps:
            tap_rows += [
                ClosenessTap(
                    couple=personas.couple,
                    author=personas.a,
                    day=week + timedelta(days=d),
                    week_start=week,
                    closeness=4,
                )
                for d in range(7)
            ]
    CheckIn.objects.bulk_create(rows)
    ClosenessTap.objects.bulk_create(tap_rows)


# --- Charts --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 500])
def test_a_chart_is_drawn_for_0_1_and_500_points(count) -> None:
    labels = [f"w{i}" for i in range(count)]
    mine = [float(i % 7 + 1) for i in range(count)]
    theirs = [None if i % 3 else 4.0 for i in range(count)]
    chart = charts.line_chart(
        "closeness",
        "Closeness",
        labels,
        labels,
        [charts.Series("You", "a", mine), charts.Series("Ben", "b", theirs)],
        1,
        7,
        (1, 4, 7),
    )
    assert chart.empty is (count == 0)
    assert len(chart.rows) == count
    if count == 1:
        # One week is one dot, drawn in the middle, and described in words.
        assert chart.lines[0].dots[0][0] == chart.center_x
        assert chart.summary == "You: 1 in w0. Ben: 4 in w0."
    if count == 500:
        assert chart.lines[0].path.count("L") == 499
        assert chart.lines[0].dots == []  # no dots on a dense line
        assert len(chart.lines[1].dots) == 167  # lone points of the broken line still show
        assert len(chart.x_ticks) == 4


@pytest.mark.parametrize("weeks", [0, 1, 500])
@pytest.mark.parametrize("range_key", ["12w", "12m", "all"])
def test_the_overview_renders_with_0_1_and_500_weeks(personas, client_a, weeks, range_key) -> None:
    history(personas, weeks, taps=weeks < 500)
    response = client_a.get(f"/pulse/?range={range_key}")
    assert response.status_code == 200
    text = response.text
    assert text.count('<svg class="pulse-chart-svg"') == 7
    assert text.count("<desc id=") == 7
    if weeks == 0:
        assert text.count("No answers yet") == 14  # in each picture and its description
        assert "Show as a table" not in text
    else:
        assert "Show as a table" in text
        assert 'scope="row"' in text
    if weeks == 500 and range_key == "all":
        # Month by month: from the first month with an answer to this one.
        assert text.count('<th scope="row">') == 7 * 116


def test_the_overview_uses_a_fixed_number_of_queries_whatever_the_history(
    personas, client_a, django_assert_max_num_queries
) -> None:
    history(personas, 1)
    client_a.get("/pulse/")  # the session's first request may refresh its expiry
    with CaptureQueriesContext(connection) as one_week:
        client_a.get("/pulse/?range=all")
    history_five_years = [
        CheckIn(
            couple=personas.couple,
            author=p,
            week_start=THIS_WEEK - WEEK * n,
            visibility="partner",
            **values(),
        )
        for n in range(2, 262)
        for p in (personas.a, personas.b)
    ]
    CheckIn.objects.bulk_create(history_five_years)
    for range_key in ("12w", "12m", "all"):
        with django_assert_max_num_queries(len(one_week)) as five_years:
            assert client_a.get(f"/pulse/?range={range_key}").status_code == 200
        assert len(five_years) == len(one_week)
        # Viewer and schedule, this week, alerts, check-ins, my taps (with today's).
        assert len(pulse_queries(five_years)) == 5


def test_an_unknown_range_falls_back_to_twelve_weeks(client_a) -> None:
    text = client_a.get("/pulse/?range=ever").text
    assert re.search(r'href="\?range=12w" aria-current="page"', text)


# --- The in-sync gap ---------------------------------------------------------------


def test_the_gap_describes_the_two_of_you_without_saying_who_answered_what(
    personas, client_a
) -> None:
    last = THIS_WEEK - WEEK
    checkin(personas.couple, personas.a, last, conflict=3, closeness=6)
    checkin(personas.couple, personas.b, last, conflict=0, closeness=6)
    text = client_a.get("/pulse/").text
    assert "You saw conflict differently that week." in text
    assert "You both felt close that week." in text
    section = text[text.index('id="sync-heading"') : text.index('id="trends-heading"')]
    assert "Ada" not in section
    assert "Ben" not in section


def test_before_any_shared_week_the_gap_explains_itself(client_a) -> None:
    assert "Once you have both checked in for the same week" in client_a.get("/pulse/").text


# --- The daily tap -----------------------------------------------------------------


def test_one_tap_records_todays_closeness(personas, client_a) -> None:
    response = client_a.post("/pulse/tap/", {"closeness": "6", "next": "/pulse/"})
    assert response.status_code == 302
    assert response["Location"] == "/pulse/"
    tap = ClosenessTap.objects.get()
    assert (tap.day, tap.week_start, tap.closeness, tap.visibility) == (
        NOW.date(),
        THIS_WEEK,
        6,
        "private",
    )
    client_a.post("/pulse/tap/", {"closeness": "4"})
    assert ClosenessTap.objects.get().closeness == 4  # replaced, not added
    assert 'aria-pressed="true"' in client_a.get("/pulse/").text


def test_the_tap_answers_htmx_with_its_own_fragment(client_a) -> None:
    response = client_a.post("/pulse/tap/", {"closeness": "5"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.startswith('<section class="card pulse-tap" id="pulse-tap"')
    assert "Noted for today." in response.text
    assert "<html" not in response.text
    bad = client_a.post("/pulse/tap/", {"closeness": "12"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400
    assert "Choose one of the seven pictures." in bad.text
    assert ClosenessTap.objects.count() == 1


def test_a_tap_never_sends_people_to_another_site(client_a) -> None:
    response = client_a.post("/pulse/tap/", {"closeness": "5", "next": "https://evil.example/"})
    assert response["Location"] == "/pulse/"


def test_the_partner_never_sees_my_taps(personas, client_b) -> None:
    ClosenessTap.objects.create(
        couple=personas.couple, author=personas.a, day=NOW.date(), week_start=THIS_WEEK, closeness=2
    )
    text = client_b.get("/pulse/").text
    assert "Your daily taps" not in text
    assert 'aria-pressed="true"' not in text


# --- Past weeks and settings -------------------------------------------------------


def test_past_weeks_page_by_page_with_fixed_queries(
    personas, client_a, django_assert_max_num_queries
) -> None:
    history(personas, 1, taps=False)
    client_a.get("/pulse/weeks/")
    with CaptureQueriesContext(connection) as one:
        first = client_a.get("/pulse/weeks/")
    history(personas, 0)
    CheckIn.objects.bulk_create(
        CheckIn(
            couple=personas.couple,
            author=personas.a,
            week_start=THIS_WEEK - WEEK * n,
            visibility="partner",
            **values(),
        )
        for n in range(2, 60)
    )
    with django_assert_max_num_queries(len(one)) as many:
        second = client_a.get("/pulse/weeks/?page=2")
    assert len(many) == len(one)
    assert len(pulse_queries(many)) == 5  # one of them: the skipped weeks
    assert "10 Mar – 16 Mar 2025" in first.text
    assert "13 Jan – 19 Jan 2025" in second.text  # weeks 9 to 16 back
    assert "Newer weeks" in second.text
    assert client_a.get("/pulse/weeks/?page=zebra").status_code == 200


def test_the_couple_picks_its_check_in_day(personas, client_a, client_b) -> None:
    page = client_a.get("/pulse/settings/")
    assert page.status_code == 200
    assert "Our check-in day" in page.text
    response = client_a.post("/pulse/settings/", {"checkin_weekday": "4", "daily_tap": "on"})
    assert response.status_code == 302
    assert PulseSchedule.objects.get(couple=personas.couple).checkin_weekday == 4
    assert PulsePreference.objects.get(author=personas.a).daily_tap is True
    # Weeks now end on Friday, for both partners; the daily tap is Ada's own choice.
    assert "This week: Sat 8 Mar – Fri 14 Mar" in client_b.get("/pulse/").text
    assert "How close do you feel today?" in client_a.get("/").text
    assert "How close do you feel today?" not in client_b.get("/").text
    bad = client_a.post("/pulse/settings/", {"checkin_weekday": "9"})
    assert bad.status_code == 400
    assert PulseSchedule.objects.get(couple=personas.couple).checkin_weekday == 4


# --- Today --------------------------------------------------------------------------


def test_today_shows_open_then_waiting_then_done(personas, client_a, client_b) -> None:
    assert "Your check-in for this week is open." in client_a.get("/").text
    checkin(personas.couple, personas.a, THIS_WEEK)
    assert "You have checked in. Waiting for Ben" in client_a.get("/").text
    assert "Ada has checked in. You will see each other" in client_b.get("/").text
    checkin(personas.couple, personas.b, THIS_WEEK)
    assert "You have both checked in this week." in client_a.get("/").text


def test_todays_pulse_card_costs_a_fixed_number_of_queries(
    personas, client_a, django_assert_max_num_queries
) -> None:
    PulsePreference.objects.create(couple=personas.couple, author=personas.a, daily_tap=True)
    history(personas, 1)
    client_a.get("/")
    with CaptureQueriesContext(connection) as one:
        client_a.get("/")
    history(personas, 0)
    CheckIn.objects.bulk_create(
        CheckIn(
            couple=personas.couple,
            author=personas.a,
            week_start=THIS_WEEK - WEEK * n,
            visibility="partner",
            **values(),
        )
        for n in range(2, 200)
    )
    with django_assert_max_num_queries(len(one)) as many:
        client_a.get("/")
    assert len(many) == len(one)
    # Viewer and schedule, this week, alerts, the daily-tap choice, today's tap.
    assert len(pulse_queries(many)) == 5


# --- The trend cache ---------------------------------------------------------------


def test_cached_trends_follow_every_check_in_and_the_week_closing(
    personas, client_a, client_b, trend_cache, frozen, django_assert_max_num_queries
) -> None:
    client_a.post("/pulse/check-in/", {**_form(), "closeness": "2"})
    client_b.get("/pulse/")  # cached for Ben: Ada's week still hidden
    with CaptureQueriesContext(connection) as warm:
        page = client_b.get("/pulse/").text
    assert len(pulse_queries(warm)) == 1  # who is looking (with the version); the rest is cached
    assert "Ada: 2 in" not in page
    # Ben checks in: the couple's version moves on, and both see the new week.
    client_b.post("/pulse/check-in/", _form())
    assert "Ada: 2 in 10 Mar 2025." in client_b.get("/pulse/").text
    # A tap shows at once too.
    client_b.post("/pulse/tap/", {"closeness": "6"})
    assert 'aria-pressed="true"' in client_b.get("/pulse/").text


def test_a_week_closing_shows_in_cached_trends(
    personas, client_a, client_b, trend_cache, frozen
) -> None:
    client_a.post("/pulse/check-in/", {**_form(), "closeness": "2"})
    assert "Ada: 2 in" not in client_b.get("/pulse/").text
    frozen.move_to(NOW + WEEK)  # closed, but Ben may still check in late for it
    assert "Ada: 2 in" not in client_b.get("/pulse/").text
    # No write at all: the week is now too long gone for Ben to answer.
    frozen.move_to(NOW + 5 * WEEK)
    client_b.force_login(personas.b)  # the session has aged meanwhile
    assert "Ada: 2 in 10 Mar 2025." in client_b.get("/pulse/?range=12m").text


def test_cached_api_trends_are_the_callers_own(personas, trend_cache) -> None:
    from tending.pulse.tests.test_api import token_client

    base = f"/api/v1/pulse/{personas.couple.id}"
    ada, ben = token_client(personas.a), token_client(personas.b)
    ada_view = ada.get(f"{base}/trends").json()
    ben_view = ben.get(f"{base}/trends").json()
    assert [p["is_me"] for p in ada_view["people"]] == [True, False]
    assert ada_view["people"][0]["person"]["display_name"] == "Ada"
    assert ben_view["people"][0]["person"]["display_name"] == "Ben"
    assert ada.get(f"{base}/trends").json() == ada_view


def _form() -> dict[str, str]:
    from tending.pulse.tests.helpers import form_data

    return form_data()


def test_cached_status_and_alerts_follow_the_partner_and_dismissals(
    personas, client_a, client_b, trend_cache, frozen
) -> None:
    from tending.pulse.models import DriftAlert

    assert "Your check-in for this week is open." in client_b.get("/").text
    client_a.post("/pulse/check-in/", _form())
    assert "Ada has checked in." in client_b.get("/").text
    assert "Ada has checked in." in client_b.get("/pulse/").text
    alert = DriftAlert.objects.create(
        couple=personas.couple,
        rule="sign",
        item="trust",
        started_week=THIS_WEEK - 3 * WEEK,
        last_week=THIS_WEEK - WEEK,
    )
    from tending.pulse.services import bump_version

    bump_version(personas.couple)  # what the rule's run does when it writes alerts
    assert "Trust feeling shaky" in client_b.get("/pulse/").text
    client_b.post(f"/pulse/alerts/{alert.id}/dismiss/")
    assert "Trust feeling shaky" not in client_b.get("/pulse/").text
    assert "Trust feeling shaky" not in client_b.get("/").text
    assert "Trust feeling shaky" in client_a.get("/").text
