"""Appreciations: write one, react, keep favourites, reread the jar."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tending.appreciate import services
from tending.appreciate.forms import AppreciationForm, ReactionForm
from tending.appreciate.models import Reaction
from tending.appreciate.prompts import KIND_PROMPTS, VALIDATION_PROMPTS
from tending.couples.access import couple_required
from tending.couples.services import CoupleActionRefused
from tending.lib.http import AuthenticatedRequest
from tending.lib.pagecache import kept_page

JAR_PAGE_SIZE = 20
JAR_FILTERS = {
    "received": _("To me"),
    "sent": _("From me"),
    "favourites": _("Favourites"),
}


def _back(request: AuthenticatedRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _home_context(request: AuthenticatedRequest, form: AppreciationForm) -> dict[str, Any]:
    membership = request.membership  # type: ignore[attr-defined]
    user = request.user
    return {
        "form": form,
        "partner": services.partner_of(membership),
        "week_count": services.week_count(user, membership.couple),
        "received": list(services.in_box(user, "received")[:5]),
        "sent": list(services.in_box(user, "sent")[:5]),
        "validation_prompts": VALIDATION_PROMPTS,
        "kind_prompts": KIND_PROMPTS,
        "reactions": Reaction.choices,
    }


@kept_page
@couple_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "appreciate/home.html", _home_context(request, AppreciationForm()))


@couple_required
@require_POST
def send(request: AuthenticatedRequest) -> HttpResponse:
    form = AppreciationForm(request.POST)
    if form.is_valid():
        try:
            services.send_appreciation(request.membership, **form.cleaned_data)  # type: ignore[attr-defined]
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Sent. It will be waiting for your partner."))
            return redirect("appreciate:home")
    return render(request, "appreciate/home.html", _home_context(request, form), status=400)


def _one_for_card(request: AuthenticatedRequest, appreciation_id: Any) -> Any:
    return services.appreciations_for(request.user).get(pk=appreciation_id)


@couple_required
@require_POST
def react(request: AuthenticatedRequest, appreciation_id: Any) -> HttpResponse:
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose one of the reactions."), status=400)
    if form.cleaned_data["reaction"]:
        services.react(request.user, appreciation_id, form.cleaned_data["reaction"])
    else:
        services.unreact(request.user, appreciation_id)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"item": _one_for_card(request, appreciation_id), "reactions": Reaction.choices}
        return render(request, "appreciate/note.html#note", context)
    return redirect(_back(request, reverse("appreciate:home")))


@couple_required
@require_POST
def favourite(request: AuthenticatedRequest, appreciation_id: Any) -> HttpResponse:
    services.set_favourite(request.user, appreciation_id, request.POST.get("favourite") == "on")
    if request.htmx:  # type: ignore[attr-defined]
        context = {"item": _one_for_card(request, appreciation_id), "reactions": Reaction.choices}
        return render(request, "appreciate/note.html#note", context)
    return redirect(_back(request, reverse("appreciate:home")))


@couple_required
@require_GET
def jar(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    shown = request.GET.get("show", "received")
    if shown not in JAR_FILTERS:
        shown = "received"
    notes = services.in_box(user, shown)
    page = Paginator(notes, JAR_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "appreciate/jar.html",
        {"page": page, "shown": shown, "filters": JAR_FILTERS, "reactions": Reaction.choices},
    )


@couple_required
@require_GET
def jar_random(request: AuthenticatedRequest) -> HttpResponse:
    context = {"picked": services.random_received(request.user), "reactions": Reaction.choices}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "appreciate/jar.html#picked", context)
    return render(request, "appreciate/jar_random.html", context)
