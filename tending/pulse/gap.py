"""The in-sync gap: how far apart the two partners' answers are, item by item.

Worded to describe the relationship ("you both felt close", "you saw
conflict differently"), never which partner answered what, and never as a
grade. A gap is "in sync" when it is at most one step on the 0-4 signs or
the 1-7 circles (an ordinary difference in how two people use a scale), or
at most 15 points of 100 on satisfaction (three single-step differences).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tending.pulse.questions import METRIC_KEYS, METRIC_NAMES, SIGN_KEYS

IN_SYNC = {**dict.fromkeys(SIGN_KEYS, 1), "closeness": 1, "satisfaction": 15}


@dataclass(frozen=True)
class ItemGap:
    item: str
    name: str
    gap: int | None  # this week, None when not both answered (or not yet revealed)
    sentence: str
    weeks_compared: int  # over the period: weeks both answered
    weeks_in_sync: int
    mean_gap: float | None
    series: list[int | None]  # per period week, oldest first

    @property
    def in_sync(self) -> bool | None:
        return None if self.gap is None else self.gap <= IN_SYNC[self.item]


def describe(item: str, first: int, second: int, current: bool = True) -> str:
    """One sentence about that week, about the two of you."""
    name = str(METRIC_NAMES[item])
    close_enough = abs(first - second) <= IN_SYNC[item]
    if item == "closeness":
        if not close_enough:
            return _SENTENCES["closeness_apart"][current]
        if min(first, second) >= 5:
            return _SENTENCES["closeness_both_close"][current]
        if max(first, second) <= 3:
            return _SENTENCES["closeness_both_distant"][current]
        return _SENTENCES["closeness_same"][current]
    if item == "satisfaction":
        key = "satisfaction_same" if close_enough else "satisfaction_apart"
        return _SENTENCES[key][current]
    if not close_enough:
        key = "sign_apart"
    elif min(first, second) >= 2:
        key = "sign_both"
    elif max(first, second) <= 1:
        key = "sign_neither"
    else:
        key = "sign_same"
    if key == "sign_neither":
        name = name[:1].upper() + name[1:]
    return _SENTENCES[key][current] % {"sign": name}


# Whole sentences (not glued-together pieces) so that translators can word them;
# [True] speaks of this week, [False] of an earlier one.
_SENTENCES: dict[str, dict[bool, Any]] = {
    "closeness_apart": {
        True: _lazy("You felt your closeness differently this week."),
        False: _lazy("You felt your closeness differently that week."),
    },
    "closeness_both_close": {
        True: _lazy("You both felt close this week."),
        False: _lazy("You both felt close that week."),
    },
    "closeness_both_distant": {
        True: _lazy("You both felt some distance this week."),
        False: _lazy("You both felt some distance that week."),
    },
    "closeness_same": {
        True: _lazy("You felt about equally close this week."),
        False: _lazy("You felt about equally close that week."),
    },
    "satisfaction_same": {
        True: _lazy("You saw the relationship much the same way this week."),
        False: _lazy("You saw the relationship much the same way that week."),
    },
    "satisfaction_apart": {
        True: _lazy("You saw the relationship differently this week."),
        False: _lazy("You saw the relationship differently that week."),
    },
    "sign_apart": {
        True: _lazy("You saw %(sign)s differently this week."),
        False: _lazy("You saw %(sign)s differently that week."),
    },
    "sign_both": {
        True: _lazy("You both noticed %(sign)s this week."),
        False: _lazy("You both noticed %(sign)s that week."),
    },
    "sign_neither": {
        True: _lazy("%(sign)s was hardly there for either of you this week."),
        False: _lazy("%(sign)s was hardly there for either of you that week."),
    },
    "sign_same": {
        True: _lazy("You saw %(sign)s much the same way this week."),
        False: _lazy("You saw %(sign)s much the same way that week."),
    },
}


def item_gaps(
    weeks: Sequence[date],
    pair: Sequence[Mapping[date, Mapping[str, int]]],
    this_week: date | None,
    current: bool = True,
) -> list[ItemGap]:
    """Gaps for each item over `weeks` (oldest first) between the two partners'
    revealed answers in `pair`; `this_week` is the week the sentence is about."""
    result = []
    for item in METRIC_KEYS:
        series: list[int | None] = []
        for week in weeks:
            answers = [person.get(week) for person in pair]
            if len(answers) == 2 and all(a is not None for a in answers):
                series.append(abs(answers[0][item] - answers[1][item]))  # type: ignore[index]
            else:
                series.append(None)
        compared = [g for g in series if g is not None]
        this_gap = None
        sentence = _("Once you have both checked in, you'll see how in sync you were.")
        if this_week is not None and len(pair) == 2:
            a, b = pair[0].get(this_week), pair[1].get(this_week)
            if a is not None and b is not None:
                this_gap = abs(a[item] - b[item])
                sentence = str(describe(item, a[item], b[item], current))
        result.append(
            ItemGap(
                item=item,
                name=str(METRIC_NAMES[item]),
                gap=this_gap,
                sentence=sentence,
                weeks_compared=len(compared),
                weeks_in_sync=sum(1 for g in compared if g <= IN_SYNC[item]),
                mean_gap=round(sum(compared) / len(compared), 2) if compared else None,
                series=series,
            )
        )
    return result
