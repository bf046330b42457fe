"""What can happen to a partner's calendars; shared by the pages, the API and the worker.

Reading a calendar replaces its busy intervals in one transaction, so a
refusal (a bad file, an address that cannot be read) leaves the previous
good data exactly as it was, and tells the person why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tending.calendars import fetch as fetch_module
from tending.calendars import ics, stamps
from tending.calendars.fetch import Fetched, FetchRefused, fetch
from tending.calendars.models import (
    CLAIM_LEASE,
    PAST_MARGIN,
    REFRESH_EVERY,
    SUBSCRIPTION_HORIZON,
    UPLOAD_HORIZON,
    BusyInterval,
    CalendarSource,
    PlanningHours,
    SourceKind,
    SourceStatus,
)
from tending.calendars.sealed import AddressUnreadable
from tending.calendars.windows import DAYS_AHEAD, Hours, Window, free_windows
from tending.couples.boundary import Visibility
from tending.couples.models import Couple
from tending.couples.services import CoupleActionRefused

log = logging.getLogger("tending.calendars")

MAX_CALENDARS_PER_PARTNER = 8
Fetcher = Callable[[str], Fetched]


class CalendarActionRefused(CoupleActionRefused):
    """A refusal with a message for the person; the API answers it as
    {"detail": message} with `status`."""


def _check_room(user: Any, couple: Couple) -> None:
    count = CalendarSource.objects.writable_by(user).filter(couple=couple).count()
    if count >= MAX_CALENDARS_PER_PARTNER:
        raise CalendarActionRefused(
            _("You can connect up to %(max)d calendars. Remove one first.")
            % {"max": MAX_CALENDARS_PER_PARTNER},
            status=409,
        )


def add_subscription(user: Any, couple: Couple, name: str, url: str) -> CalendarSource:
    """Connect a secret address. Its form and the addresses its server
    resolves to are checked here (a private or internal one is refused and
    nothing is stored); the worker fetches it, never the request, and the
    page follows its progress."""
    try:
        url = fetch_module.check_address(url)
    except FetchRefused as refused:
        raise CalendarActionRefused(refused.message) from None
    _check_room(user, couple)
    source = CalendarSource(
        couple=couple,
        author=user,
        visibility=Visibility.PRIVATE,
        name=name.strip() or _("My calendar"),
        kind=SourceKind.SUBSCRIPTION,
        status=SourceStatus.PENDING,
        refresh_requested_at=timezone.now(),
    )
    source.set_secret_address(url)
    source.save()
    return source


def add_upload(user: Any, couple: Couple, name: str, data: bytes) -> CalendarSource:
    """Read an uploaded .ics file now; nothing is stored when it is refused."""
    _check_room(user, couple)
    now = timezone.now()
    busy = _expand(data, user.time_zone, now, UPLOAD_HORIZON)
    with transaction.atomic():
        source = CalendarSource.objects.create(
            couple=couple,
            author=user,
            visibility=Visibility.PRIVATE,
            name=name.strip() or _("My calendar"),
            kind=SourceKind.UPLOAD,
        )
        _store(source, busy, now, UPLOAD_HORIZON)
    return source


def replace_upload(source: CalendarSource, data: bytes) -> CalendarSource:
    """A fresh copy of an uploaded calendar; the old busy times stay on refusal."""
    if source.kind != SourceKind.UPLOAD:
        raise CalendarActionRefused(_("This calendar is read from its address, not uploaded."))
    now = timezone.now()
    busy = _expand(data, source.author.time_zone, now, UPLOAD_HORIZON)
    with transaction.atomic():
        _store(source, busy, now, UPLOAD_HORIZON)
    return source


def _expand(data: bytes, zone: str, now: datetime, horizon: timedelta) -> list[ics.Busy]:
    try:
        return ics.read(data, zone, now - PAST_MARGIN, now + horizon)
    except ics.CalendarRefused as refused:
        raise CalendarActionRefused(refused.message) from None


def _store(
    source: CalendarSource,
    busy: list[ics.Busy],
    now: datetime,
    horizon: timedelta,
    **bookkeeping: Any,
) -> None:
    # Set-wise on purpose: a calendar is hundreds or thousands of intervals,
    # replaced as a whole inside the caller's transaction; the row's own save
    # below is what tells caches that the calendar changed.
    BusyInterval.objects.filter(calendar=source).delete()
    BusyInterval.objects.bulk_create(
        (
            BusyInterval(
                calendar=source,
                couple_id=source.couple_id,
                owner_id=source.author_id,
                start=item.start,
                end=item.end,
            )
            for item in busy
        ),
        batch_size=500,
    )
    _record(
        source,
        status=SourceStatus.OK,
        message="",
        busy_count=len(busy),
        covers_until=now + horizon,
        last_success_at=now,
        last_attempt_at=now,
        **bookkeeping,
    )


def _record(source: CalendarSource, **fields: Any) -> bool:
    """Save `fields` of the calendar through the model, so that its signals
    fire; False when it was disconnected meanwhile (nothing is recreated)."""
    for name, value in fields.items():
        setattr(source, name, value)
    try:
        source.save(update_fields=list(fields))
    except CalendarSource.NotUpdated:
        return False
    return True


def request_refresh(source: CalendarSource) -> None:
    if source.kind != SourceKind.SUBSCRIPTION:
        raise CalendarActionRefused(_("An uploaded calendar is refreshed by uploading it again."))
    _record(source, refresh_requested_at=timezone.now())


def refresh(source: CalendarSource, fetcher: Fetcher | None = None) -> bool:
    """Fetch and read a subscription now. True when it worked; on refusal the
    previous busy times stay and the message says why."""
    fetcher = fetcher or fetch
    now = timezone.now()
    done_with = {
        "refresh_requested_at": None,
        "claimed_until": None,
        "next_refresh_at": now + REFRESH_EVERY,
    }
    try:
        fetched = fetcher(_address_of(source))
        busy = ics.read(
            fetched.body, source.author.time_zone, now - PAST_MARGIN, now + SUBSCRIPTION_HORIZON
        )
    except (FetchRefused, ics.CalendarRefused) as refused:
        _record(
            source,
            status=SourceStatus.ERROR,
            message=refused.message[:400],
            last_attempt_at=now,
            **done_with,
        )
        return False
    with transaction.atomic():
        # Disconnected while it was being fetched: its busy times must not come back.
        if not CalendarSource.objects.select_for_update().filter(pk=source.pk).exists():
            return False
        _store(source, busy, now, SUBSCRIPTION_HORIZON, **done_with)
    return True


def _address_of(source: CalendarSource) -> str:
    try:
        return source.secret_address()
    except AddressUnreadable:
        raise FetchRefused(
            _(
                "Tending can no longer read this calendar's address (the server's secret "
                "key was changed). Disconnect it and connect it again."
            )
        ) from None


def due(now: datetime) -> QuerySet[CalendarSource]:
    """Subscriptions to fetch: asked for, or not fetched for a while, and not
    claimed by a worker right now."""
    return CalendarSource.objects.filter(kind=SourceKind.SUBSCRIPTION).filter(
        Q(refresh_requested_at__isnull=False) | Q(next_refresh_at__lte=now),
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
    )


def claim_due(now: datetime | None = None, limit: int = 5) -> list[CalendarSource]:
    """Subscriptions this worker may refresh now. Each is claimed with a
    conditional UPDATE, so that two workers never fetch the same one."""
    now = now or timezone.now()
    claimed = []
    for source in due(now).select_related("author")[:limit]:
        won = due(now).filter(pk=source.pk).update(claimed_until=now + CLAIM_LEASE)
        if won:
            claimed.append(source)
    return claimed


def refresh_due(fetcher: Fetcher | None = None, now: datetime | None = None) -> int:
    """The worker's job: refresh what is due; returns how many were read."""
    done = 0
    for source in claim_due(now):
        try:
            done += refresh(source, fetcher)
        except Exception:
            # One calendar's surprise must not stop the others.
            log.exception("refreshing calendar %s failed", source.pk)
            _record(
                source,
                claimed_until=None,
                refresh_requested_at=None,
                next_refresh_at=timezone.now() + REFRESH_EVERY,
                status=SourceStatus.ERROR,
                message=_("Something went wrong reading this calendar; it will be tried again."),
            )
    return done


