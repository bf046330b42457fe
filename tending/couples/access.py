"""Who is asking, in which couple, and may they write there."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from tending.couples.models import Couple, Membership, Role
from tending.lib.pagecache import remember


def partner_membership(user: Any) -> Membership | None:
    """The person's own couple space, if they are a partner in one."""
    if not user.is_authenticated:
        return None
    # Asked on nearly every request: kept under the person's generation, which
    # any change to their couple space replaces (tending/lib/pagecache.py).
    return remember(
        user,
        "partner-membership",
        lambda: Membership.objects.partners().select_related("couple").filter(user=user).first(),
    )


def membership_or_404(user: Any, couple_id: Any) -> Membership:
    """The person's active membership of that couple; 404 for anyone else,
    so that a couple's existence is never revealed to an outsider."""
    membership = (
        Membership.objects.active()
        .select_related("couple")
        .filter(user=user, couple_id=couple_id)
        .first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    return membership


def require_partner(membership: Membership) -> None:
    """Therapists may read what was shared with them, never write: 403."""
    if membership.role != Role.PARTNER:
        raise PermissionDenied


def partners_of(couple: Couple) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.partners()
        .filter(couple=couple)
        .select_related("user")
        .order_by("partner_slot")
    ]


def couple_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a practice page: sets `request.membership`, or sends the person to
    Today to start or join a couple space first.

    A URL with arguments names something inside a couple space (a note, an
    invite): to someone who is not a partner anywhere — a therapist, a former
    member — it does not exist, so it is a 404 like for any outsider, never a
    redirect that would answer differently from other outsiders."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = partner_membership(request.user)
        if membership is None:
            if args or kwargs:
                raise Http404
            return redirect("today:home")
        request.membership = membership  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
