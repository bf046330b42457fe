"""Parameters of Today's pages for the boundary walker (tests/boundary_walker.py)."""

from __future__ import annotations

from typing import Any

# /soon/<slug>/ names a practice, the same page for everyone.
SHARED = {"slug": "a practice's name: the same page for everyone"}


def objects(personas: Any) -> dict[str, object]:
    return {"slug": "pulse"}
