"""Line charts as small SVG pictures of our own, drawn on the server.

Readable without JavaScript, described in words for screen readers, and
always paired with a table. Lines break where a week has no answer; a lone
point is drawn as a dot so a single week still shows.

The markup is written here rather than in a template: seven charts with
their tables were most of the overview's rendering time through the
template engine. Every piece of text goes through `escape`, and numbers are
written with a dot whatever the language, as SVG requires.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 10, 24
MARKERS_UP_TO = 60  # more points than this and dots would blur into the line
NO_VALUE = "–"


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # a class of pulse.css: colour and dash, so colour is never the only cue
    values: Sequence[float | None]


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
    lines: list[Line]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str, str]]  # x, label, text-anchor
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    empty: bool
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    center_x: float = LEFT + (WIDTH - LEFT - RIGHT) / 2
    center_y: float = TOP + (HEIGHT - TOP - BOTTOM) / 2
    legend: list[tuple[str, str]] = field(default_factory=list)


def _fmt(value: float | None) -> str:
    if value is None:
        return NO_VALUE
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    long_labels: Sequence[str],
    series: Sequence[Series],
    low: float,
    high: float,
    ticks: Sequence[float],
) -> Chart:
    count = len(labels)
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return round(LEFT + (span_x / 2 if count == 1 else index * span_x / (count - 1)), 1)

    def y(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * span_y, 1)

    lines = []
    for s in series:
        parts: list[str] = []
        dots = []
        drawing = False
        for index, value in enumerate(s.values):
            if value is None:
                drawing = False
                continue
            parts.append(f"{'L' if drawing else 'M'}{x(index)} {y(value)}")
            prev_missing = index == 0 or s.values[index - 1] is None
            next_missing = index == len(s.values) - 1 or s.values[index + 1] is None
            if count <= MARKERS_UP_TO or (prev_missing and next_missing):
                dots.append((x(index), y(value), f"{s.name}, {long_labels[index]}: {_fmt(value)}"))
            drawing = True
        lines.append(Line(s.name, s.css, " ".join(parts), dots))
    shown = sorted({0, count // 3, (2 * count) // 3, count - 1}) if count else []
    empty = all(v is None for s in series for v in s.values)
    return Chart(
        id=chart_id,
        title=title,
        summary=_summary(series, long_labels) if not empty else _("No answers yet."),
        lines=lines,
        y_ticks=[(y(t), _fmt(t)) for t in ticks],
        x_ticks=[(x(i), labels[i], _anchor(i, count)) for i in shown],
        columns=[s.name for s in series],
        rows=[
            (long_labels[i], [_fmt(s.values[i]) for s in series])
            for i in range(count)
            if any(s.values[i] is not None for s in series)
        ],
        empty=empty,
        legend=[(s.name, s.css) for s in series],
    )


def _anchor(index: int, count: int) -> str:
    """Keep the first and last labels inside the picture."""
    if count == 1:
        return "middle"
    if index == 0:
        return "start"
    return "end" if index == count - 1 else "middle"


def _summary(series: Sequence[Series], long_labels: Sequence[str]) -> str:
    """A sentence for screen readers: where each line starts and ends."""
    parts = []
    for s in series:
        known = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if not known:
            parts.append(_("%(name)s: no answers in this period.") % {"name": s.name})
            continue
        (first_i, first), (last_i, last) = known[0], known[-1]
        if first_i == last_i:
            parts.append(
                _("%(name)s: %(value)s in %(when)s.")
                % {"name": s.name, "value": _fmt(first), "when": long_labels[first_i]}
            )
        else:
            parts.append(
                _("%(name)s: from %(first)s (%(start)s) to %(last)s (%(end)s).")
                % {
                    "name": s.name,
                    "first": _fmt(first),
                    "start": long_labels[first_i],
                    "last": _fmt(last),
                    "end": long_labels[last_i],
                }
            )
    return " ".join(parts)


def _num(value: float) -> str:
    return f"{value:g}"


def render(chart: Chart) -> SafeString:
    """The chart as a <figure>: the picture, a legend and a table to open."""
    cid = escape(chart.id)
    title = escape(chart.title)
    out = [
        f'<figure class="pulse-chart" id="chart-{cid}">'
        f"<figcaption><strong>{title}</strong></figcaption>"
        f'<svg class="pulse-chart-svg" viewBox="0 0 {chart.width} {chart.height}" role="img" '
        f'aria-labelledby="chart-{cid}-title chart-{cid}-desc">'
        f'<title id="chart-{cid}-title">{title}</title>'
        f'<desc id="chart-{cid}-desc">{escape(chart.summary)}</desc>'
    ]
    for y, label in chart.y_ticks:
        out.append(
            f'<line class="pulse-grid" x1="{chart.plot_left}" x2="{chart.plot_right}" '
            f'y1="{_num(y)}" y2="{_num(y)}"/><text class="pulse-tick" x="{chart.plot_left - 5}" '
            f'y="{_num(y)}" text-anchor="end" dominant-baseline="middle">{escape(label)}</text>'
        )
    for x, label, anchor in chart.x_ticks:
        out.append(
            f'<text class="pulse-tick" x="{_num(x)}" y="{chart.height - 6}" '
            f'text-anchor="{anchor}">{escape(label)}</text>'
        )
    for line in chart.lines:
        out.append(f'<g class="pulse-line {escape(line.css)}">')
        if line.path:
            out.append(f'<path d="{line.path}" fill="none"/>')
        out.extend(
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.2"><title>{escape(tip)}</title></circle>'
            for x, y, tip in line.dots
        )
        out.append("</g>")
    if chart.empty:
        out.append(
            f'<text class="pulse-empty" x="{_num(chart.center_x)}" y="{_num(chart.center_y)}" '
            f'text-anchor="middle">{escape(_("No answers yet"))}</text>'
        )
    out.append('</svg><ul class="pulse-legend">')
    out.extend(
        f'<li><svg viewBox="0 0 24 8" class="pulse-swatch" aria-hidden="true" focusable="false">'
        f'<g class="pulse-line {escape(css)}"><path d="M1 4H23" fill="none"/></g></svg>'
        f"{escape(name)}</li>"
        for name, css in chart.legend
    )
    out.append("</ul>")
    if chart.rows:
        heads = "".join(f'<th scope="col">{escape(c)}</th>' for c in chart.columns)
        out.append(
            f'<details class="pulse-chart-table"><summary>{escape(_("Show as a table"))}</summary>'
            f'<div class="pulse-table-scroll"><table><caption class="visually-hidden">{title}'
            f'</caption><thead><tr><th scope="col">{escape(_("When"))}</th>{heads}</tr>'
            "</thead><tbody>"
        )
        out.extend(
            f'<tr><th scope="row">{escape(when)}</th>'
            + "".join(f"<td>{escape(v)}</td>" for v in values)
            + "</tr>"
            for when, values in chart.rows
        )
        out.append("</tbody></table></div></details>")
    out.append("</figure>")
    # Everything above is escaped or made of our own numbers and constants.
    return mark_safe("".join(out))
