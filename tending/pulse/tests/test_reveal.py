"""The reveal rule, both ways: a partner's week shows only once both have
checked in, or once the week has closed in the couple's zone."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from tending.accounts.models import ApiToken
from tending.couples.boundary import Visibility
from tending.pulse.models import CheckIn, CheckInReflection, SkippedWeek
from tending.pulse.tests.helpers import NOW, THIS_WEEK, api_body, checkin, form_data, utc

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


CHOICE = "Ada checked in. Check in for this week first, or skip it and see Ada’s answers."


def test_a_closed_week_asks_the_partner_who_missed_it_to_check_in_first_or_skip(
    personas, client_a, client_b, frozen
) -> None:
    ada_checks_in(client_a, note_visibility="partner")
    # Sunday 16 March 23:59 in Berlin (CET, UTC+1): the week is still open.
    frozen.move_to(utc(2025, 3, 16, 22, 59))
    page = client_b.get("/pulse/weeks/").text
    assert "Quite a bit (3)" not in page
    assert CHOICE not in page
    # Monday 00:00 in Berlin: closed. Ben missed it and may still check in
    # late, so Ada's answers wait for his choice rather than spoil his own.
    frozen.move_to(utc(2025, 3, 16, 23, 0))
    page = client_b.get("/pulse/weeks/").text
    assert CHOICE in page
    assert "Quite a bit (3)" not in page
    assert "we need to talk" not in page
    assert "Quite a bit (3)" in client_a.get("/pulse/weeks/").text  # Ada sees her own
    ben = api(personas.b)
    base = f"/api/v1/pulse/{personas.couple.id}"
    [closed] = ben.get(f"{base}/weeks?limit=1&offset=1").json()
    assert (closed["closed"], closed["revealed"], closed["my_choice"]) == (True, False, True)
    ada_checkin = CheckIn.objects.get(author=personas.a)
    assert ben.get(f"{base}/checkins/{ada_checkin.id}").status_code == 404
    ada_trend = next(p for p in ben.get(f"{base}/trends").json()["people"] if not p["is_me"])
    assert ada_trend["series"]["conflict"][-2] is None

    # He skips it: now he sees her answers and her shared note...
    response = client_b.post("/pulse/weeks/skip/", {"week": THIS_WEEK.isoformat()})
    assert response.status_code == 302
    page = client_b.get(response["Location"]).text
    assert "Quite a bit (3)" in page
    assert "Ben, we need to talk." in page
    assert CHOICE not in page
    assert ben.get(f"{base}/checkins/{ada_checkin.id}").json()["signs"]["conflict"] == 3
    ada_trend = next(p for p in ben.get(f"{base}/trends").json()["people"] if not p["is_me"])
    assert ada_trend["series"]["conflict"][-2] == 3

    # ...and can no longer check in for that week, on the page or the API.
    late = form_data(week=THIS_WEEK, conflict="0")
    page = client_b.get(f"/pulse/check-in/?week={THIS_WEEK.isoformat()}")
    assert page.status_code == 400
    assert "You skipped that week to see your partner&#x27;s answers" in page.text
    refused = client_b.post("/pulse/check-in/", late)
    assert refused.status_code == 400
    assert "You skipped that week" in refused.text
    put = ben.put(
        f"{base}/weeks/{THIS_WEEK.isoformat()}/checkin", api_body(), content_type="application/json"
    )
    assert put.status_code == 409
    assert "You skipped that week" in put.json()["detail"]
    assert not CheckIn.objects.filter(author=personas.b).exists()
    # This week is untouched by it.
    assert client_b.post("/pulse/check-in/", form_data()).status_code == 302


def test_checking_in_late_first_opens_both_answers(personas, client_a, client_b, frozen) -> None:
    ada_checks_in(client_a)
    frozen.move_to(NOW + timedelta(days=7))
    assert CHOICE in client_b.get("/pulse/weeks/").text
    late = form_data(week=THIS_WEEK, closeness="2")
    assert client_b.post("/pulse/check-in/", late).status_code == 302
    page = client_b.get("/pulse/weeks/").text
    assert "Quite a bit (3)" in page
    assert CHOICE not in page
    assert "2 of 7" in client_a.get("/pulse/weeks/").text
    # Having checked in, there is nothing left to skip: it changes nothing.
    assert client_b.post("/pulse/weeks/skip/", {"week": THIS_WEEK.isoformat()}).status_code == 302
    assert not SkippedWeek.objects.exists()


def test_a_week_past_catching_up_opens_without_a_choice(personas, client_a, client_b, frozen):
    ada_checks_in(client_a)
    frozen.move_to(NOW + timedelta(weeks=4))  # the last week Ben may still answer it in
    client_b.force_login(personas.b)  # sessions age while the clock moves on
    assert CHOICE in client_b.get("/pulse/weeks/").text
    frozen.move_to(NOW + timedelta(weeks=5))  # too long gone: open, no waiting forever
    client_b.force_login(personas.b)  # the session has aged meanwhile
    page = client_b.get("/pulse/weeks/").text
    assert "Quite a bit (3)" in page
    assert CHOICE not in page


def test_skipping_is_refused_where_it_makes_no_sense(personas, client_a, client_b, frozen) -> None:
    ben = api(personas.b)
    base = f"/api/v1/pulse/{personas.couple.id}"
    this_week = THIS_WEEK.isoformat()
    # This week is still open.
    assert ben.post(f"{base}/weeks/{this_week}/skip").status_code == 422
    refused = client_b.post("/pulse/weeks/skip/", {"week": this_week})
    assert refused.status_code == 422
    assert "This week is still open" in refused.text
    # Not a date.
    assert client_b.post("/pulse/weeks/skip/", {"week": "soon"}).status_code == 400
    assert ben.post(f"{base}/weeks/soon/skip").status_code == 422
    # Nobody checked in last week: nothing to see, and Ben may still answer it.
    last_week = (THIS_WEEK - timedelta(days=7)).isoformat()
    nothing = ben.post(f"{base}/weeks/{last_week}/skip")
    assert nothing.status_code == 409
    assert "nothing to see" in nothing.json()["detail"]
    # The therapist only reads.
    checkin(personas.couple, personas.a, THIS_WEEK - timedelta(days=7))
    assert api(personas.therapist).post(f"{base}/weeks/{last_week}/skip").status_code == 403
    assert not SkippedWeek.objects.exists()
    # Ben may skip it; the answer is the week, Ada's answers in it.
    body = ben.post(f"{base}/weeks/{last_week}/skip").json()
    ada = next(e for e in body["entries"] if e["person"]["display_name"] == "Ada")
    assert (body["revealed"], body["my_choice"], ada["checkin"]["closeness"]) == (True, False, 5)
    assert ben.post(f"{base}/weeks/{last_week}/skip").status_code == 200  # twice: one row
    assert SkippedWeek.objects.count() == 1


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
    assert CHOICE not in client_b.get("/pulse/weeks/").text
    # A minute later it is Monday in Auckland, though still Sunday morning for Ben.
    frozen.move_to(utc(2025, 3, 16, 11, 0))
    assert CHOICE in client_b.get("/pulse/weeks/").text
    assert client_b.post("/pulse/weeks/skip/", {"week": "2025-03-12"}).status_code == 302
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
    for week in (last_week, last_week - timedelta(days=7)):  # Ben missed both: he skips
        SkippedWeek.objects.create(couple=personas.couple, author=personas.b, week_start=week)
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


def test_the_therapist_follows_trends_of_shared_open_weeks_only(personas, frozen) -> None:
    last_week = THIS_WEEK - timedelta(days=7)
    checkin(personas.couple, personas.a, last_week, closeness=2, visibility="partner+therapist")
    checkin(personas.couple, personas.b, last_week, closeness=6)  # partner only
    # Ada alone this week (still open): not even her shared answers show yet.
    checkin(personas.couple, personas.a, THIS_WEEK, closeness=4, visibility="partner+therapist")
    base = f"/api/v1/pulse/{personas.couple.id}"
    trends = api(personas.therapist).get(f"{base}/trends").json()
    closeness = {
        p["person"]["display_name"]: p["series"]["closeness"][-2:] for p in trends["people"]
    }
    assert closeness == {"Ada": [2, None], "Ben": [None, None]}
    assert not any(p["is_me"] for p in trends["people"])
    assert all(p["daily_closeness"] is None for p in trends["people"])
    assert api(personas.therapist_without_consent).get(f"{base}/trends").status_code == 404


def test_pulse_and_today_point_the_partner_who_missed_a_week_to_the_choice(
    personas, client_a, client_b, frozen
) -> None:
    ada_checks_in(client_a)
    frozen.move_to(NOW + timedelta(days=7))
    hint = "Ada checked in for the week of 10 Mar, which you missed."
    assert hint in client_b.get("/pulse/").text
    assert hint in client_b.get("/").text  # the Today card
    assert "which you missed" not in client_a.get("/pulse/").text
    base = f"/api/v1/pulse/{personas.couple.id}"
    assert api(personas.b).get(f"{base}/status").json()["late_choice"] == ["2025-03-10"]
    assert api(personas.a).get(f"{base}/status").json()["late_choice"] == []
    client_b.post("/pulse/weeks/skip/", {"week": THIS_WEEK.isoformat()})
    assert hint not in client_b.get("/pulse/").text
    assert api(personas.b).get(f"{base}/status").json()["late_choice"] == []
