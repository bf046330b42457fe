"""The practices of the article, as the navigation shows them.

A practice whose app is installed links to its own page (`<slug>:home`);
the others show a "coming soon" page that already says why the practice helps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Practice:
    slug: str
    name: str | Promise
    icon: str
    summary: str | Promise

    @property
    def is_ready(self) -> bool:
        return apps.is_installed(f"tending.{self.slug}")

    @property
    def url(self) -> str:
        if self.is_ready:
            return reverse(f"{self.slug}:home")
        return reverse("today:coming_soon", kwargs={"slug": self.slug})


PRACTICES = (
    Practice(
        "pulse",
        _("Pulse"),
        "◎",
        _(
            "A two-minute weekly check-in for each of you. Closeness can fade so quietly "
            "that neither of you notices; a small regular look shows the drift early, "
            "while it is still easy to turn around."
        ),
    ),
    Practice(
        "share",
        _("Share"),
        "❝",
        _(
            "One question a day, from light to deep, answered privately and revealed "
            "together. Couples grow closer when what they share is met with interest "
            "and care, and more so when they share feelings rather than facts."
        ),
    ),
    Practice(
        "listen",
        _("Listen"),
        "◖◗",
        _(
            "A speaker–listener exercise: one holds the floor, the other says back what "
            "they heard before answering. Being understood first makes hard talks softer."
        ),
    ),
    Practice(
        "appreciate",
        _("Appreciate"),
        "✿",
        _(
            "Notes of thanks and admiration. Feeling appreciated and appreciating your "
            "partner tend to go together, and both make partners kinder to each other."
        ),
    ),
    Practice(
        "unplug",
        _("Unplug"),
        "☾",
        _(
            "Tech-free time you choose together. When phones keep interrupting time "
            "together, couples argue more about them and feel less happy together."
        ),
    ),
    Practice(
        "balance",
        _("Balance"),
        "⚖",
        _(
            "Time for yourself and time as a couple, each against your own aim. Staying "
            "yourself is part of staying close."
        ),
    ),
    Practice(
        "funlist",
        _("Fun list"),
        "★",
        _(
            "Things you would both like to do, and a picker that finds when you are both "
            "free. New and exciting things done together lift a relationship more than "
            "pleasant routine."
        ),
    ),
    Practice(
        "traditions",
        _("Traditions"),
        "❖",
        _(
            "Rituals that are yours: Friday pizza, a Monday-morning cuddle. A ritual says "
            "who you are as a couple, so what it means to each of you matters more than "
            "how often it happens."
        ),
    ),
)

BY_SLUG = {practice.slug: practice for practice in PRACTICES}
