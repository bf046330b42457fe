"""Secret calendar addresses, sealed at rest.

A secret address (Google's "secret address in iCal format", an Apple or
Nextcloud subscription link) lets anyone who has it read every title,
place and attendee of that calendar, for as long as its owner does not reset
it. It is a password in all but name, so the database never holds it in
plain text: a copy of the database or of a backup gives nothing away
without the server's secret key too.

It cannot be hashed like a password, because the worker must send it again
every few hours; it is encrypted with AES-256-GCM under a key derived from
`SECRET_KEY` (a key of its own, so that no other use of the secret key
shares it). The calendar's id is bound into each sealed value, so a sealed
address copied onto another row does not open. Keys in
`SECRET_KEY_FALLBACKS` still open addresses sealed before a key rotation;
`seal` always uses the current key.

The full address is never shown again, to its owner either: pages and the
API show only the hint (scheme and server name).
"""

from __future__ import annotations

import base64
import os
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

PREFIX = "v1:"
_PURPOSE = "tending.calendars.secret-address"


class AddressUnreadable(Exception):
    """The sealed address opens under none of the server's keys (the secret
    key was changed without keeping the old one in SECRET_KEY_FALLBACKS)."""


def _key(secret: str | bytes) -> bytes:
    return salted_hmac(_PURPOSE, "key", secret=secret, algorithm="sha256").digest()


def seal(address: str, calendar_id: object) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key(settings.SECRET_KEY)).encrypt(
        nonce, address.encode(), str(calendar_id).encode()
    )
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def open_sealed(sealed: str, calendar_id: object) -> str:
    if not sealed.startswith(PREFIX):
        raise AddressUnreadable
    try:
        raw = base64.urlsafe_b64decode(sealed[len(PREFIX) :])
    except ValueError:
        raise AddressUnreadable from None
    if len(raw) <= 12 + 16:  # a nonce and a tag, and nothing sealed
        raise AddressUnreadable
    nonce, body = raw[:12], raw[12:]
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        try:
            return AESGCM(_key(secret)).decrypt(nonce, body, str(calendar_id).encode()).decode()
        except InvalidTag:
            continue
    raise AddressUnreadable


def hint(address: str) -> str:
    """What may be shown of an address: enough to recognise it, nothing that opens it."""
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.hostname or ''}/…" if address else ""
