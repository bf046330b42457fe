"""The Appreciate API's request and response shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from tending.appreciate.models import MAX_NOTE_LENGTH
from tending.lib.gentle import MAX_TEXT_LENGTH

Shared = Literal["partner", "partner+therapist"]
Kind = Literal["", "thanks", "admiration", "validation"]
ReactionName = Literal["heart", "hug", "smile", "thanks"]


class AppreciationIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_NOTE_LENGTH)
    kind: Kind = Field("", description="Optional: thanks, admiration or validation of a feeling")
    visibility: Shared = Field("partner", description="Always shared with the partner")


class AppreciationOut(Schema):
    id: UUID
    text: str
    kind: str
    visibility: str
    created: datetime
    author_id: UUID
    recipient_id: UUID
    reaction: str | None = Field(None, description="The receiver's reaction, if any")
    is_favourite: bool = Field(False, description="Whether I keep it as a favourite (mine only)")


class ReactionIn(Schema):
    reaction: ReactionName


class FavouriteIn(Schema):
    favourite: bool


class WeekOut(Schema):
    week_start: datetime
    count: int = Field(description="Appreciations the two partners sent each other this week")


class PromptOut(Schema):
    level: int | None = None  # the validation level, 1 to 6; none for a kind's prompt
    name: str
    opening: str


class GoodNewsIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_NOTE_LENGTH)
    visibility: Shared = "partner"


class ReplyIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_NOTE_LENGTH)


class ReplyOut(Schema):
    id: UUID
    author_id: UUID
    text: str
    created: datetime


class GoodNewsOut(Schema):
    id: UUID
    author_id: UUID
    text: str
    visibility: str
    created: datetime
    felt_good: bool
    replies: list[ReplyOut] = []


class FeltGoodIn(Schema):
    # Required: a body that forgot it must not mark anything.
    felt_good: bool = Field(..., description="true: that felt good; false: take it back")


class CoachingOut(Schema):
    hint: str
    questions: list[str]


class BreakIn(Schema):
    minutes: Literal[20, 30, 60] = Field(description="How long the pause lasts")


class BreakOut(Schema):
    id: UUID
    minutes: int
    started: datetime
    ends_at: datetime
    called_by_me: bool
    is_on: bool


class MonthOut(Schema):
    month: str = Field(description="YYYY-MM in the couple's time zone")
    breaks: int


class GentleIn(Schema):
    text: str = Field(..., max_length=MAX_TEXT_LENGTH)


class FindingOut(Schema):
    start: int
    end: int
    phrase: str
    rule: str
    suggestion: str


class GentleOut(Schema):
    findings: list[FindingOut]
    rewrite: str
    helper_on: bool = Field(
        description="False when I turned the helper off on my profile: then nothing is found"
    )
