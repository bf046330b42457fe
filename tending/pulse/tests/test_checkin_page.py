"""The weekly check-in page: it works, editing never duplicates, bad input
changes nothing, and weeks outside the open ones are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from tending.pulse.models import CheckIn, CheckInReflection
from tending.pulse.tests.helpers import NOW, THIS_WEEK, checkin, form_data, pulse_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_check_in_page_asks_every_question(client_a, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(16) as captured:
        response = client_a.get("/pulse/check-in/")
    assert response.status_code == 200
    # The couple's schedule (with the partners) and this and the last four weeks.
    assert len(pulse_queries(captured)) == 2
    text = response.text
    assert "This week: Mon 10 Mar – Sun 16 Mar" in text
    for question in (
        "I felt out of touch with my partner.",
        "We argued or clashed more than usual.",
        "How close did you feel to your partner this week?",
        "All in all, how happy were you with us this week?",
    ):
        assert question in text
    # The circles: seven radio buttons, each with words for screen readers.
    assert text.count('name="closeness"') == 7
    assert "7 of 7, almost as one" in text
    assert "<legend>" in text


def test_a_check_in_is_saved_and_editing_updates_it(personas, client_a) -> None:
    response = client_a.post("/pulse/check-in/", form_data(conflict="3", closeness="4"))
    assert response.status_code == 302
    assert client_a.get(response["Location"]).text.count("Thank you. Your check-in is saved.") == 1
    saved = CheckIn.objects.get(author=personas.a)
    assert (saved.week_start, saved.conflict, saved.closeness) == (THIS_WEEK, 3, 4)
    assert saved.satisfaction == 80  # four items of 4: 16 of 20

    response = client_a.post("/pulse/check-in/", form_data(conflict="1", sat_glad="5"))
    assert response.status_code == 302
    assert CheckIn.objects.filter(author=personas.a).count() == 1
    edited = CheckIn.objects.get(author=personas.a)
    assert (edited.pk, edited.conflict, edited.satisfaction) == (saved.pk, 1, 85)
    page = client_a.get("/pulse/check-in/")
    assert "saving again updates your answers" in page.text
    assert 'value="1" id="id_conflict_1" required checked' in page.text


def test_the_optional_words_and_note_are_private_unless_shared(personas, client_a) -> None:
    client_a.post(
        "/pulse/check-in/",
        form_data(feelings=["grateful", "tired"], note="A long week.", note_visibility="private"),
    )
    reflection = CheckInReflection.objects.get(author=personas.a)
    assert (reflection.feelings, reflection.note, reflection.visibility) == (
        "grateful,tired",
        "A long week.",
        "private",
    )
    # Clearing both removes the reflection instead of keeping an empty one.
    client_a.post("/pulse/check-in/", form_data())
    assert not CheckInReflection.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"closeness": "9"}, "Select a valid choice"),
        ({"conflict": "5"}, "Select a valid choice"),
        ({"sat_happy": "-1"}, "Select a valid choice"),
        ({"trust": "lots"}, "Select a valid choice"),
        ({"closeness": ""}, "Please choose the picture that fits."),
        ({"feelings": ["calm", "close", "content", "tired"]}, "Choose up to three words."),
        ({"feelings": ["bliss"]}, "Select a valid choice"),
        ({"note": "x" * 1001}, "at most 1000 characters"),
        ({"note_visibility": "everyone"}, "Select a valid choice"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(client_a, change, message) -> None:
    response = client_a.post("/pulse/check-in/", form_data(**change))
    assert response.status_code == 400
    assert message in response.text
    assert "A few answers are missing; they are marked below." in response.text
    assert not CheckIn.objects.exists()


def test_a_missing_answer_keeps_the_others_on_the_page(client_a) -> None:
    data = form_data(conflict="3")
    del data["trust"]
    response = client_a.post("/pulse/check-in/", data)
    assert response.status_code == 400
    assert "Please choose an answer." in response.text
    assert 'value="3" id="id_conflict_3" required checked' in response.text


@pytest.mark.parametrize(
    ("week", "message"),
    [
        (THIS_WEEK + timedelta(days=7), "That week has not started yet"),
        (THIS_WEEK - timedelta(days=35), "more than four weeks gone"),
        ("last-tuesday", "That is not a date."),
    ],
)
def test_weeks_that_are_not_open_are_refused_with_a_clear_message(client_a, week, message) -> None:
    data = form_data()
    data["week"] = str(week)
    response = client_a.post("/pulse/check-in/", data)
    assert response.status_code == 400
    assert message in response.text
    assert not CheckIn.objects.exists()
    assert client_a.get(f"/pulse/check-in/?week={week}").status_code == 400


def test_a_late_check_in_for_one_of_the_four_weeks_before_is_taken(personas, client_a) -> None:
    four_weeks_ago = THIS_WEEK - timedelta(days=28)
    page = client_a.get(f"/pulse/check-in/?week={four_weeks_ago + timedelta(days=3)}")
    assert page.status_code == 200
    assert "4 weeks ago: Mon 10 Feb – Sun 16 Feb" in page.text
    response = client_a.post("/pulse/check-in/", form_data(week=four_weeks_ago + timedelta(days=3)))
    assert response.status_code == 302
    assert CheckIn.objects.get(author=personas.a).week_start == four_weeks_ago


def test_the_week_list_shows_which_weeks_are_done(personas, client_a) -> None:
    checkin(personas.couple, personas.a, THIS_WEEK - timedelta(days=7))
    page = client_a.get("/pulse/check-in/").text
    assert "Last week" in page
    assert page.count("checked in</span>") == 1


def test_wrong_methods_are_refused(client_a) -> None:
    assert client_a.put("/pulse/check-in/").status_code == 405
    assert client_a.get("/pulse/tap/").status_code == 405
    assert client_a.delete("/pulse/").status_code == 405


def test_people_without_a_couple_are_sent_to_today(client, personas) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/pulse/check-in/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_therapist_cannot_check_in(personas, client_therapist) -> None:
    response = client_therapist.post("/pulse/check-in/", form_data())
    assert response.status_code == 302  # partners only: sent to Today
    assert not CheckIn.objects.exists()
