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
    """Mark one notification (or all) as read; returns how many changed."""
    unread = Notification.objects.visible_to(user).unread()
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
