"""The read side of Pulse, shared by the pages and the API.

Each function runs a fixed number of queries whatever the length of the
couple's history (the tests assert it), and every check-in read goes through
`CheckIn.objects.revealed_to` (visibility plus the reveal rule).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, Count, Max, Sum, When
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tending.couples.models import Membership
from tending.pulse import charts, gap, trends
from tending.pulse import questions as q
from tending.pulse.alerts import AlertView, describe_alert
from tending.pulse.models import (
    CheckIn,
    CheckInReflection,
    ClosenessTap,
    DriftAlert,
    PulseSchedule,
    SkippedWeek,
)
from tending.pulse.services import Viewer, WeekStatus, week_status
from tending.pulse.weeks import WEEK, accept_week, week_end

# Trends and charts are kept in the process's cache for a day at most. The
# key holds everything they depend on — the couple's data version (raised by
# every check-in, tap and change of day), the viewer, the couple's local date
# (a week closing reveals answers without any write), the partners' names and
# the language — so a cached value is never stale, only sometimes missing.
CACHE_SECONDS = 24 * 3600


def cached(viewer: Viewer, kind: str, range_key: str, compute: Callable[[], Any]) -> Any:
    seconds = getattr(settings, "PULSE_CACHE_SECONDS", CACHE_SECONDS)
    if not seconds:
        return compute()
    names = "|".join(f"{p.pk}:{p.display_name}" for p in viewer.people())
    schedule = viewer.schedule
    key = "pulse:{}".format(
        hashlib.sha256(
            "/".join(
                str(part)
                for part in (
                    kind,
                    viewer.couple.pk,
                    viewer.user.pk,
                    viewer.membership.role,
                    range_key,
                    viewer.today,
                    schedule.checkin_weekday,
                    schedule.version,
                    names,
                    get_language(),
                )
            ).encode()
        ).hexdigest()
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


# --- Who is looking ------------------------------------------------------------------


def _schedule_of(couple: Any) -> PulseSchedule:
    try:
        return couple.pulse_schedule
    except ObjectDoesNotExist:
        return PulseSchedule(couple=couple)


def viewer_for_membership(membership: Membership, now: datetime | None = None) -> Viewer:
    """For a page (membership already checked): partners and schedule in one query."""
    rows = list(
        Membership.objects.partners()
        .filter(couple_id=membership.couple_id)
        .select_related("user", "couple__pulse_schedule")
        .order_by("partner_slot")
    )
    couple = rows[0].couple if rows else membership.couple
    partners = [m.user for m in rows]
    user = next((p for p in partners if p.pk == membership.user_id), None) or membership.user
    return Viewer(user, membership, partners, _schedule_of(couple), now=now)


def viewer_for(user: Any, couple_id: Any, now: datetime | None = None) -> Viewer:
    """For the API: the caller's membership of that couple, its partners and its
    schedule, in one query; 404 when the caller is not a member."""
    members = list(
        Membership.objects.active()
        .filter(couple_id=couple_id)
        .select_related("user", "couple__pulse_schedule")
        .order_by("partner_slot")
    )
    mine = next((m for m in members if m.user_id == getattr(user, "pk", None)), None)
    if mine is None:
        raise Http404
    partners = [m.user for m in members if m.is_partner]
    return Viewer(user, mine, partners, _schedule_of(mine.couple), now=now)


# --- Alerts ------------------------------------------------------------------------


def week_and_alerts(viewer: Viewer) -> tuple[WeekStatus, list[AlertView]]:
    """This week's status and the ongoing alerts, cached like the trends:
    every write that changes either raises the couple's version."""
    return cached(viewer, "state", "", lambda: (week_status(viewer), ongoing_alerts(viewer)))


def ongoing_alerts(viewer: Viewer) -> list[AlertView]:
    """The couple's ongoing alerts, each marked whether the viewer set it aside.
    Reading never runs the drift rule (check-ins and the worker do): one query."""
    alerts = (
        DriftAlert.objects.visible_to(viewer.user)
        .filter(couple=viewer.couple)
        .ongoing()
        .with_dismissed(viewer.user)
    )
    return [describe_alert(a, a.dismissed, viewer.now) for a in alerts]  # type: ignore[attr-defined]


# --- Trends and the gap ------------------------------------------------------------


