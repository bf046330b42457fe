"""Calendars as JSON: a partner's own calendars (nobody else's), the couple's
hours, and the joint free windows.

A calendar is private to the partner who connected it: every other caller,
the partner included, gets 404 for it. Adding an address checks where it
leads (an internal or private network: 400, nothing stored) but never fetches
it in the request; the worker does (`status` then moves from pending to ok or
error, with `message` saying why). The address is stored sealed and only its
hint (`address`) is ever returned.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.calendars import ics, services
from tending.calendars.models import CalendarSource
from tending.couples.access import partner_membership
from tending.couples.models import Couple

router = Router(tags=["calendars"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}


class CalendarOut(Schema):
    id: UUID
    name: str
    kind: str = Field(description="url (a subscription) or upload")
    address: str = Field(description="The subscription address, shortened")
    status: str = Field(description="pending, ok or error")
    message: str = Field(description="Why the last attempt failed, if it did")
    refreshing: bool
    busy_count: int
    covers_until: datetime | None
    last_success_at: datetime | None


class SubscriptionIn(Schema):
    name: str = Field("", max_length=60)
    url: str = Field(..., min_length=8, max_length=2000, description="https:// or webcal://")


class HoursIn(Schema):
    weekday_from: int = Field(18, ge=0, le=23)
    weekday_to: int = Field(22, ge=1, le=24)
    weekend_from: int = Field(9, ge=0, le=23)
    weekend_to: int = Field(22, ge=1, le=24)
    min_minutes: int = Field(45, ge=15, le=480)


class HoursOut(HoursIn):
    pass


class WindowOut(Schema):
    start: datetime
    end: datetime
    minutes: int


def _couple(request: HttpRequest) -> tuple[Any, Couple]:
    user = current_user(request)
    membership = partner_membership(user)
    if membership is None:
        raise Http404
    return user, membership.couple


def _out(source: CalendarSource) -> CalendarOut:
    return CalendarOut(
        id=source.id,
        name=source.name,
        kind=source.kind,
        address=source.shown_url,
        status=source.status,
        message=source.message,
        refreshing=source.is_busy_working,
        busy_count=source.busy_count,
        covers_until=source.covers_until,
        last_success_at=source.last_success_at,
    )


def _own(user: Any, calendar_id: UUID) -> CalendarSource:
    found = (
        CalendarSource.objects.writable_by(user)
        .select_related("author")
        .filter(pk=calendar_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.get("/", response={200: list[CalendarOut], **ERRORS}, summary="My calendars")
def list_calendars(request: HttpRequest) -> list[CalendarOut]:
    user, couple = _couple(request)
    return [_out(s) for s in CalendarSource.objects.visible_to(user).filter(couple=couple)]


@router.post(
    "/", response={201: CalendarOut, **ERRORS}, summary="Connect a secret calendar address"
)
def connect(request: HttpRequest, payload: SubscriptionIn) -> tuple[int, CalendarOut]:
    user, couple = _couple(request)
    source = services.add_subscription(user, couple, payload.name, payload.url)
    return 201, _out(source)


@router.post(
    "/upload", response={201: CalendarOut, **ERRORS}, summary="Upload an .ics file (up to 5 MB)"
)
def upload(
    request: HttpRequest, file: File[UploadedFile], name: Form[str] = ""
) -> tuple[int, CalendarOut]:
    user, couple = _couple(request)
    if (file.size or 0) > ics.MAX_BYTES:
        raise services.CalendarActionRefused(_too_big(), status=413)
    source = services.add_upload(user, couple, name[:60], file.read(ics.MAX_BYTES + 1))
    return 201, _out(source)


def _too_big() -> str:
    return f"The file is larger than {ics.MAX_BYTES // (1024 * 1024)} MB."


@router.get("/hours", response={200: HoursOut, **ERRORS}, summary="Our hours together")
def get_hours(request: HttpRequest) -> HoursOut:
    _user, couple = _couple(request)
    stored = services.planning_hours(couple)
    return HoursOut(
        weekday_from=stored.weekday_from,
        weekday_to=stored.weekday_to,
        weekend_from=stored.weekend_from,
        weekend_to=stored.weekend_to,
        min_minutes=stored.min_minutes,
    )


@router.put("/hours", response={200: HoursOut, **ERRORS}, summary="Change our hours together")
def set_hours(request: HttpRequest, payload: HoursIn) -> HoursOut:
    _user, couple = _couple(request)
    if payload.weekday_from >= payload.weekday_to or payload.weekend_from >= payload.weekend_to:
        raise services.CalendarActionRefused("Each end must come after its start.")
    stored = services.planning_hours(couple)
    for key, value in payload.model_dump().items():
        setattr(stored, key, value)
    stored.save()
    return HoursOut(**payload.model_dump())


@router.get(
    "/windows",
    response={200: list[WindowOut], **ERRORS},
    summary="When we are both free in the next 14 days",
)
def windows(request: HttpRequest) -> list[WindowOut]:
    _user, couple = _couple(request)
    return [
        WindowOut(start=w.start, end=w.end, minutes=w.minutes)
        for w in services.couple_windows(couple, now=timezone.now())
    ]


@router.get(
    "/{uuid:calendar_id}", response={200: CalendarOut, **ERRORS}, summary="One of my calendars"
)
def get_calendar(request: HttpRequest, calendar_id: UUID) -> CalendarOut:
    user = _couple(request)[0]
    return _out(_own(user, calendar_id))


@router.delete(
    "/{uuid:calendar_id}",
    response={204: None, **ERRORS},
    summary="Disconnect a calendar (its busy times are deleted)",
)
def delete_calendar(request: HttpRequest, calendar_id: UUID) -> tuple[int, None]:
    user = _couple(request)[0]
    _own(user, calendar_id).delete()
    return 204, None


@router.post(
    "/{uuid:calendar_id}/refresh",
    response={202: CalendarOut, **ERRORS},
    summary="Read a subscription again (the worker does it within seconds)",
)
def refresh(request: HttpRequest, calendar_id: UUID) -> tuple[int, CalendarOut]:
    user = _couple(request)[0]
    source = _own(user, calendar_id)
    services.request_refresh(source)
    return 202, _out(source)


@router.post(
    "/{uuid:calendar_id}/upload",
    response={200: CalendarOut, **ERRORS},
    summary="Upload a fresh copy of an uploaded calendar",
)
def replace(request: HttpRequest, calendar_id: UUID, file: File[UploadedFile]) -> CalendarOut:
    user = _couple(request)[0]
    source = _own(user, calendar_id)
    if (file.size or 0) > ics.MAX_BYTES:
        raise services.CalendarActionRefused(_too_big(), status=413)
    services.replace_upload(source, file.read(ics.MAX_BYTES + 1))
    return _out(source)
