"""Couple time that other practices record, counted in Balance automatically.

A *source* is a function `(user, couple, window) -> {local day: minutes}`:
the minutes of couple time it knows of on each day of `window` (local days
in `window.zone_name`, the viewing partner's zone), reading only what `user`
may see, in one query. Balance adds the sources up beside the time partners
log by hand, so a week's view costs one query per source however much
history there is.

Registering one takes one line, from the practice's side:

    from tending.balance.sources import register
    register("funlist", _("Fun-list memories"), memories_minutes)

or, in a module named `couple_time.py` in the practice's app (imported
automatically the first time Balance reads its sources), the decorator
`@source("unplug", _("Unplugged sessions"))`. Keys are unique; registering
a key again replaces the earlier function (module reloads in development).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from tending.couples.models import Couple
from tending.lib.timezones import get_zone


@dataclass(frozen=True)
class Window:
    """Local days `first` to `last` (inclusive) in the zone `zone_name`."""

    zone_name: str
    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=get_zone(self.zone_name))

    @property
    def end(self) -> datetime:
        return datetime.combine(
            self.last + timedelta(days=1), time.min, tzinfo=get_zone(self.zone_name)
        )

    def day_of(self, instant: datetime) -> date:
        return instant.astimezone(get_zone(self.zone_name)).date()

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


Minutes = dict[date, int]
SourceFunction = Callable[[Any, Couple, Window], Minutes]


@dataclass(frozen=True)
class Source:
    key: str
    label: str | Promise
    minutes: SourceFunction


SOURCES: dict[str, Source] = {}
_discovered = False


def register(key: str, label: str | Promise, minutes: SourceFunction) -> SourceFunction:
    SOURCES[key] = Source(key, label, minutes)
    return minutes


def source(key: str, label: str | Promise) -> Callable[[SourceFunction], SourceFunction]:
    def decorate(func: SourceFunction) -> SourceFunction:
        return register(key, label, func)

    return decorate


def all_sources() -> list[Source]:
    global _discovered
    if not _discovered:
        autodiscover_modules("couple_time")
        if apps.is_installed("tending.listen"):
            register("listen", _("Listening sessions"), listening_minutes)
        _discovered = True
    return sorted(SOURCES.values(), key=lambda s: s.key)


def couple_minutes(user: Any, couple: Couple, window: Window) -> dict[str, Minutes]:
    """Every source's minutes by day, keyed by source (one query per source)."""
    return {s.key: s.minutes(user, couple, window) for s in all_sources()}


# --- Listen lives in another app; its sessions are read here --------------------------

# A listening session left open does not count for more than this.
LISTEN_CAP = timedelta(hours=3)


def listening_minutes(user: Any, couple: Couple, window: Window) -> Minutes:
    """Finished listening sessions, counted on the local day they began."""
    from tending.listen.models import ListeningSession

    sessions = (
        ListeningSession.objects.visible_to(user)
        .filter(
            couple=couple,
            ended_at__isnull=False,
            created__gte=window.start,
            created__lt=window.end,
        )
        .values_list("created", "ended_at")
    )
    found: Minutes = {}
    for started, ended in sessions:
        assert ended is not None  # filtered above
        minutes = int(min(ended - started, LISTEN_CAP).total_seconds() // 60)
        if minutes > 0:
            day = window.day_of(started)
            found[day] = found.get(day, 0) + minutes
    return found
