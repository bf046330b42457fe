"""Planned dates in the couple's calendar feed (Traditions' feed)."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tending.couples.models import Membership
from tending.funlist import services

feed = pytest.importorskip("tending.traditions.feed")
pytestmark = pytest.mark.django_db


def test_a_planned_date_is_in_both_partners_feeds(personas: Any) -> None:
    idea = services.add_idea(
        personas.a,
        personas.couple,
        services.IdeaFields(title="Night walk", duration_minutes=60, energy="easy", where="out"),
    )
    start = (timezone.now() + timedelta(days=3)).replace(hour=18, minute=0, second=0, microsecond=0)
    services.plan(personas.a, idea, start.astimezone(UTC))
    for person in (personas.a, personas.b):
        membership = Membership.objects.get(user=person, couple=personas.couple)
        calendar_feed, _token = feed.issue_feed(membership)
        text = feed.build_feed(calendar_feed).decode()
        assert "SUMMARY:Night walk" in text
        assert "UID:plan-" in text
