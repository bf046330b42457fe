"""Share: one question a day, answered privately, revealed together.

- The library (`LibraryDeck`, `LibraryQuestion`) holds Tending's own questions,
  loaded from `tending/share/data/*.json` (see `library.py`); it belongs to no
  couple and everyone may read it.
- A couple's own decks (`OwnDeck`, `OwnQuestion`) are rows its partners write.
- `ShareSettings` is the couple's choice of tiers and decks, and the plan that
  decides each day's question (`plan.py`).
- `DailyQuestion` is a day on which something happened (an answer, a skip): the
  question as it was asked, and when the answers were revealed. Written by
  Tending, not by a partner, so it has no author; only the two partners see it.
- `Answer`, `Reply` and `AnswerResponse` are the partners' own rows.

The reveal rule — a partner's answer is readable by the other only once both
have answered — lives in `AnswerQuerySet.readable_by()` and nowhere else.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import CoupleOwned, CoupleOwnedQuerySet, Visibility
from tending.couples.models import Couple, Membership

MAX_QUESTION_LENGTH = 400
MAX_ANSWER_LENGTH = 2000
MAX_REPLY_LENGTH = 1000
MAX_DECK_NAME_LENGTH = 80
MAX_DECK_DESCRIPTION_LENGTH = 500
# A thread under a question is meant to be short: a few turns, not a chat.
MAX_REPLIES_PER_DAY = 40


class Tier(models.TextChoices):
    LIGHT = "light", _("Light")
    PERSONAL = "personal", _("Personal")
    DEEP = "deep", _("Deep")


TIER_HELP = {
    Tier.LIGHT: _("Easy, everyday things: a good way in."),
    Tier.PERSONAL: _("Opinions, memories and feelings: a little more of you."),
    Tier.DEEP: _("Hopes, fears and needs: for evenings with time and calm."),
}


class Theme(models.TextChoices):
    DAILY_LIFE = "daily-life", _("Daily life")
    MEMORIES = "memories", _("Memories")
    DREAMS = "dreams", _("Dreams")
    US = "us", _("Feelings about us")
    APPRECIATION = "appreciation", _("Appreciation")
    TOUCH = "touch", _("Intimacy and touch")
    TRUST = "trust", _("Trust")
    FAMILY = "family", _("Family")
    GROWTH = "growth", _("Growth")


SHARED_ONLY = Q(visibility=Visibility.PARTNER)


# --- The library ----------------------------------------------------------------


class LibraryDeck(models.Model):
    """One of Tending's own decks. Its id is derived from `key`, so it is the
    same on every installation and survives reloading the data files."""

    id = models.UUIDField(primary_key=True, editable=False)
    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=MAX_DECK_NAME_LENGTH)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Kept when a deck leaves the data files: days that asked from it still say so.
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.name


class LibraryQuestion(models.Model):
    id = models.UUIDField(primary_key=True, editable=False)
    key = models.SlugField(max_length=80, unique=True)
    deck = models.ForeignKey(LibraryDeck, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(max_length=MAX_QUESTION_LENGTH)
    tier = models.CharField(max_length=10, choices=Tier.choices)
    theme = models.CharField(max_length=20, choices=Theme.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["deck", "position"]

    def __str__(self) -> str:
        return self.text[:60]


# --- The couple's own decks -----------------------------------------------------


class OwnDeck(CoupleOwned):
    """A deck a partner wrote or imported. Private while it is a draft; once
    shared with the partner it can join the daily questions."""

    name = models.CharField(_("name"), max_length=MAX_DECK_NAME_LENGTH)
    description = models.TextField(
        _("description"), max_length=MAX_DECK_DESCRIPTION_LENGTH, blank=True
    )
    # Where it came from, as the file said ("Dr Rivera's deck"); shown, never trusted.
    source = models.CharField(_("source"), max_length=MAX_DECK_NAME_LENGTH, blank=True)

    objects: ClassVar[Any] = CoupleOwnedQuerySet["OwnDeck"].as_manager()

    class Meta:
        ordering = ["name", "created"]
        indexes = [models.Index(fields=["couple", "name"])]

    def __str__(self) -> str:
        return self.name


class OwnQuestion(CoupleOwned):
    """A question in an own deck; its visibility always follows its deck's."""

    deck = models.ForeignKey(OwnDeck, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"), max_length=MAX_QUESTION_LENGTH)
    tier = models.CharField(_("depth"), max_length=10, choices=Tier.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects: ClassVar[Any] = CoupleOwnedQuerySet["OwnQuestion"].as_manager()

    class Meta:
        ordering = ["deck", "position", "created"]

    def __str__(self) -> str:
        return self.text[:60]


# --- The couple's choices and plan ----------------------------------------------


class ShareSettings(models.Model):
    """What the couple wants to be asked, and the plan of questions that
    follows from it. A setting of the couple, like its time zone: either
    partner may change it, so it hangs off the couple rather than being one
    partner's row, and is reached only through a verified membership.

    No row means the defaults (every tier, every deck); the row is written the
    first time the couple does something in Share, never on a page view."""

    couple = models.OneToOneField(
        Couple, on_delete=models.CASCADE, primary_key=True, related_name="share_settings"
    )
    ask_light = models.BooleanField(_("Light"), default=True)
    ask_personal = models.BooleanField(_("Personal"), default=True)
    ask_deep = models.BooleanField(_("Deep"), default=True)
    # Ids (as strings) of library and own decks left out of the daily questions.
    decks_off = models.JSONField(default=list, blank=True)
    # The plan (see plan.py): the order of the current round of questions from
    # `plan_start`, the pool later rounds are shuffled from, and their seed.
    plan_start = models.DateField()
    plan_refs = models.JSONField(default=list)
    plan_pool = models.JSONField(default=list)
    seed = models.BigIntegerField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ask_light=True) | Q(ask_personal=True) | Q(ask_deep=True),
                name="share_settings_some_tier",
            )
        ]

    def __str__(self) -> str:
        return f"Share settings of {self.couple_id}"

    @property
    def tiers(self) -> list[str]:
        chosen = (
            (Tier.LIGHT, self.ask_light),
            (Tier.PERSONAL, self.ask_personal),
            (Tier.DEEP, self.ask_deep),
        )
        return [tier.value for tier, on in chosen if on]


