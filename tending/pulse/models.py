"""Pulse: weekly check-ins, daily closeness taps, and drift alerts.

The one rule that goes beyond visibility — a partner's week is revealed only
when both partners have checked in for it, or when it has closed — lives in
`revealed()` below and nowhere else; every read of check-ins and of their
reflections goes through `visible_to()` plus that rule.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, ClassVar, Protocol

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import CoupleOwned, CoupleOwnedQuerySet, Visibility
from tending.couples.models import Couple, Membership
from tending.pulse import questions as q
from tending.pulse.weeks import (
    DEFAULT_CHECKIN_WEEKDAY,
    WEEKDAY_CHOICES,
    last_closed_start,
    late_cutoff,
)

# Answers are always shared with the partner once the week is revealed (the
# in-sync gap needs both); the author only chooses whether the therapist sees
# them too. Feelings and the note are separate, and private by default.
CHECKIN_VISIBILITY = [
    (Visibility.PARTNER.value, Visibility.PARTNER.label),
    (Visibility.PARTNER_THERAPIST.value, Visibility.PARTNER_THERAPIST.label),
]


class Looking(Protocol):
    """Who is looking at which couple, on which local day (services.Viewer)."""

    user: Any
    today: date
    current_week: date

    @property
    def couple(self) -> Couple: ...


def revealed(today: date, current_week: date, via: str = "") -> Q:
    """Rows whose week is open between the partners: the other partner has
    checked in for it too, or the week has closed (in the couple's zone,
    `today` being the couple's local date) and the other partner can no longer
    answer it unseen — they chose to skip it (`SkippedWeek`), or it is more
    than four weeks gone. So nobody reads their partner's answers and then
    writes a late check-in of their own. `via` reaches the check-in from a
    related row. Partners are the only authors, so "someone other than the
    author" is the other partner."""
    closed = Q(**{f"{via}week_start__lte": last_closed_start(today)})
    past_late = Q(**{f"{via}week_start__lt": late_cutoff(current_week)})
    return Q(by_the_other(CheckIn, via)) | (
        closed & (past_late | Q(by_the_other(SkippedWeek, via)))
    )


def settled(today: date) -> Q:
    """Weeks the drift rule counts: both partners have checked in, or the week
    has closed. Unlike `revealed`, it does not wait for a partner who may still
    check in late: an alert names no one and quotes no answer ("one of you"),
    and waiting up to four more weeks would make it late exactly when one
    partner has stopped checking in."""
    return Q(week_start__lte=last_closed_start(today)) | Q(by_the_other(CheckIn))


def by_the_other(model: type[models.Model], via: str = "") -> Exists:
    """A row of `model` for the same couple and week by another person."""
    return Exists(
        model.objects.filter(  # type: ignore[attr-defined]
            couple=OuterRef(f"{via}couple"), week_start=OuterRef(f"{via}week_start")
        ).exclude(author=OuterRef(f"{via}author"))
    )


class CheckInQuerySet(CoupleOwnedQuerySet["CheckIn"]):
    def revealed_to(self, viewer: Looking) -> CheckInQuerySet:
        """What the viewer may see of their couple's check-ins: their own, always;
        anyone else's only once the week is revealed. (A week where both
        partners' rows come back is therefore a week both can see.)"""
        return (
            self.visible_to(viewer.user)
            .filter(couple=viewer.couple)
            .filter(Q(author=viewer.user) | revealed(viewer.today, viewer.current_week))
        )

    def settled_for(self, viewer: Looking) -> CheckInQuerySet:
        """The rows of settled weeks (see `settled`): what the drift rule looks
        at, so that an alert never draws on a week still open to answers."""
        return (
            self.visible_to(viewer.user).filter(couple=viewer.couple).filter(settled(viewer.today))
        )

    def authored_by(self, user: Any) -> CheckInQuerySet:
        return self.visible_to(user).filter(author=user)


CheckInManager = models.Manager.from_queryset(CheckInQuerySet)


class CheckIn(CoupleOwned):
    """One partner's answers for one week: the five signs, closeness, satisfaction."""

    week_start = models.DateField(_("week"))
    disconnected = models.PositiveSmallIntegerField()
    physical = models.PositiveSmallIntegerField()
    conflict = models.PositiveSmallIntegerField()
    lonely = models.PositiveSmallIntegerField()
    trust = models.PositiveSmallIntegerField()
    closeness = models.PositiveSmallIntegerField()
    sat_happy = models.PositiveSmallIntegerField()
    sat_rewarding = models.PositiveSmallIntegerField()
    sat_at_ease = models.PositiveSmallIntegerField()
    sat_glad = models.PositiveSmallIntegerField()
    # The summed 0-100 score, stored so that trends read one column.
    satisfaction = models.PositiveSmallIntegerField()
    visibility = models.CharField(
        _("who can see your answers"),
        max_length=20,
        choices=CHECKIN_VISIBILITY,
        default=Visibility.PARTNER,
    )

    objects: ClassVar[CheckInManager] = CheckInManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "author", "week_start"], name="pulse_checkin_once_a_week"
            ),
            models.CheckConstraint(
                condition=Q(
                    **{f"{key}__gte": q.SIGN_MIN for key in q.SIGN_KEYS},
                    **{f"{key}__lte": q.SIGN_MAX for key in q.SIGN_KEYS},
                ),
                name="pulse_checkin_signs_0_4",
            ),
            models.CheckConstraint(
                condition=Q(closeness__gte=q.CLOSENESS_MIN, closeness__lte=q.CLOSENESS_MAX),
                name="pulse_checkin_closeness_1_7",
            ),
            models.CheckConstraint(
                condition=Q(
                    **{f"{key}__lte": q.SATISFACTION_ITEM_MAX for key in q.SATISFACTION_KEYS},
                    satisfaction__lte=q.SATISFACTION_MAX,
                ),
                name="pulse_checkin_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=[v for v, _label in CHECKIN_VISIBILITY]),
                name="pulse_checkin_never_private",
            ),
        ]
        indexes = [models.Index(fields=["couple", "week_start"])]
        ordering = ["week_start"]

    def __str__(self) -> str:
        return f"Check-in of {self.author_id} for {self.week_start}"

    @property
    def signs(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in q.SIGN_KEYS}

    def metric(self, key: str) -> int:
        return int(getattr(self, key))


