"""Answering, the reveal, replies and one-tap responses; reading days back.

Shared by the pages and the API. Reads go through `visible_to` and, for
answers, `readable_by` (the reveal rule); writes by partners only; a refusal
is a `CoupleActionRefused`, which pages and API turn into a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tending import nudges
from tending.couples.models import Couple
from tending.couples.services import CoupleActionRefused
from tending.lib.usertext import TextRefused, clean_partner_text
from tending.share import daily
from tending.share.models import (
    MAX_ANSWER_LENGTH,
    MAX_REPLIES_PER_DAY,
    MAX_REPLY_LENGTH,
    Answer,
    AnswerResponse,
    DailyQuestion,
    Reply,
    ResponseKind,
)


def _text(text: str | None, max_length: int) -> str:
    try:
        return clean_partner_text(text, max_length)
    except TextRefused as refusal:
        raise CoupleActionRefused(str(refusal), status=400) from None


# --- Reading days -----------------------------------------------------------------


def days_for(user: Any) -> QuerySet[DailyQuestion]:
    """Days `user` may see, each with what the page shows: the answers they may
    read (`readable`, with the responses to them), who answered at all
    (`answered_by`: ids only, never text) and how many replies there are."""
    replies = (
        Reply.objects.readable_by(user)
        .filter(day=OuterRef("pk"))
        .order_by()
        .values("day")
        .annotate(n=Count("pk"))
        .values("n")
    )
    readable = (
        Answer.objects.readable_by(user)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=AnswerResponse.objects.visible_to(user).select_related("author"),
            )
        )
        .order_by("created")
    )
    return (
        DailyQuestion.objects.visible_to(user)
        .annotate(reply_count=Coalesce(Subquery(replies), 0))
        .prefetch_related(
            Prefetch("answers", queryset=readable, to_attr="readable"),
            Prefetch(
                "answers",
                queryset=Answer.objects.visible_to(user).only("id", "day_id", "author_id"),
                to_attr="answer_marks",
            ),
        )
        .order_by("-day")
    )


def one_day(user: Any, day_id: Any) -> DailyQuestion:
    day = days_for(user).filter(pk=day_id).first()
    if day is None:
        raise Http404
    return day


def replies_for(user: Any, day: DailyQuestion) -> QuerySet[Reply]:
    return Reply.objects.readable_by(user).filter(day=day).select_related("author")


@dataclass
class DayView:
    """A day as one partner sees it."""

    day: DailyQuestion
    mine: Answer | None
    theirs: Answer | None
    partner_answered: bool
    viewer_id: Any = None

    @property
    def revealed(self) -> bool:
        return self.day.revealed_at is not None

    @property
    def can_answer(self) -> bool:
        return not self.revealed

    @property
    def my_taps(self) -> set[str]:
        """The one-tap responses I gave to my partner's answer."""
        if self.theirs is None:
            return set()
        return {r.kind for r in self.theirs.responses.all() if r.author_id == self.viewer_id}

    @property
    def their_taps(self) -> list[Any]:
        """The one-tap responses my partner gave to my answer, in order."""
        if self.mine is None:
            return []
        return [r for r in self.mine.responses.all() if r.author_id != self.viewer_id]


def view_of(user: Any, day: DailyQuestion) -> DayView:
    """Needs a day from `days_for` (its prefetches)."""
    readable: list[Answer] = getattr(day, "readable", [])
    marks: list[Answer] = getattr(day, "answer_marks", [])
    mine = next((a for a in readable if a.author_id == user.pk), None)
    theirs = next((a for a in readable if a.author_id != user.pk), None)
    partner_answered = any(a.author_id != user.pk for a in marks)
    return DayView(day, mine, theirs, partner_answered, viewer_id=user.pk)


# --- Answering -----------------------------------------------------------------


def _visible_day(user: Any, day_id: Any) -> DailyQuestion:
    row = DailyQuestion.objects.visible_to(user).filter(pk=day_id).first()
    if row is None:
        raise Http404
    return row


def answer(
    user: Any,
    text: str | None,
    day_id: Any = None,
    expected_ref: str | None = None,
    now: datetime | None = None,
) -> tuple[Answer, bool]:
    """Write or edit `user`'s answer to a day (today's when `day_id` is None).

    Returns the answer and whether this answer revealed the day. The second
    answer and the reveal are one transaction under the couple's lock: there
    is no moment at which both answers exist and the day is not revealed."""
    if day_id is not None:
        _visible_day(user, day_id)  # 404 before anything else: existence is not revealed
    membership = daily.writer(user)
    couple = membership.couple
    text = _text(text, MAX_ANSWER_LENGTH)
    with transaction.atomic():
        daily._lock(couple)
        row = daily.open_today(user, couple, now) if day_id is None else _visible_day(user, day_id)
        if expected_ref and row.ref != expected_ref:
            raise CoupleActionRefused(
                _("Today's question has just been swapped for another one. Here it is."),
                status=409,
            )
        if row.revealed_at is not None:
            raise CoupleActionRefused(
                _("Your answers are revealed now, so they stay as they are. Add a reply instead."),
                status=409,
            )
        existing = Answer.objects.writable_by(user).filter(day=row).first()
        if existing is not None:
            existing.text = text
            existing.save(update_fields=["text", "updated"])
            return existing, False
        created = Answer.objects.create(couple=couple, author=user, day=row, text=text)
        if Answer.objects.visible_to(user).filter(day=row).count() >= 2:
            row.revealed_at = timezone.now()
            row.save(update_fields=["revealed_at"])
            return created, True
        nudges.notify_partner(
            user,
            "partner_answered",
            couple=couple,
            key=f"answer:{row.pk}",
            url=reverse("share:day", args=[row.pk]),
        )
    return created, False


def reply(user: Any, day_id: Any, text: str | None) -> Reply:
    _visible_day(user, day_id)
    membership = daily.writer(user)
    text = _text(text, MAX_REPLY_LENGTH)
    with transaction.atomic():
        daily._lock(membership.couple)
        row = _visible_day(user, day_id)
        if row.revealed_at is None:
            raise CoupleActionRefused(_("Replies open once you have both answered."), status=409)
        if Reply.objects.readable_by(user).filter(day=row).count() >= MAX_REPLIES_PER_DAY:
            raise CoupleActionRefused(
                _("This thread is full. Perhaps carry on the talk in person?"), status=409
            )
        return Reply.objects.create(couple=membership.couple, author=user, day=row, text=text)


def respond_target(user: Any, answer_id: Any) -> Answer:
    """An answer `user` may read, or 404."""
    target = Answer.objects.readable_by(user).filter(pk=answer_id).first()
    if target is None:
        raise Http404
    return target


def respond(user: Any, answer_id: Any, kind: str, on: bool = True) -> Answer:
    """Tap (or untap) a one-tap response to the partner's revealed answer."""
    target = respond_target(user, answer_id)
    membership = daily.writer(user)
    if kind not in ResponseKind.values:
        raise CoupleActionRefused(_("Choose one of the responses."), status=400)
    if target.author_id == user.pk:
        raise CoupleActionRefused(
            _("Responses are for your partner's answer, not your own."), status=409
        )
    mine = AnswerResponse.objects.writable_by(user).filter(answer=target, kind=kind)
    if not on:
        mine.delete()
        return target
    if not mine.exists():
        try:
            with transaction.atomic():
                AnswerResponse.objects.create(
                    couple=membership.couple, author=user, answer=target, kind=kind
                )
        except IntegrityError:  # a double tap: the other request already did it
            pass
    return target


def couple_of(user: Any) -> Couple:
    return daily.writer(user).couple
