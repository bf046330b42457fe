"""The boundary walker over Traditions' own pages and API only: quicker to run
while working on this app than the whole walk in tests/test_boundary.py, and
it names this app in the failure."""

from __future__ import annotations

from typing import Any

import pytest

from tests.boundary_walker import Walker


def ours(endpoint: Any) -> bool:
    return "traditions" in endpoint.route or endpoint.route.startswith("feed/")


@pytest.mark.parametrize("persona", ["anonymous", "c", "therapist_without_consent", "therapist"])
def test_nobody_outside_the_couple_reads_or_changes_traditions(personas: Any, persona: str) -> None:
    walker = Walker(personas, select=ours)
    assert len(walker.endpoints) >= 20
    report = walker.walk(persona)
    print(report.render())
    assert not report.violations, "\n".join(str(v) for v in report.violations)
    assert any("feed/<str:feed_token>.ics" in entry for entry in report.public)
