"""Trends: each partner's answers per period, for charts, tables and the API.

Three ranges: the last 12 weeks and the last 12 months week by week, and
all time month by month (five years make 60 points, not 260). Pure
functions over rows already loaded; the queries are in `reading.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tending.pulse.questions import METRIC_KEYS
from tending.pulse.weeks import WEEK

RANGES: dict[str, str | Promise] = {
    "12w": _("12 weeks"),
    "12m": _("12 months"),
    "all": _("All time"),
}
DEFAULT_RANGE = "12w"
WEEKLY_PERIODS = {"12w": 12, "12m": 52}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive
    label: str  # short, for an axis
    long_label: str  # for a table row

    def holds(self, day: date) -> bool:
        return self.start <= day < self.end


@dataclass
class PersonTrend:
    person: Any
    is_me: bool
    values: dict[str, list[float | None]]  # metric → one value per period
    taps: list[float | None] | None  # daily closeness, averaged per period (own only)


@dataclass
class Trends:
    range_key: str
    periods: list[Period]
    people: list[PersonTrend]


def window_start(range_key: str, current_week: date) -> date | None:
    """The oldest week a range needs; None for all time."""
    count = WEEKLY_PERIODS.get(range_key)
    return None if count is None else current_week - WEEK * (count - 1)


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def periods_for(range_key: str, current_week: date, earliest: date | None) -> list[Period]:
    count = WEEKLY_PERIODS.get(range_key)
    if count is not None:
        starts = [current_week - WEEK * n for n in reversed(range(count))]
        return [Period(s, s + WEEK, date_format(s, "j M"), date_format(s, "j M Y")) for s in starts]
    month = date((earliest or current_week).year, (earliest or current_week).month, 1)
    last = _month_after(current_week)
    periods = []
    while month < last:
        following = _month_after(month)
        periods.append(
            Period(month, following, date_format(month, "M y"), date_format(month, "F Y"))
        )
        month = following
    return periods


def _bucket(periods: list[Period], day: date) -> int | None:
    if not periods or day < periods[0].start or day >= periods[-1].end:
        return None
    if periods[0].end - periods[0].start == WEEK:
        return (day - periods[0].start).days // 7
    for index, period in enumerate(periods):
        if period.holds(day):
            return index
    return None  # pragma: no cover - months cover every day between first and last


def _means(sums: Mapping[int, float], counts: Mapping[int, int], size: int) -> list[float | None]:
    return [round(sums[i] / counts[i], 2) if counts.get(i) else None for i in range(size)]


def build(
    range_key: str,
    current_week: date,
    rows: Iterable[Mapping[str, Any]],
    people: list[Any],
    me: Any,
    tap_weeks: Iterable[Mapping[str, Any]] = (),
) -> Trends:
    """`rows`: check-in values (author_id, week_start, one key per metric);
    `tap_weeks`: the viewer's taps per week (week_start, total, count)."""
    rows = list(rows)
    earliest = min((r["week_start"] for r in rows), default=None)
    periods = periods_for(range_key, current_week, earliest)
    size = len(periods)
    sums: dict[Any, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    counts: dict[Any, dict[int, int]] = defaultdict(dict)
    for row in rows:
        index = _bucket(periods, row["week_start"])
        if index is None:
            continue
        person = row["author_id"]
        counts[person][index] = counts[person].get(index, 0) + 1
        for key in METRIC_KEYS:
            sums[person][key][index] = sums[person][key].get(index, 0) + row[key]
    tap_sums: dict[int, float] = {}
    tap_counts: dict[int, int] = {}
    for week in tap_weeks:
        index = _bucket(periods, week["week_start"])
        if index is not None:
            tap_sums[index] = tap_sums.get(index, 0) + week["total"]
            tap_counts[index] = tap_counts.get(index, 0) + week["count"]
    result = []
    for person in people:
        is_me = person.pk == getattr(me, "pk", None)
        result.append(
            PersonTrend(
                person=person,
                is_me=is_me,
                values={
                    key: _means(sums[person.pk][key], counts[person.pk], size)
                    for key in METRIC_KEYS
                },
                taps=_means(tap_sums, tap_counts, size) if is_me else None,
            )
        )
    return Trends(range_key, periods, result)
