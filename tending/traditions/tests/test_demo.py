"""The demo's history for Traditions, Unplug and Balance, and their pages showing it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tending.accounts.models import User
from tending.balance.models import BalanceAim, BalanceEntry
from tending.traditions.models import Meaning, Occurrence, Tradition
from tending.unplug.models import Check, Commitment, PhoneRating, UnplugSession

pytestmark = pytest.mark.django_db


def test_the_demo_fills_traditions_unplug_and_balance(capsys: Any) -> None:
    call_command("demo", weeks=8)
    assert "Demo couple" in capsys.readouterr().out
    assert Tradition.objects.count() == 5
    assert Tradition.objects.filter(paused_at__isnull=False).count() == 1
    assert Occurrence.objects.filter(status="done").count() > 20
    assert Occurrence.objects.filter(status="skipped").exists()
    assert Meaning.objects.count() == 10
    assert Commitment.objects.count() == 2
    assert Check.objects.count() > 20
    assert UnplugSession.objects.count() >= 8
    assert PhoneRating.objects.count() >= 14
    assert BalanceAim.objects.count() == 2
    assert BalanceEntry.objects.filter(kind="self").count() > 40
    client = Client()
    client.force_login(User.objects.order_by("email").first())
    for page in ("/traditions/", "/unplug/", "/balance/", "/"):
        response = client.get(page)
        assert response.status_code == 200, page
    assert "done" in client.get("/traditions/").text
