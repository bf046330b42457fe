"""Each practice tells the partner through a nudge when something waits for
them — and the nudge says that something is there, never what was written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail

from tending.nudges.models import Notification, NudgeSettings
from tending.nudges.tests.helpers import run

PRIVATE = "the words only the two of us may read"


@pytest.fixture(autouse=True)
def no_quiet_hours(personas):
    # The same at any time of day the suite runs.
    for person in (personas.a, personas.b):
        NudgeSettings.objects.create(user=person, quiet_start="00:00", quiet_end="00:00")


def _what_reached(person: Any) -> list[tuple[str, str]]:
    run()
    return [(n.kind, f"{n.title} {n.body}") for n in Notification.objects.filter(recipient=person)]


def _only(personas, kind: str) -> str:
    """The partner got exactly one nudge of this kind; the author got none."""
    reached = _what_reached(personas.b)
    assert [k for k, _text in reached] == [kind]
    assert not Notification.objects.filter(recipient=personas.a).exists()
    text = reached[0][1]
    assert PRIVATE not in text
    return text


def test_a_listening_session_on_two_phones_waits_for_the_partner(personas):
    from tending.listen import services
    from tending.listen.models import Mode

    services.start(personas.a, topic=PRIVATE, mode=Mode.APART)
    assert "would like a listening session" in _only(personas, "listen_waiting")


def test_a_session_on_one_shared_phone_needs_no_nudge(personas):
    from tending.listen import services
    from tending.listen.models import Mode

    services.start(personas.a, topic=PRIVATE, mode=Mode.TOGETHER)
    assert _what_reached(personas.b) == []


def test_a_break_is_told_to_the_partner(personas):
    from tending.appreciate import services

    services.start_break(personas.a, 20)
    assert "20-minute pause" in _only(personas, "break_called")


def test_good_news_is_told_but_not_what_it_is(personas):
    from tending.appreciate import services
    from tending.couples.models import Membership

    membership = Membership.objects.active().get(user=personas.a)
    services.share_good_news(membership, PRIVATE)
    assert "has good news to share" in _only(personas, "good_news_received")


def test_the_first_answer_to_todays_question_tells_the_partner_it_is_their_turn(personas):
    from tending.share import services

    services.answer(personas.a, PRIVATE)
    assert "answered today" in _only(personas, "partner_answered")


def test_the_second_answer_reveals_and_tells_nobody_it_is_their_turn(personas):
    from tending.share import services

    services.answer(personas.a, PRIVATE)
    services.answer(personas.b, "Mine too.")
    run()
    turns = Notification.objects.filter(kind="partner_answered")
    assert [n.recipient_id for n in turns] == [personas.b.pk]


def test_a_pulse_check_in_tells_the_partner_once_a_week(personas):
    from tending.pulse import services
    from tending.pulse.tests.helpers import NOW, THIS_WEEK, answers, viewer

    with time_machine.travel(NOW, tick=False):
        services.submit_checkin(viewer(personas.a), THIS_WEEK, answers())
        services.submit_checkin(viewer(personas.a), THIS_WEEK, answers(conflict=2))  # an edit
        assert "checked in for this week" in _only(personas, "partner_checked_in")


def test_a_drift_alert_reaches_both_partners_without_naming_the_sign(personas):
    from tending.pulse import services
    from tending.pulse.tests.helpers import NOW, THIS_WEEK, answers, checkin, viewer

    with time_machine.travel(NOW, tick=False):
        for n, conflict in enumerate([0, 0, 3, 3]):
            week = THIS_WEEK - timedelta(weeks=4 - n)
            checkin(personas.couple, personas.a, week, conflict=conflict)
            checkin(personas.couple, personas.b, week)
        services.submit_checkin(viewer(personas.a), THIS_WEEK, answers(conflict=2))
        services.submit_checkin(viewer(personas.b), THIS_WEEK, answers())
        run()
    alerts = Notification.objects.filter(kind="drift_alert")
    assert sorted(n.recipient_id for n in alerts) == sorted([personas.a.pk, personas.b.pk])
    for alert in alerts:
        assert "worth a look" in alert.title
        assert "argument" not in f"{alert.title} {alert.body}".lower()


def test_the_weekly_digest_email_tells_the_week_warmly_with_no_private_words(personas):
    from tending.appreciate import services
    from tending.couples.models import Membership
    from tending.nudges import planner

    saturday = datetime(2026, 3, 21, 12, tzinfo=UTC)
    with time_machine.travel(saturday, tick=False) as clock:
        membership = Membership.objects.active().get(user=personas.a)
        services.send_appreciation(membership, PRIVATE)
        services.send_appreciation(membership, PRIVATE)
        run()
        mail.outbox.clear()
        planner.plan_missing()
        clock.move_to(datetime(2026, 3, 22, 17, 0, 5, tzinfo=UTC))  # Sunday 18:00 in Berlin
        run()
    [digest] = [m for m in mail.outbox if m.to == [personas.b.email]]
    html = digest.alternatives[0].content
    assert digest.subject == "Your week together"
    for part in (digest.body, html):
        assert "You shared 2 appreciations with each other." in part
        assert PRIVATE not in part
        assert "/nudges/tap/" in part  # pause or turn off, in one tap
    # The digest is an e-mail only: no notification in the app for it.
    assert not Notification.objects.filter(kind="weekly_digest").exists()
