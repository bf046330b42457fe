"""The Balance API's request and response shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from tending.balance.models import MAX_CATEGORY_LENGTH, MAX_DAY_MINUTES, MAX_WEEK_MINUTES

KindName = Literal["self", "couple"]
AnyVisibility = Literal["private", "partner", "partner+therapist"]


class EntryIn(Schema):
    kind: KindName = Field(description="self: time for me (always private); couple: with us")
    category: str = Field(..., min_length=1, max_length=MAX_CATEGORY_LENGTH)
    minutes: int = Field(..., ge=1, le=MAX_DAY_MINUTES)
    on: date | None = Field(None, description="My local day; today when left out")
    visibility: AnyVisibility | None = Field(
        None, description="Couple time only (default: shared with my partner)"
    )


class EntryPatch(Schema):
    category: str = Field(..., min_length=1, max_length=MAX_CATEGORY_LENGTH)
    minutes: int = Field(..., ge=1, le=MAX_DAY_MINUTES)
    on: date


class EntryOut(Schema):
    id: UUID
    kind: str
    category: str
    minutes: int | None = Field(description="Empty while its timer runs")
    on: date
    started_at: datetime | None
    author_id: UUID
    visibility: str


class TimerIn(Schema):
    kind: KindName
    category: str = Field(..., min_length=1, max_length=MAX_CATEGORY_LENGTH)


class AimIn(Schema):
    self_minutes: int = Field(..., ge=0, le=MAX_WEEK_MINUTES, description="For me, a week")
    couple_minutes: int = Field(..., ge=0, le=MAX_WEEK_MINUTES, description="With us, a week")


class AimOut(Schema):
    self_minutes: int
    couple_minutes: int


class PartOut(Schema):
    label: str
    minutes: int


class WeekOut(Schema):
    week_start: date = Field(description="Monday, in my own time zone")
    self_minutes: int = Field(description="My time for myself (only ever mine)")
    couple_minutes: int = Field(description="Our time together: logged and counted")
    self_parts: list[PartOut]
    couple_parts: list[PartOut]
    self_aim: int | None
    couple_aim: int | None
