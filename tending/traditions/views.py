"""Traditions pages: the list and this week, one tradition, its history, the gallery."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.couples.access import couple_required
from tending.couples.services import CoupleActionRefused
from tending.lib.http import AuthenticatedRequest
from tending.lib.pagecache import kept_page
from tending.traditions import ideas, reading, services
from tending.traditions.feed import live_feed
from tending.traditions.forms import MarkForm, MeaningForm, TraditionForm
from tending.traditions.models import Tradition

HISTORY_PAGE_SIZE = 20


def _back(request: AuthenticatedRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _visible(request: AuthenticatedRequest, tradition_id: Any) -> Tradition:
    membership = request.membership  # type: ignore[attr-defined]
    tradition = (
        Tradition.objects.visible_to(request.user)
        .filter(couple=membership.couple, pk=tradition_id)
        .select_related("couple")
        .first()
    )
    if tradition is None:
        raise Http404
    return tradition


@kept_page
@couple_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    couple = request.membership.couple  # type: ignore[attr-defined]
    now = timezone.now()
    services.plan_ahead(couple, now)
    context = {
        "rows": reading.traditions_for(request.user, couple, now),
        "week": reading.week_view(request.user, couple, now),
        "today": services.local_today(couple, now),
        "feed": live_feed(request.user, couple),
        "recent": reading.RECENT,
        "couple_zone": couple.time_zone,
        "paused_label": _("paused"),
        "not_begun_label": _("not begun yet"),
        "next_label": _("next"),
        "ask_meaning_label": _("How much does it mean to you?"),
    }
    return render(request, "traditions/home.html", context)


@couple_required
@require_http_methods(["GET", "POST"])
def new(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    initial = {"first_day": services.local_today(membership.couple)}
    form = TraditionForm(request.POST or None, couple=membership.couple, initial=initial)
    if request.method == "POST" and form.is_valid():
        assert form.schedule is not None
        data = form.cleaned_data
        tradition = services.create_tradition(
            membership, data["name"], data["description"], form.schedule, data["visibility"]
        )
        messages.success(request, _("“%(name)s” is one of your traditions now.") % data)
        return redirect("traditions:detail", tradition_id=tradition.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "traditions/form.html", {"form": form, "creating": True}, status=status)


@couple_required
@require_GET
def detail(request: AuthenticatedRequest, tradition_id: Any) -> HttpResponse:
    tradition = _visible(request, tradition_id)
    now = timezone.now()
    (row,) = reading.traditions_for(request.user, tradition.couple, now, only=tradition.pk)
    initial: dict[str, Any] = {"value": row.my_meaning.value if row.my_meaning else None}
    if row.my_meaning:
        initial["visibility"] = row.my_meaning.visibility
    context = {
        "row": row,
        "tradition": row.tradition,
        "recent": reading.RECENT,
        "latest": list(reading.history(request.user, tradition, now)[:5]),
        "figures": reading.history_figures(request.user, tradition, now),
        "meaning_form": MeaningForm(initial=initial),
        "today": services.local_today(tradition.couple, now),
    }
    return render(request, "traditions/detail.html", context)


@couple_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedRequest, tradition_id: Any) -> HttpResponse:
    tradition = services.editable_tradition(request.user, tradition_id)
    schedule = services.current_schedule(tradition)
    form = TraditionForm(
        request.POST or None,
        couple=tradition.couple,
        initial=TraditionForm.initial_for(tradition, schedule),
    )
    if request.method == "POST" and form.is_valid():
        assert form.schedule is not None
        data = form.cleaned_data
        services.edit_tradition(tradition, data["name"], data["description"], data["visibility"])
        if services.schedule_differs(schedule, form.schedule):
            services.change_schedule(tradition, request.user, form.schedule)
        messages.success(request, _("Saved. Past dates keep the schedule they had."))
        return redirect("traditions:detail", tradition_id=tradition.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "tradition": tradition, "creating": False}
    return render(request, "traditions/form.html", context, status=status)


@couple_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedRequest, tradition_id: Any) -> HttpResponse:
    tradition = services.editable_tradition(request.user, tradition_id)
    if request.method == "POST":
        name = tradition.name
        services.delete_tradition(tradition)
        messages.success(request, _("“%(name)s” and its history are gone.") % {"name": name})
        return redirect("traditions:home")
    return render(request, "traditions/delete.html", {"tradition": tradition})


@couple_required
@require_POST
def pause(request: AuthenticatedRequest, tradition_id: Any) -> HttpResponse:
    tradition = services.editable_tradition(request.user, tradition_id)
    try:
        services.pause(tradition)
        messages.success(
            request, _("Paused. No reminders and no new dates until you resume; history stays.")
        )
    except CoupleActionRefused as refusal:
        messages.info(request, refusal.message)
    return redirect(_back(request, reverse("traditions:detail", args=[tradition.pk])))


@couple_required
@require_POST
def resume(request: AuthenticatedRequest, tradition_id: Any) -> HttpResponse:
    tradition = services.editable_tradition(request.user, tradition_id)
    try:
        services.resume(tradition, request.user)
        messages.success(request, _("Welcome back. It picks up its old rhythm from today."))
    except CoupleActionRefused as refusal:
        messages.info(request, refusal.message)
    return redirect(_back(request, reverse("traditions:detail", args=[tradition.pk])))


@couple_required
@require_POST
def meaning(request: AuthenticatedRequest, tradition_id: Any) -> HttpResponse:
    tradition = _visible(request, tradition_id)
    form = MeaningForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a number from 1 to 5."))
        return redirect("traditions:detail", tradition_id=tradition.pk)
    services.set_meaning(
        tradition, request.user, form.cleaned_data["value"], form.cleaned_data["visibility"]
    )
    messages.success(request, _("Thank you. You can change your answer any time."))
    return redirect(_back(request, reverse("traditions:detail", args=[tradition.pk])))


@couple_required
@require_POST
def mark(request: AuthenticatedRequest, occurrence_id: Any) -> HttpResponse:
    occurrence = services.editable_occurrence(request.user, occurrence_id)
    form = MarkForm(request.POST)
    problem = None
    if form.is_valid():
        try:
            services.mark(
                occurrence, request.user, form.cleaned_data["status"], form.cleaned_data["note"]
            )
        except CoupleActionRefused as refusal:
            problem = refusal.message
    else:
        problem = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.htmx:  # type: ignore[attr-defined]
        occurrence.refresh_from_db()
        context = {
            "occurrence": occurrence,
            "today": services.local_today(occurrence.couple),
            "problem": problem,
            "next": request.POST.get("next", ""),
        }
        return render(
            request,
            "traditions/_occurrence.html#occurrence",
            context,
            status=400 if problem else 200,
        )
    if problem:
        messages.error(request, problem)
    return redirect(_back(request, reverse("traditions:home")))


@couple_required
@require_GET
def history(request: AuthenticatedRequest, tradition_id: Any) -> HttpResponse:
    tradition = _visible(request, tradition_id)
    now = timezone.now()
    page = Paginator(reading.history(request.user, tradition, now), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "tradition": tradition,
        "page": page,
        "figures": reading.history_figures(request.user, tradition, now),
        "today": services.local_today(tradition.couple, now),
    }
    return render(request, "traditions/history.html", context)


@couple_required
@require_GET
def gallery(request: AuthenticatedRequest) -> HttpResponse:
    couple = request.membership.couple  # type: ignore[attr-defined]
    taken = set(
        Tradition.objects.visible_to(request.user)
        .filter(couple=couple)
        .exclude(idea="")
        .values_list("idea", flat=True)
    )
    return render(request, "traditions/gallery.html", {"groups": ideas.grouped(), "taken": taken})


def add_idea(membership: Any, idea: ideas.Idea) -> Tradition:
    """Add a gallery idea as the couple's own tradition, from its next fitting day."""
    first_day = idea.first_day(services.local_today(membership.couple))
    schedule = services.ScheduleInput(idea.rule(first_day), first_day, idea.at, idea.minutes)
    return services.create_tradition(
        membership, str(idea.name), str(idea.description), schedule, idea=idea.key
    )


@couple_required
@require_POST
def gallery_add(request: AuthenticatedRequest, idea_key: str) -> HttpResponse:
    idea = ideas.BY_KEY.get(idea_key)
    if idea is None:
        raise Http404
    tradition = add_idea(request.membership, idea)  # type: ignore[attr-defined]
    messages.success(
        request,
        _("Added “%(name)s”. Now make it yours: change the name, the days or the time.")
        % {"name": tradition.name},
    )
    return redirect("traditions:edit", tradition_id=tradition.pk)
