"""The demo's Pulse history: weeks of check-ins and taps, with a gentle drift
at the end so that the demo couple meets an alert."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tending.pulse.models import CheckIn, ClosenessTap, DriftAlert, PulsePreference

pytestmark = pytest.mark.django_db


def test_the_demo_writes_a_pulse_history_that_shows_an_alert(capsys) -> None:
    call_command("demo", weeks=12)
    assert "Demo couple" in capsys.readouterr().out
    authors = set(CheckIn.objects.values_list("author_id", flat=True))
    assert len(authors) == 2
    assert CheckIn.objects.count() >= 20
    assert ClosenessTap.objects.count() > 40
    assert DriftAlert.objects.ongoing().exists()
    assert PulsePreference.objects.filter(daily_tap=True).count() == 1
