"""The fun list: ideas, each partner's private answer to them, planned dates,
and the memories of what the couple did.

An idea, a plan and a memory are shared with the partner by nature (a
database rule). An answer (yes, maybe, not for me) is private to the partner
who gave it: the couple only ever sees what both answers together allow
(see `tending.funlist.answers`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import CoupleOwned, Visibility
from tending.couples.models import Couple

SHARED = Q(visibility__in=[Visibility.PARTNER, Visibility.PARTNER_THERAPIST])
MAX_TITLE = 120
MAX_DESCRIPTION = 1000
MAX_NOTE = 1000
MAX_TAG = 30
MAX_TAGS = 8
MIN_DURATION = 5
MAX_DURATION = 3 * 24 * 60  # a long weekend away


class Cost(models.IntegerChoices):
    # The labels with the currency symbol are made at display time (`cost_label`).
    FREE = 0, _("free")
    LOW = 1, _("a little")
    MEDIUM = 2, _("some")
    HIGH = 3, _("a treat")


def cost_label(cost: int) -> str:
    """ "free", "€", "€€" or "€€€", with the symbol from TENDING_CURRENCY_SYMBOL."""
    from django.utils.translation import gettext

    if cost <= 0:
        return gettext("free")
    return settings.CURRENCY_SYMBOL * cost


class Energy(models.TextChoices):
    COSY = "cosy", _("cosy")
    EASY = "easy", _("easy")
    ACTIVE = "active", _("active")


ENERGY_LEVEL = {Energy.COSY: 0, Energy.EASY: 1, Energy.ACTIVE: 2}


class Where(models.TextChoices):
    HOME = "home", _("at home")
    OUT = "out", _("out")
    AWAY = "away", _("away")


class Season(models.TextChoices):
    ANY = "any", _("any time")
    SPRING = "spring", _("spring")
    SUMMER = "summer", _("summer")
    AUTUMN = "autumn", _("autumn")
    WINTER = "winter", _("winter")
    SUNNY = "sunny", _("a sunny day")
    RAINY = "rainy", _("a rainy day")
    SNOWY = "snowy", _("a snowy day")


class Answer(models.TextChoices):
    YES = "yes", _("Yes!")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("Not for me")


class FunIdea(CoupleOwned):
    """Something the two of you might like to do; its author suggested it."""

    title = models.CharField(_("idea"), max_length=MAX_TITLE)
    description = models.TextField(_("a few words more"), max_length=MAX_DESCRIPTION, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("about how long (minutes)"),
        validators=[MinValueValidator(MIN_DURATION), MaxValueValidator(MAX_DURATION)],
    )
    cost = models.PositiveSmallIntegerField(_("cost"), choices=Cost.choices, default=Cost.FREE)
    energy = models.CharField(_("energy"), max_length=8, choices=Energy.choices)
    where = models.CharField(_("where"), max_length=8, choices=Where.choices)
    season = models.CharField(
        _("season or weather"), max_length=8, choices=Season.choices, default=Season.ANY
    )
    # Which starter idea this came from, so the starter list can say "added".
    starter_key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["couple", "-created"])]
        constraints = [
            models.CheckConstraint(condition=SHARED, name="funidea_is_shared"),
            models.UniqueConstraint(
                fields=["couple", "starter_key"],
                condition=~Q(starter_key=""),
                name="funidea_starter_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cost_label(self) -> str:
        return cost_label(self.cost)


class IdeaTag(models.Model):
    """A word that groups ideas ("outdoors", "food"); part of its idea."""

    idea = models.ForeignKey(FunIdea, on_delete=models.CASCADE, related_name="tags")
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=MAX_TAG)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["couple", "name"])]
        constraints = [
            models.UniqueConstraint(fields=["idea", "name"], name="ideatag_once"),
        ]

    def __str__(self) -> str:
        return self.name


class IdeaAnswer(CoupleOwned):
    """One partner's yes, maybe or not-for-me to one idea: theirs alone."""

    idea = models.ForeignKey(FunIdea, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(_("your answer"), max_length=8, choices=Answer.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "author"], name="ideaanswer_once"),
            models.CheckConstraint(
                condition=Q(visibility=Visibility.PRIVATE), name="ideaanswer_is_private"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer}"


class PlannedDate(CoupleOwned):
    """An idea put on a free window: a date for both."""

    idea = models.ForeignKey(FunIdea, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=MAX_TITLE)
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["couple", "start"])]
        constraints = [
            models.CheckConstraint(condition=SHARED, name="planneddate_is_shared"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="planneddate_has_length"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Memory(CoupleOwned):
    """ "We did it": an idea done together, on a day, on the shared timeline."""

    idea = models.ForeignKey(
        FunIdea, on_delete=models.SET_NULL, null=True, blank=True, related_name="memories"
    )
    plan = models.ForeignKey(
        PlannedDate, on_delete=models.SET_NULL, null=True, blank=True, related_name="memories"
    )
    # Kept even if the idea is later removed from the list.
    title = models.CharField(max_length=MAX_TITLE)
    day = models.DateField(_("when"))

    class Meta:
        ordering = ["-day", "-created"]
        indexes = [models.Index(fields=["couple", "-day"])]
        constraints = [models.CheckConstraint(condition=SHARED, name="memory_is_shared")]

    def __str__(self) -> str:
        return f"{self.title} ({self.day})"


class MemoryNote(CoupleOwned):
    """Each partner's own few words and rating of a memory."""

    memory = models.ForeignKey(Memory, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("a note"), max_length=MAX_NOTE, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("how was it? (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(fields=["memory", "author"], name="memorynote_once"),
            models.CheckConstraint(condition=SHARED, name="memorynote_is_shared"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="memorynote_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]


def photo_path(instance: MemoryPhoto, filename: str) -> str:
    # Random names only: nothing of the original file name is kept.
    return f"funlist/{instance.couple_id}/{instance.id}.{instance.extension}"


class MemoryPhoto(CoupleOwned):
    """A photo of a memory, re-encoded on upload; served only to the couple."""

    memory = models.ForeignKey(Memory, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path, max_length=200)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        ordering = ["created"]
        constraints = [models.CheckConstraint(condition=SHARED, name="memoryphoto_is_shared")]

    def __str__(self) -> str:
        return f"photo {self.width}×{self.height}"

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/webp": "webp"}.get(self.content_type, "jpg")
