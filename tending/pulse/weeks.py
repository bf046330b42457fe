"""What a Pulse week is.

A couple picks its check-in day; a week *ends* on that day, so a Sunday
check-in looks back over Monday to Sunday. Weeks are counted in the couple's
time zone, wherever each partner happens to be, and a week is named by the
local date of its first day (`week_start`). It closes at midnight at the end
of the check-in day, local time: computed with zoneinfo from local dates, so
a week across a DST change simply has 167 or 169 hours.

A partner may check in on any day of the current week (off-cycle), or late
for one of the four weeks before it; never for a week that has not begun.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tending.lib.timezones import get_zone

WEEK = timedelta(days=7)
LATE_WEEKS_ALLOWED = 4
DEFAULT_CHECKIN_WEEKDAY = 6  # Sunday, as datetime.weekday() counts
WEEKDAY_CHOICES = [
    (0, gettext_lazy("Monday")),
    (1, gettext_lazy("Tuesday")),
    (2, gettext_lazy("Wednesday")),
    (3, gettext_lazy("Thursday")),
    (4, gettext_lazy("Friday")),
    (5, gettext_lazy("Saturday")),
    (6, gettext_lazy("Sunday")),
]


class WeekRefused(ValueError):
    """A week nobody may check in for; the message says why, for a person."""


def local_today(zone_name: str, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(get_zone(zone_name)).date()


def week_containing(day: date, checkin_weekday: int) -> date:
    """The first day of the week that `day` belongs to."""
    first_weekday = (checkin_weekday + 1) % 7
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def current_week(zone_name: str, checkin_weekday: int, now: datetime | None = None) -> date:
    return week_containing(local_today(zone_name, now), checkin_weekday)


def week_end(week_start: date) -> date:
    """The last day of the week: the check-in day."""
    return week_start + timedelta(days=6)


def closes_at(week_start: date, zone_name: str) -> datetime:
    """The instant the week closes: local midnight after its last day, in UTC
    (aware datetimes of one zone subtract by wall clock, which DST breaks)."""
    local = datetime.combine(week_start + WEEK, time.min, tzinfo=get_zone(zone_name))
    return local.astimezone(UTC)


def is_closed(week_start: date, today: date) -> bool:
    """Closed once the couple's local date has passed the week's last day."""
    return week_start + WEEK <= today


def last_closed_start(today: date) -> date:
    """Weeks starting on or before this date are closed, whatever their weekday."""
    return today - WEEK


def late_cutoff(current: date) -> date:
    """Weeks starting before this date are too long gone to check in for."""
    return current - LATE_WEEKS_ALLOWED * WEEK


def accept_week(week_start: date, current: date) -> date:
    """`week_start` if a check-in may be written for it, else WeekRefused."""
    if week_start > current:
        raise WeekRefused(_("That week has not started yet: you can check in from its first day."))
    if week_start < late_cutoff(current):
        raise WeekRefused(
            _(
                "That week is more than four weeks gone, so it can no longer be "
                "filled in. Check in for this week instead."
            )
        )
    return week_start


def open_weeks(current: date) -> list[date]:
    """The weeks a check-in may be written for, newest first."""
    return [current - WEEK * n for n in range(LATE_WEEKS_ALLOWED + 1)]


def parse_day(value: Any) -> date | None:
    """A date from `YYYY-MM-DD`, or None for anything else."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
