"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py).

A personal access token belongs to one person, not to the couple: partner A's
token must be a 404 to C and to A's own therapist alike.
"""

from __future__ import annotations

from typing import Any

from tending.accounts.models import ApiToken


def objects(personas: Any) -> dict[str, object]:
    token, _secret = ApiToken.issue(personas.a, "Ada's phone")
    return {"token_id": token.id}
