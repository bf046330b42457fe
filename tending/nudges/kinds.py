"""The catalogue of nudges: what each says, when it comes, and its defaults.

Every message is written to invite, never to blame: no "you missed", no
"your partner is waiting on you", no scores. A kind belongs to a practice
app and is offered only while that app is installed; the hook that raises it
is documented in docs/nudges.md ("Nudges: adding a hook" in
docs/development.md).

Schedules:
- "event": raised by `tending.nudges.notify(...)` when something happens.
- "at": raised by `tending.nudges.schedule(...)` for a moment an app knows
  (a tradition, an unplug commitment, a date), minus the partner's lead time.
- "daily" / "weekly": a series per partner, planned by the nudges app itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Context = Mapping[str, Any]


@dataclass(frozen=True)
class Message:
    title: str
    body: str


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str | Promise
    help: str | Promise
    app: str  # the practice app it belongs to
    schedule: str  # "event", "at", "daily", "weekly"
    render: Callable[[Context], Message]
    # Counted in the daily cap: reminders are; a partner's own action and the
    # digest are not.
    capped: bool = True
    at: time | None = None  # default clock time for daily/weekly kinds
    weekday: int | None = None  # default day for weekly kinds (Monday 0)
    lead_minutes: int | None = None  # default lead time for "at" kinds
    email: bool = True
    push: bool = True
    in_app: bool = True

    @property
    def available(self) -> bool:
        return apps.is_installed(self.app)

    @property
    def has_time(self) -> bool:
        return self.schedule in ("daily", "weekly")


def _partner(context: Context) -> str:
    return str(context.get("partner") or _("Your partner"))


def _pulse_open(context: Context) -> Message:
    return Message(
        _("This week’s Pulse is open"),
        _("Two quiet minutes for the two of you, whenever suits you this week."),
    )


def _partner_checked_in(context: Context) -> Message:
    return Message(
        _("%(partner)s checked in for this week") % {"partner": _partner(context)},
        _("Whenever you feel like it, add yours and you will see the week side by side."),
    )


def _today_question(context: Context) -> Message:
    return Message(
        _("Today’s question is here"),
        str(context.get("question") or _("A small question to share, whenever you like.")),
    )


def _partner_answered(context: Context) -> Message:
    return Message(
        _("%(partner)s answered today’s question") % {"partner": _partner(context)},
        _("Answer too when you have a moment, and you will see each other’s answers."),
    )


def _listen_waiting(context: Context) -> Message:
    return Message(
        _("%(partner)s would like a listening session") % {"partner": _partner(context)},
        _("Whenever you both have a calm moment: one speaks, the other listens."),
    )


def _break_called(context: Context) -> Message:
    minutes = context.get("minutes") or 20
    return Message(
        _("%(partner)s asked for a break") % {"partner": _partner(context)},
        _("A %(minutes)s-minute pause to settle. Come back to the talk when you both feel calmer.")
        % {"minutes": minutes},
    )


def _appreciation(context: Context) -> Message:
    return Message(
        _("%(partner)s wrote you an appreciation") % {"partner": _partner(context)},
        _("A few kind words are waiting for you."),
    )


def _good_news(context: Context) -> Message:
    return Message(
        _("%(partner)s has good news to share") % {"partner": _partner(context)},
        _("Ask them all about it: sharing the joy makes it grow."),
    )


def _tradition_soon(context: Context) -> Message:
    return Message(
        _("%(tradition)s is coming up") % {"tradition": context.get("title") or _("A tradition")},
        str(context.get("when") or _("A little ritual of yours, soon.")),
    )


def _unplug_starting(context: Context) -> Message:
    return Message(
        _("Tech-free time starts soon"),
        str(context.get("title") or _("Time to put the phones away together.")),
    )


def _date_today(context: Context) -> Message:
    return Message(
        _("Today: %(title)s") % {"title": context.get("title") or _("time together")},
        _("Something you both said yes to. Enjoy it."),
    )


def _drift_alert(context: Context) -> Message:
    return Message(
        _("Something in your Pulse may be worth a look"),
        _("Your recent check-ins suggest a small change. Pulse has an idea that may help."),
    )


def _digest(context: Context) -> Message:
    return Message(
        _("Your week together"),
        _("A look back at the moments you shared this week."),
    )


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            "pulse_open",
            gettext_lazy("The weekly Pulse is open"),
            gettext_lazy("On your check-in day, a reminder that this week’s Pulse is open."),
            "tending.pulse",
            "weekly",
            _pulse_open,
            at=time(19, 0),
        ),
        Kind(
            "partner_checked_in",
            gettext_lazy("Your partner checked in"),
            gettext_lazy("When your partner has done this week’s Pulse."),
            "tending.pulse",
            "event",
            _partner_checked_in,
            capped=False,
            email=False,
        ),
        Kind(
            "drift_alert",
            gettext_lazy("A drift alert"),
            gettext_lazy("When your Pulse notices closeness slipping, with an idea that helps."),
            "tending.pulse",
            "event",
            _drift_alert,
        ),
        Kind(
            "today_question",
            gettext_lazy("Today’s question"),
            gettext_lazy("Each day, the question of the day to share."),
            "tending.share",
            "daily",
            _today_question,
            at=time(19, 30),
            email=False,
        ),
        Kind(
            "partner_answered",
            gettext_lazy("Your partner answered today’s question"),
            gettext_lazy("When it is your turn to answer and reveal."),
            "tending.share",
            "event",
            _partner_answered,
            capped=False,
            email=False,
        ),
        Kind(
            "listen_waiting",
            gettext_lazy("A listening session for you"),
            gettext_lazy("When your partner starts a listening session with you."),
            "tending.listen",
            "event",
            _listen_waiting,
            capped=False,
        ),
        Kind(
            "break_called",
            gettext_lazy("A break was called"),
            gettext_lazy("When your partner asks for a pause in a hard talk."),
            "tending.appreciate",
            "event",
            _break_called,
            capped=False,
            email=False,
        ),
        Kind(
            "appreciation_received",
            gettext_lazy("An appreciation for you"),
            gettext_lazy("When your partner writes you an appreciation."),
            "tending.appreciate",
            "event",
            _appreciation,
            capped=False,
        ),
        Kind(
            "good_news_received",
            gettext_lazy("Good news from your partner"),
            gettext_lazy("When your partner shares good news."),
            "tending.appreciate",
            "event",
            _good_news,
            capped=False,
        ),
        Kind(
            "tradition_soon",
            gettext_lazy("A tradition coming up"),
            gettext_lazy("Ahead of one of your traditions, by the lead time you choose."),
            "tending.traditions",
            "at",
            _tradition_soon,
            lead_minutes=60,
        ),
        Kind(
            "unplug_starting",
            gettext_lazy("Tech-free time starting"),
            gettext_lazy("When one of your unplug commitments begins."),
            "tending.unplug",
            "at",
            _unplug_starting,
            lead_minutes=0,
            email=False,
        ),
        Kind(
            "date_today",
            gettext_lazy("A date planned for today"),
            gettext_lazy("In the morning of a day you planned something together."),
            "tending.funlist",
            "at",
            _date_today,
            lead_minutes=0,
        ),
        Kind(
            "weekly_digest",
            gettext_lazy("A weekly digest e-mail"),
            gettext_lazy("Once a week, what you did together, in a few warm words."),
            "tending.nudges",
            "weekly",
            _digest,
            capped=False,
            at=time(18, 0),
            weekday=6,
            push=False,
            in_app=False,
        ),
    )
}


def get(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise LookupError(f"no nudge kind {slug!r}; see tending/nudges/kinds.py") from None


def available() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.available]
