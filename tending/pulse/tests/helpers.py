"""Shared helpers for the Pulse tests: answers, check-ins and viewers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tending.couples.boundary import Visibility
from tending.couples.models import Membership
from tending.pulse import questions as q
from tending.pulse import reading
from tending.pulse.models import CheckIn
from tending.pulse.services import Answers, Viewer

# A Wednesday; in Europe/Berlin (the personas' couple) the week with the
# default Sunday check-in day runs from Monday 10 to Sunday 16 March 2025.
NOW = datetime(2025, 3, 12, 12, 0, tzinfo=UTC)
THIS_WEEK = date(2025, 3, 10)


def values(**overrides: int) -> dict[str, int]:
    """A calm week's answers, as stored on a CheckIn."""
    answers = dict.fromkeys(q.SIGN_KEYS, 0)
    answers.update(closeness=5, sat_happy=4, sat_rewarding=4, sat_at_ease=4, sat_glad=4)
    answers.update(overrides)
    answers["satisfaction"] = q.satisfaction_score([answers[k] for k in q.SATISFACTION_KEYS])
    return answers


def answers(**overrides: Any) -> Answers:
    v = values(
        **{
            k: w
            for k, w in overrides.items()
            if k in q.SIGN_KEYS + q.SATISFACTION_KEYS + ("closeness",)
        }
    )
    extra = {k: w for k, w in overrides.items() if k not in v}
    return Answers(
        signs={k: v[k] for k in q.SIGN_KEYS},
        closeness=v["closeness"],
        satisfaction_items={k: v[k] for k in q.SATISFACTION_KEYS},
        **extra,
    )


def form_data(week: date | None = None, **overrides: Any) -> dict[str, Any]:
    """What the check-in page posts for a calm week."""
    data: dict[str, Any] = {k: str(w) for k, w in values().items() if k != "satisfaction"}
    data.update(note_visibility="private")
    if week is not None:
        data["week"] = week.isoformat()
    data.update(overrides)
    return data


def api_body(**overrides: Any) -> dict[str, Any]:
    v = values()
    body: dict[str, Any] = {
        "signs": {k: v[k] for k in q.SIGN_KEYS},
        "closeness": v["closeness"],
        "satisfaction": {k: v[k] for k in q.SATISFACTION_KEYS},
    }
    body.update(overrides)
    return body


def checkin(couple: Any, author: Any, week: date, **overrides: Any) -> CheckIn:
    visibility = overrides.pop("visibility", Visibility.PARTNER)
    return CheckIn.objects.create(
        couple=couple, author=author, week_start=week, visibility=visibility, **values(**overrides)
    )


def viewer(user: Any, now: datetime | None = None) -> Viewer:
    membership = Membership.objects.active().select_related("couple", "user").get(user=user)
    return reading.viewer_for_membership(membership, now=now)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def pulse_queries(captured: Any) -> list[str]:
    """The queries of a captured block that read or write Pulse's own tables
    (the page shell's queries belong to other apps and change with them)."""
    return [q["sql"] for q in captured.captured_queries if '"pulse_' in q["sql"]]
