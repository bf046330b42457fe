"""What can happen on the fun list; shared by the pages and the API.

Every function takes the acting partner and checks what they may do, so the
pages and the API cannot disagree. Refusals are `FunListRefused` with a
message for the person; nothing is stored when one is raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tending.couples.boundary import Visibility
from tending.couples.models import Couple
from tending.couples.services import CoupleActionRefused
from tending.funlist import starter
from tending.funlist.models import (
    MAX_TAG,
    MAX_TAGS,
    Answer,
    FunIdea,
    IdeaAnswer,
    IdeaTag,
    Memory,
    MemoryNote,
    PlannedDate,
)
from tending.lib.usertext import TextRefused, clean_partner_text


class FunListRefused(CoupleActionRefused):
    """A refusal with a message for the person (the API answers it as
    {"detail": message} with `status`, like every refusal of a couple action)."""


@dataclass
class IdeaFields:
    title: str
    duration_minutes: int
    energy: str
    where: str
    cost: int = 0
    season: str = "any"
    description: str = ""
    link: str = ""
    tags: Iterable[str] = ()


_TAG = re.compile(r"[^\w\- ]+")


def clean_tags(tags: Iterable[str] | str) -> list[str]:
    """Lower-case words, without duplicates, at most MAX_TAGS of them."""
    if isinstance(tags, str):
        tags = tags.split(",")
    found: list[str] = []
    for raw in tags:
        tag = _TAG.sub("", raw).strip().lower()[:MAX_TAG]
        if tag and tag not in found:
            found.append(tag)
    if len(found) > MAX_TAGS:
        raise FunListRefused(_("Up to %(max)d tags, please.") % {"max": MAX_TAGS})
    return found


def _text(value: str, max_length: int, required: bool) -> str:
    if not value.strip() and not required:
        return ""
    try:
        return clean_partner_text(value, max_length)
    except TextRefused as refused:
        raise FunListRefused(str(refused)) from None


def _check_link(link: str) -> str:
    link = link.strip()
    if link and not link.lower().startswith(("https://", "http://")):
        raise FunListRefused(_("A link must start with https:// or http://."))
    return link


def add_idea(user: Any, couple: Couple, fields: IdeaFields, starter_key: str = "") -> FunIdea:
    """A new idea, with its author's own answer set to yes: suggesting
    something means you would like it (they can change that)."""
    title = _text(fields.title, 120, required=True)
    description = _text(fields.description, 1000, required=False)
    tags = clean_tags(fields.tags)
    try:
        with transaction.atomic():
            idea = FunIdea.objects.create(
                couple=couple,
                author=user,
                visibility=Visibility.PARTNER,
                title=title,
                description=description,
                link=_check_link(fields.link),
                duration_minutes=fields.duration_minutes,
                cost=fields.cost,
                energy=fields.energy,
                where=fields.where,
                season=fields.season,
                starter_key=starter_key,
            )
            _set_tags(idea, tags)
            set_answer(user, idea, Answer.YES)
    except IntegrityError:
        raise FunListRefused(_("This idea is already on your list."), status=409) from None
    return idea


def update_idea(idea: FunIdea, fields: IdeaFields) -> FunIdea:
    idea.title = _text(fields.title, 120, required=True)
    idea.description = _text(fields.description, 1000, required=False)
    idea.link = _check_link(fields.link)
    tags = clean_tags(fields.tags)
    idea.duration_minutes = fields.duration_minutes
    idea.cost = fields.cost
    idea.energy = fields.energy
    idea.where = fields.where
    idea.season = fields.season
    with transaction.atomic():
        idea.save()
        _set_tags(idea, tags)
    return idea


def _set_tags(idea: FunIdea, tags: list[str]) -> None:
    IdeaTag.objects.filter(idea=idea).exclude(name__in=tags).delete()
    existing = set(IdeaTag.objects.filter(idea=idea).values_list("name", flat=True))
    IdeaTag.objects.bulk_create(
        IdeaTag(idea=idea, couple_id=idea.couple_id, name=t) for t in tags if t not in existing
    )


def add_starter(user: Any, couple: Couple, key: str) -> FunIdea:
    """One tap: a starter idea onto the couple's list."""
    item = starter.by_key().get(key)
    if item is None:
        raise FunListRefused(_("There is no such starter idea."), status=404)
    return add_idea(user, couple, item.fields(), starter_key=item.key)


