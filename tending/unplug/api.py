"""Unplug as JSON: commitments, tech-free sessions, kept-or-not answers, weekly ratings.

The couple boundary as on the pages: reads through `visible_to`; commitments
and sessions may be changed by either partner (`editable_by`), answers and
ratings are their author's own; a therapist gets 403 on writes, outsiders 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Router, Status

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.unplug import services
from tending.unplug.models import Check, Commitment, PhoneRating, UnplugSession
from tending.unplug.schemas import (
    CheckIn,
    CheckOut,
    CommitmentIn,
    CommitmentOut,
    NightCheckIn,
    RatingIn,
    RatingOut,
    SessionIn,
    SessionOut,
    WeekOut,
)

router = Router(tags=["unplug"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_WEEKS = 104


def _commitment_out(commitment: Commitment) -> CommitmentOut:
    return CommitmentOut(
        id=commitment.id,
        text=commitment.text,
        starts=commitment.starts,
        ends=commitment.ends,
        days=commitment.days,
        overnight=commitment.overnight,
        stopped_at=commitment.stopped_at,
        author_id=commitment.author_id,
        visibility=commitment.visibility,
    )


def _session_out(session: UnplugSession) -> SessionOut:
    return SessionOut(
        id=session.id,
        started_at=session.created,
        started_by_id=session.author_id,
        planned_minutes=session.planned_minutes,
        joined_by_id=session.joined_by_id,
        joined_at=session.joined_at,
        ended_at=session.ended_at,
        ended_by_id=session.ended_by_id,
        minutes=session.minutes,
        is_open=session.is_open,
    )


def _check_out(check: Check) -> CheckOut:
    return CheckOut(
        id=check.id,
        kept=check.kept,
        night=check.night,
        commitment_id=check.commitment_id,
        session_id=check.session_id,
        author_id=check.author_id,
        visibility=check.visibility,
    )


def _visible_session(user: Any, session_id: UUID) -> UnplugSession:
    session = UnplugSession.objects.visible_to(user).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


# --- Commitments -------------------------------------------------------------------


@router.get("/commitments", response=list[CommitmentOut], summary="Our tech-free commitments")
def list_commitments(request: HttpRequest, stopped: bool = False) -> list[CommitmentOut]:
    commitments = Commitment.objects.visible_to(current_user(request)).filter(
        stopped_at__isnull=not stopped
    )
    return [_commitment_out(c) for c in commitments]


@router.post(
    "/commitments", response={201: CommitmentOut, **ERRORS}, summary="Agree on a commitment"
)
def create_commitment(request: HttpRequest, payload: CommitmentIn) -> Status[CommitmentOut]:
    membership = services.writer(current_user(request))
    commitment = services.create_commitment(
        membership, payload.text, payload.starts, payload.ends, payload.days, payload.visibility
    )
    return Status(201, _commitment_out(commitment))


@router.get(
    "/commitments/{uuid:commitment_id}",
    response={200: CommitmentOut, **ERRORS},
    summary="One commitment",
)
def get_commitment(request: HttpRequest, commitment_id: UUID) -> CommitmentOut:
    found = Commitment.objects.visible_to(current_user(request)).filter(pk=commitment_id).first()
    if found is None:
        raise Http404
    return _commitment_out(found)


@router.put(
    "/commitments/{uuid:commitment_id}",
    response={200: CommitmentOut, **ERRORS},
    summary="Change a commitment (either partner)",
)
def edit_commitment(
    request: HttpRequest, commitment_id: UUID, payload: CommitmentIn
) -> CommitmentOut:
    commitment = services.editable_commitment(current_user(request), commitment_id)
    services.edit_commitment(commitment, payload.text, payload.starts, payload.ends, payload.days)
    return _commitment_out(commitment)


@router.post(
    "/commitments/{uuid:commitment_id}/stop",
    response={200: CommitmentOut, **ERRORS},
    summary="Stop a commitment; its answered nights are kept",
)
def stop_commitment(request: HttpRequest, commitment_id: UUID) -> CommitmentOut:
    commitment = services.editable_commitment(current_user(request), commitment_id)
    services.stop_commitment(commitment)
    return _commitment_out(commitment)


@router.put(
    "/commitments/{uuid:commitment_id}/nights",
    response={200: CheckOut, **ERRORS},
    summary="My own answer: was this night kept?",
)
def check_night(request: HttpRequest, commitment_id: UUID, payload: NightCheckIn) -> CheckOut:
    user = current_user(request)
    commitment = (
        Commitment.objects.visible_to(user)
        .select_related("couple")
        .filter(pk=commitment_id)
        .first()
    )
    if commitment is None:
        raise Http404
    services.writer(user)
    check = services.check_night(commitment, user, payload.night, payload.kept, payload.visibility)
    return _check_out(check)


@router.get(
    "/checks",
    response=list[CheckOut],
    summary="Answers I can see: mine, and my partner's that they shared",
)
def list_checks(request: HttpRequest, limit: int = 100) -> list[CheckOut]:
    checks = Check.objects.visible_to(current_user(request)).order_by("-created")
    return [_check_out(c) for c in checks[: min(max(limit, 1), 500)]]


# --- Sessions ------------------------------------------------------------------------


@router.get("/sessions", response=list[SessionOut], summary="Tech-free sessions, newest first")
def list_sessions(request: HttpRequest, limit: int = 50) -> list[SessionOut]:
    sessions = UnplugSession.objects.visible_to(current_user(request)).order_by("-created")
    return [_session_out(s) for s in sessions[: min(max(limit, 1), 500)]]


@router.post(
    "/sessions",
    response={201: SessionOut, **ERRORS},
    summary="We're unplugged now: start a session (the partner may join)",
)
def start_session(request: HttpRequest, payload: SessionIn) -> Status[SessionOut]:
    membership = services.writer(current_user(request))
    session = services.start_session(membership, payload.planned_minutes)
    return Status(201, _session_out(session))


@router.get(
    "/sessions/current",
    response={200: SessionOut, **ERRORS},
    summary="The session going on now (404 when there is none)",
)
def current_session(request: HttpRequest) -> SessionOut:
    user = current_user(request)
    membership = services.writer(user)
    session = services.open_session(membership.couple, user)
    if session is None:
        raise Http404
    return _session_out(session)


@router.get(
    "/sessions/{uuid:unplug_session_id}",
    response={200: SessionOut, **ERRORS},
    summary="One session",
)
def get_session(request: HttpRequest, unplug_session_id: UUID) -> SessionOut:
    return _session_out(_visible_session(current_user(request), unplug_session_id))


@router.post(
    "/sessions/{uuid:unplug_session_id}/join",
    response={200: SessionOut, **ERRORS},
    summary="Join the session my partner started",
)
def join_session(request: HttpRequest, unplug_session_id: UUID) -> SessionOut:
    user = current_user(request)
    session = services.editable_session(user, unplug_session_id)
    return _session_out(services.join_session(session, user))


@router.post(
    "/sessions/{uuid:unplug_session_id}/end",
    response={200: SessionOut, **ERRORS},
    summary="End the session (either partner); its minutes are kept",
)
def end_session(request: HttpRequest, unplug_session_id: UUID) -> SessionOut:
    user = current_user(request)
    session = services.editable_session(user, unplug_session_id)
    return _session_out(services.end_session(session, user))


@router.put(
    "/sessions/{uuid:unplug_session_id}/check",
    response={200: CheckOut, **ERRORS},
    summary="My own answer: did the phones stay away?",
)
def check_session(request: HttpRequest, unplug_session_id: UUID, payload: CheckIn) -> CheckOut:
    user = current_user(request)
    session = _visible_session(user, unplug_session_id)
    services.writer(user)
    return _check_out(services.check_session(session, user, payload.kept, payload.visibility))


# --- Ratings and weeks ----------------------------------------------------------------


@router.get(
    "/ratings", response=list[RatingOut], summary="Weekly phone ratings I can see, oldest first"
)
def list_ratings(request: HttpRequest) -> list[RatingOut]:
    ratings = PhoneRating.objects.visible_to(current_user(request)).order_by("week_start")
    return [
        RatingOut(
            week_start=r.week_start, value=r.value, author_id=r.author_id, visibility=r.visibility
        )
        for r in ratings[:1000]
    ]


@router.put(
    "/ratings",
    response={200: RatingOut, **ERRORS},
    summary="How much phones got in the way of us this week (0–4), mine",
)
def rate_week(request: HttpRequest, payload: RatingIn) -> RatingOut:
    membership = services.writer(current_user(request))
    rating = services.rate_week(membership, payload.week_start, payload.value, payload.visibility)
    return RatingOut(
        week_start=rating.week_start,
        value=rating.value,
        author_id=rating.author_id,
        visibility=rating.visibility,
    )


@router.get(
    "/weeks",
    response={200: list[WeekOut], **ERRORS},
    summary="Weekly unplugged minutes beside the phone ratings, oldest first",
)
def weeks(request: HttpRequest, count: int = 12) -> list[WeekOut]:
    user = current_user(request)
    membership = services.writer(user)
    rows = services.weekly(user, membership.couple, min(max(count, 1), MAX_WEEKS))
    return [
        WeekOut(
            week_start=r.week_start,
            minutes=r.minutes,
            my_rating=r.my_rating,
            partner_rating=r.partner_rating,
        )
        for r in rows
    ]
