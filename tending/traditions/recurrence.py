"""When a tradition happens: RFC 5545 recurrence rules, checked and expanded.

A schedule is a rule (an RRULE value such as ``FREQ=WEEKLY;BYDAY=FR``, or
nothing for a one-off), the local day it starts from, an optional time of
day and an optional last day. Rules are expanded with python-dateutil in the
couple's *wall-clock* time and only then placed in the zone with zoneinfo,
so "Fridays at 19:00" stays 19:00 on both sides of a daylight-saving change.
A wall-clock time that does not exist on a spring-forward day (02:30 when
clocks jump from 02:00 to 03:00) is read with the offset from before the
change, as RFC 5545 says and as calendar apps reading our feed do.

Rules are kept in a canonical form: no COUNT or UNTIL (the end is the
separate `last_day`), and the parts a rule otherwise borrows from its first
day (the weekday of a weekly rule, the date of a monthly or yearly one)
written out. That makes any real occurrence a valid new start for the same
rule, which is how the calendar feed starts a resumed tradition without
shifting its rhythm.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import islice

from dateutil.rrule import rrule, rrulestr
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from icalendar import vRecur

MAX_RULE_LENGTH = 300
MAX_COUNT = 3660  # ten years of a daily ritual
MAX_INTERVAL = 999
# A rule must give a first date within this long of its start.
SEARCH_YEARS = 10
MAX_UNTIL_YEARS = 100
ALLOWED_PARTS = frozenset(
    {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYYEARDAY", "BYWEEKNO"}
    | {"WKST", "COUNT", "UNTIL"}
)
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


class RuleRefused(ValueError):
    """A schedule that cannot be kept; the message says why, for a person."""


@dataclass(frozen=True)
class Rule:
    """A checked schedule rule: canonical text ('' for a one-off) and its last day."""

    text: str
    last_day: date | None = None

    @property
    def repeats(self) -> bool:
        return bool(self.text)


def _parts(text: str) -> dict[str, list]:
    try:
        parsed = vRecur.from_ical(text)
    except (ValueError, TypeError) as problem:
        raise RuleRefused(
            _("This repeat rule could not be read (%(problem)s).") % {"problem": problem}
        ) from None
    return {key.upper(): list(values) for key, values in parsed.items()}


def _check_ranges(parts: dict[str, list]) -> None:
    bounds = {
        "BYMONTH": (1, 12),
        "BYMONTHDAY": (1, 31),
        "BYYEARDAY": (1, 366),
        "BYWEEKNO": (1, 53),
        "BYSETPOS": (1, 366),
    }
    for key, (low, high) in bounds.items():
        for value in parts.get(key, []):
            if not isinstance(value, int) or not low <= abs(value) <= high:
                raise RuleRefused(
                    _("%(part)s must be between %(low)d and %(high)d.")
                    % {"part": key, "low": low, "high": high}
                )


def check_rule(text: str, first_day: date, zone: tzinfo) -> Rule:
    """The canonical form of a rule typed by a person or sent to the API, or RuleRefused."""
    text = (text or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text:
        return Rule("")
    if len(text) > MAX_RULE_LENGTH:
        raise RuleRefused(_("This repeat rule is too long."))
    parts = _parts(text)
    unknown = sorted(set(parts) - ALLOWED_PARTS)
    if unknown:
        if {"BYHOUR", "BYMINUTE", "BYSECOND"} & set(unknown):
            raise RuleRefused(
                _("Set the time of day in its own field: a tradition happens once on its day.")
            )
        raise RuleRefused(
            _("Tending does not understand %(parts)s in a repeat rule.")
            % {"parts": ", ".join(unknown)}
        )
    frequency = str(parts.get("FREQ", [""])[0]).upper()
    if frequency in ("HOURLY", "MINUTELY", "SECONDLY"):
        raise RuleRefused(
            _(
                "A tradition happens at most once a day; a rule repeating every hour or "
                "minute would never end its day."
            )
        )
    if frequency not in FREQUENCIES:
        raise RuleRefused(_("A repeat rule needs FREQ: DAILY, WEEKLY, MONTHLY or YEARLY."))
    interval = parts.get("INTERVAL", [1])[0]
    if not isinstance(interval, int) or not 1 <= interval <= MAX_INTERVAL:
        raise RuleRefused(_("INTERVAL must be a whole number from 1 to 999."))
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleRefused(
            _("A repeat rule may end after a number of times or on a date, not both.")
        )
    _check_ranges(parts)
    count = parts.pop("COUNT", [None])[0]
    if count is not None and not (isinstance(count, int) and 1 <= count <= MAX_COUNT):
        raise RuleRefused(_("COUNT must be between 1 and %(max)d.") % {"max": MAX_COUNT})
    until = parts.pop("UNTIL", [None])[0]
    if until is not None and until.year > first_day.year + MAX_UNTIL_YEARS:
        # Also keeps the local day of UNTIL=9999... on the calendar.
        raise RuleRefused(
            _("An end more than %(years)d years away: leave UNTIL out, the rule need not end.")
            % {"years": MAX_UNTIL_YEARS}
        )
    last_day = _local_day(until, zone) if until is not None else None
    if last_day is not None and last_day < first_day:
        raise RuleRefused(_("The repeat rule ends before it starts."))

    canonical = _explicit(parts, frequency, first_day)
    dates = _rrule(canonical, first_day, None)
    search_end = datetime.combine(first_day + timedelta(days=366 * SEARCH_YEARS), time.max)
    if last_day is not None:
        search_end = min(search_end, datetime.combine(last_day, time.max))
    first = next(iter(dates.replace(until=search_end)), None)
    if first is None:
        raise RuleRefused(
            _(
                "This repeat rule gives no dates (like the 30th of February): "
                "check the days and months it names."
            )
        )
    if count is not None:
        *_earlier, last = islice(dates, count)
        last_day = last.date() if last_day is None else min(last_day, last.date())
    return Rule(canonical, last_day)


def _local_day(value: date | datetime, zone: tzinfo) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(zone).date()
        return value.date()
    return value


def _explicit(parts: dict[str, list], frequency: str, first_day: date) -> str:
    """Write out what the rule would otherwise borrow from its first day."""
    has_day = any(key in parts for key in ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"))
    if frequency == "WEEKLY" and "BYDAY" not in parts:
        parts["BYDAY"] = [DAY_CODES[first_day.weekday()]]
    elif frequency == "MONTHLY" and not has_day:
        parts["BYMONTHDAY"] = [first_day.day]
    elif frequency == "YEARLY":
        if not has_day and "BYMONTH" not in parts:
            parts["BYMONTH"] = [first_day.month]
        if not has_day:
            parts["BYMONTHDAY"] = [first_day.day]
    recur = vRecur(dict(parts.items()))
    return recur.to_ical().decode()


@lru_cache(maxsize=512)
def _rrule(text: str, first_day: date, at: time | None) -> rrule:
    start = datetime.combine(first_day, at or time.min)
    rule = rrulestr(text, dtstart=start)
    assert isinstance(rule, rrule)
    return rule


def wall_clock_to_utc(local: datetime, zone: tzinfo) -> datetime:
    """A naive local wall-clock time as a UTC instant (fold=0: see the module docstring)."""
    return local.replace(tzinfo=zone).astimezone(UTC)


def expand(
    rule: str,
    first_day: date,
    at: time | None,
    last_day: date | None,
    zone: tzinfo,
    start: datetime,
    end: datetime,
) -> list[datetime]:
    """Occurrences as UTC instants with start <= instant < end (an all-day
    occurrence is its local midnight)."""
    if not rule:
        instant = wall_clock_to_utc(datetime.combine(first_day, at or time.min), zone)
        return [instant] if start <= instant < end else []
    # A day's margin on each side: the zone's offset moves the local window.
    local_start = start.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    local_end = end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    if last_day is not None:
        local_end = min(local_end, datetime.combine(last_day, time.max))
    if local_end < local_start:
        return []
    dates = _rrule(rule, first_day, at).between(local_start, local_end, inc=True)
    instants = (wall_clock_to_utc(moment, zone) for moment in dates)
    return [instant for instant in instants if start <= instant < end]


# --- The friendly schedule form ---------------------------------------------------


REPEAT_CHOICES = (
    ("once", "once"),
    ("daily", "daily"),
    ("weekly", "weekly"),
    ("monthly_date", "monthly_date"),
    ("monthly_weekday", "monthly_weekday"),
    ("yearly", "yearly"),
)
ORDINALS = (1, 2, 3, 4, -1)


def build_rule(
    repeat: str,
    first_day: date,
    interval: int = 1,
    weekdays: list[int] | None = None,
    ordinal: int | None = None,
    weekday: int | None = None,
) -> str:
    """An RRULE value from the simple choices a page offers."""
    every = f";INTERVAL={interval}" if interval > 1 else ""
    if repeat == "once":
        return ""
    if repeat == "daily":
        return f"FREQ=DAILY{every}"
    if repeat == "weekly":
        days = sorted(set(weekdays or [first_day.weekday()]))
        return f"FREQ=WEEKLY{every};BYDAY={','.join(DAY_CODES[d] for d in days)}"
    if repeat == "monthly_date":
        return f"FREQ=MONTHLY{every};BYMONTHDAY={first_day.day}"
    if repeat == "monthly_weekday":
        nth = ordinal if ordinal is not None else min((first_day.day - 1) // 7 + 1, 4)
        day = DAY_CODES[first_day.weekday() if weekday is None else weekday]
        return f"FREQ=MONTHLY{every};BYDAY={nth}{day}"
    if repeat == "yearly":
        return f"FREQ=YEARLY{every};BYMONTH={first_day.month};BYMONTHDAY={first_day.day}"
    raise RuleRefused(_("Choose how often it repeats."))


@dataclass(frozen=True)
class FriendlyRule:
    """A canonical rule read back into the page's simple choices, where it fits them."""

    repeat: str
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    ordinal: int | None = None
    weekday: int | None = None