# --- Days, answers, replies -------------------------------------------------------


def _partner_couples(user: Any) -> models.QuerySet[Membership, Any]:
    return Membership.objects.partners().filter(user=user).values("couple_id")


class DailyQuestionQuerySet(models.QuerySet["DailyQuestion"]):
    def visible_to(self, user: Any) -> DailyQuestionQuerySet:
        """A couple's days are seen by its two partners (a therapist sees
        none: the questions are the partners' private conversation)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(couple__in=_partner_couples(user))


class DailyQuestion(models.Model):
    """The question of one day in the couple's time zone, as it was asked.

    The text is copied: a deck edited or deleted later leaves the archive as
    it was. `ref` names the question in the plan ("q:<id>" for the library,
    "o:<id>" for an own deck)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    ref = models.CharField(max_length=40)
    text = models.TextField(max_length=MAX_QUESTION_LENGTH)
    tier = models.CharField(max_length=10, choices=Tier.choices)
    theme = models.CharField(max_length=20, choices=Theme.choices, blank=True)
    deck_name = models.CharField(max_length=MAX_DECK_NAME_LENGTH, blank=True)
    # Today's question can be swapped once, by either partner, before anyone answers.
    skipped_ref = models.CharField(max_length=40, blank=True)
    skipped_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set in the same transaction as the second answer: the moment of reveal.
    revealed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects: ClassVar[Any] = DailyQuestionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "day"], name="share_one_question_a_day")
        ]
        indexes = [models.Index(fields=["couple", "-day"])]
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.text[:40]}"

    @property
    def is_revealed(self) -> bool:
        return self.revealed_at is not None


class AnswerQuerySet(CoupleOwnedQuerySet["Answer"]):
    def readable_by(self, user: Any) -> AnswerQuerySet:
        """THE reveal rule: a partner's own answer always, the other's only once
        the day is revealed (both answered). Pages, API and search all read
        answers through this method."""
        return self.visible_to(user).filter(Q(author=user) | Q(day__revealed_at__isnull=False))


class Answer(CoupleOwned):
    day = models.ForeignKey(DailyQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("your answer"), max_length=MAX_ANSWER_LENGTH)
    # Written for the partner; kept from them only until both have answered.
    visibility = models.CharField(
        max_length=20,
        choices=[(Visibility.PARTNER.value, Visibility.PARTNER.label)],
        default=Visibility.PARTNER,
        editable=False,
    )

    objects: ClassVar[Any] = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "author"], name="share_one_answer_each"),
            models.CheckConstraint(condition=SHARED_ONLY, name="share_answer_for_partner"),
        ]
        ordering = ["created"]

    def __str__(self) -> str:
        return f"Answer of {self.author_id} on {self.day_id}"


class ReplyQuerySet(CoupleOwnedQuerySet["Reply"]):
    def readable_by(self, user: Any) -> ReplyQuerySet:
        # Replies exist only under revealed days; the check is kept anyway so
        # that no stray row could ever show before the answers do.
        return self.visible_to(user).filter(day__revealed_at__isnull=False)


class Reply(CoupleOwned):
    """A follow-up in the short thread under a revealed question."""

    day = models.ForeignKey(DailyQuestion, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("your reply"), max_length=MAX_REPLY_LENGTH)
    visibility = models.CharField(
        max_length=20,
        choices=[(Visibility.PARTNER.value, Visibility.PARTNER.label)],
        default=Visibility.PARTNER,
        editable=False,
    )

    objects: ClassVar[Any] = ReplyQuerySet.as_manager()

    class Meta:
        constraints = [models.CheckConstraint(condition=SHARED_ONLY, name="share_reply_shared")]
        indexes = [models.Index(fields=["day", "created"])]
        ordering = ["created"]

    def __str__(self) -> str:
        return self.text[:40]


class ResponseKind(models.TextChoices):
    THANKS = "thanks", _("Thank you for telling me")
    MORE = "more", _("Tell me more")
    ME_TOO = "me-too", _("Me too")


class AnswerResponse(CoupleOwned):
    """A one-tap answer to the partner's revealed answer; the partner sees it."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=10, choices=ResponseKind.choices)
    visibility = models.CharField(
        max_length=20,
        choices=[(Visibility.PARTNER.value, Visibility.PARTNER.label)],
        default=Visibility.PARTNER,
        editable=False,
    )

    objects: ClassVar[Any] = CoupleOwnedQuerySet["AnswerResponse"].as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "author", "kind"], name="share_response_once"
            ),
            models.CheckConstraint(condition=SHARED_ONLY, name="share_response_shared"),
        ]
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.answer_id}"
