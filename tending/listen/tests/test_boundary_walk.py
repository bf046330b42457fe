"""The boundary walker over Listen's own pages and API only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.boundary_walker import Walker


def ours(endpoint: Any) -> bool:
    return endpoint.route.startswith(("listen/", "api/v1/listen/"))


@pytest.mark.parametrize("persona", ["anonymous", "c", "therapist_without_consent", "therapist"])
def test_nobody_outside_the_couple_reads_or_changes_listen(personas: Any, persona: str) -> None:
    walker = Walker(personas, select=ours)
    assert len(walker.endpoints) >= 14
    report = walker.walk(persona)
    print(report.render())
    assert not report.violations, "\n".join(str(v) for v in report.violations)
