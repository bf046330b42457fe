"""The Unplug API's request and response shapes."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from tending.unplug.models import MAX_TEXT_LENGTH

AnyVisibility = Literal["private", "partner", "partner+therapist"]
Shared = Literal["partner", "partner+therapist"]


class CommitmentIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_TEXT_LENGTH)
    starts: time = Field(description="Local time the window opens")
    ends: time = Field(description="Local time it closes; not after `starts`: past midnight")
    days: list[int] = Field(
        default=[0, 1, 2, 3, 4, 5, 6],
        min_length=1,
        max_length=7,
        description="Weekdays it applies on, Monday 0 to Sunday 6",
    )
    visibility: Shared = "partner"


class CommitmentOut(Schema):
    id: UUID
    text: str
    starts: time
    ends: time
    days: list[int]
    overnight: bool
    stopped_at: datetime | None
    author_id: UUID
    visibility: str


class CheckIn(Schema):
    kept: bool
    visibility: AnyVisibility = Field("private", description="Private unless you share it")


class NightCheckIn(CheckIn):
    night: date = Field(description="The local day the night's window starts")


class CheckOut(Schema):
    id: UUID
    kept: bool
    night: date | None
    commitment_id: UUID | None
    session_id: UUID | None
    author_id: UUID
    visibility: str


class SessionIn(Schema):
    planned_minutes: int | None = Field(None, ge=1, le=12 * 60)


class SessionOut(Schema):
    id: UUID
    started_at: datetime
    started_by_id: UUID
    planned_minutes: int | None
    joined_by_id: UUID | None
    joined_at: datetime | None
    ended_at: datetime | None
    ended_by_id: UUID | None
    minutes: int | None
    is_open: bool


class RatingIn(Schema):
    week_start: date = Field(description="The Monday of the week (couple's time zone)")
    value: int = Field(..., ge=0, le=4, description="0: not at all … 4: a lot")
    visibility: AnyVisibility = "private"


class RatingOut(Schema):
    week_start: date
    value: int
    author_id: UUID
    visibility: str


class WeekOut(Schema):
    week_start: date
    minutes: int = Field(description="Minutes unplugged together, split at local midnight")
    my_rating: int | None
    partner_rating: int | None = Field(description="Only when my partner shared it")
