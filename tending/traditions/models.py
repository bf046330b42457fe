"""Traditions: rituals of the couple's own, their schedules, and what happened.

A tradition belongs to the couple: it is always shared with the partner
(visibility partner, or partner and therapist), and either partner may edit,
pause, resume or delete it and mark its occurrences done or skipped — the one
rule beyond the couple boundary's author-only `writable_by`, kept in
`TogetherQuerySet.editable_by`. What stays each partner's own: their answer
to "how much does this mean to you?" (a `Meaning`, which they may keep to
themself) and their secret calendar-feed address (`CalendarFeed`).

A tradition's schedule lives in `Schedule` rows, one per season: editing the
schedule, pausing or resuming closes the current season and opens another,
so past occurrences keep the times they really had. Occurrences are stored
as rows (`Occurrence`) from the first day up to a few months ahead: pages
read history and the coming week with an index lookup and never re-expand
years of rules on a request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import (
    SHARED_WITH_PARTNER,
    CoupleOwned,
    CoupleOwnedQuerySet,
    Visibility,
)
from tending.couples.models import Membership

MAX_NAME_LENGTH = 80
MAX_DESCRIPTION_LENGTH = 1000
MAX_NOTE_LENGTH = 500
MAX_DURATION_MINUTES = 24 * 60

SHARED_CHOICES = [
    (Visibility.PARTNER.value, Visibility.PARTNER.label),
    (Visibility.PARTNER_THERAPIST.value, Visibility.PARTNER_THERAPIST.label),
]
_SHARED = Q(visibility__in=SHARED_WITH_PARTNER)


class TogetherQuerySet[M: models.Model](CoupleOwnedQuerySet[M]):
    """Rows that belong to the couple rather than to one partner."""

    def editable_by(self, user: Any) -> Self:
        """Rows `user` may change although a partner wrote them: the shared rows
        of the couple they are a partner of. Therapists (read-only members) and
        outsiders get none; a row kept private by its author is never here."""
        if user is None or not user.is_authenticated:
            return self.none()
        as_partner = Membership.objects.partners().filter(user=user).values("couple_id")
        return self.filter(couple__in=as_partner, visibility__in=SHARED_WITH_PARTNER)


TraditionManager = models.Manager.from_queryset(TogetherQuerySet)


class Tradition(CoupleOwned):
    name = models.CharField(_("name"), max_length=MAX_NAME_LENGTH)
    description = models.TextField(
        _("what you do, and why it is yours"), max_length=MAX_DESCRIPTION_LENGTH, blank=True
    )
    # The gallery idea it started from, if any.
    idea = models.CharField(max_length=40, blank=True, default="")
    paused_at = models.DateTimeField(null=True, blank=True)
    # Occurrence rows exist up to this instant (None when paused).
    planned_until = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(
        _("who can see this"),
        max_length=20,
        choices=SHARED_CHOICES,
        default=Visibility.PARTNER,
    )

    objects: ClassVar[TraditionManager] = TraditionManager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["couple", "name"])]
        constraints = [models.CheckConstraint(condition=_SHARED, name="tradition_is_shared")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_paused(self) -> bool:
        """Paused traditions get no reminders and no new occurrences."""
        return self.paused_at is not None

    def next_to_remind(self, now: datetime | None = None) -> Occurrence | None:
        """The occurrence a reminder would be about: the next one not yet
        marked, or None while the tradition is paused (for Nudges)."""
        if self.is_paused:
            return None
        return (
            Occurrence.objects.filter(tradition=self, status=OccurrenceStatus.PLANNED)
            .filter(starts_at__gt=now or timezone.now())
            .order_by("starts_at")
            .first()
        )


ScheduleManager = models.Manager.from_queryset(TogetherQuerySet)


class Schedule(CoupleOwned):
    """One season of a tradition's schedule, active over [active_from, active_until).

    `rule` is a canonical RRULE value ('' for a one-off) read with `first_day`
    as its start, in `time_zone`'s wall-clock time; `feed_start` is the local
    day of its first occurrence inside the season (the calendar feed's DTSTART).
    """

    tradition = models.ForeignKey(Tradition, on_delete=models.CASCADE, related_name="schedules")
    rule = models.CharField(max_length=300, blank=True)
    first_day = models.DateField()
    time_of_day = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)
    time_zone = models.CharField(max_length=64)
    active_from = models.DateTimeField()
    active_until = models.DateTimeField(null=True, blank=True)
    feed_start = models.DateField(null=True, blank=True)
    visibility = models.CharField(max_length=20, choices=SHARED_CHOICES, default=Visibility.PARTNER)

    objects: ClassVar[ScheduleManager] = ScheduleManager()

    class Meta:
        ordering = ["tradition", "active_from"]
        indexes = [models.Index(fields=["couple", "tradition", "active_from"])]
        constraints = [
            models.CheckConstraint(condition=_SHARED, name="schedule_is_shared"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gte=1, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="schedule_duration_in_a_day",
            ),
            models.UniqueConstraint(
                fields=["tradition"],
                condition=Q(active_until__isnull=True),
                name="schedule_one_open_season",
            ),
        ]

    @property
    def all_day(self) -> bool:
        return self.time_of_day is None


class OccurrenceStatus(models.TextChoices):
    PLANNED = "", _("not marked")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


OccurrenceManager = models.Manager.from_queryset(TogetherQuerySet)


class Occurrence(CoupleOwned):
    """One date of a tradition. Either partner may mark it done (with a note)
    or skipped; `marked_by` says who, the author is whoever set the schedule."""

    tradition = models.ForeignKey(Tradition, on_delete=models.CASCADE, related_name="occurrences")
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField()
    on = models.DateField()  # the couple's local day
    status = models.CharField(
        max_length=8, choices=OccurrenceStatus.choices, blank=True, default=OccurrenceStatus.PLANNED
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("a note (optional)"), max_length=MAX_NOTE_LENGTH, blank=True)
    visibility = models.CharField(max_length=20, choices=SHARED_CHOICES, default=Visibility.PARTNER)

    objects: ClassVar[OccurrenceManager] = OccurrenceManager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["tradition", "starts_at"]),
            models.Index(fields=["couple", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=_SHARED, name="occurrence_is_shared"),
            models.UniqueConstraint(fields=["tradition", "starts_at"], name="occurrence_once"),
        ]

    @property
    def is_done(self) -> bool:
        return self.status == OccurrenceStatus.DONE

    @property
    def is_skipped(self) -> bool:
        return self.status == OccurrenceStatus.SKIPPED


class Meaning(CoupleOwned):
    """A partner's answer to "how much does this mean to you?", 1 to 5.

    Rituals matter for what they mean, not only for how often they happen;
    each partner answers for themself and may change the answer any time."""

    tradition = models.ForeignKey(Tradition, on_delete=models.CASCADE, related_name="meanings")
    value = models.PositiveSmallIntegerField(_("how much it means to you"))
    visibility = models.CharField(
        _("who can see your answer"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PARTNER,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tradition", "author"], name="meaning_once_each"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="meaning_one_to_five"
            ),
        ]


class CalendarFeed(CoupleOwned):
    """A partner's secret calendar-feed address. Only a keyed digest of its
    token is stored; revoking or regenerating it stops the old address at once."""

    digest = models.CharField(max_length=64, unique=True)
    include_details = models.BooleanField(
        _("include descriptions"),
        default=False,
        help_text=_(
            "Off: your calendar shows only names and times. On: it also shows what "
            "you wrote about each tradition, which your calendar provider can then read."
        ),
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility=Visibility.PRIVATE), name="calendarfeed_is_private"
            ),
            models.UniqueConstraint(
                fields=["couple", "author"],
                condition=Q(revoked_at__isnull=True),
                name="calendarfeed_one_live_each",
            ),
        ]
