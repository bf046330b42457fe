"""Signed one-tap links in every e-mail and push: pause or turn off that nudge.

The token names the person, the kind and the action, signed with the site's
secret and a salt of its own, and expires (TENDING_NUDGE_LINK_DAYS). It works
without logging in — that is its point — and only ever for the person it
names: changing any part of it breaks the signature.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing

SALT = "tending.nudges.one-tap"
ACTIONS = ("snooze", "off")


@dataclass(frozen=True)
class OneTap:
    user_id: str
    kind: str
    action: str


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(user_id: Any, kind: str, action: str) -> str:
    """Short (it goes into every e-mail twice, and a mail header): the user's
    id as hex, the kind, the action, a timestamp and the signature."""
    assert action in ACTIONS
    user_hex = user_id.hex if isinstance(user_id, uuid.UUID) else uuid.UUID(str(user_id)).hex
    return _signer().sign(f"{user_hex}.{kind}.{action}")


def read_token(token: str) -> OneTap | None:
    """The link's content, or None when it is forged, altered or expired."""
    if not token or len(token) > 300:
        return None
    try:
        value = _signer().unsign(token, max_age=settings.NUDGE_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    parts = value.split(".")
    if len(parts) != 3 or parts[2] not in ACTIONS:
        return None
    try:
        user_id = str(uuid.UUID(hex=parts[0]))
    except ValueError:
        return None
    return OneTap(user_id, parts[1], parts[2])


# Written out rather than reversed: resolving URLs loads the whole URLconf
# (the API and every app's schemas), which a worker has no other use for.
# A test checks these against the URLconf.
ONE_TAP_PATH = "/nudges/tap/{token}/"
PREFERENCES_PATH = "/nudges/reminders/"


def one_tap_url(user_id: Any, kind: str, action: str) -> str:
    token = make_token(user_id, kind, action)
    return f"{settings.SITE_URL}{ONE_TAP_PATH.format(token=token)}"


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"
