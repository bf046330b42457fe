"""How much work a calendar's repeating events would cost to expand, before
anyone expands them.

Expanding a rule walks it from its first occurrence up to the end of the
span Tending asks for, one step per FREQ (times each BY… list), however few
occurrences fall inside the span. A few lines such as
`DTSTART:10000101T000000Z` + `RRULE:FREQ=SECONDLY` therefore ask for
billions of steps: minutes of CPU in an upload request or the worker. No
calendar app writes such rules for real events, so a series whose walk
would be absurd is left out, and a file whose series together would still
cost too much is refused. The estimate errs on the generous side (it
counts every step the rule library might take), and is cheap: it reads the
rules, it does not run them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from math import prod
from typing import Any

import icalendar

# One series may take this many steps: a daily event since 1750, an hourly one
# for eleven years. Beyond it, the series is left out of the busy times.
MAX_STEPS_PER_SERIES = 100_000
# The whole file: about ten seconds of the rule library on a small server.
MAX_STEPS_PER_CALENDAR = 1_000_000

_STEP_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86_400,
    "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400,
    "YEARLY": 365 * 86_400,
}
# Parts that can multiply the occurrences of each step (BYMONTH and BYSETPOS
# only narrow them down, so they are not counted).
_EXPANDING_PARTS = (
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
)


def _utc(value: date | datetime) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _rule_steps(rule: Any, first: datetime, span_end: datetime) -> float:
    freq = str((rule.get("FREQ") or [""])[0]).upper()
    step = _STEP_SECONDS.get(freq)
    if step is None:
        return 0  # not a rule the library can run: it will skip the series
    interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
    until = rule.get("UNTIL")
    end = min(span_end, _utc(until[0])) if until else span_end
    count = rule.get("COUNT")
    limit = int(count[0]) if count else None
    factor = prod(len(rule.get(part) or [None]) for part in _EXPANDING_PARTS)
    steps = max(0.0, (end - first).total_seconds()) / (step * interval) * factor + 1
    if limit is not None and factor == 1:
        steps = min(steps, limit)
    return steps


def series_steps(event: icalendar.cal.Component, span_end: datetime) -> float:
    """The steps expanding `event`'s rules up to `span_end` may take."""
    try:
        rules = event.get("RRULE")
        start = event.get("DTSTART")
        if rules is None or start is None:
            return 0
        first = _utc(start.dt)
        if not isinstance(rules, list):
            rules = [rules]
        return sum(_rule_steps(rule, first, span_end) for rule in rules)
    except (AttributeError, TypeError, ValueError, OverflowError):
        # icalendar raises a ValueError for a property it cannot parse; the
        # rule library skips such a series, so it costs nothing.
        return 0


def leave_out_absurd_series(calendar: icalendar.Calendar, span_end: datetime) -> float:
    """Remove from `calendar` each event whose rules would take more than
    MAX_STEPS_PER_SERIES steps; the total steps of what is left."""
    total = 0.0
    # Every level, not only the calendar's own children: the rule library
    # finds events wherever a file nests them.
    parents: list[icalendar.cal.Component] = [calendar]
    while parents:
        parent = parents.pop()
        kept = []
        for child in parent.subcomponents:
            steps = series_steps(child, span_end) if child.name == "VEVENT" else 0
            if steps > MAX_STEPS_PER_SERIES:
                continue
            total += steps
            kept.append(child)
            parents.append(child)
        parent.subcomponents[:] = kept
    return total
