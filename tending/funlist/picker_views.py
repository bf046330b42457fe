"""The picker page (a window, a budget, some energy → a short list), the week
of free windows, and planned dates."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tending.calendars import services as calendars
from tending.calendars import stamps
from tending.calendars.models import CalendarSource
from tending.calendars.week import weeks
from tending.couples.access import couple_required
from tending.funlist import picker, ranking, services
from tending.funlist.forms import PickForm, PlanForm
from tending.funlist.models import FunIdea, PlannedDate
from tending.lib.http import AuthenticatedRequest
from tending.lib.pagecache import kept_page

WEEK_WINDOWS_WITH_IDEAS = 6


def _computed(
    request: AuthenticatedRequest,
    choice: str,
    budget: int | None,
    energy: str | None,
    slot: tuple[datetime, datetime] | None,
    now: datetime,
) -> dict[str, Any]:
    """Everything the page shows, cached per viewer for a minute under the
    couple's planning stamp: a repeat view, or the partner's, costs one
    primary-key read. Any change to an idea, answer, memory, calendar or the
    hours moves the stamp on, and with it the key."""
    couple = request.membership.couple  # type: ignore[attr-defined]
    key = ":".join(
        str(part)
        for part in (
            "funlist:pick",
            couple.pk,
            request.user.pk,
            stamps.version(couple.pk),
            couple.time_zone,
            int(now.timestamp() // 60),
            choice,
            budget,
            energy,
            slot and slot[0].timestamp(),
            slot and slot[1].timestamp(),
        )
    )
    found = cache.get(key)
    if found is not None:
        return found
    ideas = picker.candidates(request.user, couple)
    result = picker.pick(request.user, couple, choice, budget, energy, slot, now, ideas=ideas)
    hours = calendars.planning_hours(couple)
    windows = calendars.couple_windows(couple, hours, now)
    found = {
        "result": result,
        "windows_with_ideas": picker.ideas_for_windows(
            request.user, couple, windows[:WEEK_WINDOWS_WITH_IDEAS], now, ideas=ideas
        ),
        "more_windows": windows[WEEK_WINDOWS_WITH_IDEAS:],
        "weeks": weeks(windows, calendars.as_hours(hours), couple.time_zone, now),
        "hours": hours,
        "has_calendar": CalendarSource.objects.visible_to(request.user)
        .filter(couple=couple)
        .exists(),
    }
    cache.set(key, found, 90)
    return found


@kept_page
@couple_required
@require_GET
def pick(request: AuthenticatedRequest) -> HttpResponse:
    now = timezone.now()
    form = PickForm(request.GET or None)
    choice, budget, energy, slot = "tonight", None, None, None
    if form.is_valid():
        data = form.cleaned_data
        choice = data["window"] or "tonight"
        budget = int(data["budget"]) if data["budget"] != "" else None
        energy = data["energy"] or None
        if choice == "slot":
            if data["start"] and data["end"] and data["end"] > data["start"]:
                slot = (data["start"], data["end"])
            else:
                choice = "tonight"
    return _pick_page(request, form, choice, budget, energy, slot, now)


def _pick_page(
    request: AuthenticatedRequest,
    form: PickForm,
    choice: str,
    budget: int | None,
    energy: str | None,
    slot: tuple[datetime, datetime] | None,
    now: datetime,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "choice": choice,
        "query": request.GET.urlencode(),
        **_computed(request, choice, budget, energy, slot, now),
    }
    if "surprise" in request.GET:
        context["surprise"] = ranking.surprise(context["result"].suggestions, random.SystemRandom())
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "funlist/pick.html#results", context, status=status)
    return render(request, "funlist/pick.html", context, status=status)


def _plan_refused(request: AuthenticatedRequest, message: str) -> HttpResponse:
    """The picker again, with fresh windows, the reason and a 400: a window
    that has passed since the page was opened is the usual cause."""
    messages.error(request, message)
    return _pick_page(request, PickForm(), "tonight", None, None, None, timezone.now(), 400)


@couple_required
@require_POST
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _plan_refused(request, _("That plan could not be made: pick a window and an idea."))
    idea = FunIdea.objects.visible_to(request.user).filter(pk=form.cleaned_data["idea"]).first()
    if idea is None:
        raise Http404
    try:
        planned = services.plan(request.user, idea, form.cleaned_data["start"])
    except services.FunListRefused as refused:
        return _plan_refused(request, refused.message)
    messages.success(request, _("It's a date! You'll both see it on Today."))
    return redirect("funlist:plan", plan_id=planned.pk)


def _plan_or_404(request: AuthenticatedRequest, plan_id: UUID) -> PlannedDate:
    found = PlannedDate.objects.visible_to(request.user).select_related("idea").filter(pk=plan_id)
    planned = found.first()
    if planned is None:
        raise Http404
    return planned


@couple_required
@require_GET
def plan_detail(request: AuthenticatedRequest, plan_id: UUID) -> HttpResponse:
    planned = _plan_or_404(request, plan_id)
    return render(
        request,
        "funlist/plan_detail.html",
        {
            "plan": planned,
            "is_mine": planned.author_id == request.user.pk,
            "is_past": planned.start <= timezone.now(),
        },
    )


@couple_required
@require_POST
def plan_cancel(request: AuthenticatedRequest, plan_id: UUID) -> HttpResponse:
    planned = PlannedDate.objects.writable_by(request.user).filter(pk=plan_id).first()
    if planned is None:
        raise Http404
    planned.delete()
    messages.success(request, _("The plan is cancelled."))
    return redirect("funlist:home")
