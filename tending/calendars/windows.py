"""When both partners are free: busy times subtracted from the couple's hours.

Pure functions over plain values, so they are easy to test and fast: the
busy intervals are expanded when a calendar is read (`ics`), and only the
subtraction happens per page view. Days and hours are the couple's, in the
couple's time zone; a DST change makes that day's evening an hour longer or
shorter in UTC, never moves it on the clock.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from tending.lib.timezones import get_zone

DAYS_AHEAD = 14
# Windows start on a round minute: "free from 18:03" helps nobody.
ROUND_TO = timedelta(minutes=5)

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Hours:
    """The couple's preferred hours (whole hours, `to` may be 24) and the
    shortest window worth showing."""

    weekday_from: int = 18
    weekday_to: int = 22
    weekend_from: int = 9
    weekend_to: int = 22
    min_minutes: int = 45

    def for_day(self, day: date) -> tuple[int, int]:
        if day.weekday() >= 5:
            return self.weekend_from, self.weekend_to
        return self.weekday_from, self.weekday_to


@dataclass(frozen=True)
class Window:
    start: datetime  # aware
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def local(self, zone: tzinfo) -> Window:
        return Window(self.start.astimezone(zone), self.end.astimezone(zone))


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, overlapping or touching intervals joined (both partners' busy
    times together: what matters is that either is busy)."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _wall(day: date, hour: int, zone: tzinfo) -> datetime:
    """Wall-clock `hour` of `day` in `zone` (24 is the next midnight)."""
    if hour >= 24:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return datetime.combine(day, time(hour), tzinfo=zone)


def _round_up(moment: datetime) -> datetime:
    epoch = datetime(2000, 1, 1, tzinfo=moment.tzinfo)
    steps = -((moment - epoch) // -ROUND_TO)
    return epoch + steps * ROUND_TO


def preferred_spans(hours: Hours, zone_name: str, now: datetime, days: int) -> list[Interval]:
    """The couple's preferred hours for `days` days from today, from `now` on."""
    zone = get_zone(zone_name)
    today = now.astimezone(zone).date()
    spans = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        first, last = hours.for_day(day)
        start, end = _wall(day, first, zone), _wall(day, last, zone)
        start = max(start, _round_up(now))
        if end > start:
            # In UTC from here on, like the busy times: one zone in every window.
            spans.append((start.astimezone(UTC), end.astimezone(UTC)))
    return spans


def free_in(span: Interval, busy: Sequence[Interval], min_minutes: int) -> list[Window]:
    """Stretches of `span` outside every (merged, sorted) busy interval, at least
    `min_minutes` long."""
    start, end = span
    shortest = timedelta(minutes=min_minutes)
    free = []
    # The first busy interval that may reach into the span.
    index = max(0, bisect_left(busy, (start,)) - 1)
    cursor = start
    while index < len(busy) and busy[index][0] < end:
        busy_start, busy_end = busy[index]
        if busy_end > cursor:
            if busy_start - cursor >= shortest:
                free.append(Window(cursor, busy_start))
            cursor = max(cursor, busy_end)
        index += 1
    if end - cursor >= shortest:
        free.append(Window(cursor, end))
    return free


def free_windows(
    busy: Iterable[Interval],
    hours: Hours,
    zone_name: str,
    now: datetime,
    days: int = DAYS_AHEAD,
) -> list[Window]:
    """Every window in the next `days` days, within the couple's hours, when
    neither partner is busy for at least `hours.min_minutes`."""
    merged = merge(busy)
    found: list[Window] = []
    for span in preferred_spans(hours, zone_name, now, days):
        found += free_in(span, merged, hours.min_minutes)
    return found
