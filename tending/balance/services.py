"""What can happen in Balance; shared by the pages and the API.

A partner's days and weeks (Monday to Sunday) are in *their own* time zone:
Balance is about each person's week, wherever they are. No day may hold
more than 24 hours of one partner's logged time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tending.balance import sources
from tending.balance.models import (
    MAX_CATEGORY_LENGTH,
    MAX_DAY_MINUTES,
    MAX_WEEK_MINUTES,
    BalanceAim,
    BalanceEntry,
    Kind,
)
from tending.couples.access import partner_membership
from tending.couples.boundary import Visibility
from tending.couples.models import Membership
from tending.couples.services import CoupleActionRefused
from tending.lib.timezones import get_zone
from tending.lib.usertext import TextRefused, clean_partner_text

SUGGESTED = {
    Kind.SELF: [_("Hobby"), _("Friends"), _("Exercise"), _("Rest"), _("Reading"), _("Family")],
    Kind.COUPLE: [_("Talking"), _("A walk"), _("A meal out"), _("Cooking"), _("A film"), _("Out")],
}
LOG_DAYS_BACK = 366
# A timer nobody stopped counts for at most this long.
MAX_TIMER = timedelta(hours=12)


def writer(user: Any) -> Membership:
    membership = partner_membership(user)
    if membership is not None:
        return membership
    if Membership.objects.active().filter(user=user).exists():
        raise PermissionDenied
    raise CoupleActionRefused(_("Start or join a couple space first."), status=409)


def local_today(user: Any, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(get_zone(user.time_zone)).date()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# Nothing older is worth a page, and bounding it keeps a hostile `?week=0001-01-01`
# from walking date arithmetic off the calendar.
OLDEST_WEEK = timedelta(weeks=52 * 10)


def week_in_reach(asked: date, today: date) -> date:
    """The Monday of the week `asked`, moved into the weeks a partner can look
    at: none after this one, none more than ten years back."""
    return monday_of(min(max(asked, today - OLDEST_WEEK), today))


def _category(value: str) -> str:
    try:
        return clean_partner_text(value, MAX_CATEGORY_LENGTH)
    except TextRefused as refusal:
        raise CoupleActionRefused(str(refusal), status=400) from None


def _kind_visibility(kind: str, visibility: str | None) -> str:
    if kind not in Kind.values:
        raise CoupleActionRefused(_("Say whether it was time for you or with us."), status=400)
    if kind == Kind.SELF:
        if visibility not in (None, Visibility.PRIVATE):
            raise CoupleActionRefused(
                _("Time for yourself stays yours: it is never shown to your partner."), status=400
            )
        return Visibility.PRIVATE
    if visibility is None:
        return Visibility.PARTNER
    if visibility not in Visibility.values:
        raise CoupleActionRefused(_("Choose who can see it."), status=400)
    return visibility


def _day_total(user: Any, membership: Membership, day: date, excluding: Any = None) -> int:
    entries = BalanceEntry.objects.visible_to(user).filter(
        couple=membership.couple, author=user, on=day, minutes__isnull=False
    )
    if excluding is not None:
        entries = entries.exclude(pk=excluding)
    return entries.aggregate(total=Sum("minutes"))["total"] or 0


def _check_day(
    user: Any, membership: Membership, day: date, minutes: int, excluding: Any = None
) -> None:
    today = local_today(user)
    if day > today:
        raise CoupleActionRefused(_("That day has not come yet."), status=400)
    if (today - day).days > LOG_DAYS_BACK:
        raise CoupleActionRefused(_("That day is more than a year ago."), status=400)
    if not 1 <= minutes <= MAX_DAY_MINUTES:
        raise CoupleActionRefused(
            _("Log between 1 minute and 24 hours (1440 minutes)."), status=400
        )
    already = _day_total(user, membership, day, excluding)
    if already + minutes > MAX_DAY_MINUTES:
        raise CoupleActionRefused(
            _(
                "That would make more than 24 hours on %(day)s: %(already)d minutes are "
                "logged already."
            )
            % {"day": date_format(day, "l j F"), "already": already},
            status=400,
        )


def log_time(
    membership: Membership,
    kind: str,
    category: str,
    minutes: int,
    day: date | None = None,
    visibility: str | None = None,
) -> BalanceEntry:
    user = membership.user
    day = day or local_today(user)
    visibility = _kind_visibility(kind, visibility)
    category = _category(category)
    with transaction.atomic():
        _check_day(user, membership, day, minutes)
        return BalanceEntry.objects.create(
            couple=membership.couple,
            author=user,
            visibility=visibility,
            kind=kind,
            category=category,
            minutes=minutes,
            on=day,
        )


def own_entry(user: Any, entry_id: Any) -> BalanceEntry:
    """One of `user`'s own entries; a therapist who can read it 403, anyone else 404."""
    entry = (
        BalanceEntry.objects.writable_by(user).select_related("couple").filter(pk=entry_id).first()
    )
    if entry is not None:
        return entry
    if BalanceEntry.objects.visible_to(user).filter(pk=entry_id).exists():
        raise PermissionDenied
    raise Http404