# --- The couple's free windows ------------------------------------------------


def planning_hours(couple: Couple) -> PlanningHours:
    """The couple's hours, or the defaults (not stored until someone changes them)."""
    return PlanningHours.objects.filter(couple=couple).first() or PlanningHours(couple=couple)


def as_hours(stored: PlanningHours) -> Hours:
    return Hours(
        stored.weekday_from,
        stored.weekday_to,
        stored.weekend_from,
        stored.weekend_to,
        stored.min_minutes,
    )


def joint_busy(couple: Couple, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    return list(
        BusyInterval.objects.for_joint_windows(couple, start, end).values_list("start", "end")
    )


def couple_windows(
    couple: Couple, hours: PlanningHours | None = None, now: datetime | None = None
) -> list[Window]:
    """The windows of the next 14 days when both partners are free.

    Cached per process for a few minutes, keyed by what the answer depends
    on, so a page view costs one primary-key read instead of reading every
    busy interval again; any change to a calendar or to the hours moves the
    couple's planning stamp (`stamps`), which is part of the key."""
    now = now or timezone.now()
    hours = hours or planning_hours(couple)
    settings_key = f"{hours.weekday_from}-{hours.weekday_to}-{hours.weekend_from}-"
    settings_key += f"{hours.weekend_to}-{hours.min_minutes}-{couple.time_zone}"
    minute = int(now.timestamp() // 300)
    key = f"calendars:windows:{couple.pk}:{stamps.version(couple.pk)}:{settings_key}:{minute}"
    found = cache.get(key)
    if found is None:
        end = now + timedelta(days=DAYS_AHEAD + 1)
        found = free_windows(joint_busy(couple, now, end), as_hours(hours), couple.time_zone, now)
        cache.set(key, found, 300)
    # The cached list was computed up to five minutes ago: trim what has passed.
    shortest = timedelta(minutes=hours.min_minutes)
    return [
        Window(max(w.start, now), w.end) for w in found if w.end - max(w.start, now) >= shortest
    ]
