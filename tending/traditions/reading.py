"""What the Traditions pages and API show, read in a fixed number of queries.

"Done 4 of the last 5" is read from stored occurrences with correlated
subqueries that each walk a few rows of the (tradition, starts_at) index:
the cost does not grow with years of history, and nothing is re-expanded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tending.couples.models import Couple
from tending.lib.timezones import get_zone
from tending.traditions import recurrence
from tending.traditions.models import (
    Meaning,
    Occurrence,
    OccurrenceStatus,
    Schedule,
    Tradition,
)

RECENT = 5  # "done 4 of the last 5"
LONG_AGO = datetime(1900, 1, 1, tzinfo=UTC)


def _happened(now: datetime, day_end: datetime | None) -> Q:
    """Dates that count as history: those already begun, and those of today
    already marked (tonight's ritual done early still counts as done)."""
    begun = Q(starts_at__lte=now)
    if day_end is None:
        return begun
    marked = ~Q(status=OccurrenceStatus.PLANNED)
    return begun | (Q(starts_at__lt=day_end) & marked)


def _count(queryset: QuerySet[Occurrence]) -> Coalesce:
    counted = queryset.order_by().values("tradition").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_recent(
    traditions: QuerySet[Tradition], now: datetime, day_end: datetime | None = None
) -> QuerySet[Tradition]:
    """Annotate each tradition with `recent_done` and `recent_total` (of its
    last RECENT dates that happened, see `_happened`) and `next_at` (its next
    date not yet begun). `day_end` is the end of the couple's local today."""
    happened = _happened(now, day_end)
    # The RECENT-th latest such date of the tradition (None with fewer). It
    # refers to the tradition itself, not to the row being counted, so the
    # database evaluates it once per tradition and counts within an index range.
    cutoff = Subquery(
        Occurrence.objects.filter(happened, tradition=OuterRef(OuterRef("pk")))
        .order_by("-starts_at")
        .values("starts_at")[RECENT - 1 : RECENT],
        output_field=DateTimeField(),
    )
    recent = Occurrence.objects.filter(happened, tradition=OuterRef("pk")).filter(
        starts_at__gte=Coalesce(cutoff, Value(LONG_AGO))
    )
    upcoming = Occurrence.objects.filter(tradition=OuterRef("pk"), starts_at__gt=now)
    return traditions.annotate(
        recent_done=_count(recent.filter(status=OccurrenceStatus.DONE)),
        recent_total=_count(recent),
        next_at=Subquery(upcoming.order_by("starts_at").values("starts_at")[:1]),
    )


@dataclass
class TraditionRow:
    tradition: Tradition
    schedule: Schedule
    summary: str
    my_meaning: Meaning | None
    partner_meaning: Meaning | None

    @property
    def recent_done(self) -> int:
        return getattr(self.tradition, "recent_done", 0)

    @property
    def recent_total(self) -> int:
        return getattr(self.tradition, "recent_total", 0)

    @property
    def next_at(self) -> datetime | None:
        return getattr(self.tradition, "next_at", None)

    # Sentences built once in Python: cheaper than template tags on a list of 30.
    @property
    def recent_text(self) -> str:
        return ngettext(
            "done %(done)d of the last %(total)d",
            "done %(done)d of the last %(total)d",
            self.recent_total,
        ) % {"done": self.recent_done, "total": self.recent_total}

    @property
    def my_meaning_text(self) -> str:
        if self.my_meaning is None:
            return ""
        return _("Means to you: %(value)d/5") % {"value": self.my_meaning.value}

    @property
    def partner_meaning_text(self) -> str:
        if self.partner_meaning is None:
            return ""
        return _("to %(name)s: %(value)d/5") % {
            "name": self.partner_meaning.author.display_name,
            "value": self.partner_meaning.value,
        }


def schedule_summary(schedule: Schedule) -> str:
    return recurrence.describe(schedule.rule, schedule.first_day)


def traditions_for(
    user: Any,
    couple: Couple | None,
    now: datetime | None = None,
    only: Any = None,
) -> list[TraditionRow]:
    """The traditions `user` may see (of one couple, or of one tradition with
    `only`), with their figures: three queries however many there are."""
    now = now or timezone.now()
    visible = Tradition.objects.visible_to(user)
    day_end = None
    if couple is not None:
        visible = visible.filter(couple=couple)
        zone = get_zone(couple.time_zone)
        tomorrow = now.astimezone(zone).date() + timedelta(days=1)
        day_end = recurrence.wall_clock_to_utc(
            datetime.combine(tomorrow, datetime.min.time()), zone
        )
    if only is not None:
        visible = visible.filter(pk=only)
    annotated: Any = with_recent(visible, now, day_end)
    traditions = annotated.prefetch_related(
        Prefetch("schedules", queryset=Schedule.objects.order_by("-active_from")),
        Prefetch(
            "meanings",
            queryset=Meaning.objects.visible_to(user).select_related("author"),
            to_attr="visible_meanings",
        ),
    )
    rows = []
    for tradition in traditions:
        schedule = tradition.schedules.all()[0]
        meanings = tradition.visible_meanings
        rows.append(
            TraditionRow(
                tradition=tradition,
                schedule=schedule,
                summary=schedule_summary(schedule),
                my_meaning=next((m for m in meanings if m.author_id == user.pk), None),
                partner_meaning=next((m for m in meanings if m.author_id != user.pk), None),
            )
        )
    return rows


def week_bounds(couple: Couple, now: datetime) -> tuple[date, datetime, datetime]:
    """The couple's current week (Monday to Sunday, local): first day, start, end."""
    zone_name = couple.time_zone
    today = now.astimezone(get_zone(zone_name)).date()
    monday = today - timedelta(days=today.weekday())
    zone = get_zone(zone_name)
    start = recurrence.wall_clock_to_utc(datetime.combine(monday, datetime.min.time()), zone)
    end = recurrence.wall_clock_to_utc(
        datetime.combine(monday + timedelta(days=7), datetime.min.time()), zone
    )
    return monday, start, end


DATE_FIELDS = (
    "id",
    "couple_id",
    "tradition_id",
    "schedule_id",
    "starts_at",
    "on",
    "status",
    "note",
    "marked_by_id",
    "tradition__name",
    "tradition__paused_at",
    "schedule__time_zone",
    "schedule__time_of_day",
    "marked_by__display_name",
)


def occurrences_between(
    user: Any, couple: Couple, start: datetime, end: datetime
) -> QuerySet[Occurrence]:
    return (
        Occurrence.objects.visible_to(user)
        .filter(couple=couple, starts_at__gte=start, starts_at__lt=end)
        .select_related("tradition", "schedule", "marked_by")
        # Only what a date shows: a week of daily rituals is many rows.
        .only(*DATE_FIELDS)
        .order_by("starts_at", "tradition__name")
    )


def this_week(user: Any, couple: Couple, now: datetime | None = None) -> list[Occurrence]:
    now = now or timezone.now()
    _monday, start, end = week_bounds(couple, now)
    return list(occurrences_between(user, couple, start, end))


SHOWN_AROUND_TODAY = 12


@dataclass
class WeekView:
    """This week around today: today's dates in full; the days before, only
    what is still open; the days after, a short list (at most 12 each)."""

    today: list[Occurrence]
    earlier: list[Occurrence]
    later: list[Occurrence]
    more_earlier: int
    more_later: int

    @property
    def empty(self) -> bool:
        return not (self.today or self.earlier or self.later)


def week_view(user: Any, couple: Couple, now: datetime | None = None) -> WeekView:
    now = now or timezone.now()
    day = now.astimezone(get_zone(couple.time_zone)).date()
    dates = this_week(user, couple, now)
    earlier = [o for o in dates if o.on < day and not o.status]
    later = [o for o in dates if o.on > day]
    return WeekView(
        today=[o for o in dates if o.on == day],
        earlier=earlier[-SHOWN_AROUND_TODAY:],
        later=later[:SHOWN_AROUND_TODAY],
        more_earlier=max(0, len(earlier) - SHOWN_AROUND_TODAY),
        more_later=max(0, len(later) - SHOWN_AROUND_TODAY),
    )


def history(user: Any, tradition: Tradition, now: datetime | None = None) -> QuerySet[Occurrence]:
    """Past dates of one tradition, newest first (paginate it)."""
    now = now or timezone.now()
    return (
        Occurrence.objects.visible_to(user)
        .filter(tradition=tradition, starts_at__lte=now)
        .select_related("tradition", "marked_by", "schedule")
        .order_by("-starts_at")
    )


def history_figures(user: Any, tradition: Tradition, now: datetime | None = None) -> dict[str, int]:
    """Done and skipped counts over the last year, for the history page."""
    now = now or timezone.now()
    year = history(user, tradition, now).filter(starts_at__gte=now - timedelta(days=365))
    figures = year.order_by().aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=OccurrenceStatus.DONE)),
        skipped=Count("pk", filter=Q(status=OccurrenceStatus.SKIPPED)),
    )
    return {key: value or 0 for key, value in figures.items()}
