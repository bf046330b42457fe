"""Good news: share it, answer it (with a nudge towards an eager, curious
answer), and let the sharer say it felt good."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.appreciate import services
from tending.appreciate.forms import GoodNewsForm, ReplyForm
from tending.appreciate.prompts import GOOD_NEWS_HINT, GOOD_NEWS_QUESTIONS
from tending.couples.access import couple_required
from tending.couples.services import CoupleActionRefused
from tending.lib.http import AuthenticatedRequest

PAGE_SIZE = 20


def _list_context(request: AuthenticatedRequest, form: GoodNewsForm) -> dict[str, Any]:
    news = services.good_news_for(request.user).annotate(reply_count=Count("replies"))
    return {"form": form, "page": Paginator(news, PAGE_SIZE).get_page(request.GET.get("page"))}


@couple_required
@require_http_methods(["GET", "POST"])
def good_news(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "GET":
        return render(
            request, "appreciate/goodnews_list.html", _list_context(request, GoodNewsForm())
        )
    form = GoodNewsForm(request.POST)
    if form.is_valid():
        try:
            news = services.share_good_news(request.membership, **form.cleaned_data)  # type: ignore[attr-defined]
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Shared. Your partner will see it next time they look."))
            return redirect("appreciate:good_news_detail", goodnews_id=news.pk)
    return render(
        request, "appreciate/goodnews_list.html", _list_context(request, form), status=400
    )


def _detail(
    request: HttpRequest, goodnews_id: Any, form: ReplyForm, status: int = 200
) -> HttpResponse:
    news = services.one_good_news(request.user, goodnews_id)
    context = {
        "news": news,
        "replies": list(services.replies_to(request.user, news)),
        "form": form,
        "is_sharer": news.author_id == request.user.pk,
        "hint": GOOD_NEWS_HINT,
        "questions": GOOD_NEWS_QUESTIONS,
    }
    return render(request, "appreciate/goodnews_detail.html", context, status=status)


@couple_required
@require_GET
def good_news_detail(request: AuthenticatedRequest, goodnews_id: Any) -> HttpResponse:
    return _detail(request, goodnews_id, ReplyForm())


@couple_required
@require_POST
def good_news_reply(request: AuthenticatedRequest, goodnews_id: Any) -> HttpResponse:
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_good_news(request.user, goodnews_id, form.cleaned_data["text"])
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect("appreciate:good_news_detail", goodnews_id=goodnews_id)
    return _detail(request, goodnews_id, form, status=400)


@couple_required
@require_POST
def good_news_felt_good(request: AuthenticatedRequest, goodnews_id: Any) -> HttpResponse:
    felt_good = request.POST.get("felt_good") != "no"
    services.mark_felt_good(request.user, goodnews_id, felt_good)
    if felt_good:
        messages.success(request, _("Noted — your partner will see that it felt good."))
    return redirect("appreciate:good_news_detail", goodnews_id=goodnews_id)


@require_GET
def answering_help(request: AuthenticatedRequest) -> HttpResponse:
    """The four ways of answering good news, in our words. Readable by anyone
    logged in: it is an explanation, not a couple's data."""
    return render(request, "appreciate/answering.html")
