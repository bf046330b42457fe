"""Registering a browser's Web Push subscription, checked before it is kept."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tending.nudges.channels.push import allowed_endpoint
from tending.nudges.models import PushSubscription

MAX_PER_PERSON = 10


class SubscriptionRefused(ValueError):
    """The subscription cannot be kept; the message says why, for a person."""


def _key(value: Any, size: int, name: str) -> str:
    if not isinstance(value, str) or len(value) > 200:
        raise SubscriptionRefused(_("The browser sent an incomplete subscription (%s).") % name)
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise SubscriptionRefused(_("The browser sent an unreadable key (%s).") % name) from None
    if len(raw) != size:
        raise SubscriptionRefused(_("The browser sent an unreadable key (%s).") % name)
    return value


def device_label(user_agent: str) -> str:
    """A name a person recognises ("Firefox on Android"), nothing more."""
    agent = user_agent.lower()
    browser = next(
        (
            name
            for token, name in (
                ("firefox", "Firefox"),
                ("edg/", "Edge"),
                ("chrome", "Chrome"),
                ("safari", "Safari"),
            )
            if token in agent
        ),
        _("A browser"),
    )
    system = next(
        (
            name
            for token, name in (
                ("android", "Android"),
                ("iphone", "iPhone"),
                ("ipad", "iPad"),
                ("mac os", "macOS"),
                ("windows", "Windows"),
                ("linux", "Linux"),
            )
            if token in agent
        ),
        "",
    )
    if not system:
        return str(browser)
    return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}


def subscribe(user: Any, data: Any, user_agent: str = "") -> PushSubscription:
    if not isinstance(data, dict):
        raise SubscriptionRefused(_("That was not a push subscription."))
    endpoint = data.get("endpoint")
    keys = data.get("keys")
    if not isinstance(keys, dict):
        keys = {}
    if not isinstance(endpoint, str) or len(endpoint) > 1000 or not allowed_endpoint(endpoint):
        raise SubscriptionRefused(_("This browser's push service is not one this server sends to."))
    p256dh = _key(keys.get("p256dh"), 65, "p256dh")
    auth = _key(keys.get("auth"), 16, "auth")
    label = device_label(user_agent)[:80]
    with transaction.atomic():
        existing = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
        if existing is not None:
            # The same browser again (or handed to someone else): it is now theirs.
            existing.user, existing.p256dh, existing.auth, existing.label = (
                user,
                p256dh,
                auth,
                label,
            )
            existing.save()
            return existing
        if PushSubscription.objects.filter(user=user).count() >= MAX_PER_PERSON:
            raise SubscriptionRefused(
                _("You have push on ten devices already: remove one on your reminders page first.")
            )
        try:
            with transaction.atomic():
                return PushSubscription.objects.create(
                    user=user, endpoint=endpoint, p256dh=p256dh, auth=auth, label=label
                )
        except IntegrityError:
            raise SubscriptionRefused(_("Please try again.")) from None
