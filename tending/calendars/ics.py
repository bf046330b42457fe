"""An iCalendar file, reduced to the times its owner is busy.

Parsing and recurrence are left entirely to `icalendar`, `x-wr-timezone` and
`recurring-ical-events` (RRULE, RDATE, EXDATE, moved or cancelled instances,
VTIMEZONE definitions, Google's X-WR-TIMEZONE). What this module adds is the
policy: which events make someone busy, what a floating time or an all-day
event means for a person in a given zone, and limits that keep a hostile or
broken file from eating the server.

Nothing but start and end leaves this module: titles, places, attendees and
descriptions are read by the parser and dropped here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import icalendar
import recurring_ical_events
import x_wr_timezone
from django.utils.translation import gettext as _

from tending.calendars import expansion
from tending.lib.timezones import get_zone

MAX_BYTES = 5 * 1024 * 1024
# However the file is written, a refresh never expands more than this many
# occurrences: a rule such as FREQ=MINUTELY would otherwise fill the database.
MAX_OCCURRENCES = 50_000
# An event longer than this (a "whole month" block) is kept, but cut to this.
MAX_EVENT_LENGTH = timedelta(days=31)


class CalendarRefused(Exception):
    """The calendar cannot be used; `message` tells the person why, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Busy:
    start: datetime  # aware, UTC
    end: datetime


def looks_like_icalendar(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    return head.startswith(b"BEGIN:VCALENDAR")


def parse(data: bytes) -> icalendar.Calendar:
    """The calendar in `data`, or CalendarRefused saying what is wrong with it."""
    if len(data) > MAX_BYTES:
        raise CalendarRefused(
            _("This calendar is larger than %(max)d MB, more than Tending reads.")
            % {"max": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise CalendarRefused(_("The calendar file is empty."))
    if not looks_like_icalendar(data):
        stripped = data.lstrip().lower()
        if stripped.startswith((b"<!doctype html", b"<html", b"<")):
            raise CalendarRefused(
                _(
                    "This is a web page, not a calendar. Use the secret address in "
                    "iCal format (it usually ends in .ics) from your calendar's settings."
                )
            )
        raise CalendarRefused(
            _("This is not an iCalendar (.ics) file: it does not start with BEGIN:VCALENDAR.")
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise CalendarRefused(
            _("The calendar could not be read (%(problem)s).") % {"problem": str(exc)[:120]}
        ) from None
    if not isinstance(calendar, icalendar.Calendar):
        raise CalendarRefused(_("This file holds no calendar."))
    return calendar


def _as_utc(value: date | datetime, zone: tzinfo) -> datetime:
    """A DTSTART/DTEND value as an aware UTC datetime.

    A date (all-day) is midnight in the owner's zone; a floating time (no
    zone) is wall-clock time in the owner's zone, as RFC 5545 says floating
    times are to be read where the person is."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def _is_busy(component: icalendar.cal.Component) -> bool:
    status = str(component.get("STATUS", "")).upper()
    transparency = str(component.get("TRANSP", "OPAQUE")).upper()
    return status != "CANCELLED" and transparency != "TRANSPARENT"


def busy_times(
    calendar: icalendar.Calendar, owner_zone: str, start: datetime, end: datetime
) -> list[Busy]:
    """Merged busy intervals of `calendar` overlapping [start, end), in UTC."""
    zone = get_zone(owner_zone)
    # Google writes its calendar's zone as X-WR-TIMEZONE instead of TZIDs;
    # x-wr-timezone rewrites such a calendar into standard form first. A zone
    # nobody knows is ignored, as a calendar app would: times stay as written.
    try:
        calendar = x_wr_timezone.to_standard(calendar)
    except (KeyError, ValueError):  # an unknown zone name (ZoneInfoNotFoundError)
        calendar.pop("X-WR-TIMEZONE", None)  # or recurring-ical-events tries it again
    if expansion.leave_out_absurd_series(calendar, end) > expansion.MAX_STEPS_PER_CALENDAR:
        raise CalendarRefused(
            _(
                "This calendar has too many repeating events for Tending to read. "
                "Export a shorter stretch of it, or only the calendar you need."
            )
        )
    try:
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
    except (ValueError, TypeError, recurring_ical_events.InvalidCalendar) as exc:
        raise CalendarRefused(
            _("The calendar's repeating events could not be read (%(problem)s).")
            % {"problem": str(exc)[:120]}
        ) from None
    # Asked for in the owner's zone, so that all-day and floating events near
    # the edges are included; trimmed to [start, end) in UTC below.
    span_start = start.astimezone(zone) - timedelta(days=1)
    span_end = end.astimezone(zone) + timedelta(days=1)
    found: list[Busy] = []
    counted = 0
    for series in query.series:
        # A broken series is skipped, not the whole calendar.
        with contextlib.suppress(ValueError, TypeError, OverflowError):
            for occurrence in series.between(span_start, span_end):
                counted += 1
                if counted > MAX_OCCURRENCES:
                    raise CalendarRefused(
                        _(
                            "This calendar has more than %(max)d events in the coming "
                            "weeks, more than Tending reads."
                        )
                        % {"max": MAX_OCCURRENCES}
                    )
                component = occurrence.as_component(False)
                if not _is_busy(component):
                    continue
                busy = _interval(component, zone)
                if busy is not None and busy.end > start and busy.start < end:
                    found.append(busy)
    return merge(found)


def _interval(component: icalendar.cal.Component, zone: tzinfo) -> Busy | None:
    dtstart = component.get("DTSTART")
    if dtstart is None:
        return None
    begin = _as_utc(dtstart.dt, zone)
    dtend = component.get("DTEND")
    if dtend is not None:
        finish = _as_utc(dtend.dt, zone)
    elif not isinstance(dtstart.dt, datetime):
        finish = _as_utc(dtstart.dt + timedelta(days=1), zone)  # an all-day event
    else:
        return None  # a point in time blocks nothing
    if finish <= begin:
        return None
    return Busy(begin, min(finish, begin + MAX_EVENT_LENGTH))


def merge(intervals: Iterable[Busy]) -> list[Busy]:
    """Sorted, with overlapping and touching intervals joined into one."""
    merged: list[Busy] = []
    for item in sorted(intervals, key=lambda b: b.start):
        if merged and item.start <= merged[-1].end:
            if item.end > merged[-1].end:
                merged[-1] = Busy(merged[-1].start, item.end)
        else:
            merged.append(item)
    return merged


def read(data: bytes, owner_zone: str, start: datetime, end: datetime) -> list[Busy]:
    """Bytes of an .ics file to busy intervals, or CalendarRefused."""
    return busy_times(parse(data), owner_zone, start, end)
