"""Traditions as JSON: traditions, schedules, dates, meanings, ideas, the calendar feed.

The same couple boundary as the pages: reads through `visible_to`; changes
to a tradition or its dates by either partner (`editable_by`), a meaning by
its author only; a therapist who can read gets 403 on writes, outsiders 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.traditions import feed, ideas, reading, services
from tending.traditions.models import Occurrence, Tradition
from tending.traditions.schemas import (
    FeedCreatedOut,
    FeedIn,
    FeedOut,
    IdeaOut,
    MarkIn,
    MeaningIn,
    MeaningOut,
    OccurrenceOut,
    ScheduleIn,
    ScheduleOut,
    TraditionIn,
    TraditionOut,
    TraditionPatch,
)
from tending.traditions.views import add_idea

router = Router(tags=["traditions"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_PAGE = 200


class Page(Schema):
    limit: int = 50  # clamped to 1..MAX_PAGE below
    # Bounded: an offset past any real history is refused, not sent to the database.
    offset: int = Field(0, ge=0, le=100_000)


def _slice(page: Page) -> slice:
    limit = min(max(page.limit, 1), MAX_PAGE)
    offset = max(page.offset, 0)
    return slice(offset, offset + limit)


def _tradition_out(row: reading.TraditionRow) -> TraditionOut:
    tradition, schedule = row.tradition, row.schedule
    return TraditionOut(
        id=tradition.id,
        name=tradition.name,
        description=tradition.description,
        visibility=tradition.visibility,
        author_id=tradition.author_id,
        idea=tradition.idea,
        is_paused=tradition.is_paused,
        paused_at=tradition.paused_at,
        schedule=ScheduleOut(
            rrule=schedule.rule,
            ends_on=schedule.last_day,
            first_day=schedule.first_day,
            time_of_day=schedule.time_of_day,
            duration_minutes=schedule.duration_minutes,
            time_zone=schedule.time_zone,
            summary=row.summary,
            active_from=schedule.active_from,
        ),
        recent_done=row.recent_done,
        recent_total=row.recent_total,
        next_at=None if tradition.is_paused else row.next_at,
        my_meaning=row.my_meaning.value if row.my_meaning else None,
        partner_meaning=row.partner_meaning.value if row.partner_meaning else None,
        created=tradition.created,
    )


def _couple_of(user: Any) -> Any:
    """A partner's own couple (its zone names "today"); none for a therapist."""
    membership = services.partner_membership(user)
    return membership.couple if membership is not None else None


def _one(user: Any, tradition_id: UUID) -> TraditionOut:
    rows = reading.traditions_for(user, _couple_of(user), only=tradition_id)
    if not rows:
        raise Http404
    return _tradition_out(rows[0])


def _occurrence_out(occurrence: Occurrence) -> OccurrenceOut:
    return OccurrenceOut(
        id=occurrence.id,
        tradition_id=occurrence.tradition_id,
        tradition_name=occurrence.tradition.name,
        starts_at=occurrence.starts_at,
        on=occurrence.on,
        all_day=occurrence.schedule.all_day,
        status=occurrence.status,
        note=occurrence.note,
        marked_by_id=occurrence.marked_by_id,
    )


def _schedule_input(payload: ScheduleIn) -> services.ScheduleInput:
    return services.ScheduleInput(
        payload.rrule, payload.first_day, payload.time_of_day, payload.duration_minutes
    )


# --- Traditions --------------------------------------------------------------------


@router.get("/", response=list[TraditionOut], summary="The traditions I can see")
def list_traditions(request: HttpRequest) -> list[TraditionOut]:
    user = current_user(request)
    couple = _couple_of(user)
    if couple is not None:
        services.plan_ahead(couple)
    return [_tradition_out(row) for row in reading.traditions_for(user, couple)]


@router.post("/", response={201: TraditionOut, **ERRORS}, summary="Start a tradition")
def create_tradition(request: HttpRequest, payload: TraditionIn) -> Status[TraditionOut]:
    user = current_user(request)
    membership = services.writer(user)
    tradition = services.create_tradition(
        membership,
        payload.name,
        payload.description,
        _schedule_input(payload.schedule),
        payload.visibility,
    )
    return Status(201, _one(user, tradition.id))