def edit_entry(
    entry: BalanceEntry,
    membership: Membership,
    category: str,
    minutes: int,
    day: date,
    visibility: str | None = None,
) -> BalanceEntry:
    if entry.is_running:
        raise CoupleActionRefused(_("Stop the timer first."), status=409)
    entry.category = _category(category)
    entry.visibility = _kind_visibility(entry.kind, visibility or entry.visibility)
    with transaction.atomic():
        _check_day(membership.user, membership, day, minutes, excluding=entry.pk)
        entry.minutes, entry.on = minutes, day
        entry.save()
    return entry


def running_timer(user: Any, membership: Membership) -> BalanceEntry | None:
    return (
        BalanceEntry.objects.writable_by(user)
        .filter(couple=membership.couple, minutes__isnull=True)
        .first()
    )


def start_timer(
    membership: Membership, kind: str, category: str, now: datetime | None = None
) -> BalanceEntry:
    now = now or timezone.now()
    user = membership.user
    visibility = _kind_visibility(kind, None)
    try:
        with transaction.atomic():
            return BalanceEntry.objects.create(
                couple=membership.couple,
                author=user,
                visibility=visibility,
                kind=kind,
                category=_category(category),
                on=local_today(user, now),
                started_at=now,
            )
    except IntegrityError:
        raise CoupleActionRefused(
            _("A timer is already running: stop it first."), status=409
        ) from None


def stop_timer(membership: Membership, now: datetime | None = None) -> list[BalanceEntry]:
    """Stop the running timer; time past a local midnight goes to the next day.
    Returns the entries it became (none if it ran for less than a minute)."""
    now = now or timezone.now()
    user = membership.user
    with transaction.atomic():
        timer = running_timer(user, membership)
        if timer is None:
            raise CoupleActionRefused(_("No timer is running."), status=409)
        assert timer.started_at is not None
        end = min(now, timer.started_at + MAX_TIMER)
        pieces = _split(timer.started_at, end, user.time_zone)
        timer.delete()
        made = []
        for day, minutes in pieces:
            room = MAX_DAY_MINUTES - _day_total(user, membership, day)
            minutes = min(minutes, room)
            if minutes >= 1:
                made.append(
                    BalanceEntry.objects.create(
                        couple=membership.couple,
                        author=user,
                        visibility=timer.visibility,
                        kind=timer.kind,
                        category=timer.category,
                        minutes=minutes,
                        on=day,
                    )
                )
        return made


