"""When a nudge may arrive: local times, quiet hours, recurrences — across DST.

Everything is computed from local *dates and clock times* in the person's (or
couple's) zone and converted to UTC at the end, never by adding hours to an
aware datetime: a day across a DST change has 23 or 25 hours, and "19:00
every Sunday" must stay 19:00. A clock time that does not exist on a given
day (02:30 when clocks spring forward) resolves like zoneinfo does with
fold=0: to the same offset as just before the change, i.e. 03:30 local.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from tending.lib.timezones import get_zone


def at_local(day: date, clock: time, zone_name: str) -> datetime:
    """`day` at `clock` in the zone, as an aware UTC datetime."""
    local = datetime.combine(day, clock, tzinfo=get_zone(zone_name))
    # Round-trip through UTC normalises a non-existent (gap) time.
    return local.astimezone(UTC)


def local_date(moment: datetime, zone_name: str) -> date:
    return moment.astimezone(get_zone(zone_name)).date()


def next_daily(after: datetime, clock: time, zone_name: str) -> datetime:
    """The first `clock` strictly after `after`, in the zone."""
    day = local_date(after, zone_name)
    for offset in range(3):
        candidate = at_local(day + timedelta(days=offset), clock, zone_name)
        if candidate > after:
            return candidate
    raise AssertionError("a day always has this clock time within three days")


def next_weekly(after: datetime, weekday: int, clock: time, zone_name: str) -> datetime:
    """The first `weekday` (Monday 0) at `clock` strictly after `after`."""
    day = local_date(after, zone_name)
    for offset in range(9):
        candidate_day = day + timedelta(days=offset)
        if candidate_day.weekday() != weekday:
            continue
        candidate = at_local(candidate_day, clock, zone_name)
        if candidate > after:
            return candidate
    raise AssertionError("a week always has this weekday within nine days")


def quiet_until(now: datetime, start: time, end: time, zone_name: str) -> datetime | None:
    """When the quiet hours around `now` end, or None outside quiet hours.

    Quiet hours may cross midnight (22:00 to 08:00) or not (13:00 to 14:00);
    start == end means none."""
    if start == end:
        return None
    local = now.astimezone(get_zone(zone_name))
    clock, today = local.time().replace(tzinfo=None), local.date()
    if start < end:
        if start <= clock < end:
            return at_local(today, end, zone_name)
        return None
    if clock >= start:
        return at_local(today + timedelta(days=1), end, zone_name)
    if clock < end:
        return at_local(today, end, zone_name)
    return None


def next_local_midnight(now: datetime, zone_name: str) -> datetime:
    return at_local(local_date(now, zone_name) + timedelta(days=1), time(0, 0), zone_name)


EARLY = timedelta(minutes=15)


def before_quiet_hours(
    fire_at: datetime, stale_at: datetime, start: time, end: time, zone_name: str
) -> datetime:
    """When to remind of something that happens at a known moment.

    A reminder due in quiet hours normally waits until they end; but one
    about an event that is over by then ("phones out of the bedroom from
    22:00", with quiet hours from 22:00) would never arrive. It comes just
    before the quiet hours begin instead (EARLY ahead), which is also a kinder
    moment to hear of it than the last minute."""
    quiet_end = quiet_until(fire_at, start, end, zone_name)
    if quiet_end is None or quiet_end < stale_at:
        return fire_at
    day = local_date(fire_at, zone_name)
    quiet_start = at_local(day, start, zone_name)
    if quiet_start > fire_at:  # quiet hours that began the evening before
        quiet_start = at_local(day - timedelta(days=1), start, zone_name)
    return quiet_start - EARLY
