"""The boundary walker over Share's own pages and API only: quicker than the whole
walk in tests/test_boundary.py while working on this app."""

from __future__ import annotations

from typing import Any

import pytest

from tests.boundary_walker import Walker


def ours(endpoint: Any) -> bool:
    return endpoint.route.startswith(("share/", "api/v1/share/"))


@pytest.mark.parametrize("persona", ["anonymous", "c", "therapist_without_consent", "therapist"])
def test_nobody_outside_the_couple_reads_or_changes_share(personas: Any, persona: str) -> None:
    walker = Walker(personas, select=ours)
    assert len(walker.endpoints) >= 30
    report = walker.walk(persona)
    print(report.render())
    assert not report.violations, "\n".join(str(v) for v in report.violations)
