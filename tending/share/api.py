"""Share as JSON: today's question, answers and their reveal, replies,
one-tap responses, the archive and its search, decks, import and export.

The same rules as the pages: reads through `visible_to` and, for answers,
`readable_by` (an answer is readable by the partner only once both have
answered); writes by partners only (therapists 403); outsiders 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.couples.services import CoupleActionRefused
from tending.share import daily, deckfile, decks, search, services
from tending.share.models import Answer, DailyQuestion, LibraryDeck, OwnDeck
from tending.share.schemas import (
    DeckVisibility,
    ShareAnswerIn,
    ShareAnswerOut,
    ShareAnswerResultOut,
    ShareArchiveQuery,
    ShareAskedOut,
    ShareDayDetailOut,
    ShareDayOut,
    ShareDeckDetailOut,
    ShareDeckFileSchema,
    ShareDeckIn,
    ShareDeckOut,
    ShareDeckPatch,
    ShareQuestionIn,
    ShareQuestionOut,
    ShareQuestionPatch,
    ShareReplyIn,
    ShareReplyOut,
    ShareResponseIn,
    ShareResponseOut,
    ShareSettingsIn,
    ShareSettingsOut,
    ShareTodayAnswerIn,
    ShareTodayOut,
)

router = Router(tags=["share"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _answer_out(answer: Answer) -> ShareAnswerOut:
    return ShareAnswerOut(
        id=answer.id,
        author_id=answer.author_id,
        text=answer.text,
        created=answer.created,
        updated=answer.updated,
        responses=[
            ShareResponseOut(kind=r.kind, author_id=r.author_id) for r in answer.responses.all()
        ],
    )


def _day_out(user: Any, day: DailyQuestion) -> ShareDayOut:
    view = services.view_of(user, day)
    return ShareDayOut(
        id=day.id,
        day=day.day,
        question=ShareAskedOut(
            ref=day.ref, text=day.text, tier=day.tier, theme=day.theme, deck_name=day.deck_name
        ),
        revealed_at=day.revealed_at,
        my_answer=_answer_out(view.mine) if view.mine else None,
        partner_answered=view.partner_answered,
        partner_answer=_answer_out(view.theirs) if view.theirs else None,
        reply_count=getattr(day, "reply_count", 0),
        swapped=bool(day.skipped_ref),
    )


def _day_detail(user: Any, day_id: Any) -> ShareDayDetailOut:
    day = services.one_day(user, day_id)
    replies = [
        ShareReplyOut(id=r.id, author_id=r.author_id, text=r.text, created=r.created)
        for r in services.replies_for(user, day)
    ]
    return ShareDayDetailOut(**_day_out(user, day).model_dump(), replies=replies)


def _today(user: Any) -> ShareTodayOut:
    couple = services.couple_of(user)
    today = daily.today_for(user, couple)
    asked = today.asked
    return ShareTodayOut(
        day=today.day,
        question=ShareAskedOut(
            ref=asked.ref,
            text=asked.text,
            tier=asked.tier,
            theme=asked.theme,
            deck_name=asked.deck_name,
        )
        if asked
        else None,
        can_swap=today.can_swap,
        detail=_day_detail(user, today.row.pk) if today.row is not None else None,
    )


# --- Today and days -----------------------------------------------------------------


@router.get(
    "/today",
    response={200: ShareTodayOut, **ERRORS},
    summary="Today's question, and what there is to see of it",
    description=(
        "The question is the same for both partners all day (the couple's time zone). "
        "Reading it writes nothing; `detail` appears once someone answered or swapped it."
    ),
)
def today(request: HttpRequest) -> ShareTodayOut:
    return _today(current_user(request))


@router.post(
    "/today/swap",
    response={200: ShareTodayOut, **ERRORS},
    summary="Swap today's question for another (once a day, before anyone answers)",
)
def swap(request: HttpRequest) -> ShareTodayOut:
    user = current_user(request)
    daily.swap_today(user)
    return _today(user)


def _answered(user: Any, answer: Answer, revealed: bool) -> ShareAnswerResultOut:
    day = services.one_day(user, answer.day_id)
    mine = services.view_of(user, day).mine
    assert mine is not None
    return ShareAnswerResultOut(answer=_answer_out(mine), revealed=revealed, day_id=answer.day_id)


@router.put(
    "/today/answer",
    response={200: ShareAnswerResultOut, **ERRORS},
    summary="Write or change my answer to today's question",
    description="Refused with 409 once both answers are revealed: add a reply instead.",
)
def answer_today(request: HttpRequest, payload: ShareTodayAnswerIn) -> ShareAnswerResultOut:
    user = current_user(request)
    answer, revealed = services.answer(user, payload.text, expected_ref=payload.question_ref)
    return _answered(user, answer, revealed)


@router.get(
    "/days",
    response={200: list[ShareDayOut], **ERRORS},
    summary="The archive: past days, newest first; `q` finds words",
    description=(
        "`q` matches the start of words in the question, in answers I may read "
        "(never a partner's answer before both have answered) and in replies."
    ),
)
def list_days(request: HttpRequest, query: Query[ShareArchiveQuery]) -> list[ShareDayOut]:
    user = current_user(request)
    couple = services.couple_of(user)
    window = slice(query.offset, query.offset + query.limit)
    if not query.q.strip():
        page = services.days_for(user).filter(couple=couple)[window]
        return [_day_out(user, day) for day in page]
    found = search.search_days(user, couple, query.q)
    if found is None:
        raise CoupleActionRefused(_("Search for words: letters and digits."), status=400)
    ids = list(found.order_by("-day").values_list("pk", flat=True)[window])
    return [_day_out(user, day) for day in services.days_for(user).filter(pk__in=ids)]


@router.get(
    "/days/{uuid:day_id}",
    response={200: ShareDayDetailOut, **ERRORS},
    summary="One day, with its thread",
)
def get_day(request: HttpRequest, day_id: UUID) -> ShareDayDetailOut:
    return _day_detail(current_user(request), day_id)


@router.put(
    "/days/{uuid:day_id}/answer",
    response={200: ShareAnswerResultOut, **ERRORS},
    summary="Write or change my answer to a day's question (until both have answered)",
)
def answer_day(request: HttpRequest, day_id: UUID, payload: ShareAnswerIn) -> ShareAnswerResultOut:
    user = current_user(request)
    answer, revealed = services.answer(user, payload.text, day_id=day_id)
    return _answered(user, answer, revealed)


@router.post(
    "/days/{uuid:day_id}/replies",
    response={201: ShareReplyOut, **ERRORS},
    summary="Add to the thread under a revealed question",
)
def reply(request: HttpRequest, day_id: UUID, payload: ShareReplyIn) -> Status[ShareReplyOut]:
    item = services.reply(current_user(request), day_id, payload.text)
    return Status(
        201,
        ShareReplyOut(id=item.id, author_id=item.author_id, text=item.text, created=item.created),
    )


@router.put(
    "/answers/{uuid:answer_id}/responses",
    response={200: ShareAnswerOut, **ERRORS},
    summary="Tap (on) or untap (off) a one-tap response to my partner's revealed answer",
)
def respond(request: HttpRequest, answer_id: UUID, payload: ShareResponseIn) -> ShareAnswerOut:
    user = current_user(request)
    target = services.respond(user, answer_id, payload.kind, payload.on)
    view = services.view_of(user, services.one_day(user, target.day_id))
    assert view.theirs is not None
    return _answer_out(view.theirs)


# --- Choices ------------------------------------------------------------------------


@router.get("/settings", response={200: ShareSettingsOut, **ERRORS}, summary="What we're asked")
def get_settings(request: HttpRequest) -> ShareSettingsOut:
    couple = services.couple_of(current_user(request))
    settings, _saved = daily.settings_of(couple)
    return ShareSettingsOut(tiers=settings.tiers, decks_off=[str(d) for d in settings.decks_off])


@router.put(
    "/settings",
    response={200: ShareSettingsOut, **ERRORS},
    summary="Choose depths and decks (today's question stays; applies from tomorrow)",
)
def put_settings(request: HttpRequest, payload: ShareSettingsIn) -> ShareSettingsOut:
    settings = daily.save_choices(
        current_user(request), list(payload.tiers), [str(d) for d in payload.decks_off]
    )
    return ShareSettingsOut(tiers=settings.tiers, decks_off=[str(d) for d in settings.decks_off])


# --- Decks --------------------------------------------------------------------------


def _deck_out(view: decks.DeckView) -> ShareDeckOut:
    return ShareDeckOut(
        id=view.id,
        name=view.name,
        description=view.description,
        source=view.source,
        is_own=view.is_own,
        is_mine=view.is_mine,
        visibility=view.visibility,
        counts=view.counts,
        in_rotation=view.in_rotation,
    )


def _deck_detail(user: Any, deck_id: Any) -> ShareDeckDetailOut:
    deck = decks.find_deck(user, deck_id)  # 404 for what `user` may not see
    couple = services.couple_of(user)
    view = next(v for v in decks.deck_views(user, couple) if v.id == deck.pk)
    questions = [
        ShareQuestionOut(id=q.id, text=q.text, tier=q.tier, theme=q.theme)
        for q in decks.questions_of(user, deck)
    ]
    return ShareDeckDetailOut(**_deck_out(view).model_dump(), questions=questions)


@router.get("/decks", response={200: list[ShareDeckOut], **ERRORS}, summary="Every deck we can see")
def list_decks(request: HttpRequest) -> list[ShareDeckOut]:
    user = current_user(request)
    return [_deck_out(v) for v in decks.deck_views(user, services.couple_of(user))]


@router.post("/decks", response={201: ShareDeckDetailOut, **ERRORS}, summary="Start an own deck")
def create_deck(request: HttpRequest, payload: ShareDeckIn) -> Status[ShareDeckDetailOut]:
    user = current_user(request)
    deck = decks.create_deck(user, payload.name, payload.description, payload.visibility)
    return Status(201, _deck_detail(user, deck.pk))


@router.post(
    "/decks/import",
    response={201: ShareDeckDetailOut, **ERRORS},
    summary="Import a deck file as an own deck (all of it, or nothing)",
    description="The body is a deck file as described in docs/share.md.",
)
def import_deck(
    request: HttpRequest, payload: ShareDeckFileSchema, visibility: DeckVisibility = "partner"
) -> Status[ShareDeckDetailOut]:
    user = current_user(request)
    try:
        parsed = deckfile.validate(payload.model_dump(exclude_none=True))
    except deckfile.DeckFileRefused as refusal:
        raise CoupleActionRefused(refusal.message, status=400) from None
    deck = decks.import_deck(user, parsed, visibility)
    return Status(201, _deck_detail(user, deck.pk))


@router.get(
    "/decks/{uuid:deck_id}", response={200: ShareDeckDetailOut, **ERRORS}, summary="One deck"
)
def get_deck(request: HttpRequest, deck_id: UUID) -> ShareDeckDetailOut:
    return _deck_detail(current_user(request), deck_id)


@router.patch(
    "/decks/{uuid:deck_id}",
    response={200: ShareDeckDetailOut, **ERRORS},
    summary="Rename, describe or share an own deck (its author only)",
)
def update_deck(request: HttpRequest, deck_id: UUID, payload: ShareDeckPatch) -> ShareDeckDetailOut:
    user = current_user(request)
    deck = decks.own_deck_for_writing(user, deck_id)
    decks.update_deck(
        user,
        deck.pk,
        payload.name if payload.name is not None else deck.name,
        payload.description if payload.description is not None else deck.description,
        payload.visibility or deck.visibility,
    )
    return _deck_detail(user, deck.pk)


@router.delete(
    "/decks/{uuid:deck_id}", response={204: None, **ERRORS}, summary="Delete an own deck"
)
def delete_deck(request: HttpRequest, deck_id: UUID) -> Status[None]:
    decks.delete_deck(current_user(request), deck_id)
    return Status(204, None)


@router.get(
    "/decks/{uuid:deck_id}/export",
    response={200: ShareDeckFileSchema, **ERRORS},
    summary="A deck as a deck file",
)
def export_deck(request: HttpRequest, deck_id: UUID) -> HttpResponse:
    filename, text = decks.export_deck(current_user(request), deck_id)
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/decks/{uuid:deck_id}/questions",
    response={201: ShareQuestionOut, **ERRORS},
    summary="Add a question to an own deck (its author only)",
)
def add_question(
    request: HttpRequest, deck_id: UUID, payload: ShareQuestionIn
) -> Status[ShareQuestionOut]:
    question = decks.add_question(
        current_user(request), deck_id, payload.text, payload.tier, payload.theme
    )
    return Status(
        201,
        ShareQuestionOut(
            id=question.id, text=question.text, tier=question.tier, theme=question.theme
        ),
    )


@router.patch(
    "/questions/{uuid:question_id}",
    response={200: ShareQuestionOut, **ERRORS},
    summary="Change a question of an own deck (its author only)",
)
def update_question(
    request: HttpRequest, question_id: UUID, payload: ShareQuestionPatch
) -> ShareQuestionOut:
    user = current_user(request)
    current = decks.own_question_for_writing(user, question_id)
    question = decks.update_question(
        user,
        question_id,
        payload.text if payload.text is not None else current.text,
        payload.tier or current.tier,
        payload.theme if payload.theme is not None else current.theme,
    )
    return ShareQuestionOut(
        id=question.id, text=question.text, tier=question.tier, theme=question.theme
    )


@router.delete(
    "/questions/{uuid:question_id}",
    response={204: None, **ERRORS},
    summary="Delete a question of an own deck (its author only)",
)
def delete_question(request: HttpRequest, question_id: UUID) -> Status[None]:
    decks.delete_question(current_user(request), question_id)
    return Status(204, None)


__all__ = ["LibraryDeck", "OwnDeck", "router"]
