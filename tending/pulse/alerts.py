"""How a drift alert is put to the couple: a title and a sentence in plain
words, since when, and the practices that may help, each with a one-line
reason. Never a diagnosis: "one of you" or "both of you", no names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tending.pulse import questions as q
from tending.pulse.models import AlertRule, DriftAlert
from tending.today.practices import BY_SLUG

THERAPIST_CARD_AFTER = timedelta(days=28)

ALERT_TITLES: dict[tuple[str, str], str | Promise] = {
    ("sign", "disconnected"): gettext_lazy("Feeling out of touch with each other"),
    ("sign", "physical"): gettext_lazy("Missing physical closeness"),
    ("sign", "conflict"): gettext_lazy("More arguments than usual"),
    ("sign", "lonely"): gettext_lazy("Feeling lonely in the relationship"),
    ("sign", "trust"): gettext_lazy("Trust feeling shaky"),
    ("baseline", "closeness"): gettext_lazy("Feeling less close than usual"),
    ("baseline", "satisfaction"): gettext_lazy("Less happy together than usual"),
}


@dataclass(frozen=True)
class Suggestion:
    name: str
    url: str
    why: str


@dataclass
class AlertView:
    alert: DriftAlert
    title: str
    message: str
    suggestions: list[Suggestion]
    dismissed: bool
    lasted_a_month: bool

    @property
    def id(self) -> Any:
        return self.alert.id


# Why each practice may help, in one line (the practice pages say more).
PRACTICE_HINTS: dict[str, str | Promise] = {
    "share": gettext_lazy("a question a day, answered privately and opened together"),
    "listen": gettext_lazy("take turns: one speaks, the other says back what they heard"),
    "appreciate": gettext_lazy("tell each other what you value; it makes partners kinder"),
    "unplug": gettext_lazy("time together with the phones away"),
    "balance": gettext_lazy("time for yourself and time for the two of you"),
    "funlist": gettext_lazy("something new and fun to do together"),
    "traditions": gettext_lazy("small rituals that are yours, like a Friday pizza"),
}


def _suggestions(item: str) -> list[Suggestion]:
    found = []
    for slug in q.METRIC_PRACTICES[item]:
        practice = BY_SLUG[slug]
        found.append(Suggestion(str(practice.name), practice.url, str(PRACTICE_HINTS[slug])))
    if item == "conflict":
        listen = BY_SLUG["listen"]
        found.append(
            Suggestion(
                _("A gentle start-up"),
                listen.url,
                _("begin hard talks softly: what you feel and need, not what they did wrong"),
            )
        )
    return found


def describe_alert(
    alert: DriftAlert, dismissed: bool = False, now: datetime | None = None
) -> AlertView:
    whom = _("both of you") if alert.both else _("one of you")
    since = _date(alert.started_week)
    name = str(q.METRIC_NAMES.get(alert.item, alert.item))
    if alert.rule == AlertRule.SIGN:
        message = _(
            "This has weighed on %(whom)s for three check-ins in a row, since the "
            "week of %(since)s."
        ) % {"whom": whom, "since": since}
    elif alert.rule == AlertRule.BASELINE:
        message = _(
            "For %(whom)s, the last four weeks have been clearly lower than the twelve "
            "before them, since the week of %(since)s."
        ) % {"whom": whom, "since": since}
    else:
        message = _(
            "Your answers about %(name)s have moved further apart three weeks in a row, "
            "since the week of %(since)s."
        ) % {"name": name, "since": since}
    title = ALERT_TITLES.get((alert.rule, alert.item)) or _("Seeing %(name)s differently") % {
        "name": name
    }
    return AlertView(
        alert=alert,
        title=str(title),
        message=message,
        suggestions=_suggestions(alert.item),
        dismissed=dismissed,
        lasted_a_month=alert.created <= (now or timezone.now()) - THERAPIST_CARD_AFTER,
    )


def _date(day: date) -> str:
    return date_format(day, "j F Y")
