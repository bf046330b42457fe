"""The fun list API's request and response shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from tending.funlist.models import MAX_DESCRIPTION, MAX_DURATION, MAX_NOTE, MAX_TITLE, MIN_DURATION

AnswerName = Literal["yes", "maybe", "no"]
EnergyName = Literal["cosy", "easy", "active"]
WhereName = Literal["home", "out", "away"]
SeasonName = Literal["any", "spring", "summer", "autumn", "winter", "sunny", "rainy", "snowy"]
LaneName = Literal["all", "yes", "open", "waiting"]
WindowName = Literal["now", "tonight", "weekend", "slot"]


class IdeaIn(Schema):
    title: str = Field(..., min_length=1, max_length=MAX_TITLE)
    description: str = Field("", max_length=MAX_DESCRIPTION)
    link: str = Field("", max_length=500, description="http(s) address, or empty")
    duration_minutes: int = Field(..., ge=MIN_DURATION, le=MAX_DURATION)
    cost: int = Field(0, ge=0, le=3, description="0 free, 1–3 cost bands (€, €€, €€€)")
    energy: EnergyName
    where: WhereName
    season: SeasonName = "any"
    tags: list[str] = Field(default_factory=list, max_length=8)


class IdeaOut(Schema):
    id: UUID
    title: str
    description: str
    link: str
    duration_minutes: int
    cost: int
    cost_label: str
    energy: str
    where: str
    season: str
    tags: list[str]
    suggested_by_me: bool = Field(description="Whether I suggested it (else my partner did)")
    my_answer: str = Field(description="My own answer: yes, maybe, no, or empty")
    mutual: str = Field(
        description="yes: we both said yes; maybe: both yes or maybe; empty: anything else "
        "(my partner's own answer is never shown)"
    )
    new_to_us: bool
    times_done: int
    last_done: date | None
    created: datetime


class AnswerIn(Schema):
    answer: AnswerName


class StarterIn(Schema):
    key: str = Field(..., min_length=1, max_length=40)


class StarterOut(Schema):
    key: str
    title: str
    description: str
    duration_minutes: int
    cost: int
    energy: str
    where: str
    season: str
    tags: list[str]
    on_our_list: bool


class SuggestionOut(Schema):
    idea_id: UUID
    title: str
    duration_minutes: int
    cost: int
    energy: str
    reasons: list[str]


class WindowOut(Schema):
    start: datetime
    end: datetime
    minutes: int


class PickOut(Schema):
    window: WindowOut | None = Field(description="The time you are both free; null if none")
    suggestions: list[SuggestionOut]
    surprise: SuggestionOut | None = None


class PlanIn(Schema):
    idea_id: UUID
    start: datetime = Field(description="With a time zone, e.g. 2026-03-06T19:00:00+01:00")


class PlanOut(Schema):
    id: UUID
    idea_id: UUID
    title: str
    start: datetime
    end: datetime
    planned_by_me: bool


class MemoryIn(Schema):
    idea_id: UUID
    day: date
    note: str = Field("", max_length=MAX_NOTE)
    rating: int | None = Field(None, ge=1, le=5)


class NoteIn(Schema):
    text: str = Field("", max_length=MAX_NOTE)
    rating: int | None = Field(None, ge=1, le=5)


class NoteOut(Schema):
    author_id: UUID
    by_me: bool
    text: str
    rating: int | None


class PhotoOut(Schema):
    id: UUID
    url: str
    width: int
    height: int
    content_type: str


class MemoryOut(Schema):
    id: UUID
    idea_id: UUID | None
    title: str
    day: date
    tags: list[str]
    notes: list[NoteOut]
    photos: list[PhotoOut]
    recorded_by_me: bool
