"""Listen as JSON: sessions, turns in order, roles, the end, ratings, the trend.

The same rules as the pages: sessions are seen by the two partners only;
writes by partners (therapists 403, outsiders 404); the turn order is
enforced by services.take_turn for the API exactly as for the pages.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Status

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.lib.timezones import get_zone
from tending.listen import services
from tending.listen.models import ListeningSession, SessionRating, Turn
from tending.listen.prompts import (
    LISTENER_PROMPTS,
    LISTENER_TIPS,
    REBUTTAL_REMINDER,
    SPEAKER_TIPS,
)
from tending.listen.schemas import (
    ListenPage,
    ListenPromptOut,
    ListenPromptsOut,
    ListenRatingIn,
    ListenRatingOut,
    ListenSessionDetailOut,
    ListenSessionOut,
    ListenStartIn,
    ListenTrendPoint,
    ListenTurnIn,
    ListenTurnOut,
    ListenTurnResultOut,
)

router = Router(tags=["listen"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _rating_out(rating: SessionRating) -> ListenRatingOut:
    return ListenRatingOut(
        speaker_id=rating.speaker_id,
        understood=rating.understood,
        validated=rating.validated,
        cared_for=rating.cared_for,
        created=rating.created,
    )


def _turn_out(turn: Turn) -> ListenTurnOut:
    return ListenTurnOut(
        id=turn.id,
        seq=turn.seq,
        kind=turn.kind,
        role=turn.role,
        person_id=turn.person_id,
        text=turn.text,
        created=turn.created,
    )


def _session_out(session: ListeningSession, ratings: list[SessionRating]) -> ListenSessionOut:
    return ListenSessionOut(
        id=session.id,
        topic=session.topic,
        mode=session.mode,
        speaker_id=session.speaker_id,
        listener_id=session.listener_id,
        step=session.step,
        floor_holder_id=session.floor_holder_id,
        written=session.written,
        piece_limit=session.piece_limit,
        turn_seconds=session.turn_seconds,
        step_started_at=session.step_started_at,
        version=session.version,
        created=session.created,
        ended_at=session.ended_at,
        ratings=[_rating_out(r) for r in ratings],
    )


def _detail(user: Any, session_id: Any) -> ListenSessionDetailOut:
    session = services.one_session(user, session_id)
    ratings = list(SessionRating.objects.visible_to(user).filter(session=session))
    turns = [_turn_out(t) for t in services.turns_of(user, session)]
    return ListenSessionDetailOut(**_session_out(session, ratings).model_dump(), turns=turns)


@router.get(
    "/sessions",
    response={200: list[ListenSessionOut], **ERRORS},
    summary="Our listening sessions, newest first, with their ratings",
)
def list_sessions(request: HttpRequest, page: Query[ListenPage]) -> list[ListenSessionOut]:
    user = current_user(request)
    sessions = services.sessions_for(user).prefetch_related("ratings").order_by("-created")
    return [
        _session_out(s, list(s.ratings.all()))
        for s in sessions[page.offset : page.offset + page.limit]
    ]


@router.post(
    "/sessions",
    response={201: ListenSessionDetailOut, **ERRORS},
    summary="Start a listening session (409 while another is open)",
)
def start(request: HttpRequest, payload: ListenStartIn) -> Status[ListenSessionDetailOut]:
    user = current_user(request)
    session = services.start(
        user,
        topic=payload.topic,
        mode=payload.mode,
        i_speak=payload.speaker == "me",
        written=payload.written,
        piece_limit=payload.piece_limit,
        turn_seconds=payload.turn_seconds,
    )
    return Status(201, _detail(user, session.pk))


@router.get(
    "/sessions/{uuid:session_id}",
    response={200: ListenSessionDetailOut, **ERRORS},
    summary="One session: whose turn it is, the turns so far, the ratings",
)
def get_session(request: HttpRequest, session_id: UUID) -> ListenSessionDetailOut:
    return _detail(current_user(request), session_id)


@router.post(
    "/sessions/{uuid:session_id}/turns",
    response={201: ListenTurnResultOut, **ERRORS},
    summary="Take the next turn: piece → reflection → confirm (or correct → reflection …)",
    description=(
        "Refused with 409 when it is another step's turn or the session has ended, and, "
        "on two devices, with 403 when it is the other partner's turn."
    ),
)
def take_turn(
    request: HttpRequest, session_id: UUID, payload: ListenTurnIn
) -> Status[ListenTurnResultOut]:
    user = current_user(request)
    result = services.take_turn(user, session_id, payload.kind, payload.text)
    ratings = list(SessionRating.objects.visible_to(user).filter(session=result.session))
    return Status(
        201,
        ListenTurnResultOut(
            turn=_turn_out(result.turn),
            session=_session_out(result.session, ratings),
            reminder=result.reminder,
        ),
    )


@router.post(
    "/sessions/{uuid:session_id}/swap",
    response={200: ListenSessionDetailOut, **ERRORS},
    summary="Swap speaker and listener (between pieces)",
)
def swap(request: HttpRequest, session_id: UUID) -> ListenSessionDetailOut:
    user = current_user(request)
    services.swap_roles(user, session_id)
    return _detail(user, session_id)


@router.post(
    "/sessions/{uuid:session_id}/end",
    response={200: ListenSessionDetailOut, **ERRORS},
    summary="End the session (then whoever spoke rates it)",
)
def end(request: HttpRequest, session_id: UUID) -> ListenSessionDetailOut:
    user = current_user(request)
    services.end(user, session_id)
    return _detail(user, session_id)


@router.put(
    "/sessions/{uuid:session_id}/ratings",
    response={200: ListenRatingOut, **ERRORS},
    summary="As a speaker: how understood, validated and cared for I felt (1–5 each)",
)
def rate(request: HttpRequest, session_id: UUID, payload: ListenRatingIn) -> ListenRatingOut:
    rating = services.rate(
        current_user(request),
        session_id,
        payload.understood,
        payload.validated,
        payload.cared_for,
        speaker_id=payload.speaker_id,
    )
    return _rating_out(rating)


@router.get(
    "/trend",
    response={200: list[ListenTrendPoint], **ERRORS},
    summary="'Felt understood' per rated session, oldest first (the last 60)",
)
def trend(request: HttpRequest) -> list[ListenTrendPoint]:
    user = current_user(request)
    membership = services.writer(user)
    zone = get_zone(membership.couple.time_zone)
    return [
        ListenTrendPoint(day=day, understood=round(value, 2))
        for day, value in services.understood_entries(user, membership.couple, zone)
    ]


@router.get("/prompts", response=ListenPromptsOut, summary="Words for the listener and speaker")
def prompts(request: HttpRequest) -> ListenPromptsOut:
    return ListenPromptsOut(
        listener=[
            ListenPromptOut(
                level=p.level, name=str(p.name), hint=str(p.hint), opening=str(p.opening)
            )
            for p in LISTENER_PROMPTS
        ],
        listener_tips=[str(t) for t in LISTENER_TIPS],
        speaker_tips=[str(t) for t in SPEAKER_TIPS],
        rebuttal_reminder=str(REBUTTAL_REMINDER),
    )