def read_rule(text: str) -> FriendlyRule | None:
    """The simple choices behind a rule, or None for a rule only the RRULE field can show."""
    if not text:
        return FriendlyRule("once")
    parts = _parts(text)
    frequency = str(parts.pop("FREQ", [""])[0]).upper()
    interval = parts.pop("INTERVAL", [1])[0]
    keys = set(parts)
    days = [str(d) for d in parts.get("BYDAY", [])]
    if frequency == "DAILY" and not keys:
        return FriendlyRule("daily", interval)
    if frequency == "WEEKLY" and keys == {"BYDAY"} and all(d in DAY_CODES for d in days):
        return FriendlyRule("weekly", interval, tuple(DAY_CODES.index(d) for d in days))
    if frequency == "MONTHLY" and keys == {"BYMONTHDAY"} and len(parts["BYMONTHDAY"]) == 1:
        return FriendlyRule("monthly_date", interval)
    if frequency == "MONTHLY" and keys == {"BYDAY"} and len(days) == 1:
        code = days[0]
        try:
            nth = int(code[:-2])
        except ValueError:
            return None
        if nth in ORDINALS and code[-2:] in DAY_CODES:
            return FriendlyRule("monthly_weekday", interval, (), nth, DAY_CODES.index(code[-2:]))
    if frequency == "YEARLY" and keys == {"BYMONTH", "BYMONTHDAY"}:
        return FriendlyRule("yearly", interval)
    return None