class ReflectionQuerySet(CoupleOwnedQuerySet["CheckInReflection"]):
    def revealed_to(self, viewer: Looking) -> ReflectionQuerySet:
        """Reflections the viewer may read: their own, and those shared with
        them whose week is revealed (the same rule as the answers)."""
        return (
            self.visible_to(viewer.user)
            .filter(couple=viewer.couple)
            .filter(
                Q(author=viewer.user) | revealed(viewer.today, viewer.current_week, via="checkin__")
            )
        )


ReflectionManager = models.Manager.from_queryset(ReflectionQuerySet)


class CheckInReflection(CoupleOwned):
    """The optional part of a check-in: up to three feeling words and a note.
    Only the author sees it unless they share it (CoupleOwned's visibility)."""

    checkin = models.OneToOneField(CheckIn, on_delete=models.CASCADE, related_name="reflection")
    feelings = models.CharField(max_length=60, blank=True)
    note = models.TextField(max_length=q.NOTE_MAX_LENGTH, blank=True)

    objects: ClassVar[ReflectionManager] = ReflectionManager()

    def __str__(self) -> str:
        return f"Reflection on {self.checkin_id}"

    @property
    def feeling_keys(self) -> list[str]:
        return [key for key in self.feelings.split(",") if key]

    @property
    def feeling_labels(self) -> list[str]:
        return [str(q.FEELING_LABELS[key]) for key in self.feeling_keys if key in q.FEELING_LABELS]


class SkippedWeekQuerySet(CoupleOwnedQuerySet["SkippedWeek"]):
    def bearing_on(self, user: Any, couple: Couple) -> SkippedWeekQuerySet:
        """Skips that decide which of `couple`'s weeks are open, for a member
        of it: only the week and who skipped, never anything written."""
        if user is None or not user.is_authenticated:
            return self.none()
        members = Membership.objects.active().filter(user=user).values("couple_id")
        return self.filter(couple=couple, couple__in=members)


class SkippedWeek(CoupleOwned):
    """A partner passed on a closed week they had not checked in for, to see
    their partner's answers now: from then on that week cannot be filled in
    late (no answering after peeking). The skipper's own row, private."""

    week_start = models.DateField()

    objects: ClassVar[Any] = SkippedWeekQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "author", "week_start"], name="pulse_skip_once_a_week"
            )
        ]
        indexes = [models.Index(fields=["couple", "week_start"])]

    def __str__(self) -> str:
        return f"{self.author_id} skipped {self.week_start}"


