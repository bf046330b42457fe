"""Nudges in the JSON API, under /api/v1/nudges/: your notifications, your
reminder choices and your push subscriptions. Everything here is the caller's
own; anyone else's id is a 404."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.nudges import kinds, preferences, subscriptions, vapid
from tending.nudges.channels.inapp import mark_read, notifications_for, unread_count
from tending.nudges.models import Notification, PushSubscription

router = Router(tags=["nudges"])
MAX_PAGE = 100


class NotificationOut(Schema):
    id: UUID
    kind: str
    title: str
    body: str
    url: str
    created: datetime
    read_at: datetime | None


class CountOut(Schema):
    count: int


class SettingsIn(Schema):
    enabled: bool
    email: bool
    push: bool
    quiet_start: time
    quiet_end: time
    daily_cap: int = Field(ge=1, le=20)


class KindOut(Schema):
    kind: str
    label: str
    enabled: bool
    at: time | None
    weekday: int | None
    lead_minutes: int | None
    snoozed_until: datetime | None


class KindIn(Schema):
    enabled: bool
    at: time | None = None
    weekday: int | None = Field(default=None, ge=0, le=6)
    lead_minutes: int | None = Field(default=None, ge=0, le=7 * 24 * 60)


class PreferencesOut(SettingsIn):
    kinds: list[KindOut]


class SubscriptionKeys(Schema):
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)


class SubscriptionIn(Schema):
    endpoint: str = Field(max_length=1000)
    keys: SubscriptionKeys


class SubscriptionOut(Schema):
    id: UUID
    label: str
    created: datetime


class KeyOut(Schema):
    public_key: str


def _kind_out(effective: preferences.Effective) -> KindOut:
    return KindOut(
        kind=effective.kind.slug,
        label=str(effective.kind.label),
        enabled=effective.enabled,
        at=effective.at,
        weekday=effective.weekday,
        lead_minutes=effective.lead_minutes,
        snoozed_until=effective.snoozed_until,
    )


def _preferences(user: Any) -> PreferencesOut:
    row = preferences.settings_for(user)
    return PreferencesOut(
        enabled=row.enabled,
        email=row.email,
        push=row.push,
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        daily_cap=row.daily_cap,
        kinds=[_kind_out(e) for e in preferences.preferences_for(user).values()],
    )


def _available_kind(kind: str) -> kinds.Kind:
    found = kinds.KINDS.get(kind)
    if found is None or not found.available:
        raise Http404
    return found


@router.get("/notifications", response=list[NotificationOut])
def list_notifications(
    request: HttpRequest, unread: bool = False, offset: int = 0, limit: int = 30
) -> Any:
    items = notifications_for(current_user(request))
    if unread:
        items = items.filter(read_at__isnull=True)
    offset, limit = max(offset, 0), min(max(limit, 1), MAX_PAGE)
    return list(items[offset : offset + limit])


@router.get("/notifications/unread-count", response=CountOut)
def notifications_unread(request: HttpRequest) -> CountOut:
    return CountOut(count=unread_count(current_user(request)))


@router.post("/notifications/read-all", response=CountOut)
def read_all(request: HttpRequest) -> CountOut:
    return CountOut(count=mark_read(current_user(request)))


@router.post(
    "/notifications/{notification_id}/read", response={200: NotificationOut, 404: ErrorOut}
)
def read_one(request: HttpRequest, notification_id: UUID) -> Any:
    user = current_user(request)
    notification = get_object_or_404(Notification.objects.visible_to(user), pk=notification_id)
    mark_read(user, notification.pk)
    notification.refresh_from_db()
    return notification


@router.get("/preferences", response=PreferencesOut)
def get_preferences(request: HttpRequest) -> PreferencesOut:
    return _preferences(current_user(request))


@router.put("/preferences", response=PreferencesOut)
def put_preferences(request: HttpRequest, payload: SettingsIn) -> PreferencesOut:
    user = current_user(request)
    with transaction.atomic():
        row = preferences.settings_for(user)
        for name, value in payload.dict().items():
            setattr(row, name, value)
        row.save()
        if not row.enabled:
            preferences.forget_pending(user)
    return _preferences(user)


@router.put("/preferences/{kind}", response={200: KindOut, 404: ErrorOut})
def put_kind(request: HttpRequest, kind: str, payload: KindIn) -> Any:
    user = current_user(request)
    found = _available_kind(kind)
    values: dict[str, Any] = {"enabled": payload.enabled}
    if payload.enabled:
        values["snoozed_until"] = None
    if found.has_time and payload.at is not None:
        values["at"] = payload.at
    if found.schedule == "weekly" and found.slug != "pulse_open" and payload.weekday is not None:
        values["weekday"] = payload.weekday
    if found.schedule == "at" and payload.lead_minutes is not None:
        values["lead_minutes"] = payload.lead_minutes
    preferences.save_kind(user, found.slug, **values)
    return _kind_out(preferences.preferences_for(user)[found.slug])


@router.post("/preferences/{kind}/snooze", response={200: KindOut, 404: ErrorOut})
def snooze_kind(request: HttpRequest, kind: str) -> Any:
    user = current_user(request)
    found = _available_kind(kind)
    preferences.snooze(user, found.slug)
    return _kind_out(preferences.preferences_for(user)[found.slug])


@router.get("/push/key", response=KeyOut)
def push_key(request: HttpRequest) -> KeyOut:
    """The server's VAPID public key, for `PushManager.subscribe`."""
    return KeyOut(public_key=vapid.application_server_key())


@router.get("/push/subscriptions", response=list[SubscriptionOut])
def list_subscriptions(request: HttpRequest) -> Any:
    return list(PushSubscription.objects.filter(user=current_user(request)))


@router.post("/push/subscriptions", response={201: SubscriptionOut, 400: ErrorOut})
def add_subscription(request: HttpRequest, payload: SubscriptionIn) -> Any:
    try:
        subscription = subscriptions.subscribe(
            current_user(request), payload.dict(), request.headers.get("User-Agent", "")
        )
    except subscriptions.SubscriptionRefused as refusal:
        return Status(400, ErrorOut(detail=str(refusal)))
    return Status(201, subscription)


@router.delete("/push/subscriptions/{subscription_id}", response={204: None, 404: ErrorOut})
def remove_subscription(request: HttpRequest, subscription_id: UUID) -> Any:
    subscription = get_object_or_404(
        PushSubscription.objects.filter(user=current_user(request)), pk=subscription_id
    )
    subscription.delete()
    return Status(204, None)
