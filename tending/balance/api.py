"""Balance as JSON: logged time, a timer, my aim, and my week.

Time for oneself is private by rule, so a partner can never read the other's;
a partner changes only their own entries and aim; a therapist gets 403 on
writes, outsiders 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Router, Status

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.balance import services
from tending.balance.models import BalanceEntry
from tending.balance.schemas import (
    AimIn,
    AimOut,
    EntryIn,
    EntryOut,
    EntryPatch,
    PartOut,
    TimerIn,
    WeekOut,
)

router = Router(tags=["balance"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_WEEKS = 52


def _entry_out(entry: BalanceEntry) -> EntryOut:
    return EntryOut(
        id=entry.id,
        kind=entry.kind,
        category=entry.category,
        minutes=entry.minutes,
        on=entry.on,
        started_at=entry.started_at,
        author_id=entry.author_id,
        visibility=entry.visibility,
    )


@router.get(
    "/entries",
    response=list[EntryOut],
    summary="Logged time I can see (mine, and couple time my partner shared), newest first",
)
def list_entries(request: HttpRequest, limit: int = 100) -> list[EntryOut]:
    entries = BalanceEntry.objects.visible_to(current_user(request)).order_by("-on", "-created")
    return [_entry_out(e) for e in entries[: min(max(limit, 1), 500)]]


@router.post("/entries", response={201: EntryOut, **ERRORS}, summary="Log time")
def log_time(request: HttpRequest, payload: EntryIn) -> Status[EntryOut]:
    membership = services.writer(current_user(request))
    entry = services.log_time(
        membership, payload.kind, payload.category, payload.minutes, payload.on, payload.visibility
    )
    return Status(201, _entry_out(entry))


@router.patch(
    "/entries/{uuid:entry_id}", response={200: EntryOut, **ERRORS}, summary="Change my entry"
)
def edit_entry(request: HttpRequest, entry_id: UUID, payload: EntryPatch) -> EntryOut:
    user = current_user(request)
    entry = services.own_entry(user, entry_id)
    membership = services.writer(user)
    services.edit_entry(entry, membership, payload.category, payload.minutes, payload.on)
    return _entry_out(entry)


@router.delete(
    "/entries/{uuid:entry_id}", response={204: None, **ERRORS}, summary="Remove my entry"
)
def delete_entry(request: HttpRequest, entry_id: UUID) -> Status[None]:
    services.own_entry(current_user(request), entry_id).delete()
    return Status(204, None)


@router.get("/timer", response={200: EntryOut, **ERRORS}, summary="My running timer (404: none)")
def get_timer(request: HttpRequest) -> EntryOut:
    user = current_user(request)
    timer = services.running_timer(user, services.writer(user))
    if timer is None:
        raise Http404
    return _entry_out(timer)


@router.post("/timer", response={201: EntryOut, **ERRORS}, summary="Start a timer")
def start_timer(request: HttpRequest, payload: TimerIn) -> Status[EntryOut]:
    membership = services.writer(current_user(request))
    return Status(201, _entry_out(services.start_timer(membership, payload.kind, payload.category)))


@router.post(
    "/timer/stop",
    response={200: list[EntryOut], **ERRORS},
    summary="Stop my timer and log it (split at my local midnight)",
)
def stop_timer(request: HttpRequest) -> list[EntryOut]:
    membership = services.writer(current_user(request))
    return [_entry_out(e) for e in services.stop_timer(membership)]


@router.get("/aim", response={200: AimOut, **ERRORS}, summary="The balance I want (404: not set)")
def get_aim(request: HttpRequest) -> AimOut:
    user = current_user(request)
    aim = services.my_aim(user, services.writer(user))
    if aim is None:
        raise Http404
    return AimOut(self_minutes=aim.self_minutes, couple_minutes=aim.couple_minutes)


@router.put("/aim", response={200: AimOut, **ERRORS}, summary="Set the balance I want")
def set_aim(request: HttpRequest, payload: AimIn) -> AimOut:
    membership = services.writer(current_user(request))
    aim = services.set_aim(membership, payload.self_minutes, payload.couple_minutes)
    return AimOut(self_minutes=aim.self_minutes, couple_minutes=aim.couple_minutes)


@router.get(
    "/weeks",
    response={200: list[WeekOut], **ERRORS},
    summary="My weeks (Monday to Sunday in my time zone), oldest first",
)
def weeks(request: HttpRequest, count: int = 1, until: date | None = None) -> list[WeekOut]:
    user = current_user(request)
    membership = services.writer(user)
    today = services.local_today(user)
    last = services.week_in_reach(until or today, today)
    rows = services.weeks(user, membership, last, min(max(count, 1), MAX_WEEKS))
    aim: Any = services.my_aim(user, membership)
    return [
        WeekOut(
            week_start=w.monday,
            self_minutes=w.self_minutes,
            couple_minutes=w.couple_minutes,
            self_parts=[PartOut(label=p.label, minutes=p.minutes) for p in w.self_parts],
            couple_parts=[PartOut(label=p.label, minutes=p.minutes) for p in w.couple_parts],
            self_aim=aim.self_minutes if aim else None,
            couple_aim=aim.couple_minutes if aim else None,
        )
        for w in rows
    ]


__all__ = ["router"]
