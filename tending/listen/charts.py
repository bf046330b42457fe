"""The "felt understood" trend as a small SVG of our own (listen/_chart.html):
drawn on the server, readable without JavaScript, always with a table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 26, 10, 10, 24
LOW, HIGH = 1, 5


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    path: str
    points: list[Point]
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str, str]]
    summary: str
    rows: list[tuple[str, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not self.points


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def understood_trend(entries: Sequence[tuple[date, float]]) -> TrendChart:
    """`entries`: (day, felt understood 1 to 5) per rated session, oldest first."""
    count = len(entries)
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return round(LEFT + (span_x / 2 if count == 1 else index * span_x / (count - 1)), 1)

    def y(value: float) -> float:
        return round(TOP + (HIGH - value) / (HIGH - LOW) * span_y, 1)

    points = [
        Point(x(i), y(v), f"{date_format(d, 'j M Y')}: {_fmt(v)}")
        for i, (d, v) in enumerate(entries)
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x} {p.y}" for i, p in enumerate(points))
    labels: list[tuple[float, str, str]] = []
    if count:
        labels.append((x(0), date_format(entries[0][0], "j M"), "start" if count > 1 else "middle"))
    if count > 1:
        labels.append((x(count - 1), date_format(entries[-1][0], "j M"), "end"))
    if not count:
        summary = _("No rated sessions yet.")
    elif count == 1:
        summary = _("One rated session: %(value)s out of 5.") % {"value": _fmt(entries[0][1])}
    else:
        summary = _(
            "%(count)d rated sessions, from %(first)s out of 5 (%(start)s) to %(last)s (%(end)s)."
        ) % {
            "count": count,
            "first": _fmt(entries[0][1]),
            "start": date_format(entries[0][0], "j M Y"),
            "last": _fmt(entries[-1][1]),
            "end": date_format(entries[-1][0], "j M Y"),
        }
    return TrendChart(
        path=path,
        points=points,
        y_ticks=[(y(t), str(t)) for t in range(LOW, HIGH + 1)],
        x_labels=labels,
        summary=summary,
        rows=[(date_format(d, "j M Y"), _fmt(v)) for d, v in entries],
    )
