"""From a due nudge to what the partner sees: in the app, by e-mail; and when not."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail

from tending.couples.models import Membership
from tending.nudges import notify_partner
from tending.nudges.models import Delivery, Notification, Nudge, NudgeSettings
from tending.nudges.preferences import settings_for, snooze, turn_off
from tending.nudges.tests.helpers import due_nudge, run

# 12:00 in Berlin: outside anyone's default quiet hours.
NOON = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def test_an_appreciation_nudge_reaches_the_partner_in_the_app_and_by_email(personas):
    notify_partner(
        personas.a,
        "appreciation_received",
        couple=personas.couple,
        key="note:1",
        url="/appreciate/jar/",
    )
    run()
    notification = Notification.objects.get()
    assert notification.recipient == personas.b
    assert notification.title == "Ada wrote you an appreciation"
    assert [m.to for m in mail.outbox] == [[personas.b.email]]
    message = mail.outbox[0]
    assert message.subject == "Ada wrote you an appreciation"
    assert "A few kind words are waiting for you." in message.body
    html = message.alternatives[0].content
    assert "Turn it off" in html
    assert "Pause it for a week" in html
    delivery = Delivery.objects.get()
    assert message.extra_headers["Message-ID"] == f"<nudge-{delivery.id}@127.0.0.1>"
    assert "List-Unsubscribe-Post" in message.extra_headers
    assert delivery.status == "sent"
    assert Nudge.objects.get().next_fire_at is None


def test_the_same_event_told_twice_is_one_nudge(personas):
    for _ in range(2):
        notify_partner(personas.a, "appreciation_received", couple=personas.couple, key="note:1")
    run()
    run()
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_quiet_hours_hold_a_nudge_until_they_end(personas, noon):
    noon.move_to(datetime(2026, 3, 10, 22, 30, tzinfo=UTC))  # 23:30 in Berlin
    nudge = due_nudge(personas.b)
    run()
    assert not Notification.objects.exists()
    nudge.refresh_from_db()
    assert nudge.next_fire_at == datetime(2026, 3, 11, 7, 0, tzinfo=UTC)  # 08:00 Berlin
    noon.move_to(datetime(2026, 3, 11, 7, 0, 1, tzinfo=UTC))
    run()
    assert Notification.objects.filter(recipient=personas.b).count() == 1


def test_quiet_hours_are_each_partners_own(personas):
    settings_row = settings_for(personas.b)
    settings_row.quiet_start, settings_row.quiet_end = time(11, 0), time(14, 0)
    settings_row.save()
    due_nudge(personas.a)
    due_nudge(personas.b)
    run()
    assert list(Notification.objects.values_list("recipient", flat=True)) == [personas.a.pk]


def test_at_most_three_reminders_a_day_but_partner_actions_always_come(personas):
    for n in range(5):
        due_nudge(personas.b, "drift_alert", key=f"alert:{n}")
    for n in range(2):
        due_nudge(personas.b, "appreciation_received", key=f"note:{n}")
    run()
    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    assert kinds.count("drift_alert") == 3
    assert kinds.count("appreciation_received") == 2
    waiting = Nudge.objects.filter(next_fire_at__isnull=False)
    assert waiting.count() == 2
    assert {n.last_outcome for n in waiting} == {"waiting: daily cap reached"}
    # Tomorrow after the quiet hours they come.
    with time_machine.travel(datetime(2026, 3, 11, 9, 0, tzinfo=UTC), tick=False):
        run()
    assert Notification.objects.filter(kind="drift_alert").count() == 5


def test_a_snoozed_kind_stays_quiet_and_others_do_not(personas):
    snooze(personas.b, "appreciation_received")
    due_nudge(personas.b, "appreciation_received")
    due_nudge(personas.b, "good_news_received")
    run()
    assert list(Notification.objects.values_list("kind", flat=True)) == ["good_news_received"]
    assert Nudge.objects.get(kind="appreciation_received").last_outcome == "skipped: snoozed"


def test_a_partner_who_turned_nudges_off_gets_none(personas):
    settings_row = settings_for(personas.b)
    settings_row.enabled = False
    settings_row.save()
    turn_off(personas.a, "appreciation_received")
    due_nudge(personas.b)
    due_nudge(personas.a)
    run()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_partner_who_left_the_couple_hears_nothing_of_it(personas):
    due_nudge(personas.b)
    Membership.objects.filter(user=personas.b).update(ended_at=NOON)
    recorded, _sent = run()
    assert recorded.skipped == 1
    assert not Notification.objects.exists()
    assert Nudge.objects.get().last_outcome == "skipped: no longer in this couple"


def test_a_deleted_account_takes_its_nudges_with_it(personas):
    due_nudge(personas.b)
    personas.b.delete()
    recorded, _sent = run()
    assert recorded.claimed == 0
    assert not Nudge.objects.exists()


def test_a_stale_nudge_is_let_go(personas):
    due_nudge(personas.b, "break_called", expires_at=NOON - timedelta(minutes=1))
    run()
    assert not Notification.objects.exists()


def test_email_can_be_turned_off_while_the_app_keeps_notifying(personas):
    NudgeSettings.objects.create(user=personas.b, email=False)
    due_nudge(personas.b)
    run()
    assert Notification.objects.count() == 1
    assert mail.outbox == []