def set_answer(user: Any, idea: FunIdea, answer: str) -> IdeaAnswer:
    if answer not in Answer.values:
        raise FunListRefused(_("Answer yes, maybe or not for me."))
    found, _created = IdeaAnswer.objects.update_or_create(
        idea=idea,
        author=user,
        defaults={"answer": answer, "couple_id": idea.couple_id},
        create_defaults={
            "answer": answer,
            "couple_id": idea.couple_id,
            "visibility": Visibility.PRIVATE,
        },
    )
    return found


# --- Plans ------------------------------------------------------------------


def plan(user: Any, idea: FunIdea, start: datetime, end: datetime | None = None) -> PlannedDate:
    """Put `idea` on the couple's calendar from `start` for its duration."""
    if start.tzinfo is None:
        raise FunListRefused(_("Give the time with its time zone."))
    if start < timezone.now() - timedelta(minutes=5):
        raise FunListRefused(_("That time has already passed; pick a window still to come."))
    if start > timezone.now() + timedelta(days=366):
        raise FunListRefused(_("Plans can be made up to a year ahead."))
    end = end or start + timedelta(minutes=idea.duration_minutes)
    if end <= start:
        raise FunListRefused(_("A plan must end after it starts."))
    return PlannedDate.objects.create(
        couple_id=idea.couple_id,
        author=user,
        visibility=Visibility.PARTNER,
        idea=idea,
        title=idea.title,
        start=start,
        end=end,
    )


# --- Memories -----------------------------------------------------------------


def record_memory(
    user: Any,
    couple: Couple,
    idea: FunIdea | None,
    day: date,
    note: str = "",
    rating: int | None = None,
    planned: PlannedDate | None = None,
    title: str = "",
) -> Memory:
    """ "We did it": a memory on the shared timeline, with the author's note."""
    today = timezone.now().date() + timedelta(days=1)  # a day of slack for time zones
    if day > today:
        raise FunListRefused(_("A memory is of something already done: pick a day up to today."))
    if day.year < 1970:
        raise FunListRefused(_("Pick a more recent day."))
    note = _text(note, 1000, required=False)
    _check_rating(rating)
    title = idea.title if idea is not None else _text(title, 120, required=True)
    with transaction.atomic():
        memory = Memory.objects.create(
            couple=couple,
            author=user,
            visibility=Visibility.PARTNER,
            idea=idea,
            plan=planned,
            title=title,
            day=day,
        )
        if note or rating:
            MemoryNote.objects.create(
                couple=couple,
                author=user,
                visibility=Visibility.PARTNER,
                memory=memory,
                text=note,
                rating=rating,
            )
    return memory


def _check_rating(rating: int | None) -> None:
    if rating is not None and not 1 <= rating <= 5:
        raise FunListRefused(_("Rate it from 1 to 5."))


def set_note(user: Any, memory: Memory, text: str, rating: int | None) -> MemoryNote:
    """Each partner's own note and rating of a memory (one each, changeable)."""
    text = _text(text, 1000, required=False)
    _check_rating(rating)
    if not text and rating is None:
        raise FunListRefused(_("Write a few words or give a rating."))
    found, _created = MemoryNote.objects.update_or_create(
        memory=memory,
        author=user,
        defaults={"text": text, "rating": rating, "couple_id": memory.couple_id},
        create_defaults={
            "text": text,
            "rating": rating,
            "couple_id": memory.couple_id,
            "visibility": Visibility.PARTNER,
        },
    )
    return found
