"""Balance: logging, the timer, aims, what counts automatically, weeks in each
partner's own time zone, privacy of self time — pages and API."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tending.balance import services
from tending.balance.models import BalanceEntry
from tending.couples.models import Membership
from tending.couples.services import CoupleActionRefused
from tending.traditions import services as traditions
from tending.unplug import services as unplug
from tests.boundary_walker import Walker

HOME = "/balance/"
API = "/api/v1/balance/"
WEDNESDAY = datetime(2026, 1, 7, 12, tzinfo=UTC)


def member(user: Any) -> Membership:
    return Membership.objects.partners().select_related("couple").get(user=user)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


def test_logging_in_one_tap_against_my_own_aim(client_a: Any, frozen: Any) -> None:
    client_a.post("/balance/aim/", {"self_hours": "5", "couple_hours": "6"})
    client_a.post(
        "/balance/log/",
        {"kind": "self", "category": "Climbing", "minutes": "90", "on": "2026-01-06"},
    )
    client_a.post(
        "/balance/log/",
        {"kind": "self", "category": "Friends", "custom_minutes": "110", "on": "2026-01-07"},
    )
    page = client_a.get(HOME).text
    assert "3 h 20 min" in page
    assert "of about 5 h" in page
    assert "Climbing" in page
    assert "Friends" in page
    assert "of about 6 h" in page


def test_self_time_is_never_shown_to_the_partner(client_a: Any, client_b: Any, frozen: Any) -> None:
    client_a.post(
        "/balance/log/",
        {"kind": "self", "category": "Secret hobby", "minutes": "120", "on": "2026-01-07"},
    )
    client_a.post(
        "/balance/log/",
        {"kind": "couple", "category": "Long walk", "minutes": "60", "on": "2026-01-07"},
    )
    page_b = client_b.get(HOME).text
    assert "Secret hobby" not in page_b
    assert "2 h" not in page_b.split("For me")[1].split("With us")[0]
    assert "Logged: Long walk" in page_b  # shared couple time counts for both
    assert [e["category"] for e in client_b.get(f"{API}entries").json()] == ["Long walk"]
    refused = client_a.post(
        f"{API}entries",
        {"kind": "self", "category": "x", "minutes": 5, "visibility": "partner"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "never shown to your partner" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("minutes", "day", "message"),
    [
        (-30, "2026-01-07", "Ensure this value is greater than or equal to 1"),
        (0, "2026-01-07", "greater than or equal to 1"),
        (1500, "2026-01-07", "less than or equal to 1440"),
        (30, "2026-01-09", "has not come yet"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(
    client_a: Any, frozen: Any, minutes: int, day: str, message: str
) -> None:
    response = client_a.post(
        "/balance/log/",
        {"kind": "self", "category": "Rest", "minutes": str(minutes), "on": day},
        follow=True,
    )
    assert message in response.text
    assert not BalanceEntry.objects.exists()


def test_no_day_holds_more_than_24_hours(personas: Any, frozen: Any, client_a: Any) -> None:
    membership = member(personas.a)
    services.log_time(membership, "self", "Sleep-in", 1000, date(2026, 1, 6))
    with pytest.raises(CoupleActionRefused, match="more than 24 hours on Tuesday 6 January"):
        services.log_time(membership, "couple", "Day trip", 500, date(2026, 1, 6))
    response = client_a.post(
        f"{API}entries",
        {"kind": "couple", "category": "Day trip", "minutes": 441, "on": "2026-01-06"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "1000 minutes are logged already" in response.json()["detail"]
    services.log_time(membership, "couple", "Day trip", 440, date(2026, 1, 6))
    assert BalanceEntry.objects.count() == 2


def test_practices_count_as_couple_time_automatically(client_b: Any, personas: Any) -> None:
    with time_machine.travel(datetime(2026, 1, 5, 19, tzinfo=UTC), tick=False):
        session = unplug.start_session(member(personas.a))
    with time_machine.travel(datetime(2026, 1, 5, 20, 15, tzinfo=UTC), tick=False):
        unplug.end_session(session, personas.b)
        tradition = traditions.create_tradition(
            member(personas.a),
            "Pizza",
            "",
            traditions.ScheduleInput("FREQ=DAILY", date(2026, 1, 5), time(19), 90),
        )
        occurrence = tradition.occurrences.get(on=date(2026, 1, 5))
        traditions.mark(occurrence, personas.b, "done")
    with time_machine.travel(WEDNESDAY, tick=False):
        page = client_b.get(HOME).text
        week = client_b.get(f"{API}weeks").json()[0]
    assert "Unplugged sessions" in page
    assert "Traditions done" in page
    parts = {p["label"]: p["minutes"] for p in week["couple_parts"]}
    assert parts == {"Unplugged sessions": 75, "Traditions done": 90}
    assert week["couple_minutes"] == 165


def test_weeks_are_the_partners_own(personas: Any, client_b: Any) -> None:
    # Ben lives in Los Angeles. Monday 07:30 in Berlin is still Sunday there.
    personas.b.time_zone = "America/Los_Angeles"
    personas.b.save()
    with time_machine.travel(datetime(2026, 1, 5, 6, 30, tzinfo=UTC), tick=False):
        session = unplug.start_session(member(personas.a))
    with time_machine.travel(datetime(2026, 1, 5, 7, 30, tzinfo=UTC), tick=False):
        unplug.end_session(session, personas.a)
    with time_machine.travel(datetime(2026, 1, 8, 12, tzinfo=UTC), tick=False):
        ben = client_b.get(f"{API}weeks?count=2").json()
        ada = services.weeks(personas.a, member(personas.a), date(2026, 1, 5), 2)
        # Ben logs at 23:30 on his Sunday: his day, not Berlin's Monday.
    with time_machine.travel(datetime(2026, 1, 5, 7, 30, tzinfo=UTC), tick=False):
        entry = services.log_time(member(personas.b), "self", "Reading", 30)
    assert entry.on == date(2026, 1, 4)
    assert [(w["week_start"], w["couple_minutes"]) for w in ben] == [
        ("2025-12-29", 60),
        ("2026-01-05", 0),
    ]
    assert [(w.monday, w.couple_minutes) for w in ada] == [
        (date(2025, 12, 29), 0),
        (date(2026, 1, 5), 60),
    ]


def test_a_week_out_of_reach_shows_the_nearest_one(client_a: Any, frozen: Any) -> None:
    oldest = client_a.get(f"{HOME}?week=0001-01-01")
    assert oldest.status_code == 200
    assert "Week of 18 Jan – 24 Jan" in oldest.text  # ten years back, to the Monday
    assert "Week of 5 Jan – 11 Jan" in client_a.get(f"{HOME}?week=9999-12-31").text
    weeks = client_a.get(f"{API}weeks?until=0001-01-01&count=2").json()
    assert [w["week_start"] for w in weeks] == ["2016-01-11", "2016-01-18"]


def test_a_timer_across_midnight_is_split(personas: Any, client_a: Any) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    with time_machine.travel(datetime(2026, 1, 6, 23, 20, tzinfo=berlin), tick=False):
        client_a.post("/balance/timer/start/", {"kind": "couple", "category": "Stargazing"})
        assert "Stargazing, since 23:20" in client_a.get(HOME).text
        again = client_a.post(
            "/balance/timer/start/", {"kind": "self", "category": "x"}, follow=True
        )
        assert "already running" in again.text
    with time_machine.travel(datetime(2026, 1, 7, 0, 50, tzinfo=berlin), tick=False):
        client_a.post("/balance/timer/stop/")
    logged = list(BalanceEntry.objects.order_by("on").values_list("on", "minutes"))
    assert logged == [(date(2026, 1, 6), 40), (date(2026, 1, 7), 50)]


def test_a_timer_stopped_within_a_minute_says_nothing_was_logged(
    client_a: Any, frozen: Any
) -> None:
    client_a.post("/balance/timer/start/", {"kind": "self", "category": "Reading"})
    frozen.shift(timedelta(seconds=40))
    page = client_a.post("/balance/timer/stop/", follow=True).text
    assert "Stopped before a minute had passed: nothing logged." in page
    assert "Logged 0 minutes" not in page
    assert "Start the timer" in page
    assert not BalanceEntry.objects.exists()
    client_a.post("/balance/timer/start/", {"kind": "self", "category": "Reading"})
    frozen.shift(timedelta(minutes=25))
    assert "Logged 25 minutes." in client_a.post("/balance/timer/stop/", follow=True).text


def test_the_page_costs_the_same_with_more_history(
    client_a: Any, personas: Any, frozen: Any, django_assert_max_num_queries: Any
) -> None:
    membership = member(personas.a)
    services.set_aim(membership, 300, 360)
    services.log_time(membership, "self", "Rest", 30)
    client_a.get(HOME)
    with CaptureQueriesContext(connection) as one:
        client_a.get(HOME)
    for n in range(40):
        day = date(2026, 1, 7) - timedelta(days=n)
        services.log_time(membership, "self", f"Hobby {n % 5}", 30, day)
        services.log_time(member(personas.b), "couple", "Walk", 20, day)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client_a.get(HOME).status_code == 200


def test_editing_and_removing_only_ones_own(
    client_a: Any, client_b: Any, client_therapist: Any, personas: Any, frozen: Any
) -> None:
    entry = services.log_time(
        member(personas.a), "couple", "Walk", 30, visibility="partner+therapist"
    )
    # Ben may read Ada's shared walk, never change it: 403, as for any reader.
    assert client_b.get(f"/balance/entries/{entry.pk}/").status_code == 403
    outsider = personas.client_for(personas.c)
    assert outsider.get(f"/balance/entries/{entry.pk}/").status_code == 404
    assert (
        client_b.patch(
            f"{API}entries/{entry.pk}",
            {"category": "x", "minutes": 5, "on": "2026-01-07"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert client_therapist.delete(f"{API}entries/{entry.pk}").status_code == 403
    response = client_a.post(
        f"/balance/entries/{entry.pk}/",
        {"category": "Long walk", "minutes": "50", "on": "2026-01-07"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.category, entry.minutes) == ("Long walk", 50)
    client_a.post(f"/balance/entries/{entry.pk}/delete/")
    assert not BalanceEntry.objects.exists()


def test_aim_and_timer_through_the_api(client_a: Any, frozen: Any) -> None:
    assert client_a.get(f"{API}aim").status_code == 404
    assert client_a.put(
        f"{API}aim", {"self_minutes": 300, "couple_minutes": 360}, content_type="application/json"
    ).json() == {"self_minutes": 300, "couple_minutes": 360}
    assert (
        client_a.put(
            f"{API}aim", {"self_minutes": -1, "couple_minutes": 0}, content_type="application/json"
        ).status_code
        == 422
    )
    started = client_a.post(
        f"{API}timer", {"kind": "self", "category": "Run"}, content_type="application/json"
    )
    assert started.status_code == 201
    frozen.shift(1500)
    stopped = client_a.post(f"{API}timer/stop").json()
    assert [e["minutes"] for e in stopped] == [25]
    assert client_a.post(f"{API}timer/stop").status_code == 409


def ours(endpoint: Any) -> bool:
    return "balance" in endpoint.route


@pytest.mark.parametrize("persona", ["anonymous", "c", "therapist_without_consent", "therapist"])
def test_nobody_outside_the_couple_reads_or_changes_balance(personas: Any, persona: str) -> None:
    walker = Walker(personas, select=ours)
    assert len(walker.endpoints) >= 12
    report = walker.walk(persona)
    print(report.render())
    assert not report.violations, "\n".join(str(v) for v in report.violations)


def test_a_finished_listening_session_counts_as_couple_time(personas: Any) -> None:
    from tending.listen.models import ListeningSession, Step

    start = datetime(2026, 1, 6, 19, 0, tzinfo=UTC)
    ListeningSession.objects.create(
        couple=personas.couple,
        author=personas.a,
        speaker=personas.a,
        listener=personas.b,
        visibility="partner",
        created=start,
        step=Step.ENDED,
        ended_at=start + timedelta(minutes=35),
    )
    # Still going: not counted until it ends.
    ListeningSession.objects.create(
        couple=personas.couple,
        author=personas.b,
        speaker=personas.b,
        listener=personas.a,
        visibility="partner",
        created=start + timedelta(hours=1),
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        week = services.weeks(personas.b, member(personas.b), date(2026, 1, 5), 1)[0]
    assert {p.label: p.minutes for p in week.couple_parts} == {"Listening sessions": 35}