def _weekday_names() -> list[str]:
    return [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]


def _ordinal_name(nth: int) -> str:
    names = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), -1: _("last")}
    return names.get(nth, str(nth))


def describe(text: str, first_day: date) -> str:
    """The schedule in plain words: "Every Friday", "Monthly on the last Friday"…"""
    return _describe(text, get_language())


@lru_cache(maxsize=1024)
def _describe(text: str, language: str | None) -> str:
    # Cached per language: a list page describes the same few rules again and again.
    friendly = read_rule(text)
    names = _weekday_names()
    if friendly is None:
        return _("Repeats: %(rule)s") % {"rule": text}
    n = friendly.interval
    if friendly.repeat == "once":
        return _("Once")
    if friendly.repeat == "daily":
        return ngettext("Every day", "Every %(n)d days", n) % {"n": n}
    if friendly.repeat == "weekly":
        days = ", ".join(names[d] for d in friendly.weekdays)
        if n == 1:
            return _("Every %(days)s") % {"days": days}
        return _("Every %(n)d weeks on %(days)s") % {"n": n, "days": days}
    if friendly.repeat == "monthly_date":
        day = _parts(text)["BYMONTHDAY"][0]
        return ngettext("Monthly on day %(day)d", "Every %(n)d months on day %(day)d", n) % {
            "n": n,
            "day": day,
        }
    if friendly.repeat == "monthly_weekday":
        assert friendly.ordinal is not None
        assert friendly.weekday is not None
        which = {"nth": _ordinal_name(friendly.ordinal), "day": names[friendly.weekday]}
        if n == 1:
            return _("Monthly on the %(nth)s %(day)s") % which
        return _("Every %(n)d months on the %(nth)s %(day)s") % {**which, "n": n}
    parts = _parts(text)
    month, day = parts["BYMONTH"][0], parts["BYMONTHDAY"][0]
    if len(parts["BYMONTH"]) > 1 or not 1 <= day <= monthrange(2000, month)[1]:
        return _("Repeats: %(rule)s") % {"rule": text}
    on = date_format(date(2000, month, day), "j F")
    if n == 1:
        return _("Every year on %(day)s") % {"day": on}
    return _("Every %(n)d years on %(day)s") % {"n": n, "day": on}
