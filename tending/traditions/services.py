"""What can happen to a tradition; shared by the pages and the API.

Either partner may change a tradition (see `TogetherQuerySet.editable_by`);
a refusal is a `CoupleActionRefused` with a message for a person.

Seasons and boundaries: a schedule change, a pause or a resume takes effect
at a boundary instant — now for a tradition with a time of day, and the next
local midnight for an all-day one (today's all-day occurrence stays where it
is, marked or not). Occurrences before the boundary are history and are never
touched; those after it that nobody marked are replaced by the new season's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tending.couples.access import partner_membership
from tending.couples.boundary import SHARED_WITH_PARTNER, Visibility
from tending.couples.models import Couple, Membership
from tending.couples.services import CoupleActionRefused
from tending.lib.timezones import get_zone
from tending.lib.usertext import TextRefused, clean_partner_text
from tending.traditions import recurrence
from tending.traditions.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_DURATION_MINUTES,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    Meaning,
    Occurrence,
    OccurrenceStatus,
    Schedule,
    Tradition,
)

# Occurrence rows are kept this far ahead, and topped up when fewer remain.
HORIZON = timedelta(days=120)
TOP_UP_BELOW = timedelta(days=30)
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
# A tradition may start on a past day: its first season then opens at that
# day's midnight, however long ago.
FAR_AGO = timedelta(days=366 * 50)
# A first day from this date (a wedding long ago, for a yearly anniversary) up to
# this many years ahead.
FIRST_DAY_RANGE = (date(1900, 1, 1), 10)
# How far `_feed_start` looks for a season's first date, a year at a time.
SEARCH_YEARS = 30


@dataclass(frozen=True)
class ScheduleInput:
    """A schedule as a person gave it: the rule text (RRULE, '' for once), the
    day it starts, and an optional time of day and duration."""

    rule: str
    first_day: date
    time_of_day: time | None = None
    duration_minutes: int | None = None


def writer(user: Any) -> Membership:
    """The partner membership a write happens in: therapists 403, no couple 409."""
    membership = partner_membership(user)
    if membership is not None:
        return membership
    if Membership.objects.active().filter(user=user).exists():
        raise PermissionDenied
    raise CoupleActionRefused(_("Start or join a couple space first."), status=409)


def _text(value: str | None, max_length: int, required: bool) -> str:
    if not (value or "").strip() and not required:
        return ""
    try:
        return clean_partner_text(value, max_length)
    except TextRefused as refusal:
        raise CoupleActionRefused(str(refusal), status=400) from None


def _shared(visibility: str) -> str:
    if visibility not in SHARED_WITH_PARTNER:
        raise CoupleActionRefused(
            _("A tradition belongs to both of you, so it is always shared with your partner."),
            status=400,
        )
    return visibility


def check_schedule(given: ScheduleInput, couple: Couple) -> tuple[recurrence.Rule, ScheduleInput]:
    """The checked rule and the input, or CoupleActionRefused saying what is wrong."""
    earliest, latest = FIRST_DAY_RANGE
    today = local_today(couple)
    if not earliest <= given.first_day <= today + timedelta(days=365 * latest):
        # Older dates reach back past any couple; later ones past any plan (and
        # past what date arithmetic can search, at 9999).
        raise CoupleActionRefused(
            _("Choose a first day between %(earliest)s and %(years)d years from now.")
            % {"earliest": earliest.year, "years": latest},
            status=400,
        )
    duration = given.duration_minutes
    if duration is not None and not 1 <= duration <= MAX_DURATION_MINUTES:
        raise CoupleActionRefused(
            _("A duration is between 1 minute and 24 hours (1440 minutes)."), status=400
        )
    try:
        rule = recurrence.check_rule(given.rule, given.first_day, get_zone(couple.time_zone))
    except recurrence.RuleRefused as refusal:
        raise CoupleActionRefused(str(refusal), status=400) from None
    return rule, given


def schedule_differs(schedule: Schedule, given: ScheduleInput) -> bool:
    """Whether `given` (already checked) would change the season in force."""
    rule, _given = check_schedule(given, schedule.tradition.couple)
    before = (schedule.rule, schedule.last_day, schedule.first_day, schedule.time_of_day)
    after = (rule.text, rule.last_day, given.first_day, given.time_of_day)
    return before != after or schedule.duration_minutes != given.duration_minutes


def local_today(couple: Couple, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(get_zone(couple.time_zone)).date()


def local_midnight(day: date, zone_name: str) -> datetime:
    return recurrence.wall_clock_to_utc(datetime.combine(day, time.min), get_zone(zone_name))


def _boundary(schedule: Schedule | None, now: datetime) -> datetime:
    """Where the current season ends if it is changed now (see the module docstring)."""
    if schedule is None or not schedule.all_day:
        return now
    today = now.astimezone(get_zone(schedule.time_zone)).date()
    return local_midnight(today + timedelta(days=1), schedule.time_zone)


def _instants(schedule: Schedule, start: datetime, end: datetime) -> list[datetime]:
    start = max(start, schedule.active_from)
    end = min(end, schedule.active_until or FAR_FUTURE)
    if end <= start:
        return []
    return recurrence.expand(
        schedule.rule,
        schedule.first_day,
        schedule.time_of_day,
        schedule.last_day,
        get_zone(schedule.time_zone),
        start,
        end,
    )


def _feed_start(schedule: Schedule) -> date | None:
    """The local day of the season's first occurrence, for the feed's DTSTART."""
    zone = get_zone(schedule.time_zone)
    start = schedule.active_from
    end = schedule.active_until or FAR_FUTURE
    # Search a year at a time: a yearly rule may be eleven months off.
    for _year in range(SEARCH_YEARS):
        if start >= end:
            break
        step = min(end, start + timedelta(days=400))
        found = _instants(schedule, start, step)
        if found:
            return found[0].astimezone(zone).date()
        if schedule.last_day and start.astimezone(zone).date() > schedule.last_day:
            return None
        start = step
    return None


def _plan(tradition: Tradition, schedule: Schedule, start: datetime, end: datetime) -> int:
    zone = get_zone(schedule.time_zone)
    rows = [
        Occurrence(
            couple_id=tradition.couple_id,
            author_id=schedule.author_id,
            visibility=tradition.visibility,
            tradition=tradition,
            schedule=schedule,
            starts_at=instant,
            on=instant.astimezone(zone).date(),
        )
        for instant in _instants(schedule, start, end)
    ]
    Occurrence.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _open_season(
    tradition: Tradition,
    author: Any,
    rule: recurrence.Rule,
    given: ScheduleInput,
    start: datetime,
    closed: bool = False,
) -> Schedule:
    zone_name = tradition.couple.time_zone
    schedule = Schedule(
        couple_id=tradition.couple_id,
        author=author,
        visibility=tradition.visibility,
        tradition=tradition,
        rule=rule.text,
        first_day=given.first_day,
        time_of_day=given.time_of_day,
        duration_minutes=given.duration_minutes,
        last_day=rule.last_day,
        time_zone=zone_name,
        active_from=max(start, local_midnight(given.first_day, zone_name)),
    )
    if closed:
        # A season written for a paused tradition: empty until it is resumed.
        schedule.active_until = schedule.active_from
    else:
        schedule.feed_start = _feed_start(schedule)
    schedule.save()
    return schedule


def _current(tradition: Tradition) -> Schedule | None:
    return tradition.schedules.filter(active_until__isnull=True).first()


def current_schedule(tradition: Tradition) -> Schedule:
    """The season in force, or the last one of a paused tradition."""
    schedule = tradition.schedules.order_by("-active_from").first()
    assert schedule is not None, "every tradition has at least one season"
    return schedule


def create_tradition(
    membership: Membership,
    name: str,
    description: str,
    given: ScheduleInput,
    visibility: str = Visibility.PARTNER,
    idea: str = "",
    now: datetime | None = None,
) -> Tradition:
    now = now or timezone.now()
    couple = membership.couple
    rule, given = check_schedule(given, couple)
    with transaction.atomic():
        tradition = Tradition.objects.create(
            couple=couple,
            author=membership.user,
            visibility=_shared(visibility),
            name=_text(name, MAX_NAME_LENGTH, required=True),
            description=_text(description, MAX_DESCRIPTION_LENGTH, required=False),
            idea=idea,
            planned_until=now + HORIZON,
        )
        schedule = _open_season(tradition, membership.user, rule, given, start=now - FAR_AGO)
        _plan(tradition, schedule, schedule.active_from, now + HORIZON)
    return tradition


def edit_tradition(
    tradition: Tradition, name: str, description: str, visibility: str | None = None
) -> Tradition:
    tradition.name = _text(name, MAX_NAME_LENGTH, required=True)
    tradition.description = _text(description, MAX_DESCRIPTION_LENGTH, required=False)
    fields = ["name", "description", "updated"]
    if visibility is not None and visibility != tradition.visibility:
        tradition.visibility = _shared(visibility)
        fields.append("visibility")
        with transaction.atomic():
            tradition.save(update_fields=fields)
            # The seasons and dates are the tradition's: they follow its visibility.
            tradition.schedules.update(visibility=visibility)
            tradition.occurrences.update(visibility=visibility)
        return tradition
    tradition.save(update_fields=fields)
    return tradition


def _close_season(tradition: Tradition, now: datetime) -> tuple[Schedule | None, datetime]:
    current = _current(tradition)
    boundary = _boundary(current, now)
    if current is not None:
        # Dates between the last top-up and the boundary are history too.
        planned = tradition.planned_until or current.active_from
        if planned < boundary:
            _plan(tradition, current, planned, boundary)
        current.active_until = max(boundary, current.active_from)
        current.save(update_fields=["active_until", "updated"])
    return current, boundary


def change_schedule(
    tradition: Tradition, user: Any, given: ScheduleInput, now: datetime | None = None
) -> Schedule:
    """A new season from the boundary on; marks made ahead of time on dates the
    new season keeps carry over, other unmarked dates after it are replaced."""
    now = now or timezone.now()
    rule, given = check_schedule(given, tradition.couple)
    with transaction.atomic():
        was_paused = tradition.is_paused
        _old, boundary = _close_season(tradition, now)
        later = Occurrence.objects.filter(tradition=tradition, starts_at__gte=boundary)
        marked = {o.starts_at: o for o in later.exclude(status=OccurrenceStatus.PLANNED)}
        later.delete()
        # Changing a paused tradition's schedule keeps it paused: the season
        # is written (resuming starts from it) but nothing is planned.
        schedule = _open_season(tradition, user, rule, given, start=boundary, closed=was_paused)
        if was_paused:
            return schedule
        _plan(tradition, schedule, schedule.active_from, now + HORIZON)
        for occurrence in Occurrence.objects.filter(
            tradition=tradition, starts_at__in=list(marked)
        ):
            before = marked[occurrence.starts_at]
            occurrence.status, occurrence.note = before.status, before.note
            occurrence.marked_by_id, occurrence.marked_at = before.marked_by_id, before.marked_at
            occurrence.save(update_fields=["status", "note", "marked_by", "marked_at"])
        tradition.planned_until = now + HORIZON
        tradition.save(update_fields=["planned_until", "updated"])
    return schedule


def pause(tradition: Tradition, now: datetime | None = None) -> None:
    """No new dates and no reminders until resumed; history stays."""
    if tradition.is_paused:
        raise CoupleActionRefused(_("This tradition is already paused."), status=409)
    now = now or timezone.now()
    with transaction.atomic():
        _old, boundary = _close_season(tradition, now)
        Occurrence.objects.filter(tradition=tradition, starts_at__gte=boundary).delete()
        tradition.paused_at = now
        tradition.planned_until = None
        tradition.save(update_fields=["paused_at", "planned_until", "updated"])


def resume(tradition: Tradition, user: Any, now: datetime | None = None) -> Schedule:
    """The same schedule again from now on, in step with its old rhythm."""
    if not tradition.is_paused:
        raise CoupleActionRefused(_("This tradition is not paused."), status=409)
    now = now or timezone.now()
    last = current_schedule(tradition)
    start = now
    if last.all_day:
        # Resumed in the morning, today's all-day date is back on.
        today = now.astimezone(get_zone(last.time_zone)).date()
        start = local_midnight(today, last.time_zone)
    with transaction.atomic():
        schedule = Schedule(
            couple_id=tradition.couple_id,
            author=user,
            visibility=tradition.visibility,
            tradition=tradition,
            rule=last.rule,
            first_day=last.first_day,
            time_of_day=last.time_of_day,
            duration_minutes=last.duration_minutes,
            last_day=last.last_day,
            time_zone=last.time_zone,
            active_from=max(start, last.active_until or start),
        )
        schedule.feed_start = _feed_start(schedule)
        schedule.save()
        _plan(tradition, schedule, schedule.active_from, now + HORIZON)
        tradition.paused_at = None
        tradition.planned_until = now + HORIZON
        tradition.save(update_fields=["paused_at", "planned_until", "updated"])
    return schedule


def plan_ahead(couple: Couple, now: datetime | None = None) -> int:
    """Top up the stored dates of the couple's running traditions; one query
    when there is nothing to do, which is nearly always."""
    now = now or timezone.now()
    due = list(
        Tradition.objects.filter(
            couple=couple, paused_at__isnull=True, planned_until__lt=now + TOP_UP_BELOW
        ).prefetch_related("schedules")
    )
    added = 0
    for tradition in due:
        with transaction.atomic():
            schedule = next((s for s in tradition.schedules.all() if s.active_until is None), None)
            if schedule is not None:
                added += _plan(tradition, schedule, tradition.planned_until or now, now + HORIZON)
            tradition.planned_until = now + HORIZON
            # A model save (not a queryset update): caches learn the dates changed.
            tradition.save(update_fields=["planned_until"])
    return added


def delete_tradition(tradition: Tradition) -> None:
    tradition.delete()


# --- Marking and meaning -----------------------------------------------------------


def mark(
    occurrence: Occurrence, user: Any, status: str, note: str = "", now: datetime | None = None
) -> Occurrence:
    """Done (with an optional note), skipped, or back to not marked."""
    now = now or timezone.now()
    if status not in OccurrenceStatus.values:
        raise CoupleActionRefused(_("Mark it done, skipped, or not marked."), status=400)
    if status == OccurrenceStatus.DONE and occurrence.on > local_today(occurrence.couple, now):
        raise CoupleActionRefused(
            _("This date is still ahead: it can be marked done on the day."), status=400
        )
    occurrence.status = status
    if status == OccurrenceStatus.PLANNED:
        occurrence.note, occurrence.marked_by, occurrence.marked_at = "", None, None
    else:
        occurrence.note = _text(note, MAX_NOTE_LENGTH, required=False)
        occurrence.marked_by, occurrence.marked_at = user, now
    occurrence.save(update_fields=["status", "note", "marked_by", "marked_at", "updated"])
    return occurrence


def set_meaning(
    tradition: Tradition, user: Any, value: int, visibility: str = Visibility.PARTNER
) -> Meaning:
    if not 1 <= value <= 5:
        raise CoupleActionRefused(_("Answer from 1 (a little) to 5 (a great deal)."), status=400)
    if visibility not in Visibility.values:
        raise CoupleActionRefused(_("Choose who can see your answer."), status=400)
    meaning, _created = Meaning.objects.update_or_create(
        tradition=tradition,
        author=user,
        defaults={"couple_id": tradition.couple_id, "value": value, "visibility": visibility},
    )
    return meaning


def editable_tradition(user: Any, tradition_id: Any) -> Tradition:
    """A tradition `user` may change, or 404 (outsiders) / 403 (a therapist who can read it)."""
    tradition = (
        Tradition.objects.editable_by(user).select_related("couple").filter(pk=tradition_id).first()
    )
    if tradition is not None:
        return tradition
    if Tradition.objects.visible_to(user).filter(pk=tradition_id).exists():
        raise PermissionDenied
    raise Http404


def editable_occurrence(user: Any, occurrence_id: Any) -> Occurrence:
    occurrence = (
        Occurrence.objects.editable_by(user)
        .select_related("couple", "tradition")
        .filter(pk=occurrence_id)
        .first()
    )
    if occurrence is not None:
        return occurrence
    if Occurrence.objects.visible_to(user).filter(pk=occurrence_id).exists():
        raise PermissionDenied
    raise Http404
