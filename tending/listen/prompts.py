"""Words for the exercise: openings for the listener, tips for the speaker,
and the gentle reminder when a reflection turns into a rebuttal.

The listener's openings follow four of the steps of validation described by
Linehan (1997) — paying attention, saying back accurately, naming what was
left unsaid, and saying that the feeling makes sense — written in our own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ListenerPrompt:
    level: str
    name: str | Promise
    hint: str | Promise
    opening: str | Promise


LISTENER_PROMPTS = (
    ListenerPrompt(
        "attend",
        _("Stay with them"),
        _("Put everything else down. Look at them; let them finish."),
        _("I'm listening. Take your time."),
    ),
    ListenerPrompt(
        "reflect",
        _("Say back what you heard"),
        _("Their words, shorter — not your answer to them."),
        _("What I heard is…"),
    ),
    ListenerPrompt(
        "unsaid",
        _("Name what may be underneath"),
        _("A guess at the feeling, offered as a question they can correct."),
        _("It sounds like you might also feel…"),
    ),
    ListenerPrompt(
        "normalise",
        _("Say that it makes sense"),
        _("Not that you agree: that a person in their place could feel this way."),
        _("It makes sense that you'd feel that, given…"),
    ),
)

SPEAKER_TIPS = (
    _("Speak for yourself: “I felt…”, not “you always…”."),
    _("Keep each piece short, so it can be said back."),
    _("Say what you feel and what you need, more than what went wrong."),
)

LISTENER_TIPS = (
    _("Your turn to speak will come. For now, only show that you understood."),
    _("No defending, fixing or explaining yet — even if you see it differently."),
)

REBUTTAL_REMINDER = _(
    "A “but” can turn a summary into a reply. For now, just say back what you heard: "
    "your turn to speak will come. (You can send it as it is.)"
)

# "but", and other openings that usually start a counter-argument. Matched as
# whole words; "but" inside a quote of the speaker is still pointed out, since
# the reminder only reminds and never stops anything.
_REBUTTAL = re.compile(
    r"\b(?:but|however|though|actually|that's not (?:true|fair|what happened)|"
    r"to be fair|in my defen[cs]e|you're wrong|that isn't true)\b",
    re.IGNORECASE,
)


def rebuttal_cues(text: str) -> list[str]:
    """The words in a reflection that usually start a rebuttal (for the reminder)."""
    return [m.group(0) for m in _REBUTTAL.finditer(text.replace("’", "'"))]


def rebuttal_pattern() -> str:
    """The same rule for the page's script (JavaScript regular expression syntax)."""
    return _REBUTTAL.pattern
