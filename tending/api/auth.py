"""How API callers prove who they are: a personal token, or the browser session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from tending.accounts.models import ApiToken

# Recording every use would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=10)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tnd_…` — the only place a token is accepted."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            # save() rather than update(): the signal drops the kept token row,
            # which would otherwise keep its old time and write on every call.
            api_token.last_used_at = now
            api_token.save(update_fields=["last_used_at"])
        request.user = api_token.user
        return api_token.user


class SessionCookieAuth(SessionAuth):
    """The logged-in browser session; unsafe methods must carry the CSRF token."""

    def __init__(self) -> None:
        super().__init__(csrf=True)


def current_user(request: HttpRequest) -> Any:
    """The authenticated person (set by either auth class)."""
    return request.auth  # type: ignore[attr-defined]
