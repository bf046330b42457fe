"""The picker's ranking: which ideas to suggest for a window, in what order, and why.

Pure functions over plain values (no database), so every rule below is unit
tested in tending/funlist/tests/test_ranking.py.

Which ideas may appear at all
    Only ideas both partners said yes or maybe to (`answers.mutually_open`
    decides that before ranking). Of those, an idea is left out when it costs
    more than the budget, needs more energy than the couple has, takes longer
    than the window, or belongs to another season of the year.

How the rest are scored (the weights are the constants below)
    - both said yes counts more than "yes or maybe" (MUTUAL_YES);
    - never done together counts more than done before (NEW): shared novelty
      lifts a relationship more than pleasant routine (Aron et al. 2000);
    - done recently counts against an idea (RECENT / LESS_RECENT);
    - an idea that fills the window well counts more than one that uses a
      sliver of it (FIT, in proportion to the share of the window it uses);
    - matching the energy asked for, and the season, count a little.

Alternation
    Trying what the other suggests is part of the practice, so the list
    alternates whose idea comes first: at each place, the best remaining
    idea of the partner whose turn it is goes there, unless the best idea
    overall is better by more than ALTERNATION_SLACK. The first turn goes to
    the partner whose idea was *not* the last one done.

Each suggestion carries up to four short reasons a person can read.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MUTUAL_YES = 40.0
NEW = 30.0
RECENT_DAYS, RECENT = 30, -30.0
LESS_RECENT_DAYS, LESS_RECENT = 90, -12.0
FIT = 15.0
ENERGY_MATCH = 4.0
SEASON_MATCH = 4.0
ALTERNATION_SLACK = 20.0
SURPRISE_FROM_TOP = 3

ENERGY_LEVELS = {"cosy": 0, "easy": 1, "active": 2}
SEASONS = ("spring", "summer", "autumn", "winter")
# "A snowy day" is a winter idea; sunny and rainy days happen all year.
SEASON_OF = {"spring": "spring", "summer": "summer", "autumn": "autumn", "winter": "winter"}
SEASON_OF["snowy"] = "winter"


@dataclass(frozen=True)
class Candidate:
    """An idea as the ranking sees it."""

    id: Any
    title: str
    mutual: str  # "yes" (both said yes) or "maybe" (both said yes or maybe)
    duration_minutes: int
    cost: int  # 0 free … 3
    energy: str  # cosy, easy, active
    season: str = "any"
    times_done: int = 0
    last_done: date | None = None
    author_id: Any = None
    by_viewer: bool = False


@dataclass(frozen=True)
class Ask:
    """What the couple has: the window, the budget, the energy."""

    today: date
    window_minutes: int | None = None  # None: no limit known
    budget: int | None = None  # highest cost band, None: any
    energy: str | None = None  # highest energy, None: any
    hemisphere_south: bool = False
    first_author: Any = None  # whose idea comes first; None: no preference


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


def season_of(day: date, south: bool = False) -> str:
    """Meteorological season: spring is March to May in the north."""
    index = (day.month % 12) // 3  # 0 winter, 1 spring, 2 summer, 3 autumn
    if south:
        index = (index + 2) % 4
    return ("winter", "spring", "summer", "autumn")[index]


# From this many hours on, a free stretch is told in whole hours.
LONG_HOURS = 5


def describe_minutes(minutes: int) -> str:
    """ "45 minutes", "2 hours", "1 h 30 min", "over 6 hours", "2 days",
    "over a day": to the minute only where minutes matter to a plan."""
    days, rest_of_day = divmod(minutes, 24 * 60)
    if days:
        if not rest_of_day:
            return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        return ngettext("over a day", "over %(n)d days", days) % {"n": days}
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest}
    if not rest:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    if hours >= LONG_HOURS:
        return _("over %(n)d hours") % {"n": hours}
    return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}


def allowed(candidate: Candidate, ask: Ask, season: str | None = None) -> bool:
    if candidate.mutual not in ("yes", "maybe"):
        return False
    if ask.budget is not None and candidate.cost > ask.budget:
        return False
    if ask.energy is not None and ENERGY_LEVELS.get(candidate.energy, 0) > ENERGY_LEVELS.get(
        ask.energy, 2
    ):
        return False
    if ask.window_minutes is not None and candidate.duration_minutes > ask.window_minutes:
        return False
    wanted = SEASON_OF.get(candidate.season)
    return wanted is None or wanted == (season or season_of(ask.today, ask.hemisphere_south))


def score(candidate: Candidate, ask: Ask) -> float:
    """The score of an allowed candidate (the rules are in the module's docstring)."""
    points = MUTUAL_YES if candidate.mutual == "yes" else 0.0
    if candidate.times_done == 0:
        points += NEW
    elif candidate.last_done is not None:
        days = (ask.today - candidate.last_done).days
        if days < RECENT_DAYS:
            points += RECENT
        elif days < LESS_RECENT_DAYS:
            points += LESS_RECENT
    if ask.window_minutes:
        points += FIT * min(1.0, candidate.duration_minutes / ask.window_minutes)
    if ask.energy is not None and candidate.energy == ask.energy:
        points += ENERGY_MATCH
    if candidate.season in SEASON_OF:
        points += SEASON_MATCH
    return points


def reasons(candidate: Candidate, ask: Ask) -> tuple[str, ...]:
    """Up to four reasons a person can read, for a suggestion that is shown."""
    found = [_("you both said yes") if candidate.mutual == "yes" else _("you're both open to it")]
    if candidate.times_done == 0:
        found.append(_("new to you"))
    elif (
        candidate.last_done is not None
        and (ask.today - candidate.last_done).days >= LESS_RECENT_DAYS
    ):
        found.append(_("not done for a while"))
    if ask.window_minutes and ask.window_minutes < LONG_HOURS * 60:
        found.append(_("fits your %(window)s") % {"window": describe_minutes(ask.window_minutes)})
    elif ask.window_minutes:
        found.append(_("plenty of time for it"))
    if candidate.author_id is not None and not candidate.by_viewer:
        found.append(_("your partner's idea"))
    return tuple(found[:4])


def rank(
    candidates: Iterable[Candidate], ask: Ask, limit: int = 8, explain: bool = True
) -> list[Suggestion]:
    """The best `limit` suggestions for `ask`, best first; `explain=False`
    leaves out the reasons (for orderings nobody reads in full)."""
    season = season_of(ask.today, ask.hemisphere_south)
    scored = [
        Suggestion(candidate, score(candidate, ask))
        for candidate in candidates
        if allowed(candidate, ask, season)
    ]
    # Deterministic: equal scores fall back to the title, then the id.
    scored.sort(key=lambda s: (-s.score, s.candidate.title.lower(), str(s.candidate.id)))
    chosen = _alternate(scored, ask.first_author, limit)
    if not explain:
        return chosen
    return [Suggestion(s.candidate, s.score, reasons(s.candidate, ask)) for s in chosen]


def _alternate(ordered: list[Suggestion], first_author: Any, limit: int) -> list[Suggestion]:
    if first_author is None:
        return ordered[:limit]
    remaining = list(ordered)
    result: list[Suggestion] = []
    turn = first_author
    while remaining and len(result) < limit:
        best = remaining[0]
        pick = best
        for item in remaining:
            if best.score - item.score > ALTERNATION_SLACK:
                break
            if item.candidate.author_id == turn:
                pick = item
                break
        remaining.remove(pick)
        result.append(pick)
        # The turn passes to the other partner whenever an idea of the
        # partner whose turn it was has been placed.
        if pick.candidate.author_id == turn:
            turn = _other(ordered, turn)
    return result


def _other(ordered: Sequence[Suggestion], author: Any) -> Any:
    for item in ordered:
        if item.candidate.author_id != author:
            return item.candidate.author_id
    return author


def first_author(last_done_author: Any, partner_ids: Sequence[Any], viewer_id: Any) -> Any:
    """Whose idea comes first: the partner whose idea was not the last one
    done; with no history, the viewer's partner (trying their idea)."""
    others = [p for p in partner_ids if p != last_done_author]
    if last_done_author is not None and others:
        return others[0]
    partner = [p for p in partner_ids if p != viewer_id]
    return partner[0] if partner else viewer_id


def surprise(
    suggestions: Sequence[Suggestion], rng: random.Random | None = None
) -> Suggestion | None:
    """One suggestion picked at random from the top of the list."""
    top = list(suggestions[:SURPRISE_FROM_TOP])
    if not top:
        return None
    return (rng or random.SystemRandom()).choice(top)
