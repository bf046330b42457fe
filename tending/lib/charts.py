"""Weekly bar charts with optional lines, as data for a small SVG template
(templates/charts/bars.html): drawn on the server, readable without
JavaScript, always with a table beside them and a sentence for screen readers.

Bars are amounts (minutes); lines are scores on their own scale (a rating
from 0 to 4, an aim), drawn against a second axis on the right. Colour is
never the only cue: each series has a CSS class that also sets a dash or a
pattern (static/charts/charts.css).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 340, 170
LEFT, RIGHT, TOP, BOTTOM = 36, 28, 10, 24
NO_VALUE = "–"


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    values: Sequence[float | None]
    unit: str = ""


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass
class Line:
    name: str
    css: str
    path: str
    dots: list[tuple[float, float, str]]


@dataclass
class Chart:
    id: str
    title: str
    summary: str
    bars: list[Bar]
    bar_css: str
    lines: list[Line]
    y_ticks: list[tuple[float, str]]
    y2_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    legend: list[tuple[str, str]]
    empty: bool
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    label_y: int = HEIGHT - 6
    tick_x: int = LEFT - 4
    tick2_x: int = WIDTH - RIGHT + 4
    notes: list[str] = field(default_factory=list)


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return NO_VALUE
    text = f"{value:g}" if value == int(value) else f"{value:.1f}"
    return f"{text} {unit}".strip()


MINUTE_TOPS = (30, 60, 120, 180, 240, 300, 360, 480, 600, 720, 900, 1200, 1800, 2400, 3600)
HOUR_TOPS = (2, 4, 6, 8, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 168)


def nice_top(value: float, tops: Sequence[float] = MINUTE_TOPS) -> float:
    """The smallest readable axis top at or above `value`."""
    for step in tops:
        if value <= step:
            return float(step)
    return float(value)


def bars_with_lines(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    long_labels: Sequence[str],
    bars: Series,
    lines: Sequence[Series] = (),
    line_range: tuple[float, float] = (0, 4),
    line_ticks: Sequence[float] = (),
    bar_tick_label: str = "",
    bar_top: float | None = None,
) -> Chart:
    """Bars on the left axis (rounded up to a readable top, or `bar_top`),
    lines on the right against `line_range`."""
    count = len(labels)
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM
    slot = span_x / max(count, 1)
    top = bar_top or nice_top(max((v or 0 for v in bars.values), default=0) or 1)
    low, high = line_range

    def center(index: int) -> float:
        return round(LEFT + slot * index + slot / 2, 1)

    def y_bar(value: float) -> float:
        return round(TOP + span_y - value / top * span_y, 1)

    def y_line(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * span_y, 1)

    drawn_bars = []
    for index, value in enumerate(bars.values):
        if not value:
            continue
        width = max(slot * 0.6, 2)
        drawn_bars.append(
            Bar(
                x=round(center(index) - width / 2, 1),
                y=y_bar(value),
                width=round(width, 1),
                height=round(value / top * span_y, 1),
                label=f"{bars.name}, {long_labels[index]}: {_fmt(value, bars.unit)}",
            )
        )
    drawn_lines = []
    for series in lines:
        parts, dots, drawing = [], [], False
        for index, value in enumerate(series.values):
            if value is None:
                drawing = False
                continue
            parts.append(f"{'L' if drawing else 'M'}{center(index)} {y_line(value)}")
            label = f"{series.name}, {long_labels[index]}: {_fmt(value, series.unit)}"
            dots.append((center(index), y_line(value), label))
            drawing = True
        drawn_lines.append(Line(series.name, series.css, " ".join(parts), dots))
    shown = sorted({0, count // 2, count - 1}) if count else []
    everything = [bars, *lines]
    # No bar is nothing to draw; a line's 0 is an answer ("not at all").
    empty = not any(bars.values) and all(v is None for s in lines for v in s.values)
    return Chart(
        id=chart_id,
        title=title,
        summary=_summary(everything, long_labels) if not empty else _("Nothing yet."),
        bars=drawn_bars,
        bar_css=bars.css,
        lines=drawn_lines,
        y_ticks=[(y_bar(v), _fmt(v) + bar_tick_label) for v in (0, top / 2, top)],
        y2_ticks=[(y_line(t), _fmt(t)) for t in line_ticks],
        x_ticks=[(center(i), labels[i]) for i in shown],
        columns=[s.name for s in everything],
        rows=[
            (long_labels[i], [_fmt(s.values[i], s.unit) for s in everything]) for i in range(count)
        ],
        legend=[(s.name, s.css) for s in everything],
        empty=empty,
    )


def _summary(series: Sequence[Series], long_labels: Sequence[str]) -> str:
    """A sentence for screen readers: the first and last known value of each series."""
    parts = []
    for s in series:
        known = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if not known:
            parts.append(_("%(name)s: nothing in this period.") % {"name": s.name})
            continue
        (i0, v0), (i1, v1) = known[0], known[-1]
        parts.append(
            _("%(name)s: %(first)s in %(start)s, %(last)s in %(end)s.")
            % {
                "name": s.name,
                "first": _fmt(v0, s.unit),
                "start": long_labels[i0],
                "last": _fmt(v1, s.unit),
                "end": long_labels[i1],
            }
        )
    return " ".join(parts)
