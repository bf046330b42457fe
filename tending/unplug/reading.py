"""What the Unplug page shows, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tending.couples.models import Couple
from tending.lib import charts
from tending.lib.timezones import get_zone
from tending.unplug import services
from tending.unplug.models import Check, Commitment, UnplugSession


@dataclass
class Night:
    day: date
    mine: Check | None
    partner: Check | None


@dataclass
class CommitmentWeek:
    commitment: Commitment
    nights: list[Night]


def commitments_this_week(
    user: Any, couple: Couple, now: datetime | None = None
) -> list[CommitmentWeek]:
    """Running commitments with this week's nights so far and the answers
    `user` may see (two queries)."""
    today = services.local_today(couple, now)
    monday = services.monday_of(today)
    commitments = list(
        Commitment.objects.visible_to(user).filter(couple=couple, stopped_at__isnull=True)
    )
    checks = (
        Check.objects.visible_to(user)
        .select_related("author")
        .filter(couple=couple, commitment__in=[c.pk for c in commitments], night__gte=monday)
    )
    answers = {(c.commitment_id, c.night, c.author_id == user.pk): c for c in checks}
    found = []
    for commitment in commitments:
        started = commitment.created.astimezone(get_zone(couple.time_zone)).date()
        nights = [
            Night(
                day,
                answers.get((commitment.pk, day, True)),
                answers.get((commitment.pk, day, False)),
            )
            for day in (monday + timedelta(days=n) for n in range((today - monday).days + 1))
            if commitment.applies_on(day) and day >= min(started, today)
        ]
        found.append(CommitmentWeek(commitment, nights))
    return found


@dataclass
class SessionRow:
    session: UnplugSession
    mine: Check | None
    partner: Check | None


def recent_sessions(user: Any, couple: Couple, limit: int = 5) -> list[SessionRow]:
    sessions = (
        UnplugSession.objects.visible_to(user)
        .filter(couple=couple, ended_at__isnull=False)
        .select_related("author", "joined_by")
        .prefetch_related(
            Prefetch(
                "checks",
                queryset=Check.objects.visible_to(user).select_related("author"),
                to_attr="seen_checks",
            )
        )
        .order_by("-created")[:limit]
    )
    rows = []
    for session in sessions:
        seen = session.seen_checks
        rows.append(
            SessionRow(
                session,
                next((c for c in seen if c.author_id == user.pk), None),
                next((c for c in seen if c.author_id != user.pk), None),
            )
        )
    return rows


def trend_chart(rows: list[services.WeekRow], partner_name: str | None) -> charts.Chart:
    labels = [date_format(r.week_start, "j M") for r in rows]
    long_labels = [_("week of %(day)s") % {"day": date_format(r.week_start, "j F Y")} for r in rows]
    lines = [
        charts.Series(_("Phones in the way, me (0–4)"), "series-me", [r.my_rating for r in rows])
    ]
    if partner_name and any(r.partner_rating is not None for r in rows):
        lines.append(
            charts.Series(
                _("Phones in the way, %(name)s (0–4)") % {"name": partner_name},
                "series-partner",
                [r.partner_rating for r in rows],
            )
        )
    return charts.bars_with_lines(
        "unplug-trend",
        _("Unplugged minutes and how much phones got in the way"),
        labels,
        long_labels,
        charts.Series(
            _("Unplugged minutes"), "series-minutes", [r.minutes for r in rows], unit="min"
        ),
        lines,
        line_range=(0, 4),
        line_ticks=(0, 2, 4),
    )
