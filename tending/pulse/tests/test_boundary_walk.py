"""The boundary walker over Pulse's own pages and API only: quicker than the
whole walk in tests/test_boundary.py, and it names this app in a failure."""

from __future__ import annotations

from typing import Any

import pytest

from tests.boundary_walker import Walker


def ours(endpoint: Any) -> bool:
    return endpoint.route.startswith(("pulse/", "api/v1/pulse/"))


@pytest.mark.parametrize("persona", ["anonymous", "c", "therapist_without_consent", "therapist"])
def test_nobody_outside_the_couple_reads_or_changes_pulse(personas: Any, persona: str) -> None:
    walker = Walker(personas, select=ours)
    # 7 pages and 13 API paths (14 operations): every one of them is walked.
    assert len(walker.endpoints) == 20
    report = walker.walk(persona)
    print(report.render())
    assert not report.violations, "\n".join(str(v) for v in report.violations)
    if persona == "therapist":
        # Writes on the API are refused with 403; the partners-only pages say 404.
        assert any("PUT" in n and "checkin -> 403" in n for n in report.notes)
        assert any("dismiss/ -> 404" in n for n in report.notes)
