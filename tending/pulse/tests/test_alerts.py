"""Drift alerts as the couple meets them: created from weeks both can see,
dismissed for good within an episode, ended after two quiet weeks, picked up
by the worker when a week closes, and a gentle therapist card after a month."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from tending.pulse import jobs, services
from tending.pulse.models import DriftAlert, PulseSchedule
from tending.pulse.tests.helpers import NOW, THIS_WEEK, answers, checkin, utc, viewer

pytestmark = pytest.mark.django_db
WEEK = timedelta(days=7)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def conflict_weeks(personas, values: list[int], first=None) -> None:
    """Ada's conflict answers for consecutive closed weeks ending last week; Ben calm."""
    first = first or THIS_WEEK - WEEK * len(values)
    for n, value in enumerate(values):
        checkin(personas.couple, personas.a, first + WEEK * n, conflict=value)
        checkin(personas.couple, personas.b, first + WEEK * n)


def test_a_check_in_runs_the_rule_and_both_partners_see_the_alert(
    personas, client_a, client_b, frozen
) -> None:
    conflict_weeks(personas, [0, 0, 3, 3])
    services.submit_checkin(viewer(personas.a), THIS_WEEK, answers(conflict=2))
    # This week is not visible to Ben yet: the rule does not count it.
    assert not DriftAlert.objects.exists()
    services.submit_checkin(viewer(personas.b), THIS_WEEK, answers())
    [alert] = DriftAlert.objects.all()
    assert (alert.rule, alert.item, alert.started_week) == (
        "sign",
        "conflict",
        THIS_WEEK - 2 * WEEK,
    )
    for client in (client_a, client_b):
        page = client.get("/pulse/").text
        assert "More arguments than usual" in page
        assert "since the week of 24 February 2025" in page
        assert 'href="/soon/listen/"' in page or 'href="/listen/"' in page
        assert "More arguments than usual" in client.get("/").text  # the Today card


def test_a_dismissed_alert_stays_away_for_the_rest_of_its_episode(
    personas, client_a, client_b, frozen
) -> None:
    conflict_weeks(personas, [3, 3, 3])
    services.refresh_alerts(viewer(personas.a))
    alert = DriftAlert.objects.get()
    response = client_a.post(f"/pulse/alerts/{alert.id}/dismiss/", {"next": "/pulse/"})
    assert response.status_code == 302
    assert "More arguments than usual" not in client_a.get("/pulse/").text
    assert "You set 1 alert aside" in client_a.get("/pulse/").text
    assert "More arguments than usual" in client_b.get("/pulse/").text  # Ben's own choice

    # The next week is just as hard: the same episode, still set aside for Ada.
    frozen.move_to(NOW + WEEK)
    checkin(personas.couple, personas.a, THIS_WEEK, conflict=4)
    checkin(personas.couple, personas.b, THIS_WEEK)
    jobs.refresh_due_alerts()
    assert DriftAlert.objects.count() == 1
    assert DriftAlert.objects.get().last_week == THIS_WEEK
    assert "More arguments than usual" not in client_a.get("/pulse/").text

    # One calm week does not end it (so it cannot come back as "new")...
    frozen.move_to(NOW + 2 * WEEK)
    checkin(personas.couple, personas.a, THIS_WEEK + WEEK, conflict=0)
    jobs.refresh_due_alerts()
    assert DriftAlert.objects.ongoing().count() == 1
    # ...two calm weeks do.
    frozen.move_to(NOW + 3 * WEEK)
    checkin(personas.couple, personas.a, THIS_WEEK + 2 * WEEK, conflict=0)
    jobs.refresh_due_alerts()
    assert DriftAlert.objects.ongoing().count() == 0

    # A new hard stretch later is a new episode, and Ada sees it again.
    for n in range(3, 6):
        checkin(personas.couple, personas.a, THIS_WEEK + n * WEEK, conflict=3)
    frozen.move_to(NOW + 6 * WEEK)
    jobs.refresh_due_alerts()
    assert DriftAlert.objects.count() == 2
    assert "More arguments than usual" in client_a.get("/pulse/").text


def test_the_worker_picks_up_a_week_that_closed_without_anyone_checking_in(
    personas, frozen
) -> None:
    conflict_weeks(personas, [3, 3])
    services.submit_checkin(viewer(personas.a), THIS_WEEK, answers(conflict=3))
    assert not DriftAlert.objects.exists()
    due = PulseSchedule.objects.get(couple=personas.couple).drift_due
    assert due == utc(2025, 3, 16, 23, 0)  # the week closes at Monday 00:00 in Berlin
    assert jobs.refresh_due_alerts(now=due - timedelta(seconds=1)) == 0
    frozen.move_to(due)
    assert jobs.refresh_due_alerts() == 1
    assert DriftAlert.objects.get().item == "conflict"
    assert jobs.refresh_due_alerts() == 0  # not due again until the next week closes


def test_a_couple_with_nothing_to_look_at_is_not_due(personas, frozen) -> None:
    services.refresh_alerts(viewer(personas.a))
    assert PulseSchedule.objects.get(couple=personas.couple).drift_due is None


def test_reading_pages_never_writes(
    personas, client_a, frozen, django_assert_max_num_queries
) -> None:
    conflict_weeks(personas, [3, 3, 3])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_a.get("/pulse/")  # the session's first request may refresh the session row
    with CaptureQueriesContext(connection) as captured:
        client_a.get("/pulse/")
        client_a.get("/")
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_after_a_month_a_gentle_card_suggests_a_couples_therapist(
    personas, client_a, frozen
) -> None:
    conflict_weeks(personas, [3, 3, 3])
    services.refresh_alerts(viewer(personas.a))
    assert "couples therapist" not in client_a.get("/pulse/").text
    frozen.move_to(NOW + timedelta(days=29))
    for n in range(0, 5):
        checkin(personas.couple, personas.a, THIS_WEEK + n * WEEK, conflict=3)
    jobs.refresh_due_alerts()
    page = client_a.get("/pulse/").text
    card = page[page.index('id="therapist-heading"') :]
    card = card[: card.index("</section>")]
    assert "talk things through with a couples therapist" in card
    # No label, no diagnosis: the card names nothing about either partner.
    for word in ("diagnos", "disorder", "symptom", "clinical", "risk", "Ada", "Ben"):
        assert word.lower() not in card.lower()


def test_the_therapist_never_sees_alerts(personas, client_therapist, frozen) -> None:
    conflict_weeks(personas, [3, 3, 3])
    services.refresh_alerts(viewer(personas.a))
    assert "More arguments than usual" not in client_therapist.get("/").text
