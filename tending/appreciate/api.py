"""Appreciate as JSON: appreciations, good news, breaks and the gentle helper.

The same couple boundary as the pages: reads through `visible_to`, writes by
partners only (therapists 403), outsiders 404.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.api.kept import kept_answer
from tending.appreciate import services
from tending.appreciate.models import Appreciation, Break, GoodNews
from tending.appreciate.prompts import (
    GOOD_NEWS_HINT,
    GOOD_NEWS_QUESTIONS,
    KIND_PROMPTS,
    VALIDATION_PROMPTS,
)
from tending.appreciate.schemas import (
    AppreciationIn,
    AppreciationOut,
    BreakIn,
    BreakOut,
    CoachingOut,
    FavouriteIn,
    FeltGoodIn,
    FindingOut,
    GentleIn,
    GentleOut,
    GoodNewsIn,
    GoodNewsOut,
    MonthOut,
    PromptOut,
    ReactionIn,
    ReplyIn,
    ReplyOut,
    WeekOut,
)
from tending.couples.services import CoupleActionRefused
from tending.lib.gentle import REWRITE_TEMPLATE, find_harsh_phrasing

router = Router(tags=["appreciate"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_PAGE = 100


class Page(Schema):
    limit: int = 20
    offset: int = 0


def _page(page: Page) -> slice:
    limit = min(max(page.limit, 1), MAX_PAGE)
    offset = max(page.offset, 0)
    return slice(offset, offset + limit)


def _appreciation_out(item: Appreciation) -> AppreciationOut:
    reaction = next(iter(item.reactions.all()), None)
    return AppreciationOut(
        id=item.id,
        text=item.text,
        kind=item.kind,
        visibility=item.visibility,
        created=item.created,
        author_id=item.author_id,
        recipient_id=item.recipient_id,
        reaction=reaction.reaction if reaction else None,
        is_favourite=getattr(item, "is_favourite", False),
    )


def _one(request: HttpRequest, appreciation_id: UUID) -> AppreciationOut:
    return _appreciation_out(
        services.appreciations_for(current_user(request)).get(pk=appreciation_id)
    )


# --- Appreciations -------------------------------------------------------------


@router.get(
    "/appreciations",
    response=list[AppreciationOut],
    summary="Appreciations I can read (newest first)",
    description="`box`: `received` (to me), `sent` (from me), `favourites` (my own), or all.",
)
@kept_answer
def list_appreciations(
    request: HttpRequest,
    page: Query[Page],
    box: str = "all",
) -> list[AppreciationOut]:
    if box not in ("all", "received", "sent", "favourites"):
        raise CoupleActionRefused(_("box must be all, received, sent or favourites."), status=400)
    items = services.in_box(current_user(request), box)
    return [_appreciation_out(item) for item in items[_page(page)]]


@router.post(
    "/appreciations",
    response={201: AppreciationOut, **ERRORS},
    summary="Send my partner an appreciation",
)
def send_appreciation(request: HttpRequest, payload: AppreciationIn) -> Status[AppreciationOut]:
    user = current_user(request)
    membership = services.writer(user)
    item = services.send_appreciation(membership, payload.text, payload.kind, payload.visibility)
    return Status(201, _one(request, item.id))


@router.get(
    "/appreciations/random",
    response={200: AppreciationOut, 404: ErrorOut},
    summary="One appreciation I received, at random (the jar)",
)
def random_appreciation(request: HttpRequest) -> AppreciationOut:
    picked = services.random_received(current_user(request))
    if picked is None:
        raise CoupleActionRefused(_("The jar is still empty."), status=404)
    return _appreciation_out(picked)


@router.get(
    "/appreciations/week", response={200: WeekOut, **ERRORS}, summary="This week's shared count"
)
def week(request: HttpRequest) -> WeekOut:
    user = current_user(request)
    membership = services.writer(user)
    return WeekOut(
        week_start=services.week_start(membership.couple),
        count=services.week_count(user, membership.couple),
    )


@router.get(
    "/appreciations/{uuid:appreciation_id}",
    response={200: AppreciationOut, **ERRORS},
    summary="One appreciation",
)
def get_appreciation(request: HttpRequest, appreciation_id: UUID) -> AppreciationOut:
    item = services.appreciations_for(current_user(request)).filter(pk=appreciation_id).first()
    if item is None:
        raise Http404
    return _appreciation_out(item)


@router.put(
    "/appreciations/{uuid:appreciation_id}/reaction",
    response={200: AppreciationOut, **ERRORS},
    summary="React to an appreciation I received",
)
def react(request: HttpRequest, appreciation_id: UUID, payload: ReactionIn) -> AppreciationOut:
    services.react(current_user(request), appreciation_id, payload.reaction)
    return _one(request, appreciation_id)


@router.delete(
    "/appreciations/{uuid:appreciation_id}/reaction",
    response={204: None, **ERRORS},
    summary="Take my reaction back",
)
def unreact(request: HttpRequest, appreciation_id: UUID) -> Status[None]:
    services.unreact(current_user(request), appreciation_id)
    return Status(204, None)


@router.put(
    "/appreciations/{uuid:appreciation_id}/favourite",
    response={200: AppreciationOut, **ERRORS},
    summary="Keep (or stop keeping) an appreciation I received as a favourite",
)
def favourite(request: HttpRequest, appreciation_id: UUID, payload: FavouriteIn) -> AppreciationOut:
    services.set_favourite(current_user(request), appreciation_id, payload.favourite)
    return _one(request, appreciation_id)


@router.get("/prompts", response=list[PromptOut], summary="Words to start an appreciation from")
def prompts(request: HttpRequest) -> list[PromptOut]:
    out = [
        PromptOut(level=p.level, name=str(p.name), opening=str(p.opening))
        for p in VALIDATION_PROMPTS
    ]
    for kind, openings in KIND_PROMPTS.items():
        out += [PromptOut(name=kind, opening=str(opening)) for opening in openings]
    return out


# --- Good news -----------------------------------------------------------------


def _news_out(news: GoodNews, replies: list[ReplyOut]) -> GoodNewsOut:
    return GoodNewsOut(
        id=news.id,
        author_id=news.author_id,
        text=news.text,
        visibility=news.visibility,
        created=news.created,
        felt_good=news.felt_good_at is not None,
        replies=replies,
    )


def _news_detail(request: HttpRequest, goodnews_id: UUID) -> GoodNewsOut:
    user = current_user(request)
    news = services.one_good_news(user, goodnews_id)
    replies = [
        ReplyOut(id=r.id, author_id=r.author_id, text=r.text, created=r.created)
        for r in services.replies_to(user, news)
    ]
    return _news_out(news, replies)


@router.get(
    "/good-news",
    response=list[GoodNewsOut],
    summary="Good news shared between us (newest first, without replies)",
)
def list_good_news(
    request: HttpRequest,
    page: Query[Page],
) -> list[GoodNewsOut]:
    news = services.good_news_for(current_user(request))
    return [_news_out(item, []) for item in news[_page(page)]]


@router.post("/good-news", response={201: GoodNewsOut, **ERRORS}, summary="Share good news")
def share_good_news(request: HttpRequest, payload: GoodNewsIn) -> Status[GoodNewsOut]:
    membership = services.writer(current_user(request))
    news = services.share_good_news(membership, payload.text, payload.visibility)
    return Status(201, _news_out(news, []))


@router.get(
    "/good-news/coaching",
    response=CoachingOut,
    summary="The hint shown above the reply box: towards an eager, curious answer",
)
def coaching(request: HttpRequest) -> CoachingOut:
    return CoachingOut(hint=str(GOOD_NEWS_HINT), questions=[str(q) for q in GOOD_NEWS_QUESTIONS])


@router.get(
    "/good-news/{uuid:goodnews_id}",
    response={200: GoodNewsOut, **ERRORS},
    summary="One piece of good news with its replies",
)
def get_good_news(request: HttpRequest, goodnews_id: UUID) -> GoodNewsOut:
    return _news_detail(request, goodnews_id)


@router.post(
    "/good-news/{uuid:goodnews_id}/replies",
    response={201: ReplyOut, **ERRORS},
    summary="Answer good news",
)
def reply(request: HttpRequest, goodnews_id: UUID, payload: ReplyIn) -> Status[ReplyOut]:
    item = services.reply_to_good_news(current_user(request), goodnews_id, payload.text)
    return Status(
        201, ReplyOut(id=item.id, author_id=item.author_id, text=item.text, created=item.created)
    )


@router.put(
    "/good-news/{uuid:goodnews_id}/felt-good",
    response={200: GoodNewsOut, **ERRORS},
    summary="As the sharer: mark that the answers felt good (or undo it)",
)
def felt_good(request: HttpRequest, goodnews_id: UUID, payload: FeltGoodIn) -> GoodNewsOut:
    services.mark_felt_good(current_user(request), goodnews_id, payload.felt_good)
    return _news_detail(request, goodnews_id)


# --- Breaks --------------------------------------------------------------------


def _break_out(request: HttpRequest, item: Break) -> BreakOut:
    return BreakOut(
        id=item.id,
        minutes=item.minutes,
        started=item.created,
        ends_at=item.ends_at,
        called_by_me=item.author_id == current_user(request).pk,
        is_on=item.ends_at > timezone.now(),
    )


@router.get(
    "/breaks/current",
    response={200: BreakOut, 404: ErrorOut},
    summary="The break that is on, or that ended in the last six hours",
)
def current_break(request: HttpRequest) -> BreakOut:
    item = services.current_break(current_user(request))
    if item is None:
        raise CoupleActionRefused(_("No break right now."), status=404)
    return _break_out(request, item)


@router.post(
    "/breaks",
    response={201: BreakOut, 200: BreakOut, **ERRORS},
    summary="I'm flooded: call a break of 20, 30 or 60 minutes",
    description="While a break is on, the existing one is returned with 200.",
)
def start_break(request: HttpRequest, payload: BreakIn) -> Status[BreakOut]:
    item, is_new = services.start_break(current_user(request), payload.minutes)
    return Status(201 if is_new else 200, _break_out(request, item))


@router.get("/breaks/months", response={200: list[MonthOut], **ERRORS}, summary="Breaks per month")
def break_months(request: HttpRequest) -> list[MonthOut]:
    user = current_user(request)
    membership = services.writer(user)
    return [
        MonthOut(month=month.strftime("%Y-%m"), breaks=count)
        for month, count in services.breaks_per_month(user, membership.couple, months=12)
    ]


# --- Gentle start-up helper ----------------------------------------------------


@router.post(
    "/gentle-check",
    response={200: GentleOut, **ERRORS},
    summary="Point at phrasing that may start a talk harshly (nothing is stored)",
)
def gentle_check(request: HttpRequest, payload: GentleIn) -> GentleOut:
    # The profile switch holds here too, so an app on the API honours it
    # without having to know about it.
    helper_on = bool(getattr(current_user(request), "gentle_helper", True))
    findings = find_harsh_phrasing(payload.text) if helper_on else []
    return GentleOut(
        helper_on=helper_on,
        findings=[
            FindingOut(
                start=f.start, end=f.end, phrase=f.phrase, rule=f.rule, suggestion=str(f.suggestion)
            )
            for f in findings
        ],
        rewrite=str(REWRITE_TEMPLATE),
    )
