"""Words to start from, in our own phrasing.

Appreciation prompts follow the six levels of validation (from simply paying
attention to being genuinely alongside the other): each level is a different
way of telling a partner "I see you".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Prompt:
    level: int
    name: str | Promise
    opening: str | Promise


VALIDATION_PROMPTS = (
    Prompt(1, _("Noticing"), _("I saw how you…")),
    Prompt(1, _("Noticing"), _("Today I noticed that you…")),
    Prompt(2, _("Saying back"), _("When you told me about …, what I heard was how much…")),
    Prompt(3, _("Naming the unsaid"), _("You didn't say it, but I could tell … mattered to you.")),
    Prompt(
        4, _("Your story"), _("Knowing what you've been through with …, it makes sense that you…")
    ),
    Prompt(5, _("Anyone would"), _("Anyone would feel … after a week like yours.")),
    Prompt(
        6, _("Alongside you"), _("I'm with you in this. What I admire in how you handle it is…")
    ),
)

KIND_PROMPTS = {
    "thanks": (_("I appreciated it when you…"), _("Thank you for…")),
    "admiration": (_("I admire the way you…"), _("I was proud of you when…")),
    "validation": (_("It makes sense that you felt…"), _("I can see how hard … was for you.")),
}

GOOD_NEWS_HINT = _(
    "Before you send: show that you're glad, and ask about it — how it happened, what the "
    "best moment was, what it means to them. An eager, curious answer helps your partner "
    "enjoy the news twice."
)
GOOD_NEWS_QUESTIONS = (
    _("How did you find out?"),
    _("What was the best moment?"),
    _("What does this mean for you?"),
    _("How shall we celebrate?"),
)
