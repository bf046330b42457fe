"""Nudges: what may be delivered, what was, and each partner's choices.

- `Nudge` is a row with `next_fire_at`: one per event (an appreciation
  received) or per series (this partner's weekly Pulse reminder). A worker
  claims due rows with a lease (tending/nudges/claim.py) and turns each
  *occurrence* into deliveries.
- `Notification` is the in-app delivery; `Delivery` is one e-mail or one push
  to one subscription. Both are unique per (nudge, occurrence[, channel,
  target]) and written in the same transaction that advances the nudge, so an
  occurrence is recorded once whatever crashes (docs/nudges.md).
- `NudgeSettings` and `KindPreference` are one partner's own choices, never
  visible to the other partner.
"""

from __future__ import annotations

import uuid
from datetime import time
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def default_quiet_start() -> time:
    return settings.NUDGE_QUIET_START


def default_quiet_end() -> time:
    return settings.NUDGE_QUIET_END


def default_daily_cap() -> int:
    return settings.NUDGE_DAILY_CAP


class NudgeSettings(models.Model):
    """One partner's nudges as a whole: on or off, quiet hours, daily cap.

    `cap_day`/`cap_count` count today's capped deliveries (in the partner's
    zone); the worker locks this row while it counts, so two workers can
    never both send the fourth nudge of a day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="nudge_settings",
    )
    enabled = models.BooleanField(_("send me nudges"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)
    push = models.BooleanField(_("as push notifications on my devices"), default=True)
    quiet_start = models.TimeField(_("quiet from"), default=default_quiet_start)
    quiet_end = models.TimeField(_("quiet until"), default=default_quiet_end)
    daily_cap = models.PositiveSmallIntegerField(
        _("at most this many reminders a day"), default=default_daily_cap
    )
    cap_day = models.DateField(null=True, blank=True)
    cap_count = models.PositiveSmallIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nudge settings")
        verbose_name_plural = _("nudge settings")

    def __str__(self) -> str:
        return f"Nudge settings of {self.user_id}"


class KindPreference(models.Model):
    """One partner's choice for one kind of nudge; absent means the defaults
    of the catalogue (tending/nudges/kinds.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudge_kinds"
    )
    kind = models.CharField(max_length=32)
    enabled = models.BooleanField(default=True)
    at = models.TimeField(null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    lead_minutes = models.PositiveIntegerField(null=True, blank=True)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="nudges_kind_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"


class Nudge(models.Model):
    """Something to tell one partner, now or at `next_fire_at`.

    `key` names the event or the series, so that telling the same thing twice
    (a double tap, a planner run) makes no second row. `occurrence` names the
    occurrence to deliver next; it is part of every delivery's unique key.
    `next_fire_at` NULL means nothing more is due. The internal integer id is
    never shown in a URL."""

    id = models.BigAutoField(primary_key=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The tenant key; a nudge outlives nothing of its couple.
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=32)
    key = models.CharField(max_length=200)
    occurrence = models.CharField(max_length=64)
    next_fire_at = models.DateTimeField(null=True, blank=True)
    # After this the occurrence is stale (a break that has ended): skipped.
    expires_at = models.DateTimeField(null=True, blank=True)
    url = models.CharField(max_length=500, blank=True)
    context = models.JSONField(default=dict, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=80, blank=True)
    last_outcome = models.CharField(max_length=80, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="nudges_nudge_once")
        ]
        indexes = [
            models.Index(
                fields=["next_fire_at"],
                condition=Q(next_fire_at__isnull=False),
                name="nudges_nudge_due",
            ),
            models.Index(fields=["recipient", "kind"], name="nudges_nudge_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} ({self.key})"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A notification is its recipient's alone: the partner never sees it."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """The in-app delivery of one occurrence of a nudge."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    nudge = models.ForeignKey(
        Nudge, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    occurrence = models.CharField(max_length=64)
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    body = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nudge", "occurrence"],
                condition=Q(nudge__isnull=False),
                name="nudges_notification_once",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="nudges_notif_list"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="nudges_notif_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PushSubscription(models.Model):
    """One browser's Web Push subscription (the Push API's endpoint and keys)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    label = models.CharField(_("device"), max_length=80, blank=True)
    created = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return self.label or f"Push subscription {self.pk}"


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    PUSH = "push", _("push")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    RETRYING = "retrying", _("failed, will retry")
    SENT = "sent", _("sent")
    GAVE_UP = "gave_up", _("given up")
    DROPPED = "dropped", _("no longer needed")


OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)


class Delivery(models.Model):
    """One e-mail, or one push to one subscription, for one occurrence.

    Created in the transaction that advances the nudge; sent afterwards, with
    a lease, retries with backoff and a limit. Its id is derived from
    (nudge, occurrence, channel, target), and becomes the e-mail's Message-ID
    and the push's Topic: a send repeated after a crash is recognisable."""

    id = models.UUIDField(primary_key=True, editable=False)
    nudge = models.ForeignKey(Nudge, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=32)
    occurrence = models.CharField(max_length=64)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    # The push subscription's id; empty for e-mail.
    target = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200)
    body = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=80, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # With the mail folder (channels/mailfolder.py): the file this e-mail is
    # (being) written into. A worker that died after writing it and before
    # recording the e-mail as sent leaves the answer there: the next worker
    # reads it instead of sending again.
    mail_file = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["nudge", "occurrence", "channel", "target"], name="nudges_delivery_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "retrying"]),
                name="nudges_delivery_due",
            ),
            models.Index(fields=["status", "-created"], name="nudges_delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} to {self.recipient_id}: {self.status}"


DELIVERY_NAMESPACE = uuid.UUID("5b0f6a4e-6c55-4f7e-9a43-1d2b0e7d2a61")


def delivery_id(nudge_id: int, occurrence: str, channel: str, target: str = "") -> uuid.UUID:
    """The same occurrence on the same channel always gets the same id."""
    return uuid.uuid5(DELIVERY_NAMESPACE, f"{nudge_id}|{occurrence}|{channel}|{target}")
