"""The Pulse API: every operation, its rules, bad input, and fixed query counts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from tending.accounts.models import ApiToken
from tending.api.main import api as ninja_api
from tending.pulse.models import CheckIn, ClosenessTap, DriftAlert
from tending.pulse.tests.helpers import NOW, THIS_WEEK, api_body, checkin, pulse_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def token_client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 't')[1]}"})


@pytest.fixture
def ada(personas) -> Client:
    return token_client(personas.a)


@pytest.fixture
def base(personas) -> str:
    return f"/api/v1/pulse/{personas.couple.id}"


def put(client: Client, url: str, body) -> object:
    return client.put(url, json.dumps(body), content_type="application/json")


def test_submitting_twice_in_a_week_edits_the_one_check_in(personas, ada, base) -> None:
    first = put(ada, f"{base}/weeks/2025-03-12/checkin", api_body(closeness=3))
    assert first.status_code == 201
    assert first.json()["week_start"] == "2025-03-10"
    assert first.json()["satisfaction"] == 80
    # Any day of the same week names the same check-in.
    again = put(ada, f"{base}/weeks/2025-03-16/checkin", api_body(closeness=6))
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert CheckIn.objects.filter(author=personas.a).count() == 1
    assert CheckIn.objects.get(author=personas.a).closeness == 6


def test_a_reflection_comes_back_to_its_author(ada, base) -> None:
    body = api_body(
        reflection={"feelings": ["calm", "loved"], "note": "Good week.", "visibility": "partner"}
    )
    response = put(ada, f"{base}/weeks/2025-03-12/checkin", body)
    assert response.json()["reflection"] == {
        "feelings": ["calm", "loved"],
        "note": "Good week.",
        "visibility": "partner",
    }
    mine = ada.get(f"{base}/checkins").json()
    assert mine[0]["reflection"]["note"] == "Good week."


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (api_body(closeness=8), "closeness"),
        (api_body(closeness=0), "closeness"),
        (api_body(closeness="5"), "closeness"),
        (api_body(closeness=5.5), "closeness"),
        (
            api_body(
                signs={"disconnected": 5, "physical": 0, "conflict": 0, "lonely": 0, "trust": 0}
            ),
            "signs.disconnected",
        ),
        (
            api_body(signs={"disconnected": 0, "physical": 0, "conflict": 0, "lonely": 0}),
            "signs.trust",
        ),
        (
            api_body(
                satisfaction={"sat_happy": 6, "sat_rewarding": 0, "sat_at_ease": 0, "sat_glad": 0}
            ),
            "satisfaction.sat_happy",
        ),
        (api_body(visibility="private"), "visibility"),
        (
            api_body(reflection={"feelings": ["calm", "close", "content", "loved"]}),
            "reflection.feelings",
        ),
        (api_body(reflection={"feelings": ["ecstatic"]}), "reflection.feelings"),
        (api_body(reflection={"note": "x" * 1001}), "reflection.note"),
        ({"closeness": 5}, "signs"),
    ],
)
def test_out_of_range_and_malformed_answers_are_refused_and_nothing_is_stored(
    ada, base, body, where
) -> None:
    response = put(ada, f"{base}/weeks/2025-03-12/checkin", body)
    assert response.status_code == 422
    assert where in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_a_body_that_is_not_json_is_refused(ada, base) -> None:
    response = ada.put(
        f"{base}/weeks/2025-03-12/checkin", "closeness=5", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2025-03-17", "That week has not started yet"),
        ("2025-02-09", "more than four weeks gone"),
    ],
)
def test_weeks_that_are_not_open_are_refused_with_a_clear_message(ada, base, week, message) -> None:
    response = put(ada, f"{base}/weeks/{week}/checkin", api_body())
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_a_week_that_is_not_a_date_is_refused(ada, base) -> None:
    response = put(ada, f"{base}/weeks/next-week/checkin", api_body())
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_the_oldest_open_week_is_accepted(ada, base) -> None:
    assert put(ada, f"{base}/weeks/2025-02-10/checkin", api_body()).status_code == 201


def test_outsiders_get_404_and_the_therapist_403_on_writes(personas, base) -> None:
    cleo, tess = token_client(personas.c), token_client(personas.therapist)
    assert put(cleo, f"{base}/weeks/2025-03-12/checkin", api_body()).status_code == 404
    assert cleo.get(f"{base}/trends").status_code == 404
    response = put(tess, f"{base}/weeks/2025-03-12/checkin", api_body())
    assert response.status_code == 403
    assert tess.get(f"{base}/trends").status_code == 200
    assert put(tess, f"{base}/taps/2025-03-12", {"closeness": 4}).status_code == 403
    assert put(tess, f"{base}/settings", {"checkin_weekday": 2}).status_code == 403
    assert not CheckIn.objects.exists()
    assert Client().get(f"{base}/status").status_code == 401


def test_status_says_open_waiting_and_done(personas, ada, base) -> None:
    assert ada.get(f"{base}/status").json()["state"] == "open"
    put(ada, f"{base}/weeks/2025-03-12/checkin", api_body())
    status = ada.get(f"{base}/status").json()
    assert (status["state"], status["week_start"], status["week_end"]) == (
        "waiting",
        "2025-03-10",
        "2025-03-16",
    )
    assert status["closes_at"].startswith("2025-03-16T23:00:00")  # Monday 00:00 in Berlin
    put(token_client(personas.b), f"{base}/weeks/2025-03-12/checkin", api_body())
    assert ada.get(f"{base}/status").json()["state"] == "done"


def test_trends_gap_and_weeks(personas, ada, base) -> None:
    for weeks_ago, (mine, theirs) in enumerate([(5, 5), (6, 3), (4, 4)]):
        week = THIS_WEEK - timedelta(days=7 * (weeks_ago + 1))
        checkin(personas.couple, personas.a, week, closeness=mine)
        checkin(personas.couple, personas.b, week, closeness=theirs)
    trends = ada.get(f"{base}/trends").json()
    assert trends["range"] == "12w"
    assert len(trends["periods"]) == 12
    me = next(p for p in trends["people"] if p["is_me"])
    assert me["series"]["closeness"][-4:] == [4, 6, 5, None]
    monthly = ada.get(f"{base}/trends?range=all").json()
    assert [p["label"] for p in monthly["periods"]] == ["February 2025", "March 2025"]

    gap = ada.get(f"{base}/gap").json()
    assert gap["week_start"] == "2025-03-03"
    closeness = next(i for i in gap["items"] if i["item"] == "closeness")
    assert closeness["sentence"] == "You both felt close that week."
    assert [w["gap"] for w in closeness["weeks"][-4:]] == [0, 3, 0, None]
    assert (closeness["weeks_compared"], closeness["weeks_in_sync"]) == (3, 2)

    weeks = ada.get(f"{base}/weeks?limit=2").json()
    assert [w["week_start"] for w in weeks] == ["2025-03-10", "2025-03-03"]
    assert weeks[1]["revealed"] is True
    assert ada.get(f"{base}/trends?range=forever").status_code == 422


def test_taps_are_the_authors_alone(personas, ada, base) -> None:
    assert put(ada, f"{base}/taps/2025-03-12", {"closeness": 6}).status_code == 201
    assert put(ada, f"{base}/taps/2025-03-12", {"closeness": 5}).status_code == 200
    assert ClosenessTap.objects.get().closeness == 5
    assert put(ada, f"{base}/taps/2025-03-13", {"closeness": 5}).status_code == 422  # tomorrow
    assert put(ada, f"{base}/taps/2025-03-05", {"closeness": 5}).status_code == 422  # a week ago
    assert put(ada, f"{base}/taps/2025-03-12", {"closeness": 8}).status_code == 422
    assert ada.get(f"{base}/taps").json() == [{"day": "2025-03-12", "closeness": 5}]
    assert token_client(personas.b).get(f"{base}/taps").json() == []


def test_alerts_can_be_dismissed_for_oneself(personas, ada, base) -> None:
    alert = DriftAlert.objects.create(
        couple=personas.couple,
        rule="sign",
        item="conflict",
        started_week=THIS_WEEK - timedelta(days=21),
        last_week=THIS_WEEK - timedelta(days=7),
    )
    [listed] = ada.get(f"{base}/alerts").json()
    assert listed["title"] == "More arguments than usual"
    assert "since the week of 17 February 2025" in listed["message"]
    assert [s["name"] for s in listed["suggestions"]] == ["Listen", "A gentle start-up"]
    assert listed["dismissed"] is False
    response = ada.post(f"{base}/alerts/{alert.id}/dismiss")
    assert response.status_code == 200
    assert ada.get(f"{base}/alerts").json()[0]["dismissed"] is True
    assert token_client(personas.b).get(f"{base}/alerts").json()[0]["dismissed"] is False
    assert token_client(personas.therapist).get(f"{base}/alerts").json() == []


def test_settings_change_the_check_in_day(personas, ada, base) -> None:
    assert ada.get(f"{base}/settings").json() == {"checkin_weekday": 6, "daily_tap": False}
    response = put(ada, f"{base}/settings", {"checkin_weekday": 2, "daily_tap": True})
    assert response.json() == {"checkin_weekday": 2, "daily_tap": True}
    # Weeks now end on Wednesday: this Wednesday's week began last Thursday.
    assert ada.get(f"{base}/status").json()["week_start"] == "2025-03-06"
    assert token_client(personas.b).get(f"{base}/settings").json() == {
        "checkin_weekday": 2,
        "daily_tap": False,
    }
    assert put(ada, f"{base}/settings", {"checkin_weekday": 7}).status_code == 422


# Pulse's own queries per read: who is asking (membership, partners and the
# couple's schedule in one query), then what the read needs.
PULSE_QUERIES = {
    "status": 2,
    "checkins": 3,
    "weeks": 5,  # + the skipped weeks, which decide what is open
    "weeks?limit=52": 5,
    "trends": 3,
    "trends?range=12m": 3,
    "trends?range=all": 3,
    "gap?range=all": 2,
    "alerts": 2,
    "taps?days=3660": 2,
}


def _history(personas, weeks: range) -> None:
    rows, taps = [], []
    for n in weeks:
        week = THIS_WEEK - timedelta(days=7 * n)
        for person in (personas.a, personas.b):
            rows.append(
                CheckIn(
                    couple=personas.couple,
                    author=person,
                    week_start=week,
                    visibility="partner",
                    **_values(),
                )
            )
        taps += [
            ClosenessTap(
                couple=personas.couple,
                author=personas.a,
                day=week + timedelta(days=d),
                week_start=week,
                closeness=5,
            )
            for d in range(7)
            if week + timedelta(days=d) <= THIS_WEEK + timedelta(days=2)
        ]
    CheckIn.objects.bulk_create(rows)
    ClosenessTap.objects.bulk_create(taps)


@pytest.mark.parametrize("path", PULSE_QUERIES)
def test_every_read_uses_a_fixed_number_of_queries_whatever_the_history(
    personas, ada, base, path, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"{base}/{path}"
    _history(personas, range(0, 1))
    ada.get(url)  # the token's first use in a while is recorded: not part of the read
    with CaptureQueriesContext(connection) as one_week:
        assert ada.get(url).status_code == 200
    _history(personas, range(1, 261))  # five years more
    with django_assert_max_num_queries(len(one_week)) as five_years:
        assert ada.get(url).status_code == 200
    assert len(five_years) == len(one_week)
    assert len(pulse_queries(five_years)) == PULSE_QUERIES[path]


def _values():
    from tending.pulse.tests.helpers import values

    return values()


def test_the_openapi_document_describes_every_pulse_operation() -> None:
    paths = ninja_api.get_openapi_schema()["paths"]
    pulse = {(path, method) for path, ops in paths.items() if "/pulse/" in path for method in ops}
    assert pulse == {
        ("/api/v1/pulse/{couple_id}/status", "get"),
        ("/api/v1/pulse/{couple_id}/checkins", "get"),
        ("/api/v1/pulse/{couple_id}/weeks/{week}/checkin", "put"),
        ("/api/v1/pulse/{couple_id}/checkins/{checkin_id}", "get"),
        ("/api/v1/pulse/{couple_id}/weeks", "get"),
        ("/api/v1/pulse/{couple_id}/weeks/{week}/skip", "post"),
        ("/api/v1/pulse/{couple_id}/trends", "get"),
        ("/api/v1/pulse/{couple_id}/gap", "get"),
        ("/api/v1/pulse/{couple_id}/alerts", "get"),
        ("/api/v1/pulse/{couple_id}/alerts/{alert_id}/dismiss", "post"),
        ("/api/v1/pulse/{couple_id}/taps/{day}", "put"),
        ("/api/v1/pulse/{couple_id}/taps", "get"),
        ("/api/v1/pulse/{couple_id}/settings", "get"),
        ("/api/v1/pulse/{couple_id}/settings", "put"),
    }
    submit = paths["/api/v1/pulse/{couple_id}/weeks/{week}/checkin"]["put"]
    assert "four weeks" in submit["description"]
    skip = paths["/api/v1/pulse/{couple_id}/weeks/{week}/skip"]["post"]
    assert "can no longer be checked in for" in skip["description"]
