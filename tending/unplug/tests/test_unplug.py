"""Unplug: sessions (started, joined, ended, across midnight), commitments and
their nights, the weekly rating and its trend — pages, rules and time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tending.couples.models import Membership
from tending.couples.services import CoupleActionRefused
from tending.unplug import services
from tending.unplug.models import Check, Commitment, PhoneRating, UnplugSession

HOME = "/unplug/"


def member(user: Any) -> Membership:
    return Membership.objects.partners().select_related("couple").get(user=user)


def berlin(*args: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo("Europe/Berlin"))


def test_two_partners_start_join_and_end_a_session(client_a: Any, client_b: Any) -> None:
    with time_machine.travel(berlin(2026, 1, 7, 20, 0), tick=False):
        response = client_a.post("/unplug/start/", {"planned_minutes": "60"})
        session = UnplugSession.objects.get()
        assert response["Location"] == f"/unplug/sessions/{session.pk}/"
        timer = client_a.get(response["Location"]).text
        assert "waiting for your partner to join" in timer
        assert 'data-planned="60"' in timer
        # Ben sees it on Unplug and on Today, and joins.
        assert "Ada is unplugged now." in client_b.get(HOME).text
        assert "Ada is unplugged now." in client_b.get("/").text
        assert "Join" in client_b.get("/unplug/now/").text
        client_b.post(f"/unplug/sessions/{session.pk}/join/")
        assert "Ben joined" in client_a.get(f"/unplug/sessions/{session.pk}/status/").text
        # A second start while one is on is refused, kindly.
        again = client_b.post("/unplug/start/", follow=True)
        assert "join the session that is on" in again.text
    with time_machine.travel(berlin(2026, 1, 7, 20, 47), tick=False):
        client_b.post(f"/unplug/sessions/{session.pk}/end/")
    session.refresh_from_db()
    assert (session.minutes, session.ended_by.display_name) == (47, "Ben")
    with time_machine.travel(berlin(2026, 1, 7, 21, 0), tick=False):
        page = client_a.get(f"/unplug/sessions/{session.pk}/").text
        assert "47 minutes together, unplugged." in page
        client_a.post(f"/unplug/sessions/{session.pk}/check/", {"kept": "yes"})
        client_b.post(f"/unplug/sessions/{session.pk}/check/", {"kept": "no", "share": "on"})
        mine = Check.objects.get(author__display_name="Ada")
        assert (mine.kept, mine.visibility) == (True, "private")
        # Each sees their own answer; Ada sees Ben's because he shared it, not the reverse.
        assert "Ben: not this time" in client_a.get(HOME).text
        assert "Ada: kept" not in client_b.get(HOME).text


def test_a_session_across_midnight_counts_on_both_days_and_weeks(personas: Any) -> None:
    # Sunday 4 January 23:30 to Monday 5 January 00:45, Berlin: two weeks.
    with time_machine.travel(berlin(2026, 1, 4, 23, 30), tick=False):
        session = services.start_session(member(personas.a))
    with time_machine.travel(berlin(2026, 1, 5, 0, 45), tick=False):
        services.end_session(session, personas.b)
        days = services.minutes_by_day(
            personas.a, personas.couple, date(2026, 1, 1), date(2026, 1, 7), "Europe/Berlin"
        )
        weeks = services.weekly(personas.a, personas.couple, 2)
    assert session.minutes == 75
    assert days == {date(2026, 1, 4): 30, date(2026, 1, 5): 45}
    assert [(w.week_start, w.minutes) for w in weeks] == [
        (date(2025, 12, 29), 30),
        (date(2026, 1, 5), 45),
    ]
    # In another zone the same evening is one day: days follow the zone asked for.
    lisbon = services.minutes_by_day(
        personas.a, personas.couple, date(2026, 1, 4), date(2026, 1, 5), "Europe/Lisbon"
    )
    assert lisbon == {date(2026, 1, 4): 75}


def test_a_forgotten_session_stops_counting_after_twelve_hours(personas: Any) -> None:
    with time_machine.travel(datetime(2026, 1, 7, 18, tzinfo=UTC), tick=False):
        session = services.start_session(member(personas.a))
    with time_machine.travel(datetime(2026, 1, 8, 9, tzinfo=UTC), tick=False):
        assert services.open_session(personas.couple, personas.b) is None
        session.refresh_from_db()
        assert session.minutes == 12 * 60
        # A new one can start.
        services.start_session(member(personas.b))


def test_commitments_nights_are_answered_by_each_partner(
    client_a: Any, client_b: Any, personas: Any
) -> None:
    with time_machine.travel(berlin(2026, 1, 5, 10), tick=False):
        response = client_a.post(
            "/unplug/commitments/new/",
            {
                "text": "Phones out of the bedroom",
                "starts": "22:00",
                "ends": "07:00",
                "days": [0, 1, 2, 3, 4, 5, 6],
            },
        )
        assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.overnight
    with time_machine.travel(berlin(2026, 1, 7, 8), tick=False):
        page = client_b.get(HOME).text
        assert "Phones out of the bedroom" in page
        assert "22:00–07:00 · every day" in page
        assert "Mon 5" in page
        assert "Wed 7" in page
        client_b.post(
            f"/unplug/commitments/{commitment.pk}/check/",
            {"night": "2026-01-06", "kept": "no"},
        )
        refused = client_b.post(
            f"/unplug/commitments/{commitment.pk}/check/",
            {"night": "2026-01-09", "kept": "yes"},
            follow=True,
        )
        assert "That night has not come yet." in refused.text
    assert Check.objects.get().night == date(2026, 1, 6)
    # Either partner may change a commitment, then stop it; history stays.
    client_b.post(
        f"/unplug/commitments/{commitment.pk}/",
        {"text": "No phones in bed", "starts": "22:30", "ends": "07:00", "days": [0, 1, 2, 3, 4]},
    )
    commitment.refresh_from_db()
    assert (commitment.text, commitment.days) == ("No phones in bed", [0, 1, 2, 3, 4])
    client_a.post(f"/unplug/commitments/{commitment.pk}/stop/")
    commitment.refresh_from_db()
    assert commitment.stopped_at is not None
    assert Check.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "starts": "22:00", "ends": "07:00", "days": [0]}, "required"),
        ({"text": "Dinner", "starts": "19:00", "ends": "19:00", "days": [0]}, "different from"),
        ({"text": "Dinner", "starts": "25:00", "ends": "19:00", "days": [0]}, "valid time"),
        ({"text": "Dinner", "starts": "18:00", "ends": "19:00"}, "at least one day"),
    ],
)
def test_bad_commitments_are_refused(client_a: Any, data: dict[str, Any], message: str) -> None:
    response = client_a.post("/unplug/commitments/new/", data)
    assert response.status_code == 400
    assert message in response.text
    assert not Commitment.objects.exists()


def test_the_weekly_rating_beside_the_minutes(client_a: Any, client_b: Any, personas: Any) -> None:
    with time_machine.travel(berlin(2026, 1, 7, 21), tick=False):
        session = services.start_session(member(personas.a))
    with time_machine.travel(berlin(2026, 1, 7, 22), tick=False):
        services.end_session(session, personas.a)
        client_a.post("/unplug/rate/", {"week_start": "2026-01-05", "value": "3", "share": "on"})
        client_b.post("/unplug/rate/", {"week_start": "2026-01-05", "value": "1"})
        client_b.post("/unplug/rate/", {"week_start": "2026-01-05", "value": "2"})
        page_b = client_b.get(HOME).text
        page_a = client_a.get(HOME).text
    assert PhoneRating.objects.get(author=personas.b).value == 2
    assert "60 minutes unplugged together so far this week." in page_b
    assert "Unplugged minutes and how much phones got in the way" in page_b
    # Ada shared hers, so Ben's chart has her line; Ben kept his, so Ada's has none.
    assert "Phones in the way, Ada (0–4)" in page_b
    assert "Phones in the way, Ben" not in page_a
    assert "<svg" in page_b
    assert "As a table" in page_b


@pytest.mark.parametrize(
    ("week", "value", "message"),
    [
        (date(2026, 1, 12), 2, "has not started yet"),
        (date(2026, 1, 6), 2, "starts on a Monday"),
        (date(2025, 10, 6), 2, "too long ago"),
        (date(2026, 1, 5), 5, "from 0"),
    ],
)
def test_bad_ratings_are_refused(personas: Any, week: date, value: int, message: str) -> None:
    with (
        time_machine.travel(berlin(2026, 1, 7, 12), tick=False),
        pytest.raises(CoupleActionRefused, match=message),
    ):
        services.rate_week(member(personas.a), week, value)
    assert not PhoneRating.objects.exists()


def test_a_new_couple_sees_a_sentence_where_the_weeks_will_be(client_a: Any, personas: Any) -> None:
    page = client_a.get(HOME).content.decode()
    assert "Your weeks show here once you have had some time unplugged together" in page
    assert "<svg" not in page.split('id="trend-heading"')[1].split("</section>")[0]
    today = services.local_today(member(personas.a).couple)
    # 0: phones never got in the way, which is something to show too.
    services.rate_week(member(personas.a), services.monday_of(today), 0)
    page = client_a.get(HOME).content.decode()
    assert "Your weeks show here" not in page
    assert "<svg" in page.split('id="trend-heading"')[1].split("</section>")[0]


def test_the_page_costs_the_same_with_more_history(
    client_a: Any, personas: Any, django_assert_max_num_queries: Any
) -> None:
    with time_machine.travel(berlin(2026, 1, 6, 20), tick=False):
        first = services.start_session(member(personas.a))
    with time_machine.travel(berlin(2026, 1, 7, 12), tick=False):
        services.end_session(first, personas.a)
        services.create_commitment(
            member(personas.a), "No phones at dinner", time(19), time(20), [0]
        )
        client_a.get(HOME)
        with CaptureQueriesContext(connection) as one:
            client_a.get(HOME)
    for day in range(1, 40):
        start = berlin(2025, 11, 1, 20) + timedelta(days=day)
        with time_machine.travel(start, tick=False):
            session = services.start_session(member(personas.b))
        with time_machine.travel(start + timedelta(minutes=50), tick=False):
            services.end_session(session, personas.a)
            services.check_session(session, personas.b, True, "partner")
    with time_machine.travel(berlin(2026, 1, 7, 12), tick=False):
        for n in range(4):
            services.create_commitment(member(personas.b), f"Rule {n}", time(19), time(20), [0, 1])
        with django_assert_max_num_queries(len(one.captured_queries)):
            assert client_a.get(HOME).status_code == 200


def test_outsiders_and_the_therapist(client_c: Any, client_therapist: Any, personas: Any) -> None:
    session = services.start_session(member(personas.a))
    commitment = services.create_commitment(
        member(personas.a), "No phones at dinner", time(19), time(20), [0]
    )
    for client in (client_c, client_therapist):
        assert client.get(f"/unplug/sessions/{session.pk}/").status_code == 404
        assert client.post(f"/unplug/sessions/{session.pk}/end/").status_code == 404
        assert client.post(f"/unplug/commitments/{commitment.pk}/stop/").status_code == 404
    session.refresh_from_db()
    assert session.is_open
    assert "Ada is unplugged" not in client_c.get(HOME).text
