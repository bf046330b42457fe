"""The couple's calendar feed: one secret, revocable ICS address per partner.

Any calendar app can subscribe to it. It is built with `icalendar` from
*contributors*: functions that each return calendar events for one partner
of one couple. Traditions contribute here (one recurring event per season of
each tradition, with its RRULE, TZID and VTIMEZONE); the Fun list adds its
planned dates with a `feed.py` of its own:

    from tending.traditions.feed import FeedRequest, contributes

    @contributes
    def planned_dates(request: FeedRequest) -> list[icalendar.Event]: ...

Every installed app's `feed` module is imported once, the first time a feed
is built (like `demo` modules). A contributor reads only what
`request.user` may see (`visible_to`), and puts free text a partner wrote
(descriptions, notes) in an event only when `request.include_details` is on:
by default a feed carries names and times, nothing more.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import autodiscover_modules
from icalendar import Calendar, Event, Timezone, vRecur

from tending.couples.boundary import Visibility
from tending.couples.models import Couple, Membership
from tending.lib.pagecache import forget_at_once, kept_lookup
from tending.lib.timezones import get_zone
from tending.traditions import recurrence
from tending.traditions.models import CalendarFeed, Schedule

PRODID = "-//Tending//Calendar feed//EN"
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100
# Recording every fetch would turn each calendar refresh into a write.
FETCH_RESOLUTION = timedelta(hours=1)
# VTIMEZONE rules are written from this year on; a feed's seasons rarely
# reach further back, and older dates still carry the right TZID.
VTIMEZONE_FIRST_YEAR = 2000


@dataclass(frozen=True)
class FeedRequest:
    """Whose feed is being built: one partner of one couple."""

    couple: Couple
    user: Any
    include_details: bool
    now: datetime


Contributor = Callable[[FeedRequest], Iterable[Event]]
CONTRIBUTORS: list[Contributor] = []
_discovered = False


def contributes(func: Contributor) -> Contributor:
    """Register a function that adds events to every partner's feed."""
    CONTRIBUTORS.append(func)
    return func


def contributors() -> list[Contributor]:
    global _discovered
    if not _discovered:
        autodiscover_modules("feed")
        _discovered = True
    return CONTRIBUTORS


# --- Tokens ------------------------------------------------------------------------


def _digest(token: str) -> str:
    # Keyed: a leaked database does not give anyone a working feed address.
    return salted_hmac("tending.calendar-feed", token, algorithm="sha256").hexdigest()


def issue_feed(
    membership: Membership, include_details: bool | None = None
) -> tuple[CalendarFeed, str]:
    """A new secret address for this partner; any older one stops working now.
    Returns the feed and its token, which is never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        old = live_feed(membership.user, membership.couple)
        details = old.include_details if old is not None else False
        if include_details is not None:
            details = include_details
        if old is not None:
            old.revoked_at = timezone.now()
            old.save(update_fields=["revoked_at", "updated"])
        feed = CalendarFeed.objects.create(
            couple=membership.couple,
            author=membership.user,
            visibility=Visibility.PRIVATE,
            digest=_digest(token),
            include_details=details,
        )
    return feed, token


def live_feed(user: Any, couple: Couple) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.visible_to(user)
        .filter(couple=couple, author=user, revoked_at__isnull=True)
        .first()
    )


def revoke_feed(feed: CalendarFeed) -> None:
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at", "updated"])


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed behind a token, if its owner is still an active partner
    of its couple (with its `author` and `couple` set).

    Calendar apps ask every few minutes, so each step is kept: the feed row
    by its digest (forgotten when the feed is saved: revoked, regenerated),
    the account (forgotten when it changes: deactivated) and the partner's
    membership (under their generation: leaving replaces it)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    subscription = _live_feed(_digest(token))
    if subscription is None:
        return None
    from tending.accounts.backends import CachedModelBackend
    from tending.couples.access import partner_membership

    author = CachedModelBackend().get_user(subscription.author_id)  # None once deactivated
    membership = partner_membership(author) if author is not None else None
    if membership is None or membership.couple_id != subscription.couple_id:
        return None
    subscription.author, subscription.couple = author, membership.couple
    return subscription


def _feed_key(digest: str) -> str:
    return f"calendar-feed:{digest}"


def _live_feed(digest: str) -> CalendarFeed | None:
    # An unknown digest is not kept (kept_lookup keeps no None): anyone can
    # make those up.
    return kept_lookup(
        _feed_key(digest),
        lambda: CalendarFeed.objects.filter(digest=digest, revoked_at__isnull=True).first(),
    )


def forget_feed(sender: type, instance: CalendarFeed, **kwargs: Any) -> None:
    """Connected to the feed's saves and deletes (apps.py): a revoked or
    replaced address stops at once."""
    forget_at_once(_feed_key(instance.digest))


def note_fetch(feed: CalendarFeed, now: datetime) -> None:
    if feed.last_fetched_at is None or now - feed.last_fetched_at > FETCH_RESOLUTION:
        feed.last_fetched_at = now
        feed.save(update_fields=["last_fetched_at"])


# --- Building ----------------------------------------------------------------------


@lru_cache(maxsize=64)
def vtimezone(zone_name: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of a zone, built once per process (building it is slow).
    It spans the feed's first date to ten years ahead: readers that know the
    zone by its IANA name (most do) use their own rules; the others get the
    changes the feed's dates need. Shorter means quicker to send, too."""
    return Timezone.from_tzid(
        zone_name,
        first_date=date(first_year, 1, 1),
        last_date=date(last_year, 12, 31),
    )


