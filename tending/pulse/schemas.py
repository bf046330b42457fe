"""Pulse API schemas: every number bounded, every list capped."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import field_validator

from tending.pulse import questions as q

# Strict: "3" or true is not an answer; the API refuses it rather than guess.
Sign = Annotated[
    int, Field(strict=True, ge=q.SIGN_MIN, le=q.SIGN_MAX, description="0 not at all … 4 very much")
]
SatItem = Annotated[
    int,
    Field(
        strict=True,
        ge=q.SATISFACTION_ITEM_MIN,
        le=q.SATISFACTION_ITEM_MAX,
        description="0 not at all … 5 completely",
    ),
]
Closeness = Annotated[
    int,
    Field(
        strict=True,
        ge=q.CLOSENESS_MIN,
        le=q.CLOSENESS_MAX,
        description="The circles: 1 far apart … 7 almost as one",
    ),
]
Range = Literal["12w", "12m", "all"]


class SignsIn(Schema):
    disconnected: Sign
    physical: Sign
    conflict: Sign
    lonely: Sign
    trust: Sign


class SatisfactionIn(Schema):
    sat_happy: SatItem
    sat_rewarding: SatItem
    sat_at_ease: SatItem
    sat_glad: SatItem


class ReflectionIn(Schema):
    feelings: list[str] = Field(
        default_factory=list,
        max_length=q.MAX_FEELINGS,
        description="Up to three of: " + ", ".join(key for key, _label in q.FEELINGS),
    )
    note: str = Field("", max_length=q.NOTE_MAX_LENGTH)
    visibility: Literal["private", "partner", "partner+therapist"] = Field(
        "private", description="Who may read the words and note (private by default)"
    )

    @field_validator("feelings")
    @classmethod
    def known_feelings(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in q.FEELING_KEYS]
        if unknown:
            raise ValueError(f"unknown feeling word(s): {', '.join(unknown)}")
        if len(set(value)) != len(value):
            raise ValueError("each feeling word once")
        return value


class CheckInIn(Schema):
    signs: SignsIn
    closeness: Closeness
    satisfaction: SatisfactionIn
    visibility: Literal["partner", "partner+therapist"] = Field(
        "partner",
        description="Answers are shared with the partner once the week is revealed; "
        "`partner+therapist` lets the couple's therapist see them too",
    )
    reflection: ReflectionIn | None = None


class PersonOut(Schema):
    id: UUID
    display_name: str


class ReflectionOut(Schema):
    feelings: list[str]
    note: str
    visibility: str


class CheckInOut(Schema):
    id: UUID
    week_start: date
    author: PersonOut
    signs: SignsIn
    closeness: int
    satisfaction_items: SatisfactionIn
    satisfaction: int = Field(description="The four items summed and scaled to 0–100")
    visibility: str
    created: datetime
    updated: datetime
    reflection: ReflectionOut | None = Field(
        None, description="Only when the reader may see it (the author's, or shared and revealed)"
    )


class StatusOut(Schema):
    week_start: date
    week_end: date
    closes_at: datetime
    checkin_weekday: int = Field(description="0 Monday … 6 Sunday: the last day of each week")
    state: Literal["open", "waiting", "done"]
    me_checked_in: bool
    partner_checked_in: bool
    late_choice: list[date] = Field(
        description="Closed weeks (newest first) my partner checked in for and I missed, "
        "still open to my late check-in: check in first, or skip to see their answers"
    )


class WeekEntryOut(Schema):
    person: PersonOut
    checked_in: bool
    checkin: CheckInOut | None = Field(None, description="Hidden until the week is revealed")


class WeekOut(Schema):
    week_start: date
    week_end: date
    closes_at: datetime
    closed: bool
    revealed: bool
    my_choice: bool = Field(
        description="Closed, my partner checked in and I did not: check in late first "
        "(PUT .../checkin), or skip the week (POST .../skip) to see their answers"
    )
    entries: list[WeekEntryOut]


class PeriodOut(Schema):
    start: date
    label: str


class PersonTrendOut(Schema):
    person: PersonOut
    is_me: bool
    series: dict[str, list[float | None]] = Field(description="One value per period, per item")
    daily_closeness: list[float | None] | None = Field(
        None, description="Your own daily taps, averaged per period (yours only)"
    )


class TrendsOut(Schema):
    range: str
    periods: list[PeriodOut]
    people: list[PersonTrendOut]


class GapWeekOut(Schema):
    week_start: date
    gap: int | None


class ItemGapOut(Schema):
    item: str
    name: str
    gap: int | None
    in_sync: bool | None
    sentence: str
    weeks_compared: int
    weeks_in_sync: int
    mean_gap: float | None
    weeks: list[GapWeekOut]


class GapOut(Schema):
    week_start: date | None = Field(description="The latest week both of you can see")
    items: list[ItemGapOut]


class SuggestionOut(Schema):
    name: str
    url: str
    why: str


class AlertOut(Schema):
    id: UUID
    rule: str
    item: str
    title: str
    message: str
    started_week: date
    last_week: date
    dismissed: bool
    suggestions: list[SuggestionOut]


class TapIn(Schema):
    closeness: Closeness


class TapOut(Schema):
    day: date
    closeness: int


class SettingsIn(Schema):
    checkin_weekday: int | None = Field(
        None, strict=True, ge=0, le=6, description="0 Monday … 6 Sunday"
    )
    daily_tap: bool | None = Field(None, strict=True)


class SettingsOut(Schema):
    checkin_weekday: int
    daily_tap: bool