@router.get("/ideas", response=list[IdeaOut], summary="The gallery of tradition ideas")
def list_ideas(request: HttpRequest) -> list[IdeaOut]:
    today = timezone.localdate()
    return [
        IdeaOut(
            key=idea.key,
            group=idea.group,
            name=str(idea.name),
            description=str(idea.description),
            rrule=idea.rule(idea.first_day(today)),
            time_of_day=idea.at,
            duration_minutes=idea.minutes,
        )
        for idea in ideas.IDEAS
    ]


@router.post(
    "/ideas/{idea_key}",
    response={201: TraditionOut, **ERRORS},
    summary="Add an idea from the gallery as our own tradition (then edit it)",
)
def add_from_gallery(request: HttpRequest, idea_key: str) -> Status[TraditionOut]:
    user = current_user(request)
    idea = ideas.BY_KEY.get(idea_key)
    if idea is None:
        raise Http404
    tradition = add_idea(services.writer(user), idea)
    return Status(201, _one(user, tradition.id))


@router.get(
    "/this-week",
    response={200: list[OccurrenceOut], **ERRORS},
    summary="This week's dates (Monday to Sunday in the couple's time zone)",
)
def this_week(request: HttpRequest) -> list[OccurrenceOut]:
    user = current_user(request)
    membership = services.writer(user)
    services.plan_ahead(membership.couple)
    return [_occurrence_out(o) for o in reading.this_week(user, membership.couple)]


@router.get("/{uuid:tradition_id}", response={200: TraditionOut, **ERRORS}, summary="One tradition")
def get_tradition(request: HttpRequest, tradition_id: UUID) -> TraditionOut:
    return _one(current_user(request), tradition_id)


@router.patch(
    "/{uuid:tradition_id}",
    response={200: TraditionOut, **ERRORS},
    summary="Rename, describe or share a tradition (either partner)",
)
def edit_tradition(
    request: HttpRequest, tradition_id: UUID, payload: TraditionPatch
) -> TraditionOut:
    user = current_user(request)
    tradition = services.editable_tradition(user, tradition_id)
    services.edit_tradition(
        tradition,
        tradition.name if payload.name is None else payload.name,
        tradition.description if payload.description is None else payload.description,
        payload.visibility,
    )
    return _one(user, tradition_id)


@router.delete(
    "/{uuid:tradition_id}",
    response={204: None, **ERRORS},
    summary="Delete a tradition and its history, for both partners",
)
def delete_tradition(request: HttpRequest, tradition_id: UUID) -> Status[None]:
    services.delete_tradition(services.editable_tradition(current_user(request), tradition_id))
    return Status(204, None)


@router.put(
    "/{uuid:tradition_id}/schedule",
    response={200: TraditionOut, **ERRORS},
    summary="Change the schedule from now on (past dates keep theirs)",
)
def change_schedule(request: HttpRequest, tradition_id: UUID, payload: ScheduleIn) -> TraditionOut:
    user = current_user(request)
    tradition = services.editable_tradition(user, tradition_id)
    services.change_schedule(tradition, user, _schedule_input(payload))
    return _one(user, tradition_id)


@router.post(
    "/{uuid:tradition_id}/pause",
    response={200: TraditionOut, **ERRORS},
    summary="Pause: no new dates and no reminders; history stays",
)
def pause(request: HttpRequest, tradition_id: UUID) -> TraditionOut:
    user = current_user(request)
    services.pause(services.editable_tradition(user, tradition_id))
    return _one(user, tradition_id)


@router.post(
    "/{uuid:tradition_id}/resume",
    response={200: TraditionOut, **ERRORS},
    summary="Resume a paused tradition in its old rhythm",
)
def resume(request: HttpRequest, tradition_id: UUID) -> TraditionOut:
    user = current_user(request)
    services.resume(services.editable_tradition(user, tradition_id), user)
    return _one(user, tradition_id)


