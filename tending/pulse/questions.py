"""What the weekly check-in asks, in Tending's own words, and how it is scored.

The five warning signs come from the article; the closeness picture follows
the idea of the Inclusion of Other in the Self scale (our own circles); the
satisfaction items are ours. None of them is a validated instrument, so no
score here is ever compared with a published cut-off: they are shown as
trends and as gaps between the two partners (docs/pulse.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Sign:
    """One warning sign: how much it was true this week, 0 (not at all) to 4."""

    key: str
    question: str | Promise
    # A short name for charts and sentences: "You saw ___ differently".
    name: str | Promise
    # The practices that address it (slugs of tending.today.practices).
    practices: tuple[str, ...]


SIGNS: tuple[Sign, ...] = (
    Sign(
        "disconnected",
        _("I felt out of touch with my partner."),
        _("feeling disconnected"),
        ("share", "listen"),
    ),
    Sign(
        "physical",
        _("We had less physical closeness than I wanted."),
        _("missing physical closeness"),
        ("traditions", "unplug"),
    ),
    Sign(
        "conflict",
        _("We argued or clashed more than usual."),
        _("conflict"),
        ("listen",),
    ),
    Sign(
        "lonely",
        _("I felt lonely, even with my partner around."),
        _("loneliness"),
        ("funlist", "unplug", "balance"),
    ),
    Sign(
        "trust",
        _("Trust between us felt shaky."),
        _("shaky trust"),
        ("share", "appreciate"),
    ),
)
SIGN_KEYS: tuple[str, ...] = tuple(sign.key for sign in SIGNS)
SIGN_BY_KEY = {sign.key: sign for sign in SIGNS}
SIGN_MIN, SIGN_MAX = 0, 4
SIGN_CHOICES = [
    (0, pgettext_lazy("how true", "Not at all")),
    (1, pgettext_lazy("how true", "A little")),
    (2, pgettext_lazy("how true", "Somewhat")),
    (3, pgettext_lazy("how true", "Quite a bit")),
    (4, pgettext_lazy("how true", "Very much")),
]

# Closeness, 1 (far apart) to 7 (almost one): the distance between the two
# circles' centres in our own picture, from a clear gap to nearly overlapping.
CLOSENESS_MIN, CLOSENESS_MAX = 1, 7
CIRCLE_RADIUS = 18
CIRCLE_DISTANCES = (42, 35, 28, 21, 14, 8, 3)
CLOSENESS_LABELS = (
    _("far apart"),
    _("apart"),
    _("just overlapping"),
    _("overlapping"),
    _("close"),
    _("very close"),
    _("almost as one"),
)


@dataclass(frozen=True)
class Circles:
    value: int
    label: str | Promise
    left_x: float
    right_x: float
    radius: int = CIRCLE_RADIUS


def circles() -> list[Circles]:
    """The seven pictures, each two circles centred around x=50 of a 100x44 box."""
    return [
        Circles(value, label, 50 - distance / 2, 50 + distance / 2)
        for value, (distance, label) in enumerate(
            zip(CIRCLE_DISTANCES, CLOSENESS_LABELS, strict=True), start=1
        )
    ]


@dataclass(frozen=True)
class SatisfactionItem:
    key: str
    question: str | Promise


SATISFACTION_ITEMS: tuple[SatisfactionItem, ...] = (
    SatisfactionItem("sat_happy", _("All in all, how happy were you with us this week?")),
    SatisfactionItem("sat_rewarding", _("How rewarding did our relationship feel?")),
    SatisfactionItem("sat_at_ease", _("How much did you feel at home with your partner?")),
    SatisfactionItem("sat_glad", _("How glad were you to be in this relationship?")),
)
SATISFACTION_KEYS: tuple[str, ...] = tuple(item.key for item in SATISFACTION_ITEMS)
SATISFACTION_ITEM_MIN, SATISFACTION_ITEM_MAX = 0, 5
SATISFACTION_CHOICES = [
    (0, pgettext_lazy("how much", "Not at all")),
    (1, pgettext_lazy("how much", "A little")),
    (2, pgettext_lazy("how much", "Somewhat")),
    (3, pgettext_lazy("how much", "Mostly")),
    (4, pgettext_lazy("how much", "Very")),
    (5, pgettext_lazy("how much", "Completely")),
]
SATISFACTION_MAX = 100


def satisfaction_score(answers: Sequence[int]) -> int:
    """Four items of 0-5 summed (0-20) and stretched to 0-100, so that one step
    on one item is 5 points. Only the sum is meaningful, and only as a trend."""
    if len(answers) != len(SATISFACTION_ITEMS):
        raise ValueError("one answer per satisfaction item")
    if any(not SATISFACTION_ITEM_MIN <= a <= SATISFACTION_ITEM_MAX for a in answers):
        raise ValueError("satisfaction answers are 0–5")
    return sum(answers) * SATISFACTION_MAX // (SATISFACTION_ITEM_MAX * len(SATISFACTION_ITEMS))


# Up to three words for how the week felt; stored as these keys.
MAX_FEELINGS = 3
FEELINGS: tuple[tuple[str, str | Promise], ...] = (
    ("calm", _("calm")),
    ("close", _("close")),
    ("content", _("content")),
    ("curious", _("curious")),
    ("excited", _("excited")),
    ("grateful", _("grateful")),
    ("hopeful", _("hopeful")),
    ("loved", _("loved")),
    ("playful", _("playful")),
    ("proud", _("proud")),
    ("relieved", _("relieved")),
    ("tender", _("tender")),
    ("anxious", _("anxious")),
    ("distant", _("distant")),
    ("frustrated", _("frustrated")),
    ("guilty", _("guilty")),
    ("hurt", _("hurt")),
    ("lonely", _("lonely")),
    ("overwhelmed", _("overwhelmed")),
    ("restless", _("restless")),
    ("sad", _("sad")),
    ("stressed", _("stressed")),
    ("tired", _("tired")),
    ("unsure", _("unsure")),
)
FEELING_KEYS = frozenset(key for key, _label in FEELINGS)
FEELING_LABELS = dict(FEELINGS)
NOTE_MAX_LENGTH = 1000

# Every item the trends, the gap and the drift rule look at, with its range.
METRICS: tuple[tuple[str, int, int], ...] = (
    *((key, SIGN_MIN, SIGN_MAX) for key in SIGN_KEYS),
    ("closeness", CLOSENESS_MIN, CLOSENESS_MAX),
    ("satisfaction", 0, SATISFACTION_MAX),
)
METRIC_KEYS: tuple[str, ...] = tuple(key for key, _lo, _hi in METRICS)
METRIC_NAMES: dict[str, str | Promise] = {
    **{sign.key: sign.name for sign in SIGNS},
    "closeness": _("closeness"),
    "satisfaction": _("how happy you are together"),
}
METRIC_PRACTICES: dict[str, tuple[str, ...]] = {
    **{sign.key: sign.practices for sign in SIGNS},
    "closeness": ("share", "funlist"),
    "satisfaction": ("appreciate", "listen"),
}
