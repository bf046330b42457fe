"""Request types for views that only logged-in people reach."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from tending.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """What a login-required view receives (every view is, unless marked public)."""

    user: User