def build_feed(feed: CalendarFeed, now: datetime | None = None) -> bytes:
    now = now or timezone.now()
    request = FeedRequest(
        couple=feed.couple, user=feed.author, include_details=feed.include_details, now=now
    )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{settings.SITE_NAME}: {feed.couple}")
    calendar.add("x-wr-timezone", feed.couple.time_zone)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", timedelta(hours=1))
    first_years: dict[str, int] = {}
    for contribute in contributors():
        for event in contribute(request):
            start = getattr(event.get("dtstart"), "dt", None)
            tzinfo = getattr(start, "tzinfo", None)
            if isinstance(start, datetime) and tzinfo is not None and str(tzinfo) != "UTC":
                name = str(tzinfo)
                first_years[name] = min(first_years.get(name, start.year), start.year)
            calendar.add_component(event)
    for zone_name, first_year in sorted(first_years.items()):
        first_year = max(first_year, VTIMEZONE_FIRST_YEAR)
        calendar.add_component(vtimezone(zone_name, first_year, now.year + 10))
    return calendar.to_ical()


# --- Traditions' part of the feed ----------------------------------------------------


def _until(schedule: Schedule) -> date | datetime | None:
    """The RRULE's UNTIL: the season's end and the rule's last day, whichever
    is first — a UTC instant for timed events, a date for all-day ones."""
    zone = get_zone(schedule.time_zone)
    ends: list[datetime] = []
    if schedule.active_until is not None:
        ends.append(schedule.active_until - timedelta(seconds=1))
    if schedule.last_day is not None:
        last = datetime.combine(schedule.last_day, schedule.time_of_day or time.max)
        ends.append(recurrence.wall_clock_to_utc(last, zone))
    if not ends:
        return None
    until = min(ends).astimezone(UTC)
    if schedule.all_day:
        return until.astimezone(zone).date()
    return until.replace(microsecond=0)


def season_event(schedule: Schedule, include_details: bool) -> Event | None:
    """One season of a tradition as a (recurring) event, or None when it has no dates."""
    if schedule.feed_start is None:
        return None
    if schedule.active_until is not None and start_instant(schedule) >= schedule.active_until:
        return None  # closed before its first date came
    tradition = schedule.tradition
    zone = get_zone(schedule.time_zone)
    event = Event()
    event.add("uid", f"tradition-{schedule.pk}@tending")
    event.add("dtstamp", schedule.updated.astimezone(UTC))
    event.add("summary", tradition.name)
    if include_details and tradition.description:
        event.add("description", tradition.description)
    event.add("categories", ["Tending", "Tradition"])
    event.add("transp", "TRANSPARENT")
    if schedule.all_day:
        event.add("dtstart", schedule.feed_start)
        event.add("duration", timedelta(days=1))
    else:
        assert schedule.time_of_day is not None
        start = datetime.combine(schedule.feed_start, schedule.time_of_day, tzinfo=zone)
        event.add("dtstart", start)
        if schedule.duration_minutes:
            event.add("duration", timedelta(minutes=schedule.duration_minutes))
    if schedule.rule:
        recur = vRecur.from_ical(schedule.rule)
        until = _until(schedule)
        if until is not None:
            recur["UNTIL"] = [until]
        event.add("rrule", recur)
    return event


def start_instant(schedule: Schedule) -> datetime:
    assert schedule.feed_start is not None
    return recurrence.wall_clock_to_utc(
        datetime.combine(schedule.feed_start, schedule.time_of_day or time.min),
        get_zone(schedule.time_zone),
    )


@contributes
def traditions(request: FeedRequest) -> list[Event]:
    seasons = (
        Schedule.objects.visible_to(request.user)
        .filter(couple=request.couple, feed_start__isnull=False)
        .select_related("tradition")
        .order_by("tradition__name", "active_from")
    )
    events = (season_event(schedule, request.include_details) for schedule in seasons)
    return [event for event in events if event is not None]
