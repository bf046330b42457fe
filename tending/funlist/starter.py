"""The starter set: ideas offered on first use, each added to the list in one tap.

The ideas are data (tending/funlist/data/starter_ideas.<language>.tsv), not
code: a translation is another file beside it, and the file for the active
language is used, English otherwise. Each idea has a stable key, so the page
can show which ones the couple already took.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import get_language

from tending.funlist.models import MAX_DURATION, MIN_DURATION, Energy, Season, Where

if TYPE_CHECKING:
    from tending.funlist.services import IdeaFields

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class StarterIdea:
    key: str
    title: str
    description: str
    minutes: int
    cost: int
    energy: str
    where: str
    season: str
    tags: tuple[str, ...]

    def fields(self) -> IdeaFields:
        from tending.funlist.services import IdeaFields

        return IdeaFields(
            title=self.title,
            description=self.description,
            duration_minutes=self.minutes,
            cost=self.cost,
            energy=self.energy,
            where=self.where,
            season=self.season,
            tags=self.tags,
        )


@cache
def _load(language: str) -> tuple[StarterIdea, ...]:
    path = DATA / f"starter_ideas.{language}.tsv"
    if not path.exists():
        path = DATA / "starter_ideas.en.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    ideas = []
    for row in rows:
        idea = StarterIdea(
            key=row["key"],
            title=row["title"],
            description=row["description"],
            minutes=int(row["minutes"]),
            cost=int(row["cost"]),
            energy=row["energy"],
            where=row["where"],
            season=row["season"],
            tags=tuple(t.strip() for t in row["tags"].split(",") if t.strip()),
        )
        # A broken row is a bug in the data file: fail loudly, in the tests.
        if not (
            MIN_DURATION <= idea.minutes <= MAX_DURATION
            and 0 <= idea.cost <= 3
            and idea.energy in Energy.values
            and idea.where in Where.values
            and idea.season in Season.values
        ):
            raise ValueError(f"{path.name}: bad starter idea {row['key']!r}")
        ideas.append(idea)
    return tuple(ideas)


def ideas() -> tuple[StarterIdea, ...]:
    return _load((get_language() or "en").split("-")[0])


def by_key() -> dict[str, StarterIdea]:
    return {idea.key: idea for idea in ideas()}
