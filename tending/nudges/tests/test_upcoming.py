"""Traditions, unplug commitments and planned dates become "at" nudges for
both partners, ahead of time, and are let go when the event is called off."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from tending.couples.boundary import Visibility
from tending.couples.models import Membership
from tending.nudges.models import Notification, Nudge, NudgeSettings
from tending.nudges.tests.helpers import run
from tending.nudges.upcoming import PATHS, plan_upcoming

# Tuesday 2026-03-10, 10:00 in Berlin.
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_a_tradition_is_announced_an_hour_ahead_to_both_partners(personas, clock):
    from tending.traditions.services import ScheduleInput, create_tradition

    membership = Membership.objects.get(user=personas.a)
    create_tradition(
        membership,
        "Pizza Friday",
        "",
        ScheduleInput(rule="", first_day=date(2026, 3, 10), time_of_day=time(19, 0)),
    )
    plan_upcoming()
    plan_upcoming()  # a second look changes nothing
    nudges = Nudge.objects.filter(kind="tradition_soon")
    assert sorted(n.recipient_id for n in nudges) == sorted([personas.a.pk, personas.b.pk])
    # 19:00 in Berlin is 18:00 UTC; an hour ahead by default.
    assert {n.next_fire_at for n in nudges} == {datetime(2026, 3, 10, 17, 0, tzinfo=UTC)}
    clock.move_to(datetime(2026, 3, 10, 17, 0, 1, tzinfo=UTC))
    run()
    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {"Pizza Friday is coming up"}


def test_an_unplug_commitment_and_a_called_off_one(personas, clock):
    from tending.unplug.models import Commitment

    kept = Commitment.objects.create(
        couple=personas.couple,
        author=personas.a,
        text="Phones out of the bedroom",
        starts=time(22, 0),
        ends=time(7, 0),
        visibility=Visibility.PARTNER,
    )
    stopped = Commitment.objects.create(
        couple=personas.couple,
        author=personas.a,
        text="No phones at dinner",
        starts=time(19, 0),
        ends=time(20, 0),
        visibility=Visibility.PARTNER,
    )
    for person in (personas.a, personas.b):  # 22:00 is in the default quiet hours
        NudgeSettings.objects.create(user=person, quiet_start="23:00", quiet_end="07:00")
    plan_upcoming()
    stopped.stopped_at = NOW
    stopped.save()
    clock.move_to(datetime(2026, 3, 10, 18, 0, 1, tzinfo=UTC))  # 19:00:01 in Berlin
    run()
    assert not Notification.objects.exists()
    assert Nudge.objects.filter(last_outcome="skipped: the event was called off").count() == 2
    clock.move_to(datetime(2026, 3, 10, 21, 0, 1, tzinfo=UTC))  # 22:00:01 in Berlin
    run()
    titles = list(Notification.objects.values_list("body", flat=True))
    assert titles == [kept.text, kept.text]


def test_a_date_planned_for_today_comes_in_the_morning(personas, clock):
    from tending.funlist.models import FunIdea, PlannedDate

    idea = FunIdea.objects.create(
        couple=personas.couple,
        author=personas.a,
        title="Picnic",
        duration_minutes=120,
        energy="easy",
        where="out",
        visibility=Visibility.PARTNER,
    )
    start = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)  # tomorrow 16:00 in Berlin
    PlannedDate.objects.create(
        couple=personas.couple,
        author=personas.a,
        idea=idea,
        title="Picnic in the park",
        start=start,
        end=start + timedelta(hours=2),
        visibility=Visibility.PARTNER,
    )
    plan_upcoming()
    fire = {n.next_fire_at for n in Nudge.objects.filter(kind="date_today")}
    assert fire == {datetime(2026, 3, 11, 8, 0, tzinfo=UTC)}  # 09:00 in Berlin


def test_with_the_default_quiet_hours_a_22_00_commitment_is_told_just_before_them(personas, clock):
    from tending.unplug.models import Commitment

    Commitment.objects.create(
        couple=personas.couple,
        author=personas.a,
        text="Phones out of the bedroom",
        starts=time(22, 0),
        ends=time(7, 0),
        visibility=Visibility.PARTNER,
    )
    plan_upcoming()
    # Quiet from 22:00 (the default): at 21:45 in Berlin rather than never.
    tonight = Nudge.objects.filter(kind="unplug_starting", key__endswith=":2026-03-10")
    assert {n.next_fire_at for n in tonight} == {datetime(2026, 3, 10, 20, 45, tzinfo=UTC)}
    clock.move_to(datetime(2026, 3, 10, 20, 45, 1, tzinfo=UTC))
    run()
    reached = Notification.objects.filter(title="Tech-free time starts soon")
    assert sorted(n.recipient_id for n in reached) == sorted([personas.a.pk, personas.b.pk])


def test_an_early_tradition_is_told_the_evening_before_and_a_later_one_after_quiet_hours(
    personas, clock
):
    from tending.traditions.services import ScheduleInput, create_tradition

    membership = Membership.objects.get(user=personas.a)
    for name, at in (("Sunrise walk", time(7, 0)), ("Coffee in bed", time(9, 30))):
        given = ScheduleInput(rule="", first_day=date(2026, 3, 11), time_of_day=at)
        create_tradition(membership, name, "", given)
    plan_upcoming()
    fire = dict(
        Nudge.objects.filter(kind="tradition_soon", recipient=personas.b).values_list(
            "context__title", "next_fire_at"
        )
    )
    # 06:00 is in the quiet hours and the walk is over when they end at 08:00:
    # the evening before, at 21:45. 08:30 is after them and stays as it was.
    assert fire == {
        "Sunrise walk": datetime(2026, 3, 10, 20, 45, tzinfo=UTC),
        "Coffee in bed": datetime(2026, 3, 11, 7, 30, tzinfo=UTC),
    }


def test_the_written_out_paths_match_the_urlconf():
    for app, path in PATHS.items():
        assert reverse(f"{app}:home") == path


def test_an_email_names_no_words_the_couple_wrote_but_the_app_does(personas, clock):
    from django.core import mail

    from tending.traditions.services import ScheduleInput, create_tradition

    membership = Membership.objects.get(user=personas.a)
    given = ScheduleInput(rule="", first_day=date(2026, 3, 10), time_of_day=time(19, 0))
    create_tradition(membership, "Our secret garden walk", "", given)
    plan_upcoming()
    clock.move_to(datetime(2026, 3, 10, 17, 0, 1, tzinfo=UTC))
    run()
    to_ben = [m for m in mail.outbox if m.to == [personas.b.email]]
    assert [m.subject for m in to_ben] == ["A tradition is coming up"]
    assert "secret garden" not in to_ben[0].body
    assert "secret garden" not in to_ben[0].alternatives[0].content
    in_app = Notification.objects.get(recipient=personas.b)
    assert in_app.title == "Our secret garden walk is coming up"