def trend_rows(viewer: Viewer, range_key: str) -> list[dict[str, Any]]:
    start = trends.window_start(range_key, viewer.current_week)
    rows = CheckIn.objects.revealed_to(viewer)
    if start is not None:
        rows = rows.filter(week_start__gte=start)
    return list(rows.values("author_id", "week_start", *q.METRIC_KEYS))


def tap_weeks(viewer: Viewer, range_key: str) -> list[dict[str, Any]]:
    """The viewer's own taps summed per week; the current week's row also
    carries today's tap (`today`), so the page needs no query of its own."""
    start = trends.window_start(range_key, viewer.current_week)
    taps = ClosenessTap.objects.visible_to(viewer.user).filter(
        couple=viewer.couple, author=viewer.user
    )
    if start is not None:
        taps = taps.filter(week_start__gte=start)
    weeks = taps.values("week_start").annotate(
        total=Sum("closeness"),
        count=Count("id"),
        today=Max(Case(When(day=viewer.today, then="closeness"))),
    )
    return [dict(week) for week in weeks.order_by()]


def todays_tap(tap_rows: list[dict[str, Any]]) -> int | None:
    return next((row["today"] for row in tap_rows if row["today"] is not None), None)


def load_trends(
    viewer: Viewer, range_key: str
) -> tuple[trends.Trends, list[dict[str, Any]], list[dict[str, Any]]]:
    """Trends, and the rows they came from: check-ins and the viewer's taps."""
    rows = trend_rows(viewer, range_key)
    taps = tap_weeks(viewer, range_key) if viewer.is_partner else []
    people = viewer.people()
    result = trends.build(range_key, viewer.current_week, rows, people, viewer.user, taps)
    return result, rows, taps


def chart_set(result: trends.Trends) -> list[charts.Chart]:
    labels = [p.label for p in result.periods]
    long_labels = [p.long_label for p in result.periods]

    def series(key: str) -> list[charts.Series]:
        found = []
        for index, person in enumerate(result.people):
            name = _("You") if person.is_me else person.person.display_name
            found.append(charts.Series(name, f"pulse-series-{index}", person.values[key]))
        if key == "closeness":
            for person in result.people:
                if person.taps is not None and any(v is not None for v in person.taps):
                    found.append(
                        charts.Series(_("Your daily taps"), "pulse-series-taps", person.taps)
                    )
        return found

    made = [
        charts.line_chart(
            "closeness",
            _("Closeness (1–7)"),
            labels,
            long_labels,
            series("closeness"),
            q.CLOSENESS_MIN,
            q.CLOSENESS_MAX,
            range(1, 8, 2),
        ),
        charts.line_chart(
            "satisfaction",
            _("Happy together (0–100)"),
            labels,
            long_labels,
            series("satisfaction"),
            0,
            100,
            (0, 25, 50, 75, 100),
        ),
    ]
    for sign in q.SIGNS:
        made.append(
            charts.line_chart(
                sign.key,
                _("Sign: %(name)s (0–4)") % {"name": sign.name},
                labels,
                long_labels,
                series(sign.key),
                q.SIGN_MIN,
                q.SIGN_MAX,
                range(0, 5),
            )
        )
    return made


def gap_weeks(viewer: Viewer, range_key: str, rows: list[dict[str, Any]]) -> list[date]:
    start = trends.window_start(range_key, viewer.current_week)
    if start is None:
        start = min((viewer.week_of(r["week_start"]) for r in rows), default=viewer.current_week)
    count = (viewer.current_week - start).days // 7 + 1
    return [start + WEEK * n for n in range(count)]


@dataclass
class GapReport:
    week: date | None  # the week the sentences are about
    is_current: bool
    items: list[gap.ItemGap]
    weeks: list[date] = field(default_factory=list)


def gap_report(viewer: Viewer, range_key: str, rows: list[dict[str, Any]]) -> GapReport:
    """Between the two partners, over weeks both can see."""
    people = viewer.people()
    by_person: dict[Any, dict[date, dict[str, int]]] = defaultdict(dict)
    for row in rows:
        # A partner's row is here only once its week is revealed, so weeks
        # with both partners' rows are exactly the weeks both can see.
        by_person[row["author_id"]][viewer.week_of(row["week_start"])] = row
    pair = [by_person.get(p.pk, {}) for p in people] if len(people) == 2 else []
    weeks = gap_weeks(viewer, range_key, rows)
    both = [w for w in weeks if pair and all(w in person for person in pair)]
    latest = both[-1] if both else None
    items = gap.item_gaps(weeks, pair, latest, current=latest == viewer.current_week)
    return GapReport(latest, latest == viewer.current_week, items, weeks)


