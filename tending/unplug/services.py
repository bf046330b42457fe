"""What can happen in Unplug; shared by the pages and the API.

Time: sessions are stored as UTC instants; days and weeks (Monday to Sunday)
are the couple's, in its time zone. A session that runs past midnight is
split at local midnight, so its minutes count for each day (and week) it
touched.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tending.couples.access import partner_membership
from tending.couples.boundary import SHARED_WITH_PARTNER, Visibility
from tending.couples.models import Couple, Membership
from tending.couples.services import CoupleActionRefused
from tending.lib.timezones import get_zone
from tending.lib.usertext import TextRefused, clean_partner_text
from tending.unplug.models import (
    MAX_SESSION,
    MAX_TEXT_LENGTH,
    Check,
    Commitment,
    PhoneRating,
    UnplugSession,
    weekday_bits,
)

RATING_WEEKS_BACK = 8  # a rating may be given late, for a few weeks


def writer(user: Any) -> Membership:
    """The partner membership a write happens in: therapists 403, no couple 409."""
    membership = partner_membership(user)
    if membership is not None:
        return membership
    if Membership.objects.active().filter(user=user).exists():
        raise PermissionDenied
    raise CoupleActionRefused(_("Start or join a couple space first."), status=409)


def partner_of(membership: Membership) -> Any | None:
    """The other partner of the couple, if there is one yet."""
    other = (
        Membership.objects.partners()
        .filter(couple_id=membership.couple_id)
        .exclude(user_id=membership.user_id)
        .select_related("user")
        .first()
    )
    return other.user if other else None


def local_today(couple: Couple, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(get_zone(couple.time_zone)).date()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_instant(moment: datetime, zone_name: str) -> datetime:
    """A naive local wall-clock time as an aware instant (fold=0)."""
    return moment.replace(tzinfo=get_zone(zone_name))


def _visibility(value: str) -> str:
    if value not in Visibility.values:
        raise CoupleActionRefused(_("Choose who can see your answer."), status=400)
    return value


# --- Commitments ----------------------------------------------------------------


def _commitment_fields(text: str, starts: time, ends: time, days: list[int]) -> dict[str, Any]:
    try:
        text = clean_partner_text(text, MAX_TEXT_LENGTH)
    except TextRefused as refusal:
        raise CoupleActionRefused(str(refusal), status=400) from None
    if starts == ends:
        raise CoupleActionRefused(
            _("The window needs an end different from its start."), status=400
        )
    if not days or any(not 0 <= d <= 6 for d in days):
        raise CoupleActionRefused(_("Choose at least one day of the week."), status=400)
    return {"text": text, "starts": starts, "ends": ends, "weekdays": weekday_bits(days)}


def create_commitment(
    membership: Membership,
    text: str,
    starts: time,
    ends: time,
    days: list[int],
    visibility: str = Visibility.PARTNER,
) -> Commitment:
    if visibility not in SHARED_WITH_PARTNER:
        raise CoupleActionRefused(
            _("A commitment is made together, so it is always shared with your partner."),
            status=400,
        )
    return Commitment.objects.create(
        couple=membership.couple,
        author=membership.user,
        visibility=visibility,
        **_commitment_fields(text, starts, ends, days),
    )


def edit_commitment(
    commitment: Commitment, text: str, starts: time, ends: time, days: list[int]
) -> Commitment:
    for field, value in _commitment_fields(text, starts, ends, days).items():
        setattr(commitment, field, value)
    commitment.save()
    return commitment


def stop_commitment(commitment: Commitment, now: datetime | None = None) -> None:
    """Stopped, not deleted: the nights already answered stay in the history."""
    commitment.stopped_at = now or timezone.now()
    commitment.save(update_fields=["stopped_at", "updated"])


def editable_commitment(user: Any, commitment_id: Any) -> Commitment:
    found = (
        Commitment.objects.editable_by(user).select_related("couple").filter(pk=commitment_id)
    ).first()
    if found is not None:
        return found
    if Commitment.objects.visible_to(user).filter(pk=commitment_id).exists():
        raise PermissionDenied
    raise Http404


def check_night(
    commitment: Commitment,
    user: Any,
    night: date,
    kept: bool,
    visibility: str = Visibility.PRIVATE,
    now: datetime | None = None,
) -> Check:
    """The partner's own answer for one night of a commitment."""
    if not commitment.applies_on(night):
        raise CoupleActionRefused(_("This commitment is not for that day."), status=400)
    if night > local_today(commitment.couple, now):
        raise CoupleActionRefused(_("That night has not come yet."), status=400)
    if night < commitment.created.astimezone(get_zone(commitment.couple.time_zone)).date():
        raise CoupleActionRefused(_("That night was before the commitment."), status=400)
    check, _created = Check.objects.update_or_create(
        commitment=commitment,
        night=night,
        author=user,
        defaults={
            "couple_id": commitment.couple_id,
            "kept": kept,
            "visibility": _visibility(visibility),
        },
    )
    return check


