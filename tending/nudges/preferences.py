"""Each partner's own choices, and what they mean once the catalogue's
defaults are filled in. Only ever read or written for the person themself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from tending.nudges import kinds
from tending.nudges.kinds import Kind
from tending.nudges.models import KindPreference, Nudge, NudgeSettings

SNOOZE = timedelta(days=7)


@dataclass(frozen=True)
class Effective:
    """One kind for one partner: the catalogue's defaults and their choices."""

    kind: Kind
    enabled: bool
    at: time | None
    weekday: int | None
    lead_minutes: int | None
    snoozed_until: datetime | None

    def snoozed(self, now: datetime) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > now


def effective(kind: Kind, preference: KindPreference | None) -> Effective:
    if preference is None:
        return Effective(kind, True, kind.at, kind.weekday, kind.lead_minutes, None)
    return Effective(
        kind,
        preference.enabled,
        preference.at or kind.at,
        kind.weekday if preference.weekday is None else preference.weekday,
        kind.lead_minutes if preference.lead_minutes is None else preference.lead_minutes,
        preference.snoozed_until,
    )


def settings_for(user: Any) -> NudgeSettings:
    """The person's settings; the defaults, unsaved, until they change one
    (reading a page never writes)."""
    found = NudgeSettings.objects.filter(user=user).first()
    return found if found is not None else NudgeSettings(user=user)


def preferences_for(user: Any) -> dict[str, Effective]:
    """Every kind available here, as it applies to `user`."""
    chosen = {p.kind: p for p in KindPreference.objects.filter(user=user)}
    return {kind.slug: effective(kind, chosen.get(kind.slug)) for kind in kinds.available()}


def save_kind(user: Any, slug: str, **values: Any) -> KindPreference:
    """Change one kind for the person; series nudges move to the new time."""
    kind = kinds.get(slug)
    preference, _created = KindPreference.objects.get_or_create(user=user, kind=kind.slug)
    for name, value in values.items():
        setattr(preference, name, value)
    preference.save()
    if kind.has_time:
        from tending.nudges.planner import replan_series

        replan_series(user, kind.slug)
    return preference


def snooze(user: Any, slug: str, now: datetime | None = None) -> datetime:
    until = (now or timezone.now()) + SNOOZE
    save_kind(user, slug, snoozed_until=until)
    return until


def turn_off(user: Any, slug: str) -> None:
    save_kind(user, slug, enabled=False, snoozed_until=None)


def forget_pending(user: Any) -> int:
    """Drop what was waiting for the person (they turned nudges off)."""
    return (
        Nudge.objects.filter(recipient=user, next_fire_at__isnull=False)
        .exclude(key="series")
        .update(next_fire_at=None, last_outcome="skipped: nudges turned off")
    )
