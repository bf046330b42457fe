"""The Listen API's request and response shapes (named Listen… so that they
never clash with another app's in the OpenAPI document)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from tending.listen.models import MAX_TOPIC_LENGTH, PIECE_LIMITS, RATING_MAX, RATING_MIN


class ListenPage(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


class ListenStartIn(Schema):
    topic: str = Field("", max_length=MAX_TOPIC_LENGTH)
    mode: Literal["together", "apart"] = Field(
        "together", description="together: one shared phone; apart: two devices, each partner's own"
    )
    speaker: Literal["me", "partner"] = Field("me", description="Who has the floor first")
    written: bool = Field(False, description="Turns are written down (else only recorded)")
    piece_limit: Literal[280, 500, 1000] = 500
    turn_seconds: Literal[0, 60, 120, 180, 300] = Field(0, description="0: no timer")


class ListenTurnIn(Schema):
    kind: Literal["piece", "reflection", "confirm", "correct"] = Field(
        description=(
            "piece: the speaker shares; reflection: the listener says back; confirm: "
            "'yes, that's it'; correct: 'not quite' (text: the correction)"
        )
    )
    text: str = Field("", max_length=max(PIECE_LIMITS))


class ListenRatingIn(Schema):
    understood: int = Field(..., ge=RATING_MIN, le=RATING_MAX)
    validated: int = Field(..., ge=RATING_MIN, le=RATING_MAX)
    cared_for: int = Field(..., ge=RATING_MIN, le=RATING_MAX)
    speaker_id: UUID | None = Field(
        None, description="On one phone: whose rating this is (default: mine)"
    )


class ListenTurnOut(Schema):
    id: UUID
    seq: int
    kind: str
    role: str
    person_id: UUID
    text: str
    created: datetime


class ListenRatingOut(Schema):
    speaker_id: UUID
    understood: int
    validated: int
    cared_for: int
    created: datetime


class ListenSessionOut(Schema):
    id: UUID
    topic: str
    mode: str
    speaker_id: UUID
    listener_id: UUID
    step: str = Field(description="speak, reflect, check or ended")
    floor_holder_id: UUID | None = Field(description="Whose turn it is now")
    written: bool
    piece_limit: int
    turn_seconds: int
    step_started_at: datetime
    version: int = Field(description="Changes with every turn: poll and compare")
    created: datetime
    ended_at: datetime | None
    ratings: list[ListenRatingOut]


class ListenSessionDetailOut(ListenSessionOut):
    turns: list[ListenTurnOut]


class ListenTurnResultOut(Schema):
    turn: ListenTurnOut
    session: ListenSessionOut
    reminder: str | None = Field(
        None, description="A gentle note when a reflection sounds like a rebuttal (never a refusal)"
    )


class ListenTrendPoint(Schema):
    day: date
    understood: float


class ListenPromptOut(Schema):
    level: str
    name: str
    hint: str
    opening: str


class ListenPromptsOut(Schema):
    listener: list[ListenPromptOut]
    listener_tips: list[str]
    speaker_tips: list[str]
    rebuttal_reminder: str
