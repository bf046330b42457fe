"""Listen: the speaker-listener exercise.

A `ListeningSession` has a topic, a speaker and a listener, and a step that
says whose turn it is (the *floor*): the speaker shares a piece, the listener
says back what they heard, the speaker answers "yes, that's it" or "not
quite" (with a correction), and the next piece follows. Roles swap on
request; at the end whoever spoke rates how understood, validated and cared
for they felt. Every step is a `Turn`; the order is enforced in services.py.

Sessions, turns and ratings are seen by both partners and nobody else.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import CoupleOwned, CoupleOwnedQuerySet, Visibility

MAX_TOPIC_LENGTH = 200
PIECE_LIMITS = (280, 500, 1000)
DEFAULT_PIECE_LIMIT = 500
TURN_TIMERS = (0, 60, 120, 180, 300)
RATING_MIN, RATING_MAX = 1, 5
MAX_TURNS = 400

PARTNERS_ONLY = Q(visibility=Visibility.PARTNER)


class Mode(models.TextChoices):
    TOGETHER = "together", _("Together on one phone")
    APART = "apart", _("On two devices")


class Step(models.TextChoices):
    """Whose turn it is, and to do what."""

    SPEAK = "speak", _("The speaker shares a piece")
    REFLECT = "reflect", _("The listener says back what they heard")
    CHECK = "check", _("The speaker says whether that was it")
    ENDED = "ended", _("Finished")


class TurnKind(models.TextChoices):
    PIECE = "piece", _("shared")
    REFLECTION = "reflection", _("said back")
    CONFIRM = "confirm", _("yes, that's it")
    CORRECT = "correct", _("not quite")
    SWAP = "swap", _("swapped roles")
    END = "end", _("ended the session")


class Role(models.TextChoices):
    SPEAKER = "speaker", _("speaker")
    LISTENER = "listener", _("listener")


class ListeningSession(CoupleOwned):
    topic = models.CharField(_("topic"), max_length=MAX_TOPIC_LENGTH, blank=True)
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.TOGETHER)
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.SPEAK)
    # Written turns are optional: a session held aloud records only the turns.
    written = models.BooleanField(_("write the turns down"), default=False)
    piece_limit = models.PositiveSmallIntegerField(default=DEFAULT_PIECE_LIMIT)
    # 0: no timer. Otherwise the seconds each turn is given (a reminder, never a cut-off).
    turn_seconds = models.PositiveSmallIntegerField(default=0)
    step_started_at = models.DateTimeField(default=timezone.now)
    # Bumped on every change: the other device's poll compares it and stays quiet if equal.
    version = models.PositiveIntegerField(default=1)
    ended_at = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(
        max_length=20,
        choices=[(Visibility.PARTNER.value, Visibility.PARTNER.label)],
        default=Visibility.PARTNER,
        editable=False,
    )

    objects: ClassVar[Any] = CoupleOwnedQuerySet["ListeningSession"].as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["couple", "-created"])]
        constraints = [
            models.CheckConstraint(condition=PARTNERS_ONLY, name="listen_session_partners"),
            models.CheckConstraint(
                condition=~Q(speaker=models.F("listener")), name="listen_two_people"
            ),
            models.CheckConstraint(
                condition=Q(piece_limit__in=PIECE_LIMITS), name="listen_piece_limit"
            ),
            models.CheckConstraint(
                condition=Q(turn_seconds__in=TURN_TIMERS), name="listen_turn_timer"
            ),
        ]

    def __str__(self) -> str:
        return self.topic or f"Listening session {self.pk}"

    @property
    def is_over(self) -> bool:
        return self.step == Step.ENDED

    @property
    def floor_holder_id(self) -> Any:
        """Whose turn it is: the speaker shares and checks, the listener says back."""
        if self.step == Step.REFLECT:
            return self.listener_id
        if self.step in (Step.SPEAK, Step.CHECK):
            return self.speaker_id
        return None


class Turn(CoupleOwned):
    """One step of a session. `person` held the role; `author` is whose
    account recorded it (on one phone, the phone's owner records both)."""

    session = models.ForeignKey(ListeningSession, on_delete=models.CASCADE, related_name="turns")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=TurnKind.choices)
    role = models.CharField(max_length=10, choices=Role.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True, max_length=max(PIECE_LIMITS))
    visibility = models.CharField(
        max_length=20,
        choices=[(Visibility.PARTNER.value, Visibility.PARTNER.label)],
        default=Visibility.PARTNER,
        editable=False,
    )

    objects: ClassVar[Any] = CoupleOwnedQuerySet["Turn"].as_manager()

    class Meta:
        ordering = ["session", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="listen_turn_order"),
            models.CheckConstraint(condition=PARTNERS_ONLY, name="listen_turn_partners"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.seq}"


class SessionRating(CoupleOwned):
    """How a speaker felt, after the session: understood, validated, cared for (1 to 5).
    `speaker` is who rated; on one phone the phone's owner records it for them."""

    session = models.ForeignKey(ListeningSession, on_delete=models.CASCADE, related_name="ratings")
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    understood = models.PositiveSmallIntegerField(_("I felt understood"))
    validated = models.PositiveSmallIntegerField(_("I felt my feelings made sense to them"))
    cared_for = models.PositiveSmallIntegerField(_("I felt cared for"))
    visibility = models.CharField(
        max_length=20,
        choices=[(Visibility.PARTNER.value, Visibility.PARTNER.label)],
        default=Visibility.PARTNER,
        editable=False,
    )

    objects: ClassVar[Any] = CoupleOwnedQuerySet["SessionRating"].as_manager()

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="listen_rate_once"),
            models.CheckConstraint(condition=PARTNERS_ONLY, name="listen_rating_partners"),
            models.CheckConstraint(
                condition=Q(
                    understood__gte=RATING_MIN,
                    understood__lte=RATING_MAX,
                    validated__gte=RATING_MIN,
                    validated__lte=RATING_MAX,
                    cared_for__gte=RATING_MIN,
                    cared_for__lte=RATING_MAX,
                ),
                name="listen_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Rating of {self.speaker_id} for {self.session_id}"
