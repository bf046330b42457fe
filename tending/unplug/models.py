"""Unplug: tech-free commitments, tech-free sessions, and the weekly phone rating.

A commitment and a session belong to the couple: always shared with the
partner, and either partner may change them — edit or stop a commitment,
join or end a session (`TogetherQuerySet.editable_by`, the rule Traditions
uses). Whether a commitment night or a session was kept is each partner's
own answer (`Check`), as is the weekly "phones got in the way of us" rating;
both are private until their author shares them, and never a score of one
partner shown to the other.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import CoupleOwned, Visibility
from tending.traditions.models import SHARED_CHOICES, TogetherQuerySet

MAX_TEXT_LENGTH = 120
# A session nobody ended counts for at most this long.
MAX_SESSION = timedelta(hours=12)
ALL_DAYS = 0b1111111

_SHARED = Q(visibility__in=[Visibility.PARTNER, Visibility.PARTNER_THERAPIST])

CommitmentManager = models.Manager.from_queryset(TogetherQuerySet)


class Commitment(CoupleOwned):
    """ "Phones out of the bedroom from 22:00": a window of time on chosen days.

    A window whose end is not after its start runs past midnight (22:00 to 07:00);
    its night is named by the day it starts."""

    text = models.CharField(_("what you agree on"), max_length=MAX_TEXT_LENGTH)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    # Monday is bit 0, Sunday bit 6.
    weekdays = models.PositiveSmallIntegerField(default=ALL_DAYS)
    stopped_at = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(
        _("who can see this"), max_length=20, choices=SHARED_CHOICES, default=Visibility.PARTNER
    )

    objects: ClassVar[CommitmentManager] = CommitmentManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["starts", "created"]
        constraints = [
            models.CheckConstraint(condition=_SHARED, name="commitment_is_shared"),
            models.CheckConstraint(
                condition=Q(weekdays__gte=1, weekdays__lte=ALL_DAYS),
                name="commitment_some_days",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def applies_on(self, day: date) -> bool:
        return bool(self.weekdays & (1 << day.weekday()))

    @property
    def days(self) -> list[int]:
        return [d for d in range(7) if self.weekdays & (1 << d)]

    @property
    def overnight(self) -> bool:
        return self.ends <= self.starts

    def window(self, night: date) -> tuple[datetime, datetime]:
        """The window of one night as naive local wall-clock times."""
        start = datetime.combine(night, self.starts)
        end_day = night + timedelta(days=1) if self.overnight else night
        return start, datetime.combine(end_day, self.ends)


SessionManager = models.Manager.from_queryset(TogetherQuerySet)


class UnplugSession(CoupleOwned):
    """ "We're unplugged now": started by one partner (the author), joined by
    the other, ended by either; `minutes` is kept when it ends."""

    planned_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes = models.PositiveIntegerField(null=True, blank=True)
    visibility = models.CharField(max_length=20, choices=SHARED_CHOICES, default=Visibility.PARTNER)

    objects: ClassVar[SessionManager] = SessionManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["couple", "created"])]
        constraints = [
            models.CheckConstraint(condition=_SHARED, name="unplugsession_is_shared"),
            models.UniqueConstraint(
                fields=["couple"],
                condition=Q(ended_at__isnull=True),
                name="unplugsession_one_open_per_couple",
            ),
            models.CheckConstraint(
                condition=Q(planned_minutes__isnull=True)
                | Q(planned_minutes__gte=1, planned_minutes__lte=12 * 60),
                name="unplugsession_planned_within_12h",
            ),
        ]

    @property
    def started_at(self) -> datetime:
        return self.created

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def counted_end(self, now: datetime) -> datetime:
        """Where the session stops counting: its end, now, or twelve hours in."""
        return min(self.ended_at or now, self.created + MAX_SESSION)


class Check(CoupleOwned):
    """A partner's own answer: was this commitment night, or this session, kept?"""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="checks"
    )
    night = models.DateField(null=True, blank=True)
    session = models.ForeignKey(
        UnplugSession, on_delete=models.CASCADE, null=True, blank=True, related_name="checks"
    )
    kept = models.BooleanField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(commitment__isnull=False, night__isnull=False, session__isnull=True)
                | Q(commitment__isnull=True, night__isnull=True, session__isnull=False),
                name="check_one_thing",
            ),
            models.UniqueConstraint(
                fields=["commitment", "night", "author"],
                condition=Q(commitment__isnull=False),
                name="check_night_once_each",
            ),
            models.UniqueConstraint(
                fields=["session", "author"],
                condition=Q(session__isnull=False),
                name="check_session_once_each",
            ),
        ]
        indexes = [models.Index(fields=["couple", "author", "night"])]


class PhoneRating(CoupleOwned):
    """How much phones got in the way of us this week: 0 (not at all) to 4 (a lot).
    Weeks run Monday to Sunday in the couple's time zone."""

    week_start = models.DateField()
    value = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "author", "week_start"], name="phonerating_once_a_week"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=4), name="phonerating_zero_to_four"
            ),
        ]


def weekday_bits(days: list[int] | tuple[int, ...]) -> int:
    return sum(1 << d for d in set(days) if 0 <= d <= 6)
