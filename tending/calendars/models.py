"""Calendars a partner connects, reduced to the busy times the picker needs.

A calendar belongs to the partner who connected it and is private to them
(a database rule, not only a default): the other partner never sees its name,
its address or its busy times, only the free windows both share. Of each
event Tending keeps its start and end and nothing else — no title, place,
attendees or description ever reaches the database.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tending.calendars import sealed
from tending.couples.boundary import CoupleOwned, Visibility
from tending.couples.models import Couple

# How far ahead events are expanded into busy intervals. A subscription is
# fetched again every few hours, so two months ahead is plenty; an uploaded
# file is read once, so it is expanded for a year (and the page says until when).
SUBSCRIPTION_HORIZON = timedelta(days=60)
UPLOAD_HORIZON = timedelta(days=366)
# Keep a day of the past: "now" windows must see an event that started earlier.
PAST_MARGIN = timedelta(days=1)
REFRESH_EVERY = timedelta(hours=4)
# A worker that died mid-refresh gives its claim up after this long.
CLAIM_LEASE = timedelta(minutes=2)


class SourceKind(models.TextChoices):
    SUBSCRIPTION = "url", _("Subscription address")
    UPLOAD = "upload", _("Uploaded file")


class SourceStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be read")
    OK = "ok", _("Up to date")
    ERROR = "error", _("Could not be read")


class CalendarSource(CoupleOwned):
    """One calendar of one partner: a secret subscription address or an uploaded file."""

    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(max_length=8, choices=SourceKind.choices)
    # The secret address is a password in all but name: it is stored sealed
    # (`tending.calendars.sealed`), shown back to its owner only as a hint,
    # and never to anyone else.
    sealed_address = models.TextField(blank=True)
    address_hint = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=8, choices=SourceStatus.choices, default=SourceStatus.PENDING
    )
    message = models.CharField(max_length=400, blank=True)
    busy_count = models.PositiveIntegerField(default=0)
    covers_until = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    refresh_requested_at = models.DateTimeField(null=True, blank=True)
    next_refresh_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        indexes = [models.Index(fields=["kind", "next_refresh_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility=Visibility.PRIVATE), name="calendar_is_private"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_subscription(self) -> bool:
        return self.kind == SourceKind.SUBSCRIPTION

    @property
    def is_busy_working(self) -> bool:
        """Still being read: the page keeps polling while this is true."""
        return self.is_subscription and (
            self.refresh_requested_at is not None or self.status == SourceStatus.PENDING
        )

    @property
    def shown_url(self) -> str:
        """The address shortened, so a glance over a shoulder does not give it away."""
        return self.address_hint

    def set_secret_address(self, address: str) -> None:
        self.sealed_address = sealed.seal(address, self.pk)
        self.address_hint = sealed.hint(address)

    def secret_address(self) -> str:
        """The full address, for the fetcher only; `sealed.AddressUnreadable`
        when the server's keys no longer open it."""
        return sealed.open_sealed(self.sealed_address, self.pk)


class BusyIntervalQuerySet(models.QuerySet["BusyInterval"]):
    def of_owner(self, user: Any) -> BusyIntervalQuerySet:
        """A partner's own busy times (through their own calendars only)."""
        return self.filter(calendar__in=CalendarSource.objects.visible_to(user))

    def for_joint_windows(self, couple: Couple, start: Any, end: Any) -> BusyIntervalQuerySet:
        """Both partners' busy times overlapping [start, end).

        The one place that reads the other partner's private busy times, and
        only for `tending.calendars.windows`, whose output (the windows when
        both are free) is all the couple ever sees of them.
        """
        return self.filter(couple=couple, start__lt=end, end__gt=start)


class BusyInterval(models.Model):
    """When a partner is busy: a start and an end, in UTC, and nothing more.

    Derived from a calendar (replaced on every refresh), not written by a
    person, so it is not a `CoupleOwned` row; it carries the couple and the
    owner all the same, and is read only through its queryset methods.
    """

    calendar = models.ForeignKey(CalendarSource, on_delete=models.CASCADE, related_name="busy")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()

    objects = BusyIntervalQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["couple", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="busy_has_length")
        ]

    def __str__(self) -> str:
        return f"busy {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M} UTC"


def default_min_minutes() -> int:
    return 45


class PlanningHours(models.Model):
    """When the couple would like to do things together, and the shortest
    stretch worth suggesting something for. A setting of the couple like its
    name and time zone: either partner may change it."""

    couple = models.OneToOneField(
        Couple, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    weekday_from = models.PositiveSmallIntegerField(_("weekdays from"), default=18)
    weekday_to = models.PositiveSmallIntegerField(_("weekdays until"), default=22)
    weekend_from = models.PositiveSmallIntegerField(_("weekends from"), default=9)
    weekend_to = models.PositiveSmallIntegerField(_("weekends until"), default=22)
    min_minutes = models.PositiveSmallIntegerField(
        _("shortest free time worth showing (minutes)"), default=default_min_minutes
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday_from__lt=models.F("weekday_to"), weekday_to__lte=24)
                & Q(weekend_from__lt=models.F("weekend_to"), weekend_to__lte=24)
                & Q(min_minutes__gte=15, min_minutes__lte=480),
                name="planning_hours_make_sense",
            )
        ]

    def __str__(self) -> str:
        return f"{self.weekday_from}-{self.weekday_to} / {self.weekend_from}-{self.weekend_to}"


class PlanningStamp(models.Model):
    """A number that changes whenever anything the picker shows may have
    changed for a couple: a calendar read, the hours, an idea, an answer, a
    memory, a partner joining or leaving. Pages cache what they computed
    under it, so a view costs one primary-key read instead of recomputing;
    kept in the database so that every server process sees the same number."""

    couple = models.OneToOneField(
        Couple, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.couple_id}: {self.version}"