class ClosenessTap(CoupleOwned):
    """The daily one-tap "how close today?". Always the author's alone: it feeds
    their own trend line; only the weekly check-in is shared."""

    day = models.DateField()
    week_start = models.DateField()
    closeness = models.PositiveSmallIntegerField()
    visibility = models.CharField(
        max_length=20,
        choices=[(Visibility.PRIVATE.value, Visibility.PRIVATE.label)],
        default=Visibility.PRIVATE,
        editable=False,
    )

    objects: ClassVar[Any] = CoupleOwnedQuerySet["ClosenessTap"].as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "author", "day"], name="pulse_tap_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(closeness__gte=q.CLOSENESS_MIN, closeness__lte=q.CLOSENESS_MAX),
                name="pulse_tap_closeness_1_7",
            ),
            models.CheckConstraint(
                condition=Q(visibility=Visibility.PRIVATE), name="pulse_tap_private"
            ),
        ]
        indexes = [models.Index(fields=["author", "week_start"])]

    def __str__(self) -> str:
        return f"Tap of {self.author_id} on {self.day}"


class PulsePreference(CoupleOwned):
    """One partner's own Pulse choices (private)."""

    daily_tap = models.BooleanField(
        _("Show the daily “how close today?” on my Today page"), default=False
    )

    objects: ClassVar[Any] = CoupleOwnedQuerySet["PulsePreference"].as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "author"], name="pulse_preference_once")
        ]

    def __str__(self) -> str:
        return f"Pulse preferences of {self.author_id}"


class PulseSchedule(models.Model):
    """The couple's check-in day. A setting of the couple like its time zone,
    which either partner may change, so it hangs off the couple rather than
    being one partner's row; reached only through a verified membership."""

    couple = models.OneToOneField(
        Couple, on_delete=models.CASCADE, primary_key=True, related_name="pulse_schedule"
    )
    checkin_weekday = models.PositiveSmallIntegerField(
        _("Our check-in day"), choices=WEEKDAY_CHOICES, default=DEFAULT_CHECKIN_WEEKDAY
    )
    # The drift rule runs when a partner checks in and, through the worker,
    # when a week closes (`drift_due`, the end of the week it last saw), so
    # that no page view ever writes. `drift_week`: the last week it ran up to.
    drift_week = models.DateField(null=True, blank=True)
    drift_due = models.DateTimeField(null=True, blank=True, db_index=True)
    # Raised by every write that changes what the couple's trends show, so a
    # cached chart or trend is keyed by it and can never be stale.
    version = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Pulse schedule of {self.couple_id}"


class AlertRule(models.TextChoices):
    SIGN = "sign", _("a sign stayed high")
    BASELINE = "baseline", _("lower than usual")
    GAP = "gap", _("seeing it differently")


class DriftAlertQuerySet(models.QuerySet["DriftAlert"]):
    def visible_to(self, user: Any) -> DriftAlertQuerySet:
        """Alerts belong to the couple: both partners see them (they are built
        only from weeks both can see); a therapist does not."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(
            couple__in=Membership.objects.partners().filter(user=user).values("couple_id")
        )

    def with_dismissed(self, user: Any) -> DriftAlertQuerySet:
        # Dismissals are the person's own rows: `writable_by` reaches exactly
        # those, with a lighter query than `visible_to` (this runs on Today).
        mine = AlertDismissal.objects.writable_by(user).filter(alert=OuterRef("pk"))
        return self.annotate(dismissed=Exists(mine))

    def ongoing(self) -> DriftAlertQuerySet:
        return self.filter(ended_week__isnull=True)


class DriftAlert(models.Model):
    """One episode of drift: from the week a rule first fired until it has been
    quiet for two weeks running. Written by Tending, not by a partner, so it
    has no author; dismissing it is a row of the partner's own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=12, choices=AlertRule.choices)
    item = models.CharField(max_length=16)
    started_week = models.DateField()
    last_week = models.DateField()
    ended_week = models.DateField(null=True, blank=True)
    both = models.BooleanField(default=False)  # "for both of you" rather than "one of you"
    created = models.DateTimeField(default=timezone.now)

    objects = DriftAlertQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["couple", "rule", "item", "started_week"], name="pulse_alert_episode"
            )
        ]
        indexes = [models.Index(fields=["couple", "ended_week"])]
        ordering = ["started_week", "rule", "item"]

    def __str__(self) -> str:
        return f"{self.rule}/{self.item} since {self.started_week}"


class AlertDismissal(CoupleOwned):
    """A partner set an alert aside; it stays aside for the rest of its episode."""

    alert = models.ForeignKey(DriftAlert, on_delete=models.CASCADE, related_name="dismissals")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "author"], name="pulse_dismiss_once")
        ]

    def __str__(self) -> str:
        return f"{self.author_id} dismissed {self.alert_id}"
