"""The Web Push channel: the standard Push API, VAPID-signed (RFC 8292), encrypted
(aes128gcm) by pywebpush, to the push service the browser chose.

The payload carries the title, body and link, and two one-tap actions (pause,
turn off) that our service worker (static/nudges/sw.js) POSTs without opening
the app. The Topic header is the delivery id, so a push repeated after a
crash replaces the first one at the push service if it is still undelivered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _
from pywebpush import WebPushException, webpush

from tending.nudges import vapid
from tending.nudges.links import absolute, one_tap_url
from tending.nudges.models import Delivery, PushSubscription

TTL = 24 * 3600  # a reminder a day late is no longer worth showing
TIMEOUT = 10


@dataclass(frozen=True)
class PushResult:
    ok: bool
    gone: bool = False
    status: int | None = None
    error: str = ""


def allowed_endpoint(endpoint: str) -> bool:
    """Only https push services named in TENDING_PUSH_SERVICES (and, for
    development and tests, http on this very machine when DEBUG or tests
    allow it through that same list)."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" and not (parts.scheme == "http" and host == "127.0.0.1"):
        return False
    return any(
        host == allowed or host.endswith("." + allowed)
        for allowed in (a.lower() for a in settings.NUDGE_PUSH_SERVICES)
    )


def session() -> requests.Session:
    http = requests.Session()
    http.trust_env = False  # never through a proxy from the environment
    return http


def payload(delivery: Delivery) -> str:
    user_id, kind = delivery.recipient_id, delivery.kind
    return json.dumps(
        {
            "title": delivery.title,
            "body": delivery.body,
            "url": absolute(delivery.url or "/"),
            "tag": kind,
            "icon": absolute(static("tending/icon.svg")),
            "actions": [
                {
                    "action": "snooze",
                    "title": _("Pause for a week"),
                    "url": one_tap_url(user_id, kind, "snooze"),
                },
                {"action": "off", "title": _("Turn off"), "url": one_tap_url(user_id, kind, "off")},
            ],
        }
    )


def send(delivery: Delivery, subscription: PushSubscription, http: requests.Session) -> PushResult:
    if not allowed_endpoint(subscription.endpoint):
        return PushResult(ok=False, gone=True, error="push service not allowed")
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload(delivery),
            vapid_private_key=vapid.vapid(),
            vapid_claims={"sub": settings.NUDGE_VAPID_SUBJECT},
            ttl=TTL,
            timeout=TIMEOUT,
            headers={"Topic": delivery.id.hex, "Urgency": "normal"},
            requests_session=http,
        )
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in (404, 410):
            return PushResult(ok=False, gone=True, status=status)
        error = f"push service answered {status}: {exc}"[:500]
        return PushResult(ok=False, status=status, error=error)
    except (requests.RequestException, ValueError, TypeError) as exc:
        return PushResult(ok=False, error=f"{type(exc).__name__}: {exc}"[:500])
    return PushResult(ok=True, status=201)