# --- Sessions -------------------------------------------------------------------


def open_session(couple: Couple, user: Any, now: datetime | None = None) -> UnplugSession | None:
    """The session going on now, if any. One left open for more than twelve
    hours is ended where it stops counting."""
    now = now or timezone.now()
    session = (
        UnplugSession.objects.visible_to(user)
        .filter(couple=couple, ended_at__isnull=True)
        .select_related("author", "joined_by")
        .first()
    )
    if session is not None and now - session.created >= MAX_SESSION:
        _close(session, None, now)
        return None
    return session


def _close(session: UnplugSession, user: Any, now: datetime) -> UnplugSession:
    end = session.counted_end(now)
    session.ended_at = end
    session.ended_by = user
    session.minutes = max(0, int((end - session.created).total_seconds() // 60))
    session.save(update_fields=["ended_at", "ended_by", "minutes", "updated"])
    return session


def start_session(
    membership: Membership, planned_minutes: int | None = None, now: datetime | None = None
) -> UnplugSession:
    now = now or timezone.now()
    if planned_minutes is not None and not 1 <= planned_minutes <= 12 * 60:
        raise CoupleActionRefused(_("A session lasts from 1 minute to 12 hours."), status=400)
    if open_session(membership.couple, membership.user, now) is not None:
        raise CoupleActionRefused(
            _("You are already unplugged together: join the session that is on."), status=409
        )
    try:
        with transaction.atomic():
            return UnplugSession.objects.create(
                couple=membership.couple,
                author=membership.user,
                visibility=Visibility.PARTNER,
                planned_minutes=planned_minutes,
                created=now,
            )
    except IntegrityError:
        # The other partner pressed the button at the same moment.
        raise CoupleActionRefused(
            _("Your partner just started one: join it."), status=409
        ) from None


def editable_session(user: Any, session_id: Any) -> UnplugSession:
    found = (
        UnplugSession.objects.editable_by(user)
        .select_related("couple", "author", "joined_by")
        .filter(pk=session_id)
        .first()
    )
    if found is not None:
        return found
    if UnplugSession.objects.visible_to(user).filter(pk=session_id).exists():
        raise PermissionDenied
    raise Http404


def join_session(session: UnplugSession, user: Any, now: datetime | None = None) -> UnplugSession:
    if not session.is_open:
        raise CoupleActionRefused(_("This session has ended."), status=409)
    if session.author_id == user.pk or session.joined_by_id == user.pk:
        return session  # already in it: joining twice changes nothing
    session.joined_by = user
    session.joined_at = now or timezone.now()
    session.save(update_fields=["joined_by", "joined_at", "updated"])
    return session


def end_session(session: UnplugSession, user: Any, now: datetime | None = None) -> UnplugSession:
    if not session.is_open:
        raise CoupleActionRefused(_("This session has already ended."), status=409)
    return _close(session, user, now or timezone.now())


def check_session(
    session: UnplugSession, user: Any, kept: bool, visibility: str = Visibility.PRIVATE
) -> Check:
    if session.is_open:
        raise CoupleActionRefused(_("Say how it went once the session has ended."), status=400)
    check, _created = Check.objects.update_or_create(
        session=session,
        author=user,
        defaults={
            "couple_id": session.couple_id,
            "kept": kept,
            "visibility": _visibility(visibility),
        },
    )
    return check


# --- Weekly rating --------------------------------------------------------------


def rate_week(
    membership: Membership,
    week_start: date,
    value: int,
    visibility: str = Visibility.PRIVATE,
    now: datetime | None = None,
) -> PhoneRating:
    if not 0 <= value <= 4:
        raise CoupleActionRefused(_("Answer from 0 (not at all) to 4 (a lot)."), status=400)
    current = monday_of(local_today(membership.couple, now))
    if week_start.weekday() != 0:
        raise CoupleActionRefused(_("A week starts on a Monday."), status=400)
    if week_start > current:
        raise CoupleActionRefused(_("That week has not started yet."), status=400)
    if current - week_start > timedelta(weeks=RATING_WEEKS_BACK):
        raise CoupleActionRefused(_("That week is too long ago to rate now."), status=400)
    rating, _created = PhoneRating.objects.update_or_create(
        couple=membership.couple,
        author=membership.user,
        week_start=week_start,
        defaults={"value": value, "visibility": _visibility(visibility)},
    )
    return rating


# --- Minutes by day and week ------------------------------------------------------


def split_by_day(start: datetime, end: datetime, zone_name: str) -> dict[date, int]:
    """Whole minutes of [start, end) on each local day, split at local midnight."""
    zone = get_zone(zone_name)
    found: dict[date, int] = defaultdict(int)
    cursor = start
    while cursor < end:
        day = cursor.astimezone(zone).date()
        midnight = local_instant(datetime.combine(day + timedelta(days=1), time.min), zone_name)
        piece_end = min(end, midnight)
        found[day] += int((piece_end - cursor).total_seconds() // 60)
        cursor = piece_end
    return dict(found)


def sessions_overlapping(
    user: Any, couple: Couple, start: datetime, end: datetime
) -> QuerySet[UnplugSession]:
    return UnplugSession.objects.visible_to(user).filter(
        Q(ended_at__gt=start) | Q(ended_at__isnull=True),
        couple=couple,
        created__lt=end,
        created__gt=start - MAX_SESSION,
    )


def minutes_by_day(
    user: Any, couple: Couple, first: date, last: date, zone_name: str, now: datetime | None = None
) -> dict[date, int]:
    """Unplugged minutes on each local day from `first` to `last` (one query)."""
    now = now or timezone.now()
    start = local_instant(datetime.combine(first, time.min), zone_name)
    end = local_instant(datetime.combine(last + timedelta(days=1), time.min), zone_name)
    totals: dict[date, int] = defaultdict(int)
    for session in sessions_overlapping(user, couple, start, end):
        piece_start = max(session.created, start)
        piece_end = min(session.counted_end(now), end)
        for day, minutes in split_by_day(piece_start, piece_end, zone_name).items():
            totals[day] += minutes
    return dict(totals)


@dataclass
class WeekRow:
    week_start: date
    minutes: int
    my_rating: int | None
    partner_rating: int | None


def weekly(
    user: Any, couple: Couple, weeks: int = 12, now: datetime | None = None
) -> list[WeekRow]:
    """The last `weeks` weeks, oldest first: unplugged minutes beside each
    partner's phone rating (the other partner's only if they shared it)."""
    now = now or timezone.now()
    current = monday_of(local_today(couple, now))
    first = current - timedelta(weeks=weeks - 1)
    per_day = minutes_by_day(
        user, couple, first, current + timedelta(days=6), couple.time_zone, now
    )
    ratings = list(
        PhoneRating.objects.visible_to(user).filter(couple=couple, week_start__gte=first)
    )
    mine = {r.week_start: r.value for r in ratings if r.author_id == user.pk}
    theirs = {r.week_start: r.value for r in ratings if r.author_id != user.pk}
    rows = []
    for n in range(weeks):
        monday = first + timedelta(weeks=n)
        minutes = sum(per_day.get(monday + timedelta(days=d), 0) for d in range(7))
        rows.append(WeekRow(monday, minutes, mine.get(monday), theirs.get(monday)))
    return rows