# --- Weeks, answers and reflections ------------------------------------------------


def answer_lines(checkin: CheckIn) -> list[tuple[str, str]]:
    """A check-in as label/answer pairs in words, for a person to read."""
    sign_words = dict(q.SIGN_CHOICES)
    lines = []
    for sign in q.SIGNS:
        value = checkin.metric(sign.key)
        name = str(sign.name)
        lines.append((name[:1].upper() + name[1:], f"{sign_words[value]} ({value})"))
    label = q.CLOSENESS_LABELS[checkin.closeness - 1]
    lines.append(
        (
            _("Closeness"),
            _("%(value)s of 7, %(label)s") % {"value": checkin.closeness, "label": label},
        )
    )
    lines.append((_("Happy together"), _("%(value)s of 100") % {"value": checkin.satisfaction}))
    return lines


@dataclass
class Entry:
    person: Any
    is_me: bool
    checked_in: bool
    checkin: CheckIn | None  # None while hidden or missing
    reflection: CheckInReflection | None = None

    @property
    def lines(self) -> list[tuple[str, str]]:
        return answer_lines(self.checkin) if self.checkin else []


@dataclass
class WeekView:
    start: date
    end: date
    closes_at: datetime
    closed: bool
    editable: bool
    entries: list[Entry]
    # Partners who skipped this week to see the other's answers.
    skipped_by: set[Any] = field(default_factory=set)

    @property
    def awaiting_late(self) -> list[Entry]:
        """Partners who missed this closed week while the other checked in, and
        may still check in late: the other's answers wait for their choice."""
        if not self.closed or not self.editable or not any(e.checked_in for e in self.entries):
            return []
        return [e for e in self.entries if not e.checked_in and e.person.pk not in self.skipped_by]

    @property
    def my_choice(self) -> Entry | None:
        """The partner's entry when it is the viewer who has that choice to make:
        check in late first, or skip the week and see the partner's answers."""
        if any(e.is_me for e in self.awaiting_late):
            return next((e for e in self.entries if not e.is_me and e.checked_in), None)
        return None

    @property
    def revealed(self) -> bool:
        """Open between the partners: both checked in, or closed and nobody
        may still answer it unseen (models.revealed, seen from the page)."""
        if all(e.checked_in for e in self.entries):
            return True
        return self.closed and not self.awaiting_late

    @property
    def anyone(self) -> bool:
        return any(e.checked_in for e in self.entries)


def week_views(viewer: Viewer, newest: date, count: int) -> list[WeekView]:
    """`count` weeks back from `newest`, newest first: four queries in all."""
    oldest = newest - WEEK * (count - 1)
    span = {"week_start__gte": oldest, "week_start__lte": week_end(newest)}
    checkins = list(CheckIn.objects.revealed_to(viewer).filter(**span))
    checked_in = set(
        CheckIn.objects.visible_to(viewer.user)
        .filter(couple=viewer.couple, **span)
        .values_list("author_id", "week_start")
    )
    reflections = {
        r.checkin_id: r
        for r in CheckInReflection.objects.revealed_to(viewer).filter(
            **{f"checkin__{k}": v for k, v in span.items()}
        )
    }
    skips = set(
        SkippedWeek.objects.bearing_on(viewer.user, viewer.couple)
        .filter(**span)
        .values_list("author_id", "week_start")
    )
    found: dict[tuple[Any, date], CheckIn] = {
        (c.author_id, viewer.week_of(c.week_start)): c for c in checkins
    }
    done = {(author, viewer.week_of(week)) for author, week in checked_in}
    views = []
    for n in range(count):
        start = newest - WEEK * n
        entries = []
        for person in viewer.people():
            checkin = found.get((person.pk, start))
            entries.append(
                Entry(
                    person=person,
                    is_me=person.pk == viewer.user.pk,
                    checked_in=(person.pk, start) in done,
                    checkin=checkin,
                    reflection=reflections.get(checkin.pk) if checkin else None,
                )
            )
        try:
            editable = viewer.is_partner and bool(accept_week(start, viewer.current_week))
        except ValueError:
            editable = False
        views.append(
            WeekView(
                start=start,
                end=week_end(start),
                closes_at=viewer.closes_at(start),
                closed=start + WEEK <= viewer.today,
                editable=editable,
                entries=entries,
                skipped_by={author for author, week in skips if viewer.week_of(week) == start},
            )
        )
    return views