@router.put(
    "/{uuid:tradition_id}/meaning",
    response={200: MeaningOut, **ERRORS},
    summary="How much this tradition means to me (1 to 5), any time",
)
def set_meaning(request: HttpRequest, tradition_id: UUID, payload: MeaningIn) -> MeaningOut:
    user = current_user(request)
    tradition = Tradition.objects.visible_to(user).filter(pk=tradition_id).first()
    if tradition is None:
        raise Http404
    services.writer(user)  # a therapist who can read it: 403
    meaning = services.set_meaning(tradition, user, payload.value, payload.visibility)
    return MeaningOut(tradition_id=tradition.id, value=meaning.value, visibility=meaning.visibility)


@router.get(
    "/{uuid:tradition_id}/dates",
    response={200: list[OccurrenceOut], **ERRORS},
    summary="A tradition's dates: its history (newest first) or, with upcoming=true, ahead",
)
def list_dates(
    request: HttpRequest, tradition_id: UUID, page: Query[Page], upcoming: bool = False
) -> list[OccurrenceOut]:
    user = current_user(request)
    tradition = Tradition.objects.visible_to(user).filter(pk=tradition_id).first()
    if tradition is None:
        raise Http404
    now = timezone.now()
    dates: Any
    if upcoming:
        dates = (
            Occurrence.objects.visible_to(user)
            .filter(tradition=tradition, starts_at__gt=now)
            .select_related("tradition", "schedule")
            .order_by("starts_at")
        )
    else:
        dates = reading.history(user, tradition, now)
    return [_occurrence_out(o) for o in dates[_slice(page)]]


@router.put(
    "/dates/{uuid:occurrence_id}",
    response={200: OccurrenceOut, **ERRORS},
    summary="Mark a date done (with an optional note) or skipped, or unmark it (either partner)",
)
def mark(request: HttpRequest, occurrence_id: UUID, payload: MarkIn) -> OccurrenceOut:
    user = current_user(request)
    occurrence = services.editable_occurrence(user, occurrence_id)
    services.mark(occurrence, user, payload.status, payload.note)
    occurrence = Occurrence.objects.select_related("tradition", "schedule").get(pk=occurrence.pk)
    return _occurrence_out(occurrence)


# --- The calendar feed ---------------------------------------------------------------


def _feed_out(subscription: Any) -> FeedOut:
    if subscription is None:
        return FeedOut(exists=False)
    return FeedOut(
        exists=True,
        include_details=subscription.include_details,
        created=subscription.created,
        last_fetched_at=subscription.last_fetched_at,
    )


@router.get("/feed", response={200: FeedOut, **ERRORS}, summary="My calendar address: is there one")
def get_feed(request: HttpRequest) -> FeedOut:
    user = current_user(request)
    membership = services.writer(user)
    return _feed_out(feed.live_feed(user, membership.couple))


@router.post(
    "/feed",
    response={201: FeedCreatedOut, **ERRORS},
    summary="Make my secret calendar address (a new one stops the old one at once)",
)
def create_feed(request: HttpRequest) -> Status[FeedCreatedOut]:
    user = current_user(request)
    subscription, token = feed.issue_feed(services.writer(user))
    url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"feed_token": token}))
    return Status(201, FeedCreatedOut(**_feed_out(subscription).model_dump(), url=url))


@router.patch(
    "/feed",
    response={200: FeedOut, **ERRORS},
    summary="Choose whether my calendar shows descriptions",
)
def change_feed(request: HttpRequest, payload: FeedIn) -> FeedOut:
    user = current_user(request)
    membership = services.writer(user)
    subscription = feed.live_feed(user, membership.couple)
    if subscription is None:
        raise Http404
    subscription.include_details = payload.include_details
    subscription.save(update_fields=["include_details", "updated"])
    return _feed_out(subscription)


@router.delete("/feed", response={204: None, **ERRORS}, summary="Stop my calendar address at once")
def revoke_feed(request: HttpRequest) -> Status[None]:
    user = current_user(request)
    membership = services.writer(user)
    subscription = feed.live_feed(user, membership.couple)
    if subscription is not None:
        feed.revoke_feed(subscription)
    return Status(204, None)


__all__ = ["router"]
