"""The Share API's request and response shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict

from tending.share import deckfile
from tending.share.models import (
    MAX_ANSWER_LENGTH,
    MAX_DECK_DESCRIPTION_LENGTH,
    MAX_DECK_NAME_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_REPLY_LENGTH,
)

TierName = Literal["light", "personal", "deep"]
ThemeName = Literal[
    "",
    "daily-life",
    "memories",
    "dreams",
    "us",
    "appreciation",
    "touch",
    "trust",
    "family",
    "growth",
]
ResponseName = Literal["thanks", "more", "me-too"]
DeckVisibility = Literal["partner", "partner+therapist", "private"]


class SharePage(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class ShareArchiveQuery(SharePage):
    q: str = Field("", max_length=200, description="Words to find (each as a word start)")


class ShareAskedOut(Schema):
    ref: str = Field(description="The question's place in the plan: q:<id> library, o:<id> own")
    text: str
    tier: str
    theme: str
    deck_name: str


class ShareResponseOut(Schema):
    kind: str
    author_id: UUID


class ShareAnswerOut(Schema):
    id: UUID
    author_id: UUID
    text: str
    created: datetime
    updated: datetime
    responses: list[ShareResponseOut] = []


class ShareReplyOut(Schema):
    id: UUID
    author_id: UUID
    text: str
    created: datetime


class ShareDayOut(Schema):
    id: UUID
    day: date
    question: ShareAskedOut
    revealed_at: datetime | None
    my_answer: ShareAnswerOut | None
    partner_answered: bool = Field(description="Whether the partner answered (never what)")
    partner_answer: ShareAnswerOut | None = Field(description="Only once both have answered")
    reply_count: int
    swapped: bool


class ShareDayDetailOut(ShareDayOut):
    replies: list[ShareReplyOut]


class ShareTodayOut(Schema):
    day: date = Field(description="Today in the couple's time zone")
    question: ShareAskedOut | None
    can_swap: bool
    detail: ShareDayDetailOut | None = Field(
        description="The day's answers and thread, once the day has begun (someone acted)"
    )


class ShareAnswerIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_ANSWER_LENGTH)


class ShareTodayAnswerIn(ShareAnswerIn):
    question_ref: str | None = Field(
        None,
        max_length=40,
        description="The question you answer (from GET /today): refused with 409 if it changed",
    )


class ShareAnswerResultOut(Schema):
    answer: ShareAnswerOut
    revealed: bool = Field(description="True when this answer revealed both")
    day_id: UUID


class ShareReplyIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_REPLY_LENGTH)


class ShareResponseIn(Schema):
    kind: ResponseName
    on: bool = True


class ShareSettingsOut(Schema):
    tiers: list[str]
    decks_off: list[str]


class ShareSettingsIn(Schema):
    tiers: list[TierName] = Field(..., min_length=1, max_length=3)
    decks_off: list[UUID] = Field(default_factory=list, max_length=200)


class ShareDeckOut(Schema):
    id: UUID
    name: str
    description: str
    source: str
    is_own: bool
    is_mine: bool
    visibility: str
    counts: dict[str, int]
    in_rotation: bool


class ShareQuestionOut(Schema):
    id: UUID
    text: str
    tier: str
    theme: str


class ShareDeckDetailOut(ShareDeckOut):
    questions: list[ShareQuestionOut]


class ShareDeckIn(Schema):
    name: str = Field(..., min_length=1, max_length=MAX_DECK_NAME_LENGTH)
    description: str = Field("", max_length=MAX_DECK_DESCRIPTION_LENGTH)
    visibility: DeckVisibility = "partner"


class ShareDeckPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=MAX_DECK_NAME_LENGTH)
    description: str | None = Field(None, max_length=MAX_DECK_DESCRIPTION_LENGTH)
    visibility: DeckVisibility | None = None


class ShareQuestionIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_QUESTION_LENGTH)
    tier: TierName
    theme: ThemeName = ""


class ShareQuestionPatch(Schema):
    text: str | None = Field(None, min_length=1, max_length=MAX_QUESTION_LENGTH)
    tier: TierName | None = None
    theme: ThemeName | None = None


class ShareDeckFileQuestion(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=deckfile.MIN_QUESTION_LENGTH, max_length=MAX_QUESTION_LENGTH)
    tier: TierName
    theme: ThemeName = ""
    key: str | None = Field(None, max_length=60, description="lower-case letters, digits, dashes")


class ShareDeckFileSchema(Schema):
    """A deck file (docs/share.md): what export returns and import takes."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["tending-deck"]
    version: Literal[1]
    key: str | None = Field(None, max_length=60, description="lower-case letters, digits, dashes")
    name: str = Field(..., min_length=1, max_length=MAX_DECK_NAME_LENGTH)
    description: str = Field("", max_length=MAX_DECK_DESCRIPTION_LENGTH)
    source: str = Field("", max_length=MAX_DECK_NAME_LENGTH)
    questions: list[ShareDeckFileQuestion] = Field(
        ..., min_length=1, max_length=deckfile.MAX_QUESTIONS
    )
