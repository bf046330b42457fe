"""Demo data: `tending demo` builds one couple and asks every app for its part.

Each practice app adds a `demo.py` with a function decorated `@contributes`;
it receives the couple, its two partners and the number of weeks of history,
and writes sample activity of its own practice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class DemoCouple:
    couple: Any
    first: Any
    second: Any
    weeks: int


Contributor = Callable[[DemoCouple], None]
CONTRIBUTORS: list[Contributor] = []


def contributes(func: Contributor) -> Contributor:
    CONTRIBUTORS.append(func)
    return func


def discover() -> list[Contributor]:
    autodiscover_modules("demo")
    return CONTRIBUTORS
