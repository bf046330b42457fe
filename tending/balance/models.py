"""Balance: time for oneself and time as a couple, each partner against their own aim.

Time for oneself is always private to the partner who logs it (a database
rule): the app never shows one partner's self-time to the other, let alone
compares them. Time as a couple logged by hand is shared with the partner by
default; time the other practices record (unplugged sessions, traditions
done, listening sessions, fun-list memories) is counted automatically
through `tending.balance.sources`. Aims are private too.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import CoupleOwned, Visibility

MAX_DAY_MINUTES = 24 * 60
MAX_WEEK_MINUTES = 7 * 24 * 60
MAX_CATEGORY_LENGTH = 40


class Kind(models.TextChoices):
    SELF = "self", _("For me")
    COUPLE = "couple", _("With us")


class BalanceEntry(CoupleOwned):
    """Time logged by a partner on one of their local days. While a timer runs,
    `minutes` is empty and `started_at` says since when."""

    kind = models.CharField(_("whose time"), max_length=8, choices=Kind.choices)
    category = models.CharField(_("what"), max_length=MAX_CATEGORY_LENGTH)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    on = models.DateField(_("day"))
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-on", "-created"]
        indexes = [models.Index(fields=["couple", "author", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=MAX_DAY_MINUTES),
                name="balanceentry_minutes_in_a_day",
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=False) | Q(started_at__isnull=False),
                name="balanceentry_minutes_or_running",
            ),
            models.CheckConstraint(
                condition=~Q(kind="self") | Q(visibility=Visibility.PRIVATE),
                name="balanceentry_self_time_is_private",
            ),
            models.UniqueConstraint(
                fields=["couple", "author"],
                condition=Q(minutes__isnull=True),
                name="balanceentry_one_timer_each",
            ),
        ]

    @property
    def is_running(self) -> bool:
        return self.minutes is None


class BalanceAim(CoupleOwned):
    """The balance a partner wants, per week: about this much for me, this much with us."""

    self_minutes = models.PositiveIntegerField(_("for me, minutes a week"), default=0)
    couple_minutes = models.PositiveIntegerField(_("with us, minutes a week"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "author"], name="balanceaim_once_each"),
            models.CheckConstraint(
                condition=Q(visibility=Visibility.PRIVATE), name="balanceaim_is_private"
            ),
            models.CheckConstraint(
                condition=Q(
                    self_minutes__lte=MAX_WEEK_MINUTES, couple_minutes__lte=MAX_WEEK_MINUTES
                ),
                name="balanceaim_within_a_week",
            ),
        ]
