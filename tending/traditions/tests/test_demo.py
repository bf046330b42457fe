"""`tending demo` shows Traditions, Unplug and Balance in full: weeks of
history on each page, as each of the two demo partners sees it."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from tending.accounts.models import User
from tending.balance.models import BalanceAim, BalanceEntry, Kind
from tending.balance.services import SUGGESTED
from tending.traditions import demo as traditions_demo
from tending.traditions import ideas
from tending.traditions.models import Meaning, Occurrence, Tradition
from tending.unplug.models import Check, Commitment, PhoneRating, UnplugSession

pytestmark = pytest.mark.django_db

# A Saturday morning: this week has begun, last week is complete.
NOW = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
LAST_MONDAY = "2026-11-16"


@pytest.fixture
def partners(capsys: Any) -> list[Any]:
    with time_machine.travel(NOW, tick=False):
        call_command("demo", weeks=8)
    assert "Demo couple" in capsys.readouterr().out
    people = list(User.objects.filter(email__endswith="@demo.tending.invalid").order_by("email"))
    assert len(people) == 2
    return people


def page_text(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_demo_stores_weeks_of_every_practice(partners: list[Any]) -> None:
    assert Tradition.objects.count() == len(traditions_demo.PICKS)
    assert Tradition.objects.filter(paused_at__isnull=False).count() == 1
    assert Occurrence.objects.filter(status="done").count() > 20
    assert Occurrence.objects.filter(status="skipped").exists()
    assert Meaning.objects.count() == 2 * len(traditions_demo.PICKS)
    assert Commitment.objects.count() == 2
    assert Check.objects.count() > 20
    assert UnplugSession.objects.count() >= 8
    assert PhoneRating.objects.count() >= 14
    assert BalanceAim.objects.count() == 2
    assert BalanceEntry.objects.filter(kind=Kind.SELF).count() > 40


@time_machine.travel(NOW, tick=False)
def test_both_partners_see_their_traditions_with_history(partners: list[Any]) -> None:
    names = [str(ideas.BY_KEY[key].name) for key, _rate, _meanings in traditions_demo.PICKS]
    for me, partner in (partners, partners[::-1]):
        client = client_for(me)
        page = page_text(client, "/traditions/")
        for name in names:
            assert name in page
        # Gentle figures for every tradition, none "not begun".
        assert len(re.findall(r"done \d of the last [1-5]", page)) == len(names)
        assert "not begun yet" not in page
        assert "paused" in page
        assert len(re.findall(r"Means to you: [1-5]/5", page)) == len(names)
        assert f"to {partner.display_name}: " in page
        # Each tradition's history lists dates marked by the two of them, with notes.
        histories = "".join(
            page_text(client, f"/traditions/{pk}/history/")
            for pk in Tradition.objects.values_list("pk", flat=True)
        )
        assert "by you" in histories
        assert f"by {partner.display_name}" in histories
        assert "Skipped" in histories
        assert any(note and note in histories for note in traditions_demo.NOTES)


@time_machine.travel(NOW, tick=False)
def test_both_partners_see_unplug_commitments_sessions_and_the_trend(
    partners: list[Any],
) -> None:
    for me in partners:
        page = page_text(client_for(me), "/unplug/")
        assert "Phones out of the bedroom" in page
        assert "No phones at dinner" in page
        assert "22:00–07:00" in page
        assert re.search(r"you: (kept|not this time)", page)
        assert re.search(r"[1-9]\d* minutes unplugged together so far this week", page)
        assert "Recent sessions" in page
        # The chart: weekly unplugged minutes beside the phone ratings.
        assert "<svg" in page
        assert re.search(r"Unplugged minutes, week of 16 November 2026: [1-9]\d* min", page)
        assert re.search(r"Phones in the way, me \(0–4\), week of 16 November 2026: [0-4]", page)


@time_machine.travel(NOW, tick=False)
def test_each_partner_sees_their_own_balance_and_the_shared_time(partners: list[Any]) -> None:
    own_categories = {
        person.pk: set(
            BalanceEntry.objects.filter(author=person, kind=Kind.SELF).values_list(
                "category", flat=True
            )
        )
        for person in partners
    }
    for me, partner in (partners, partners[::-1]):
        aim = BalanceAim.objects.get(author=me)
        page = page_text(client_for(me), f"/balance/?week={LAST_MONDAY}")
        assert "Week of 16 Nov – 22 Nov" in page
        assert f"of about {aim.self_minutes // 60} h" in page
        mine_only = own_categories[me.pk] - own_categories[partner.pk]
        # What the form suggests to everyone is no secret; the rest is theirs.
        suggested = {str(name) for name in SUGGESTED[Kind.SELF]}
        theirs_only = own_categories[partner.pk] - own_categories[me.pk] - suggested
        assert mine_only
        assert theirs_only
        assert any(category in page for category in mine_only)
        # Never the other partner's time for themself.
        for category in theirs_only:
            assert category not in page
        # Couple time the other practices recorded counts by itself.
        assert "Traditions done" in page
        assert "Unplugged sessions" in page
        assert "Time for me, week by week" in page
        assert "<svg" in page


@time_machine.travel(NOW, tick=False)
def test_the_today_page_shows_the_weeks_traditions(partners: list[Any]) -> None:
    page = page_text(client_for(partners[0]), "/")
    assert "This week's traditions" in page
