"""Session lifetime limits and private caching for logged-in responses."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

LOGIN_AT = "tending_login_at"
SEEN_AT = "tending_seen_at"
# Refreshing the idle clock on every request would write the session row on
# every request; a coarse step keeps reads read-only.
SEEN_RESOLUTION_SECONDS = 300


def stamp_new_session(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class SessionLifetimeMiddleware:
    """Ends a session after too long idle, and after an absolute lifetime."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if now - seen_at > idle or now - login_at > absolute:
                logout(request)
            elif now - seen_at > SEEN_RESOLUTION_SECONDS or LOGIN_AT not in session:
                session[SEEN_AT] = now
                session.setdefault(LOGIN_AT, now)
        return self.get_response(request)


class PrivateResponseMiddleware:
    """What a logged-in person sees is never kept by a browser or a proxy cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.headers.get("Authorization"):
            patch_cache_control(response, no_store=True, private=True)
        return response
