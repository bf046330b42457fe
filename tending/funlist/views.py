"""The fun list's ideas: the lanes, adding and answering ideas, the starter set."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.couples.access import couple_required
from tending.funlist import answers, services, starter
from tending.funlist.forms import AnswerForm, IdeaForm
from tending.funlist.models import Answer, FunIdea, IdeaTag, PlannedDate
from tending.lib.http import AuthenticatedRequest

PAGE_SIZE = 30
LANE_PREVIEW = 6
LANES = {
    "yes": gettext_lazy("You both said yes"),
    "open": gettext_lazy("You're both open to these"),
    "waiting": gettext_lazy("Waiting for your answer"),
    "all": gettext_lazy("All your ideas"),
}


def _ideas(request: AuthenticatedRequest) -> QuerySet[FunIdea]:
    return answers.ideas_for(request.user, request.membership.couple).prefetch_related(  # type: ignore[attr-defined]
        Prefetch("tags", queryset=IdeaTag.objects.only("idea_id", "name"))
    )


def _lane(ideas: QuerySet[FunIdea], lane: str) -> QuerySet[FunIdea]:
    if lane == "yes":
        return answers.mutual_yes(ideas)
    if lane == "open":
        return answers.mutually_open(ideas).exclude(**{"mutual": answers.MUTUAL_YES})
    if lane == "waiting":
        return answers.waiting_for(ideas)
    return ideas


def _idea_or_404(request: AuthenticatedRequest, idea_id: UUID) -> FunIdea:
    idea = _ideas(request).filter(pk=idea_id).first()
    if idea is None:
        raise Http404
    return idea


def _own_idea_or_404(request: AuthenticatedRequest, idea_id: UUID) -> FunIdea:
    idea = FunIdea.objects.writable_by(request.user).filter(pk=idea_id).first()
    if idea is None:
        raise Http404
    return idea


@couple_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    ideas = _ideas(request)
    couple = request.membership.couple  # type: ignore[attr-defined]
    # One pass over the list (newest first) gives the counts and which ideas
    # head the two lanes shown; only those few are then read in full.
    rows = ideas.values_list("id", "mutual", "my_answer")  # type: ignore[misc]
    totals = {"yes": 0, "open": 0, "waiting": 0, "all": 0}
    waiting_ids: list[UUID] = []
    yes_ids: list[UUID] = []
    for idea_id, mutual, my_answer in rows:
        totals["all"] += 1
        totals["open"] += mutual == answers.MUTUAL_MAYBE
        if mutual == answers.MUTUAL_YES:
            totals["yes"] += 1
            if len(yes_ids) < LANE_PREVIEW:
                yes_ids.append(idea_id)
        if my_answer == "":
            totals["waiting"] += 1
            if len(waiting_ids) < LANE_PREVIEW:
                waiting_ids.append(idea_id)
    shown = {i.pk: i for i in ideas.filter(pk__in=waiting_ids + yes_ids)}
    next_plan = (
        PlannedDate.objects.visible_to(request.user)
        .filter(couple=couple, end__gt=timezone.now())
        .order_by("start")
        .first()
    )
    return render(
        request,
        "funlist/home.html",
        {
            "totals": totals,
            "lanes": LANES,
            "waiting": [shown[i] for i in waiting_ids],
            "mutual_yes": [shown[i] for i in yes_ids],
            "next_plan": next_plan,
            "answer_choices": Answer.choices,
        },
    )


@couple_required
@require_GET
def idea_list(request: AuthenticatedRequest) -> HttpResponse:
    lane = request.GET.get("lane", "all")
    if lane not in LANES:
        lane = "all"
    ideas = _lane(_ideas(request), lane)
    tag = request.GET.get("tag", "").strip().lower()[:30]
    if tag:
        ideas = ideas.filter(tags__name=tag)
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funlist/idea_list.html",
        {
            "lane": lane,
            "lane_title": LANES[lane],
            "lanes": LANES,
            "page": page,
            "tag": tag,
            "answer_choices": Answer.choices,
        },
    )


@couple_required
@require_http_methods(["GET", "POST"])
def idea_new(request: AuthenticatedRequest) -> HttpResponse:
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.add_idea(
                request.user,
                request.membership.couple,  # type: ignore[attr-defined]
                form.fields_for_service(),
            )
        except services.FunListRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request, _("Added. Your partner will find it waiting for their answer.")
            )
            return redirect("funlist:idea", idea_id=idea.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "funlist/idea_form.html", {"form": form, "idea": None}, status=status)


@couple_required
@require_GET
def idea_detail(request: AuthenticatedRequest, idea_id: UUID) -> HttpResponse:
    return _idea_page(request, _idea_or_404(request, idea_id))


def _idea_page(request: AuthenticatedRequest, idea: FunIdea, status: int = 200) -> HttpResponse:
    memories = list(idea.memories.visible_to(request.user).order_by("-day")[:5])
    return render(
        request,
        "funlist/idea_detail.html",
        {
            "idea": idea,
            "memories": memories,
            "answer_choices": Answer.choices,
            "is_mine": idea.author_id == request.user.pk,
        },
        status=status,
    )


@couple_required
@require_http_methods(["GET", "POST"])
def idea_edit(request: AuthenticatedRequest, idea_id: UUID) -> HttpResponse:
    idea = _own_idea_or_404(request, idea_id)
    if request.method == "POST":
        form = IdeaForm(request.POST)
        if form.is_valid():
            try:
                services.update_idea(idea, form.fields_for_service())
            except services.FunListRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("funlist:idea", idea_id=idea.pk)
    else:
        form = IdeaForm.for_idea(idea)
    status = 400 if request.method == "POST" else 200
    return render(request, "funlist/idea_form.html", {"form": form, "idea": idea}, status=status)


@couple_required
@require_POST
def idea_delete(request: AuthenticatedRequest, idea_id: UUID) -> HttpResponse:
    idea = _own_idea_or_404(request, idea_id)
    idea.delete()
    messages.success(request, _("Removed from your list. Memories of it stay on the timeline."))
    return redirect("funlist:home")


@couple_required
@require_POST
def idea_answer(request: AuthenticatedRequest, idea_id: UUID) -> HttpResponse:
    """Answer yes, maybe or not for me; privately. With htmx, the idea's card
    is swapped in place; without, back to where the person was."""
    idea = _idea_or_404(request, idea_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(_("Answer yes, maybe or not for me."), status=400)
        messages.error(request, _("Answer yes, maybe or not for me."))
        return _idea_page(request, idea, status=400)
    services.set_answer(request.user, idea, form.cleaned_data["answer"])
    idea = _idea_or_404(request, idea_id)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "funlist/_idea_card.html",
            {"idea": idea, "answer_choices": Answer.choices, "answered_now": True},
        )
    messages.success(request, _("Saved. Only you can see your answer."))
    lane = request.POST.get("next_lane", "")
    if lane in LANES:
        return redirect(f"{reverse('funlist:ideas')}?lane={lane}")
    return redirect("funlist:idea", idea_id=idea.pk)


@couple_required
@require_http_methods(["GET", "POST"])
def starter_set(request: AuthenticatedRequest) -> HttpResponse:
    couple = request.membership.couple  # type: ignore[attr-defined]
    if request.method == "POST":
        try:
            idea = services.add_starter(request.user, couple, request.POST.get("key", ""))
        except services.FunListRefused as refused:
            if request.htmx:  # type: ignore[attr-defined]
                return HttpResponse(refused.message, status=refused.status)
            messages.error(request, refused.message)
            return _starter_page(request, couple, status=refused.status)
        if request.htmx:  # type: ignore[attr-defined]
            return render(
                request, "funlist/_starter_added.html", {"idea": idea, "key": idea.starter_key}
            )
        messages.success(request, _("Added “%(title)s”.") % {"title": idea.title})
        return redirect("funlist:starter")
    return _starter_page(request, couple)


def _starter_page(request: AuthenticatedRequest, couple: Any, status: int = 200) -> HttpResponse:
    taken = set(
        FunIdea.objects.visible_to(request.user)
        .filter(couple=couple)
        .exclude(starter_key="")
        .values_list("starter_key", flat=True)
    )
    return render(
        request,
        "funlist/starter.html",
        {"ideas": starter.ideas(), "taken": taken},
        status=status,
    )
