"""The Traditions API's request and response shapes."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from tending.traditions.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_DURATION_MINUTES,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
)
from tending.traditions.recurrence import MAX_RULE_LENGTH

Shared = Literal["partner", "partner+therapist"]
AnyVisibility = Literal["private", "partner", "partner+therapist"]
MarkStatus = Literal["done", "skipped", ""]


class ScheduleIn(Schema):
    rrule: str = Field(
        "",
        max_length=MAX_RULE_LENGTH,
        description=(
            "An RFC 5545 RRULE value, or empty for a one-off. FREQ is DAILY, WEEKLY, "
            "MONTHLY or YEARLY; COUNT or UNTIL may end it. Read in the couple's time zone, "
            "starting on `first_day`. Examples: `FREQ=WEEKLY;BYDAY=FR`, "
            "`FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH`, `FREQ=MONTHLY;BYDAY=2SU`, "
            "`FREQ=MONTHLY;BYDAY=-1FR`, `FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=12`."
        ),
    )
    first_day: date = Field(description="The local day the schedule starts from")
    time_of_day: time | None = Field(None, description="Local wall-clock time; none: all day")
    duration_minutes: int | None = Field(None, ge=1, le=MAX_DURATION_MINUTES)


class ScheduleOut(Schema):
    rrule: str = Field(description="Canonical RRULE without its end ('' for a one-off)")
    ends_on: date | None = Field(description="The last local day it may fall on, if it ends")
    first_day: date
    time_of_day: time | None
    duration_minutes: int | None
    time_zone: str
    summary: str = Field(description="The schedule in words")
    active_from: datetime


class TraditionIn(Schema):
    name: str = Field(..., min_length=1, max_length=MAX_NAME_LENGTH)
    description: str = Field("", max_length=MAX_DESCRIPTION_LENGTH)
    visibility: Shared = Field("partner", description="Always shared with the partner")
    schedule: ScheduleIn


class TraditionPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=MAX_NAME_LENGTH)
    description: str | None = Field(None, max_length=MAX_DESCRIPTION_LENGTH)
    visibility: Shared | None = None


class TraditionOut(Schema):
    id: UUID
    name: str
    description: str
    visibility: str
    author_id: UUID
    idea: str
    is_paused: bool
    paused_at: datetime | None
    schedule: ScheduleOut
    recent_done: int = Field(description="How many of its last dates (up to 5) were done")
    recent_total: int = Field(description="How many of its last dates there were (up to 5)")
    next_at: datetime | None = Field(description="Its next date still ahead (none when paused)")
    my_meaning: int | None = Field(description="What it means to me, 1 to 5")
    partner_meaning: int | None = Field(description="What it means to my partner, if shared")
    created: datetime


class OccurrenceOut(Schema):
    id: UUID
    tradition_id: UUID
    tradition_name: str
    starts_at: datetime
    on: date = Field(description="The couple's local day")
    all_day: bool
    status: str = Field(description="done, skipped, or empty when not marked")
    note: str
    marked_by_id: UUID | None


class MarkIn(Schema):
    status: MarkStatus = Field(description="done (on or after its day), skipped, or '' to unmark")
    note: str = Field("", max_length=MAX_NOTE_LENGTH)


class MeaningIn(Schema):
    value: int = Field(..., ge=1, le=5, description="1: a little … 5: a great deal")
    visibility: AnyVisibility = "partner"


class MeaningOut(Schema):
    tradition_id: UUID
    value: int
    visibility: str


class IdeaOut(Schema):
    key: str
    group: str
    name: str
    description: str
    rrule: str
    time_of_day: time | None
    duration_minutes: int | None


class FeedOut(Schema):
    exists: bool
    include_details: bool = False
    created: datetime | None = None
    last_fetched_at: datetime | None = None


class FeedCreatedOut(FeedOut):
    url: str = Field(description="Shown only in this response: the secret calendar address")


class FeedIn(Schema):
    include_details: bool = Field(
        description="Put descriptions in the feed (off: names and times only)"
    )
