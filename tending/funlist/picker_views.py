"""The picker page (a window, a budget, some energy → a short list), the week
of free windows, and planned dates."""

from __future__ import annotations

import random
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tending.calendars import services as calendars
from tending.calendars.models import CalendarSource
from tending.calendars.week import weeks
from tending.couples.access import couple_required
from tending.funlist import picker, ranking, services
from tending.funlist.forms import PickForm, PlanForm
from tending.funlist.models import FunIdea, PlannedDate
from tending.lib.http import AuthenticatedRequest

WEEK_WINDOWS_WITH_IDEAS = 6


@couple_required
@require_GET
def pick(request: AuthenticatedRequest) -> HttpResponse:
    couple = request.membership.couple  # type: ignore[attr-defined]
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
    ideas = picker.candidates(request.user, couple)
    result = picker.pick(request.user, couple, choice, budget, energy, slot, now, ideas=ideas)
    surprise = None
    if "surprise" in request.GET:
        surprise = ranking.surprise(result.suggestions, random.SystemRandom())
    context = {
        "form": form,
        "choice": choice,
        "result": result,
        "surprise": surprise,
        "query": request.GET.urlencode(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "funlist/pick.html#results", context)
    hours = calendars.planning_hours(couple)
    windows = calendars.couple_windows(couple, hours, now)
    context.update(
        windows_with_ideas=picker.ideas_for_windows(
            request.user, couple, windows[:WEEK_WINDOWS_WITH_IDEAS], now, ideas=ideas
        ),
        more_windows=windows[WEEK_WINDOWS_WITH_IDEAS:],
        weeks=weeks(windows, calendars.as_hours(hours), couple.time_zone, now),
        hours=hours,
        has_calendar=CalendarSource.objects.visible_to(request.user).filter(couple=couple).exists(),
    )
    return render(request, "funlist/pick.html", context)


@couple_required
@require_POST
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That plan could not be made: pick a window and an idea."))
        return redirect("funlist:pick")
    idea = FunIdea.objects.visible_to(request.user).filter(pk=form.cleaned_data["idea"]).first()
    if idea is None:
        raise Http404
    try:
        planned = services.plan(request.user, idea, form.cleaned_data["start"])
    except services.FunListRefused as refused:
        messages.error(request, refused.message)
        return redirect("funlist:pick")
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
