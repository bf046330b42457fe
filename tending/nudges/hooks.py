"""The one-line hooks practice apps call. See docs/development.md, "Nudges:
adding a hook".

    from tending import nudges
    nudges.notify(partner, "appreciation_received", couple=couple,
                  url=reverse("appreciate:jar"), context={"partner": str(me)},
                  key=f"appreciation:{appreciation.pk}")

`notify` is for something that just happened; `schedule` for a moment an app
knows ahead (a tradition, an unplug commitment, a date), the partner's lead
time taken off. Both are idempotent by `key` (the same key twice makes one
nudge) and cheap: one INSERT, in the caller's transaction, so the nudge exists
exactly when the event does. Whether and when it is delivered (turned off,
quiet hours, daily cap, left the couple) is decided by the worker, at
delivery time, with the person's choices as they are then.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tending.nudges import kinds, timing
from tending.nudges.models import KindPreference, Nudge
from tending.nudges.planner import occurrence_name
from tending.nudges.preferences import settings_for

GRACE = timedelta(minutes=30)


def notify(
    recipient: Any,
    kind: str,
    *,
    couple: Any,
    key: str,
    url: str = "",
    context: dict[str, Any] | None = None,
    expires_at: datetime | None = None,
) -> None:
    """Tell `recipient` about something that just happened (e.g. their partner
    sent an appreciation). Delivered at the next worker turn, or when their
    quiet hours end; skipped after `expires_at`."""
    if recipient is None:
        return
    kinds.get(kind)  # an unknown kind is a programming error: fail loudly
    now = timezone.now()
    Nudge.objects.bulk_create(
        [
            Nudge(
                recipient_id=recipient.pk,
                couple_id=getattr(couple, "pk", couple),
                kind=kind,
                key=key[:200],
                occurrence="once",
                next_fire_at=now,
                expires_at=expires_at,
                url=url,
                context=context or {},
            )
        ],
        ignore_conflicts=True,
    )


def schedule(
    recipient: Any,
    kind: str,
    *,
    at: datetime,
    couple: Any,
    key: str,
    url: str = "",
    context: dict[str, Any] | None = None,
    fire_at: datetime | None = None,
) -> None:
    """Remind `recipient` ahead of `at` (their lead time for this kind taken
    off, or exactly at `fire_at`; before their quiet hours if the event would
    be over when those end). Calling it again with the same key moves
    the reminder, unless that occurrence was already delivered; once `at` has
    passed it is skipped."""
    spec = kinds.get(kind)
    if recipient is None:
        return
    preference = KindPreference.objects.filter(user_id=recipient.pk, kind=kind).first()
    lead = spec.lead_minutes or 0
    if preference is not None and preference.lead_minutes is not None:
        lead = preference.lead_minutes
    if fire_at is None:
        fire_at = at - timedelta(minutes=lead)
    quiet = settings_for(recipient)
    fire_at = timing.before_quiet_hours(
        fire_at, at + GRACE, quiet.quiet_start, quiet.quiet_end, recipient.time_zone
    )
    values = {
        "couple_id": getattr(couple, "pk", couple),
        "occurrence": occurrence_name(at),
        "next_fire_at": fire_at,
        # A reminder a little late still helps; one after the event does not.
        "expires_at": at + GRACE,
        "url": url,
        "context": {**(context or {}), "event_at": at.isoformat()},
    }
    moved = Nudge.objects.filter(recipient_id=recipient.pk, kind=kind, key=key[:200]).filter(
        # Not the occurrence already delivered, and not one being delivered.
        ~Q(occurrence=values["occurrence"]) | Q(next_fire_at__isnull=False),
        Q(lease_until__isnull=True) | Q(lease_until__lt=timezone.now()),
    )
    if not moved.update(**values):
        Nudge.objects.bulk_create(
            [Nudge(recipient_id=recipient.pk, kind=kind, key=key[:200], **values)],
            ignore_conflicts=True,
        )


def cancel(recipient: Any, kind: str, key: str) -> int:
    """The event is off (a tradition deleted, a date cancelled)."""
    return Nudge.objects.filter(
        recipient_id=getattr(recipient, "pk", recipient), kind=kind, key=key[:200]
    ).update(next_fire_at=None, last_outcome="cancelled by the app")


def notify_partner(actor: Any, kind: str, *, couple: Any, key: str, **options: Any) -> None:
    """`notify` the other partner of `actor`'s couple, if there is one; their
    name goes into the context as "partner"."""
    from tending.couples.models import Membership

    other = (
        Membership.objects.partners()
        .filter(couple_id=getattr(couple, "pk", couple))
        .exclude(user_id=actor.pk)
        .select_related("user")
        .first()
    )
    if other is None:
        return
    context = {"partner": str(actor), **options.pop("context", {})}
    notify(other.user, kind, couple=couple, key=key, context=context, **options)
