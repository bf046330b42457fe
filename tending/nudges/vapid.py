"""The server's VAPID key pair for Web Push: generated once into the data folder.

Browsers bind a push subscription to the public key they were given, so the
key must never change under them: it is created the first time anything needs
it and kept in `<data dir>/vapid_private.pem` (mode 600), beside the secret
key. Two processes starting at once both try; the first to link its file in
wins and the other reads that one.
"""

from __future__ import annotations

import base64
import contextlib
import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid02


def key_path() -> Path:
    return Path(settings.DATA_DIR) / "vapid_private.pem"


def ensure_key() -> Path:
    path = key_path()
    if path.exists():
        return path
    fresh = Vapid02()
    fresh.generate_keys()
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(fresh.private_pem())
    try:
        os.link(temporary, path)  # fails if another process linked first
    except FileExistsError:
        pass
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return path


@cache
def _load(path: str, mtime: float) -> Vapid02:
    return Vapid02.from_file(path)


def vapid() -> Vapid02:
    path = ensure_key()
    return _load(str(path), path.stat().st_mtime)


def application_server_key() -> str:
    """The public key as the Push API wants it: base64url, uncompressed point."""
    raw = vapid().public_key.public_bytes(
        encoding=serialization.Encoding.X962,
        format=serialization.PublicFormat.UncompressedPoint,
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
