"""Signed one-tap links in every e-mail and push: pause or turn off that nudge.

The token names the person, the kind and the action, signed with the site's
secret and a salt of its own, and expires (TENDING_NUDGE_LINK_DAYS). It works
without logging in — that is its point — and only ever for the person it
names: changing any part of it breaks the signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "tending.nudges.one-tap"
ACTIONS = ("snooze", "off")


@dataclass(frozen=True)
class OneTap:
    user_id: str
    kind: str
    action: str


def make_token(user_id: Any, kind: str, action: str) -> str:
    assert action in ACTIONS
    return signing.dumps({"u": str(user_id), "k": kind, "a": action}, salt=SALT, compress=True)


def read_token(token: str) -> OneTap | None:
    """The link's content, or None when it is forged, altered or expired."""
    if not token or len(token) > 300:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.NUDGE_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(data, dict) or data.get("a") not in ACTIONS:
        return None
    return OneTap(str(data.get("u")), str(data.get("k")), str(data["a"]))


def one_tap_url(user_id: Any, kind: str, action: str) -> str:
    path = reverse("nudges:one_tap", kwargs={"token": make_token(user_id, kind, action)})
    return f"{settings.SITE_URL}{path}"


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"
