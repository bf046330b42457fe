"""Take a break: a pause of at least 20 minutes when a talk floods one of you."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tending.appreciate import services
from tending.appreciate.context_processors import DISMISSED_KEY, break_state
from tending.appreciate.forms import BreakForm
from tending.appreciate.models import BreakMinutes
from tending.couples.access import couple_required
from tending.lib.http import AuthenticatedRequest
from tending.today.practices import BY_SLUG


def _page(request: AuthenticatedRequest, problem: str = "", status: int = 200) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    months = services.breaks_per_month(request.user, membership.couple)
    return render(
        request,
        "appreciate/break.html",
        {
            "months": months,
            "choices": BreakMinutes.choices,
            "listen_url": BY_SLUG["listen"].url,
            "problem": problem,
        },
        status=status,
    )


@couple_required
@require_GET
def break_page(request: AuthenticatedRequest) -> HttpResponse:
    return _page(request)


@couple_required
@require_POST
def break_start(request: AuthenticatedRequest) -> HttpResponse:
    form = BreakForm(request.POST)
    if not form.is_valid():
        # Answered in place: the choices are right there to tap again.
        return _page(request, _("A break lasts 20, 30 or 60 minutes."), status=400)
    _break, is_new = services.start_break(request.user, form.cleaned_data["minutes"])
    if not is_new:
        messages.info(request, _("A break is already on. It is for both of you."))
    request.session.pop(DISMISSED_KEY, None)
    return redirect("appreciate:break")


@couple_required
@require_POST
def break_dismiss(request: AuthenticatedRequest) -> HttpResponse:
    """Put the "come back to the talk" prompt away, on this device."""
    state = break_state(request)
    if state.break_id is not None:
        request.session[DISMISSED_KEY] = str(state.break_id)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("appreciate:home")
    return redirect(target)


@couple_required
@require_GET
def break_notice(request: AuthenticatedRequest) -> HttpResponse:
    """The notice alone, for htmx to swap in when a break ends."""
    return render(
        request,
        "appreciate/break_notice.html",
        {"break_state": break_state(request)},
    )
