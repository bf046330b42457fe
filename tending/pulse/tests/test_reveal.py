"""The reveal rule, both ways: a partner's week shows only once both have
checked in, or once the week has closed in the couple's zone."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from tending.accounts.models import ApiToken
from tending.couples.boundary import Visibility
from tending.pulse.models import CheckIn, CheckInReflection
from tending.pulse.tests.helpers import NOW, THIS_WEEK, checkin, form_data, utc

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 't')[1]}"})


def ada_checks_in(client_a, **answers) -> None:
    response = client_a.post(
        "/pulse/check-in/",
        form_data(conflict="3", feelings=["hurt"], note="Ben, we need to talk.", **answers),
    )
    assert response.status_code == 302


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_before_both_have_checked_in_the_partner_sees_only_that_ada_did(
    personas, client_a, client_b
) -> None:
    ada_checks_in(client_a, note_visibility="partner")

    home = client_b.get("/pulse/").text
    assert "Ada has checked in. You will see each other" in home
    weeks = client_b.get("/pulse/weeks/").text
    assert "Checked in." in weeks
    assert "Quite a bit (3)" not in weeks
    assert "we need to talk" not in weeks

    ben = api(personas.b)
    base = f"/api/v1/pulse/{personas.couple.id}"
    [this_week] = ben.get(f"{base}/weeks?limit=1").json()
    ada = next(e for e in this_week["entries"] if e["person"]["display_name"] == "Ada")
    assert (ada["checked_in"], ada["checkin"], this_week["revealed"]) == (True, None, False)
    ada_checkin = CheckIn.objects.get(author=personas.a)
    assert ben.get(f"{base}/checkins/{ada_checkin.id}").status_code == 404
    trends = ben.get(f"{base}/trends").json()
    ada_trend = next(p for p in trends["people"] if not p["is_me"])
    assert ada_trend["series"]["conflict"][-1] is None
    assert ben.get(f"{base}/status").json()["partner_checked_in"] is True

    # Ada herself sees her own answers at once.
    mine = client_a.get("/pulse/weeks/").text
    assert "Quite a bit (3)" in mine
    assert "we need to talk" in mine


def test_once_both_have_checked_in_each_sees_the_others_week(personas, client_a, client_b) -> None:
    ada_checks_in(client_a, note_visibility="partner")
    client_b.post("/pulse/check-in/", form_data(closeness="3"))

    for client, other_answer in (
        (client_b, "Quite a bit (3)"),
        (client_a, "3 of 7, just overlapping"),
    ):
        page = client.get("/pulse/weeks/").text
        assert other_answer in page
    assert "Ben, we need to talk." in client_b.get("/pulse/weeks/").text
    assert "You have both checked in this week." in client_a.get("/pulse/").text
    ben = api(personas.b)
    ada_checkin = CheckIn.objects.get(author=personas.a)
    body = ben.get(f"/api/v1/pulse/{personas.couple.id}/checkins/{ada_checkin.id}").json()
    assert body["signs"]["conflict"] == 3
    assert body["reflection"]["note"] == "Ben, we need to talk."


def test_when_the_week_closes_the_partner_sees_it_without_checking_in(
    personas, client_a, client_b, frozen
) -> None:
    ada_checks_in(client_a)
    # Sunday 16 March 23:59 in Berlin (CET, UTC+1): still hidden.
    frozen.move_to(utc(2025, 3, 16, 22, 59))
    assert "Quite a bit (3)" not in client_b.get("/pulse/weeks/").text
    # Monday 00:00 in Berlin: the week has closed.
    frozen.move_to(utc(2025, 3, 16, 23, 0))
    page = client_b.get("/pulse/weeks/").text
    assert "Quite a bit (3)" in page
    assert "No check-in this week." in page  # Ben's own empty week
    # The note stayed private: closing a week reveals answers, never private words.
    assert "we need to talk" not in page


def test_the_week_closes_by_the_couples_zone_not_the_partners(
    personas, client_a, client_b, frozen
) -> None:
    personas.couple.time_zone = "Pacific/Auckland"
    personas.couple.save()
    personas.b.time_zone = "America/Los_Angeles"
    personas.b.save()
    with time_machine.travel(utc(2025, 3, 12, 0, 0), tick=False):  # Wed 13:00 in Auckland
        ada_checks_in(client_a)
    # Sunday 16 March 10:59 UTC is 23:59 on Sunday in Auckland (NZDT, UTC+13).
    frozen.move_to(utc(2025, 3, 16, 10, 59))
    assert "Quite a bit (3)" not in client_b.get("/pulse/weeks/").text
    # A minute later it is Monday in Auckland, though still Sunday morning for Ben.
    frozen.move_to(utc(2025, 3, 16, 11, 0))
    assert "Quite a bit (3)" in client_b.get("/pulse/weeks/").text


def test_shared_words_are_revealed_with_the_week_and_private_ones_never(personas, client_b) -> None:
    last_week = THIS_WEEK - timedelta(days=7)
    shared = checkin(personas.couple, personas.a, last_week)
    CheckInReflection.objects.create(
        couple=personas.couple,
        author=personas.a,
        checkin=shared,
        note="shared words",
        visibility=Visibility.PARTNER,
    )
    hidden = checkin(personas.couple, personas.a, last_week - timedelta(days=7))
    CheckInReflection.objects.create(
        couple=personas.couple,
        author=personas.a,
        checkin=hidden,
        note="private words",
        visibility=Visibility.PRIVATE,
    )
    page = client_b.get("/pulse/weeks/").text
    assert "shared words" in page
    assert "private words" not in page
    ben = api(personas.b)
    body = ben.get(f"/api/v1/pulse/{personas.couple.id}/checkins/{hidden.id}").json()
    assert body["reflection"] is None


def test_the_therapist_sees_only_revealed_weeks_shared_with_them(personas) -> None:
    last_week = THIS_WEEK - timedelta(days=7)
    for_therapist = checkin(personas.couple, personas.a, last_week, visibility="partner+therapist")
    partner_only = checkin(personas.couple, personas.b, last_week)
    unrevealed = checkin(personas.couple, personas.a, THIS_WEEK, visibility="partner+therapist")
    tess = api(personas.therapist)
    base = f"/api/v1/pulse/{personas.couple.id}"
    assert tess.get(f"{base}/checkins/{for_therapist.id}").status_code == 200
    assert tess.get(f"{base}/checkins/{partner_only.id}").status_code == 404
    assert tess.get(f"{base}/checkins/{unrevealed.id}").status_code == 404
    weeks = tess.get(f"{base}/weeks?limit=2").json()
    shown = [e["checkin"]["id"] for w in weeks for e in w["entries"] if e["checkin"]]
    assert shown == [str(for_therapist.id)]


def test_outsiders_see_nothing(personas, client_c) -> None:
    checkin(personas.couple, personas.a, THIS_WEEK - timedelta(days=7))
    cleo = api(personas.c)
    assert cleo.get(f"/api/v1/pulse/{personas.couple.id}/weeks").status_code == 404
    assert "Ada" not in client_c.get("/pulse/weeks/").text