def _split(start: datetime, end: datetime, zone_name: str) -> list[tuple[date, int]]:
    zone = get_zone(zone_name)
    pieces = []
    cursor = start
    while cursor < end:
        day = cursor.astimezone(zone).date()
        midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
        piece_end = min(end, midnight)
        pieces.append((day, int((piece_end - cursor).total_seconds() // 60)))
        cursor = piece_end
    return pieces


def set_aim(membership: Membership, self_minutes: int, couple_minutes: int) -> BalanceAim:
    for value in (self_minutes, couple_minutes):
        if not 0 <= value <= MAX_WEEK_MINUTES:
            raise CoupleActionRefused(
                _("An aim is between 0 and the 168 hours of a week."), status=400
            )
    aim, _created = BalanceAim.objects.update_or_create(
        couple=membership.couple,
        author=membership.user,
        defaults={
            "self_minutes": self_minutes,
            "couple_minutes": couple_minutes,
            "visibility": Visibility.PRIVATE,
        },
    )
    return aim


def my_aim(user: Any, membership: Membership) -> BalanceAim | None:
    return BalanceAim.objects.visible_to(user).filter(couple=membership.couple, author=user).first()


# --- The weekly view --------------------------------------------------------------------


@dataclass
class Part:
    label: str
    minutes: int


@dataclass
class Week:
    monday: date
    self_minutes: int = 0
    couple_minutes: int = 0
    self_parts: list[Part] = field(default_factory=list)
    couple_parts: list[Part] = field(default_factory=list)


def entries_between(
    user: Any, membership: Membership, first: date, last: date
) -> QuerySet[BalanceEntry]:
    """What `user` may see of hand-logged time: their own, and couple time
    their partner shared (self time is private by rule)."""
    return BalanceEntry.objects.visible_to(user).filter(
        couple=membership.couple, on__gte=first, on__lte=last, minutes__isnull=False
    )


def weeks(user: Any, membership: Membership, last_monday: date, count: int) -> list[Week]:
    """`count` weeks of `user`'s balance ending with the week of `last_monday`,
    oldest first: one query for logged time and one per source."""
    first = last_monday - timedelta(weeks=count - 1)
    window = sources.Window(user.time_zone, first, last_monday + timedelta(days=6))
    by_week: dict[date, Week] = {
        first + timedelta(weeks=n): Week(first + timedelta(weeks=n)) for n in range(count)
    }
    self_parts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    couple_parts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for entry in entries_between(user, membership, window.first, window.last):
        monday = monday_of(entry.on)
        minutes = entry.minutes or 0
        if entry.kind == Kind.SELF:
            # Only one's own: the rule keeps the partner's self time out of reach.
            if entry.author_id == user.pk:
                self_parts[monday][entry.category] += minutes
        else:
            couple_parts[monday][_("Logged: %(what)s") % {"what": entry.category}] += minutes
    labels = {s.key: str(s.label) for s in sources.all_sources()}
    for key, days in sources.couple_minutes(user, membership.couple, window).items():
        for day, minutes in days.items():
            if window.first <= day <= window.last and minutes:
                couple_parts[monday_of(day)][labels[key]] += minutes
    for monday, week in by_week.items():
        week.self_parts = _parts(self_parts.get(monday, {}))
        week.couple_parts = _parts(couple_parts.get(monday, {}))
        week.self_minutes = sum(p.minutes for p in week.self_parts)
        week.couple_minutes = sum(p.minutes for p in week.couple_parts)
    return list(by_week.values())


def _parts(found: dict[str, int]) -> list[Part]:
    return [Part(label, minutes) for label, minutes in sorted(found.items(), key=lambda i: -i[1])]


def recent_categories(user: Any, membership: Membership, kind: str, limit: int = 8) -> list[str]:
    used = (
        BalanceEntry.objects.writable_by(user)
        .filter(couple=membership.couple, kind=kind)
        .order_by("-created")
        .values_list("category", flat=True)[:50]
    )
    seen: list[str] = []
    for name in [*used, *(str(s) for s in SUGGESTED[Kind(kind)])]:
        if name not in seen:
            seen.append(name)
    return seen[:limit]
