"""The picker: from "what we have" (a window, a budget, some energy) to a short list.

The window comes from the couple's hours and both partners' busy times
(tending.calendars); the ideas from `answers.ideas_for`; the order from
`ranking`. This module only wires them together for the pages and the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import islice
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tending.calendars import services as calendars
from tending.calendars import stamps
from tending.calendars.models import PlanningHours
from tending.calendars.windows import Window, free_in, merge
from tending.couples.models import Couple, Membership
from tending.funlist import answers, ranking
from tending.funlist.models import Memory
from tending.lib.timezones import get_zone

WINDOW_CHOICES = [
    ("now", gettext_lazy("Now")),
    ("tonight", gettext_lazy("Tonight")),
    ("weekend", gettext_lazy("This weekend")),
]
NOW_SPAN = timedelta(hours=4)
EVENING_FROM = 18
MIN_PICK_MINUTES = 15


@dataclass(frozen=True)
class PickedWindow:
    choice: str
    window: Window | None  # None: not both free then
    label: str

    @property
    def minutes(self) -> int | None:
        return self.window.minutes if self.window else None


@dataclass(frozen=True)
class PickResult:
    window: PickedWindow
    suggestions: list[ranking.Suggestion]


def _longest(span: tuple[datetime, datetime], couple: Couple) -> Window | None:
    busy = merge(calendars.joint_busy(couple, span[0], span[1]))
    free = free_in(span, busy, MIN_PICK_MINUTES)
    return max(free, key=lambda w: (w.minutes, -w.start.timestamp()), default=None)


def resolve_window(
    choice: str,
    couple: Couple,
    hours: PlanningHours,
    now: datetime,
    slot: tuple[datetime, datetime] | None = None,
) -> PickedWindow:
    """The concrete stretch of time a choice means, when both are free.

    - now: from now for up to four hours, until either partner is busy;
    - tonight: from 18:00 (or now) to the end of today's preferred hours;
    - weekend: Friday's evening hours to Sunday's last preferred hour (from
      now if the weekend has begun), the longest stretch both are free;
    - slot: a window chosen from the week view.
    """
    zone = get_zone(couple.time_zone)
    local = now.astimezone(zone)
    if choice == "slot" and slot is not None:
        start, end = max(slot[0], now), slot[1]
        window = _longest((start, end), couple) if end > start else None
        return PickedWindow("slot", window, _("The window you chose"))
    if choice == "now":
        span = (now, now + NOW_SPAN)
        busy = merge(calendars.joint_busy(couple, span[0], span[1]))
        free = free_in(span, busy, MIN_PICK_MINUTES)
        window = free[0] if free and free[0].start == now else None
        return PickedWindow("now", window, _("Right now"))
    if choice == "weekend":
        # From Friday evening to Sunday night: long enough for a weekend away.
        weekday = local.weekday()
        # This coming Friday, or the one that began this weekend (Sat/Sun).
        friday = local.date() + timedelta(days=4 - weekday)
        start = datetime.combine(friday, time(hours.weekday_from), tzinfo=zone)
        end = datetime.combine(friday + timedelta(days=2), time(0), tzinfo=zone) + timedelta(
            hours=hours.weekend_to
        )
        start = max(start, now)
        window = _longest((start, end), couple) if end > start else None
        return PickedWindow("weekend", window, _("This weekend"))
    # Tonight, the default.
    first, last = (
        (hours.weekend_from, hours.weekend_to)
        if local.weekday() >= 5
        else (
            hours.weekday_from,
            hours.weekday_to,
        )
    )
    last = max(last, EVENING_FROM + 4)
    start = datetime.combine(local.date(), time(max(first, EVENING_FROM)), tzinfo=zone)
    end = datetime.combine(local.date(), time(0), tzinfo=zone) + timedelta(hours=last)
    start = max(start, now)
    window = _longest((start, end), couple) if end > start else None
    return PickedWindow("tonight", window, _("Tonight"))


def candidates(user: Any, couple: Couple) -> list[ranking.Candidate]:
    """Every idea both partners are open to, as the ranking sees it.

    Cached per process and per viewer under the couple's planning stamp,
    which any change to an idea, answer, memory or partner moves on."""
    key = f"funlist:candidates:{couple.pk}:{user.pk}:{stamps.version(couple.pk)}"
    found = cache.get(key)
    if found is None:
        found = read_candidates(user, couple)
        cache.set(key, found, 600)
    return found


def read_candidates(user: Any, couple: Couple) -> list[ranking.Candidate]:
    """`candidates` without the cache: straight from the database."""
    partner = (
        Membership.objects.partners()
        .filter(couple=couple)
        .exclude(user=user)
        .values_list("user_id", flat=True)
        .first()
    )
    # Whose idea as a yes/no computed by the database: turning every author id
    # into a UUID object in Python costs more than the rest of the query.
    rows = (
        answers.mutually_open(answers.ideas_for(user, couple))
        .annotate(mine=Case(When(author=user, then=Value(True)), default=Value(False)))
        .values_list(
            "id",
            "title",
            "mutual",
            "duration_minutes",
            "cost",
            "energy",
            "season",
            "times_done",
            "last_done",
            "mine",
        )
    )
    return [
        ranking.Candidate(
            id=row[0],
            title=row[1],
            mutual=row[2],
            duration_minutes=row[3],
            cost=row[4],
            energy=row[5],
            season=row[6],
            times_done=row[7],
            last_done=row[8],
            author_id=user.pk if row[9] else partner,
            by_viewer=bool(row[9]),
        )
        for row in rows
    ]


def first_author(user: Any, couple: Couple) -> Any:
    """Whose idea comes first this time (see `ranking.first_author`)."""
    last = (
        Memory.objects.visible_to(user)
        .filter(couple=couple, idea__isnull=False)
        .order_by("-day", "-created")
        .values_list("idea__author_id", flat=True)
        .first()
    )
    partner_ids = list(
        Membership.objects.partners()
        .filter(couple=couple)
        .order_by("partner_slot")
        .values_list("user_id", flat=True)
    )
    return ranking.first_author(last, partner_ids, user.pk)


def pick(
    user: Any,
    couple: Couple,
    choice: str = "tonight",
    budget: int | None = None,
    energy: str | None = None,
    slot: tuple[datetime, datetime] | None = None,
    now: datetime | None = None,
    limit: int = 8,
    ideas: list[ranking.Candidate] | None = None,
) -> PickResult:
    """`ideas`: the candidates when the caller already has them (a page that
    also lists ideas per window reads them once)."""
    now = now or timezone.now()
    hours = calendars.planning_hours(couple)
    window = resolve_window(choice, couple, hours, now, slot)
    if window.window is None:
        return PickResult(window, [])
    ask = ranking.Ask(
        today=now.astimezone(get_zone(couple.time_zone)).date(),
        window_minutes=window.minutes,
        budget=budget,
        energy=energy,
        hemisphere_south=_south(couple.time_zone),
        first_author=first_author(user, couple),
    )
    if ideas is None:
        ideas = candidates(user, couple)
    return PickResult(window, ranking.rank(ideas, ask, limit))


def _south(zone_name: str) -> bool:
    # Seasons are upside down south of the equator; the zone is the only
    # hint of where the couple lives that Tending has (it asks for no location).
    return zone_name.startswith(
        (
            "Australia/",
            "Pacific/Auckland",
            "America/Argentina",
            "America/Santiago",
            "America/Sao_Paulo",
            "Africa/Johannesburg",
        )
    )


def ideas_for_windows(
    user: Any,
    couple: Couple,
    windows: list[Window],
    now: datetime,
    per_window: int = 2,
    ideas: list[ranking.Candidate] | None = None,
) -> list[tuple[Window, list[ranking.Suggestion]]]:
    """The best ideas for each free window, ranked once for all of them."""
    if not windows:
        return []
    ask = ranking.Ask(
        today=now.astimezone(get_zone(couple.time_zone)).date(),
        hemisphere_south=_south(couple.time_zone),
    )
    if ideas is None:
        ideas = candidates(user, couple)
    ordered = ranking.rank(ideas, ask, limit=len(ideas), explain=False)
    result = []
    for window in windows:
        fitting = (s for s in ordered if s.candidate.duration_minutes <= window.minutes)
        result.append((window, list(islice(fitting, per_window))))
    return result
