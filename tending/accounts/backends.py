"""Logging in as usual, and finding the logged-in person without a query.

Every request of a logged-in person loads their account. `ModelBackend` asks
the database each time; this backend keeps the account in the cache until it
is saved or deleted (`tending.lib.pagecache` calls `forget_user` from the
model signals), so a changed password, a deactivation or a new display name
counts at once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db import transaction

# Kept at most this long even when nothing changes, so that a change made
# behind the signals' back (an operator's SQL) counts within minutes.
ACCOUNT_SECONDS = 600


def _key(user_id: Any) -> str:
    return f"account:{user_id}"


def forget_user(user_id: Any) -> None:
    """Drop the kept account now, and again at commit: a request that read the
    old row in between must not keep it for a day."""

    def forget() -> None:
        caches[settings.PAGE_CACHE_ALIAS].delete(_key(user_id))

    forget()
    transaction.on_commit(forget)


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        if not settings.PAGE_CACHE_ENABLED:
            return super().get_user(user_id)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        user = cache.get(_key(user_id))
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(_key(user_id), user, timeout=ACCOUNT_SECONDS)
        return user
