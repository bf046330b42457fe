"""The in-app channel: notifications are written by deliver.py in the same
transaction that moves the nudge on; these are the reads the pages need."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from tending.nudges.models import Notification


def unread_count(user: Any) -> int:
    """One indexed COUNT for the header."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.visible_to(user).unread().count()


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user).order_by("-created", "-pk")


def mark_read(user: Any, notification_id: Any | None = None) -> int:
    """Mark one notification (or all) as read; returns how many changed.

    Saved one by one, not with a queryset update: pages showing them are
    cached and invalidated on model signals. Unread ones are few (at most a
    handful of reminders a day reach anyone)."""
    unread = Notification.objects.visible_to(user).unread()
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    now = timezone.now()
    changed = 0
    for notification in unread:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
        changed += 1
    return changed
