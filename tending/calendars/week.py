"""The free windows laid out as a simple week view (server-drawn SVG).

Only numbers for the template: one column per day, the couple's preferred
hours as a pale band, each joint free window as a bar. The page lists the
same windows as text right below, which is also how they are chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tending.calendars.windows import Hours, Window
from tending.lib.timezones import get_zone

COLUMN = 48  # SVG units per day
HOUR = 12  # SVG units per hour
TOP = 18  # room for the day labels


@dataclass
class Bar:
    y: float
    height: float
    window: Window


@dataclass
class Day:
    day: date
    x: int
    band_y: float
    band_height: float
    bars: list[Bar] = field(default_factory=list)

    @property
    def label_x(self) -> int:
        return self.x + COLUMN // 2


@dataclass
class Week:
    days: list[Day]
    first_hour: int
    last_hour: int

    @property
    def width(self) -> int:
        return COLUMN * len(self.days)

    @property
    def height(self) -> int:
        return TOP + (self.last_hour - self.first_hour) * HOUR + 4

    @property
    def hour_lines(self) -> list[tuple[int, float]]:
        return [
            (hour, TOP + (hour - self.first_hour) * HOUR)
            for hour in range(self.first_hour, self.last_hour + 1, 3)
        ]


def weeks(windows: list[Window], hours: Hours, zone_name: str, now: datetime) -> list[Week]:
    """Two weeks of seven days from today, with the windows drawn in."""
    zone = get_zone(zone_name)
    today = now.astimezone(zone).date()
    first = min(hours.weekday_from, hours.weekend_from)
    last = max(hours.weekday_to, hours.weekend_to)
    by_day: dict[date, list[Window]] = {}
    for window in windows:
        local = window.local(zone)
        by_day.setdefault(local.start.date(), []).append(local)
    result = []
    for week in range(2):
        days = []
        for column in range(7):
            day = today + timedelta(days=week * 7 + column)
            start_hour, end_hour = hours.for_day(day)
            entry = Day(
                day=day,
                x=column * COLUMN,
                band_y=_y(start_hour, first),
                band_height=(end_hour - start_hour) * HOUR,
            )
            for window in by_day.get(day, []):
                top = _y(window.start.hour + window.start.minute / 60, first)
                end = window.end
                end_hours = 24.0 if end.date() > day else end.hour + end.minute / 60
                entry.bars.append(Bar(top, max(2.0, _y(end_hours, first) - top), window))
            days.append(entry)
        result.append(Week(days, first, last))
    return result


def _y(hour: float, first: int) -> float:
    return round(TOP + (hour - first) * HOUR, 1)
