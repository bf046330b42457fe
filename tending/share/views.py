"""Share pages: today's question, a day with its answers and thread, the archive."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tending.couples.access import couple_required, partners_of
from tending.couples.services import CoupleActionRefused
from tending.lib.http import AuthenticatedRequest
from tending.lib.pagecache import kept_page
from tending.share import daily, search, services
from tending.share.forms import AnswerForm, ReplyForm, ResponseForm
from tending.share.models import TIER_HELP, DailyQuestion, ResponseKind

ARCHIVE_PAGE_SIZE = 15
# Someone waiting for their partner's answer sees it appear without reloading.
STATUS_POLL_SECONDS = 20


def _partner(request: AuthenticatedRequest) -> Any:
    membership = request.membership  # type: ignore[attr-defined]
    return next((p for p in partners_of(membership.couple) if p.pk != request.user.pk), None)


def _day_context(
    request: AuthenticatedRequest,
    day: DailyQuestion,
    answer_form: AnswerForm | None = None,
    reply_form: ReplyForm | None = None,
    partner: Any = None,
) -> dict[str, Any]:
    view = services.view_of(request.user, day)
    if answer_form is None:
        answer_form = AnswerForm(initial={"text": view.mine.text if view.mine else ""})
    return {
        "view": view,
        "replies": list(services.replies_for(request.user, day)) if view.revealed else [],
        "answer_form": answer_form,
        "reply_form": reply_form or ReplyForm(),
        "responses": ResponseKind.choices,
        "poll_seconds": STATUS_POLL_SECONDS,
        "partner": partner if partner is not None else _partner(request),
    }


@kept_page
@couple_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    return _home(request)


def _home(
    request: AuthenticatedRequest,
    answer_form: AnswerForm | None = None,
    reply_form: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    couple = membership.couple
    # Once the day has a row, it comes with everything the page shows in one go.
    day = daily.local_day(couple)
    row = services.days_for(request.user).filter(couple=couple, day=day).first()
    today = daily.Today.of_row(row) if row is not None else daily.planned(request.user, couple, day)
    partner = _partner(request)
    context: dict[str, Any] = {
        "today": today,
        "partner": partner,
        "tier_help": TIER_HELP,
        "current": "today",
    }
    if row is not None:
        context.update(_day_context(request, row, answer_form, reply_form, partner=partner))
    else:
        context["answer_form"] = answer_form or AnswerForm(
            initial={"ref": today.asked.ref if today.asked else ""}
        )
    return render(request, "share/home.html", context, status=status)


@couple_required
@require_POST
def answer_today(request: AuthenticatedRequest) -> HttpResponse:
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            _answer, revealed = services.answer(
                request.user, form.cleaned_data["text"], expected_ref=form.cleaned_data["ref"]
            )
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
            return _home(request, answer_form=form, status=refusal.status)
        _say_answered(request, revealed)
        return redirect("share:home")
    return _home(request, answer_form=form, status=400)


def _say_answered(request: AuthenticatedRequest, revealed: bool) -> None:
    if revealed:
        messages.success(request, _("You have both answered: here is what your partner wrote."))
    else:
        messages.success(request, _("Saved. Your partner will see it once they have answered too."))


@couple_required
@require_POST
def swap_today(request: AuthenticatedRequest) -> HttpResponse:
    try:
        daily.swap_today(request.user)
    except CoupleActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Here is another question for today."))
    return redirect("share:home")


@couple_required
@require_GET
def day_page(request: AuthenticatedRequest, day_id: Any) -> HttpResponse:
    day = services.one_day(request.user, day_id)
    return render(request, "share/day.html", _day_context(request, day))


def _after_day_action(request: AuthenticatedRequest, day_id: Any) -> HttpResponse:
    today = daily.today_for(request.user, request.membership.couple)  # type: ignore[attr-defined]
    if today.row is not None and str(today.row.pk) == str(day_id):
        return redirect("share:home")
    return redirect("share:day", day_id=day_id)


def _day_again(
    request: AuthenticatedRequest, day_id: Any, status: int, **forms: Any
) -> HttpResponse:
    day = services.one_day(request.user, day_id)
    return render(request, "share/day.html", _day_context(request, day, **forms), status=status)


@couple_required
@require_POST
def answer_day(request: AuthenticatedRequest, day_id: Any) -> HttpResponse:
    services.one_day(request.user, day_id)  # 404 before the form is even read
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            _answer, revealed = services.answer(
                request.user, form.cleaned_data["text"], day_id=day_id
            )
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
            return _day_again(request, day_id, refusal.status, answer_form=form)
        _say_answered(request, revealed)
        return _after_day_action(request, day_id)
    return _day_again(request, day_id, 400, answer_form=form)


@couple_required
@require_POST
def reply(request: AuthenticatedRequest, day_id: Any) -> HttpResponse:
    services.one_day(request.user, day_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply(request.user, day_id, form.cleaned_data["text"])
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
            return _day_again(request, day_id, refusal.status, reply_form=form)
        return _after_day_action(request, day_id)
    return _day_again(request, day_id, 400, reply_form=form)


@couple_required
@require_POST
def respond(request: AuthenticatedRequest, answer_id: Any) -> HttpResponse:
    form = ResponseForm(request.POST)
    # The answer is looked up first: an outsider learns nothing from a bad form.
    if not form.is_valid():
        target = services.respond_target(request.user, answer_id)
        messages.error(request, _("Choose one of the responses."))
        return _after_day_action(request, target.day_id)
    try:
        target = services.respond(
            request.user, answer_id, form.cleaned_data["kind"], form.cleaned_data["on"]
        )
    except CoupleActionRefused as refusal:
        target = services.respond_target(request.user, answer_id)
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(refusal.message, status=refusal.status)
        messages.error(request, refusal.message)
        return _day_again(request, target.day_id, refusal.status)
    if request.htmx:  # type: ignore[attr-defined]
        day = services.one_day(request.user, target.day_id)
        context = _day_context(request, day)
        return render(request, "share/_day.html#theirs", context)
    return _after_day_action(request, target.day_id)


@couple_required
@require_GET
def status(request: AuthenticatedRequest, day_id: Any) -> HttpResponse:
    """Polled while waiting for the partner: 204 (nothing to swap) until the
    day is revealed, then the whole page is reloaded by htmx."""
    day = services.one_day(request.user, day_id)
    if day.revealed_at is None:
        return HttpResponse(status=204)
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    return response


@kept_page
@couple_required
@require_GET
def archive(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    query = request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]
    found = search.search_days(request.user, membership.couple, query) if query else None
    if found is None:
        days = services.days_for(request.user).filter(couple=membership.couple)
        page = Paginator(days, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
    else:
        # The search runs once: its day ids, newest first, are what is paged.
        ids = list(found.order_by("-day").values_list("pk", flat=True))
        page = Paginator(ids, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
        page_ids: list[Any] = list(page.object_list)
        shown = list(services.days_for(request.user).filter(pk__in=page_ids))
    context = {
        "page": page,
        "views": [services.view_of(request.user, day) for day in shown],
        "query": query,
        "terms": search.terms(query) if query else [],
        "searched": found is not None,
        "current": "archive",
    }
    return render(request, "share/archive.html", context)
