"""Appreciations, good news and breaks: what partners write to each other here.

An appreciation and a piece of good news are written *to* the partner, so they
are shared with the partner by nature (visibility partner, or partner and
therapist); a reaction is seen by the sender; a favourite is the receiver's
own; a break is seen by both partners and by nobody else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import CoupleOwned, Visibility

MAX_NOTE_LENGTH = 1000

SHARED_CHOICES = [
    (Visibility.PARTNER.value, Visibility.PARTNER.label),
    (Visibility.PARTNER_THERAPIST.value, Visibility.PARTNER_THERAPIST.label),
]
_SHARED = Q(visibility__in=[Visibility.PARTNER, Visibility.PARTNER_THERAPIST])


class AppreciationKind(models.TextChoices):
    THANKS = "thanks", _("Thanks")
    ADMIRATION = "admiration", _("Admiration")
    VALIDATION = "validation", _("I see how you feel")


class Appreciation(CoupleOwned):
    text = models.TextField(_("your appreciation"), max_length=MAX_NOTE_LENGTH)
    kind = models.CharField(
        _("kind"), max_length=16, choices=AppreciationKind.choices, blank=True, default=""
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["couple", "-created"])]
        constraints = [
            models.CheckConstraint(condition=_SHARED, name="appreciation_is_shared"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class Reaction(models.TextChoices):
    HEART = "heart", _("Warmed my heart")
    HUG = "hug", _("Sending a hug")
    SMILE = "smile", _("Made me smile")
    THANKS = "thanks", _("Thank you for saying it")


REACTION_ICONS = {"heart": "♥", "hug": "🤗", "smile": "☺", "thanks": "🙏"}


class AppreciationReaction(CoupleOwned):
    """The receiver's answer to an appreciation; the sender sees it."""

    appreciation = models.ForeignKey(
        Appreciation, on_delete=models.CASCADE, related_name="reactions"
    )
    reaction = models.CharField(_("reaction"), max_length=16, choices=Reaction.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appreciation", "author"], name="one_reaction_per_person"
            ),
        ]

    @property
    def icon(self) -> str:
        return REACTION_ICONS.get(self.reaction, "")


class Favourite(CoupleOwned):
    """An appreciation the receiver wants to find again. Private: their own."""

    appreciation = models.ForeignKey(
        Appreciation, on_delete=models.CASCADE, related_name="favourites"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appreciation", "author"], name="one_favourite_per_person"
            ),
        ]


class GoodNews(CoupleOwned):
    text = models.TextField(_("your good news"), max_length=MAX_NOTE_LENGTH)
    # Marked by the sharer, about how the answers landed.
    felt_good_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = "good news"
        indexes = [models.Index(fields=["couple", "-created"])]
        constraints = [models.CheckConstraint(condition=_SHARED, name="goodnews_is_shared")]

    def __str__(self) -> str:
        return self.text[:40]


class GoodNewsReply(CoupleOwned):
    good_news = models.ForeignKey(GoodNews, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("your answer"), max_length=MAX_NOTE_LENGTH)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.CheckConstraint(condition=_SHARED, name="goodnewsreply_is_shared"),
        ]


class BreakMinutes(models.IntegerChoices):
    TWENTY = 20, _("20 minutes")
    THIRTY = 30, _("30 minutes")
    HOUR = 60, _("1 hour")


class Break(CoupleOwned):
    """A pause called by a partner who feels flooded. Only its length and time
    are kept: nothing about why, and nobody but the two partners sees it."""

    minutes = models.PositiveSmallIntegerField(choices=BreakMinutes.choices)
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["-created"]
        # Every page asks for the couple's latest break: this keeps it one index read.
        indexes = [models.Index(fields=["couple", "-ends_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=20), name="break_at_least_20"),
            models.CheckConstraint(
                condition=Q(visibility=Visibility.PARTNER), name="break_seen_by_partners"
            ),
        ]
