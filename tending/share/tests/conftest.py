from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tending.couples.models import Couple

# Well before any instant the tests travel to: the couple's plan of questions
# starts on the day the couple space was created.
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _couples_began_long_ago(request: pytest.FixtureRequest) -> None:
    if "personas" in request.fixturenames:
        personas: Any = request.getfixturevalue("personas")
        Couple.objects.filter(pk__in=[personas.couple.pk, personas.other_couple.pk]).update(
            created=LONG_AGO
        )
        personas.couple.refresh_from_db()
        personas.other_couple.refresh_from_db()
