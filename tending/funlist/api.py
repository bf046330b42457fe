"""The fun list as JSON: ideas and answers, the starter set, the picker, plans,
memories and their photos.

Same rules as the pages: the couple's ideas, plans and memories are shared
by nature; each answer is its author's alone (the API returns `my_answer` and
the derived `mutual`, never the partner's answer); outsiders get 404;
therapists, who have no fun list, get 404 too.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.couples.access import partner_membership
from tending.couples.models import Couple
from tending.funlist import answers, photos, picker, ranking, services, starter
from tending.funlist.models import (
    FunIdea,
    IdeaTag,
    Memory,
    MemoryNote,
    MemoryPhoto,
    PlannedDate,
    cost_label,
)
from tending.funlist.schemas import (
    AnswerIn,
    IdeaIn,
    IdeaOut,
    LaneName,
    MemoryIn,
    MemoryOut,
    NoteIn,
    NoteOut,
    PhotoOut,
    PickOut,
    PlanIn,
    PlanOut,
    StarterIn,
    StarterOut,
    SuggestionOut,
    WindowName,
    WindowOut,
)

router = Router(tags=["fun list"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}
MAX_PAGE = 100


class Page(Schema):
    limit: int = 50
    offset: int = 0


def _slice(page: Page) -> slice:
    limit = min(max(page.limit, 1), MAX_PAGE)
    offset = max(page.offset, 0)
    return slice(offset, offset + limit)


def _couple(request: HttpRequest) -> tuple[Any, Couple]:
    """The caller and their couple; 404 for anyone who is not a partner."""
    user = current_user(request)
    membership = partner_membership(user)
    if membership is None:
        raise Http404
    return user, membership.couple


def _ideas(user: Any, couple: Couple) -> QuerySet[FunIdea]:
    return answers.ideas_for(user, couple).prefetch_related(
        Prefetch("tags", queryset=IdeaTag.objects.only("idea_id", "name"))
    )


def _idea_out(idea: FunIdea, user: Any) -> IdeaOut:
    return IdeaOut(
        id=idea.id,
        title=idea.title,
        description=idea.description,
        link=idea.link,
        duration_minutes=idea.duration_minutes,
        cost=idea.cost,
        cost_label=cost_label(idea.cost),
        energy=idea.energy,
        where=idea.where,
        season=idea.season,
        tags=[t.name for t in idea.tags.all()],
        suggested_by_me=idea.author_id == user.pk,
        my_answer=idea.my_answer,  # type: ignore[attr-defined]
        mutual=idea.mutual,  # type: ignore[attr-defined]
        new_to_us=idea.times_done == 0,  # type: ignore[attr-defined]
        times_done=idea.times_done,  # type: ignore[attr-defined]
        last_done=idea.last_done,  # type: ignore[attr-defined]
        created=idea.created,
    )


def _idea_or_404(user: Any, couple: Couple, idea_id: UUID) -> FunIdea:
    idea = _ideas(user, couple).filter(pk=idea_id).first()
    if idea is None:
        raise Http404
    return idea


def _fields(payload: IdeaIn) -> services.IdeaFields:
    return services.IdeaFields(**payload.model_dump())


# --- Ideas and answers --------------------------------------------------------


@router.get("/ideas", response={200: list[IdeaOut], **ERRORS}, summary="Our ideas, by lane")
def list_ideas(
    request: HttpRequest,
    lane: LaneName = "all",
    tag: str = "",
    page: Query[Page] = None,  # type: ignore[assignment]
) -> list[IdeaOut]:
    """`lane`: all, yes (we both said yes), open (both yes or maybe, not both
    yes), waiting (I have not answered yet)."""
    user, couple = _couple(request)
    ideas = _ideas(user, couple)
    if lane == "yes":
        ideas = answers.mutual_yes(ideas)
    elif lane == "open":
        ideas = answers.mutually_open(ideas).exclude(**{"mutual": answers.MUTUAL_YES})
    elif lane == "waiting":
        ideas = answers.waiting_for(ideas)
    if tag:
        ideas = ideas.filter(tags__name=tag.strip().lower()[:30])
    return [_idea_out(i, user) for i in ideas[_slice(page or Page())]]


@router.post("/ideas", response={201: IdeaOut, **ERRORS}, summary="Add an idea (my answer: yes)")
def add_idea(request: HttpRequest, payload: IdeaIn) -> tuple[int, IdeaOut]:
    user, couple = _couple(request)
    idea = services.add_idea(user, couple, _fields(payload))
    return 201, _idea_out(_idea_or_404(user, couple, idea.pk), user)


@router.get("/ideas/{uuid:idea_id}", response={200: IdeaOut, **ERRORS}, summary="One idea")
def get_idea(request: HttpRequest, idea_id: UUID) -> IdeaOut:
    user, couple = _couple(request)
    return _idea_out(_idea_or_404(user, couple, idea_id), user)


@router.put("/ideas/{uuid:idea_id}", response={200: IdeaOut, **ERRORS}, summary="Change my idea")
def update_idea(request: HttpRequest, idea_id: UUID, payload: IdeaIn) -> IdeaOut:
    user, couple = _couple(request)
    idea = FunIdea.objects.writable_by(user).filter(pk=idea_id).first()
    if idea is None:
        raise Http404
    services.update_idea(idea, _fields(payload))
    return _idea_out(_idea_or_404(user, couple, idea_id), user)


@router.delete("/ideas/{uuid:idea_id}", response={204: None, **ERRORS}, summary="Remove my idea")
def delete_idea(request: HttpRequest, idea_id: UUID) -> tuple[int, None]:
    user = _couple(request)[0]
    idea = FunIdea.objects.writable_by(user).filter(pk=idea_id).first()
    if idea is None:
        raise Http404
    idea.delete()
    return 204, None


@router.put(
    "/ideas/{uuid:idea_id}/answer",
    response={200: IdeaOut, **ERRORS},
    summary="My answer: yes, maybe or no (private to me)",
)
def answer_idea(request: HttpRequest, idea_id: UUID, payload: AnswerIn) -> IdeaOut:
    user, couple = _couple(request)
    services.set_answer(user, _idea_or_404(user, couple, idea_id), payload.answer)
    return _idea_out(_idea_or_404(user, couple, idea_id), user)


@router.get("/starter", response={200: list[StarterOut], **ERRORS}, summary="The starter set")
def list_starter(request: HttpRequest) -> list[StarterOut]:
    user, couple = _couple(request)
    taken = set(
        FunIdea.objects.visible_to(user)
        .filter(couple=couple)
        .exclude(starter_key="")
        .values_list("starter_key", flat=True)
    )
    return [
        StarterOut(
            key=i.key,
            title=i.title,
            description=i.description,
            duration_minutes=i.minutes,
            cost=i.cost,
            energy=i.energy,
            where=i.where,
            season=i.season,
            tags=list(i.tags),
            on_our_list=i.key in taken,
        )
        for i in starter.ideas()
    ]


@router.post(
    "/starter", response={201: IdeaOut, **ERRORS}, summary="Add a starter idea to our list"
)
def add_starter(request: HttpRequest, payload: StarterIn) -> tuple[int, IdeaOut]:
    user, couple = _couple(request)
    idea = services.add_starter(user, couple, payload.key)
    return 201, _idea_out(_idea_or_404(user, couple, idea.pk), user)


# --- The picker and plans -----------------------------------------------------


def _suggestion_out(item: ranking.Suggestion) -> SuggestionOut:
    c = item.candidate
    return SuggestionOut(
        idea_id=c.id,
        title=c.title,
        duration_minutes=c.duration_minutes,
        cost=c.cost,
        energy=c.energy,
        reasons=list(item.reasons),
    )


@router.get("/pick", response={200: PickOut, **ERRORS}, summary="Ideas for a window")
def pick(
    request: HttpRequest,
    window: WindowName = "tonight",
    budget: int | None = None,
    energy: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    surprise: bool = False,
) -> PickOut:
    """`window`: now, tonight, weekend, or slot (with `start` and `end`);
    `budget`: highest cost band 0 to 3; `energy`: cosy, easy or active;
    `surprise`: also pick one at random from the top of the list."""
    user, couple = _couple(request)
    if budget is not None and not 0 <= budget <= 3:
        raise services.FunListRefused("budget: from 0 (free) to 3")
    if energy not in (None, "", "cosy", "easy", "active"):
        raise services.FunListRefused("energy: cosy, easy or active")
    slot = None
    if window == "slot":
        if not (start and end and start.tzinfo and end > start):
            raise services.FunListRefused("slot: give start and end with a time zone")
        slot = (start, end)
    result = picker.pick(user, couple, window, budget, energy or None, slot)
    chosen = ranking.surprise(result.suggestions, random.SystemRandom()) if surprise else None
    found = result.window.window
    return PickOut(
        window=WindowOut(start=found.start, end=found.end, minutes=found.minutes)
        if found
        else None,
        suggestions=[_suggestion_out(s) for s in result.suggestions],
        surprise=_suggestion_out(chosen) if chosen else None,
    )


def _plan_out(item: PlannedDate, user: Any) -> PlanOut:
    return PlanOut(
        id=item.id,
        idea_id=item.idea_id,
        title=item.title,
        start=item.start,
        end=item.end,
        planned_by_me=item.author_id == user.pk,
    )


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="Our dates to come")
def list_plans(request: HttpRequest, page: Query[Page] = None) -> list[PlanOut]:  # type: ignore[assignment]
    user, couple = _couple(request)
    plans = (
        PlannedDate.objects.visible_to(user)
        .filter(couple=couple, end__gt=timezone.now())
        .order_by("start")
    )
    return [_plan_out(p, user) for p in plans[_slice(page or Page())]]


@router.post("/plans", response={201: PlanOut, **ERRORS}, summary="Plan an idea for a time")
def create_plan(request: HttpRequest, payload: PlanIn) -> tuple[int, PlanOut]:
    user, couple = _couple(request)
    idea = _idea_or_404(user, couple, payload.idea_id)
    return 201, _plan_out(services.plan(user, idea, payload.start), user)


def _plan_or_404(user: Any, plan_id: UUID, writable: bool = False) -> PlannedDate:
    manager = PlannedDate.objects
    found = (manager.writable_by(user) if writable else manager.visible_to(user)).filter(pk=plan_id)
    item = found.first()
    if item is None:
        raise Http404
    return item


@router.get("/plans/{uuid:plan_id}", response={200: PlanOut, **ERRORS}, summary="One date")
def get_plan(request: HttpRequest, plan_id: UUID) -> PlanOut:
    user = _couple(request)[0]
    return _plan_out(_plan_or_404(user, plan_id), user)


@router.delete(
    "/plans/{uuid:plan_id}", response={204: None, **ERRORS}, summary="Cancel a date I planned"
)
def cancel_plan(request: HttpRequest, plan_id: UUID) -> tuple[int, None]:
    user = _couple(request)[0]
    _plan_or_404(user, plan_id, writable=True).delete()
    return 204, None


# --- Memories and photos ------------------------------------------------------


def _memories(user: Any, couple: Couple) -> QuerySet[Memory]:
    return (
        Memory.objects.visible_to(user)
        .filter(couple=couple)
        .prefetch_related(  # type: ignore[type-var]
            Prefetch("notes", queryset=MemoryNote.objects.all()),
            Prefetch("photos", queryset=MemoryPhoto.objects.all()),
            Prefetch("idea__tags", queryset=IdeaTag.objects.only("idea_id", "name")),
        )
    )


def _memory_out(memory: Memory, user: Any) -> MemoryOut:
    return MemoryOut(
        id=memory.id,
        idea_id=memory.idea_id,
        title=memory.title,
        day=memory.day,
        tags=[t.name for t in memory.idea.tags.all()] if memory.idea else [],
        notes=[
            NoteOut(
                author_id=n.author_id, by_me=n.author_id == user.pk, text=n.text, rating=n.rating
            )
            for n in memory.notes.all()
        ],
        photos=[_photo_out(p) for p in memory.photos.all()],
        recorded_by_me=memory.author_id == user.pk,
    )


def _photo_out(photo: MemoryPhoto) -> PhotoOut:
    return PhotoOut(
        id=photo.id,
        url=reverse("api:get_photo", kwargs={"photo_id": photo.id}),
        width=photo.width,
        height=photo.height,
        content_type=photo.content_type,
    )


def _memory_or_404(user: Any, couple: Couple, memory_id: UUID) -> Memory:
    memory = _memories(user, couple).filter(pk=memory_id).first()
    if memory is None:
        raise Http404
    return memory


@router.get(
    "/memories", response={200: list[MemoryOut], **ERRORS}, summary="Our timeline, newest first"
)
def list_memories(
    request: HttpRequest,
    tag: str = "",
    year: int | None = None,
    page: Query[Page] = None,  # type: ignore[assignment]
) -> list[MemoryOut]:
    user, couple = _couple(request)
    memories = _memories(user, couple)
    if tag:
        memories = memories.filter(idea__tags__name=tag.strip().lower()[:30])
    if year is not None:
        if not 1 <= year <= 9999:
            raise services.FunListRefused("year: from 1 to 9999")
        memories = memories.filter(day__year=year)
    return [_memory_out(m, user) for m in memories[_slice(page or Page())]]


@router.post("/memories", response={201: MemoryOut, **ERRORS}, summary="We did it")
def add_memory(request: HttpRequest, payload: MemoryIn) -> tuple[int, MemoryOut]:
    user, couple = _couple(request)
    idea = FunIdea.objects.visible_to(user).filter(pk=payload.idea_id, couple=couple).first()
    if idea is None:
        raise Http404
    memory = services.record_memory(user, couple, idea, payload.day, payload.note, payload.rating)
    return 201, _memory_out(_memory_or_404(user, couple, memory.pk), user)


@router.get("/memories/{uuid:memory_id}", response={200: MemoryOut, **ERRORS}, summary="One memory")
def get_memory(request: HttpRequest, memory_id: UUID) -> MemoryOut:
    user, couple = _couple(request)
    return _memory_out(_memory_or_404(user, couple, memory_id), user)


@router.delete(
    "/memories/{uuid:memory_id}",
    response={204: None, **ERRORS},
    summary="Remove a memory I recorded",
)
def delete_memory(request: HttpRequest, memory_id: UUID) -> tuple[int, None]:
    user = _couple(request)[0]
    memory = Memory.objects.writable_by(user).filter(pk=memory_id).first()
    if memory is None:
        raise Http404
    for photo in memory.photos.all():
        photos.delete_photo(photo)
    memory.delete()
    return 204, None


@router.put(
    "/memories/{uuid:memory_id}/note",
    response={200: NoteOut, **ERRORS},
    summary="My note and rating of a memory",
)
def set_note(request: HttpRequest, memory_id: UUID, payload: NoteIn) -> NoteOut:
    user, couple = _couple(request)
    note = services.set_note(
        user, _memory_or_404(user, couple, memory_id), payload.text, payload.rating
    )
    return NoteOut(author_id=user.pk, by_me=True, text=note.text, rating=note.rating)


@router.post(
    "/memories/{uuid:memory_id}/photos",
    response={201: PhotoOut, **ERRORS},
    summary="Add a photo (JPEG, PNG or WebP, up to 10 MB; re-encoded, metadata removed)",
)
def add_photo(
    request: HttpRequest, memory_id: UUID, file: File[UploadedFile]
) -> tuple[int, PhotoOut]:
    user, couple = _couple(request)
    memory = _memory_or_404(user, couple, memory_id)
    try:
        photo = photos.add_photo(user, memory, file, file.size)
    except photos.PhotoRefused as refused:
        raise services.FunListRefused(refused.message) from None
    return 201, _photo_out(photo)


@router.get(
    "/photos/{uuid:photo_id}",
    response={200: None, **ERRORS},
    summary="A photo's image (only to the couple)",
)
def get_photo(request: HttpRequest, photo_id: UUID) -> FileResponse:
    user = _couple(request)[0]
    photo = MemoryPhoto.objects.visible_to(user).filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@router.delete(
    "/photos/{uuid:photo_id}", response={204: None, **ERRORS}, summary="Remove a photo I added"
)
def delete_photo(request: HttpRequest, photo_id: UUID) -> tuple[int, None]:
    user = _couple(request)[0]
    photo = MemoryPhoto.objects.writable_by(user).filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    photos.delete_photo(photo)
    return 204, None


__all__ = ["date", "router"]
