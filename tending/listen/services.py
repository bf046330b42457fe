"""What can happen in a listening session; shared by the pages and the API.

The turn order lives here and only here: each step accepts only its own kind
of turn; on two devices only the person whose turn it is may take it (a
listener cannot share a piece); a finished session takes no more turns.
Every change happens under a row lock on the session and bumps its
`version`, which the other device's poll watches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tending import nudges
from tending.couples.access import partner_membership
from tending.couples.models import Couple, Membership
from tending.couples.services import CoupleActionRefused
from tending.lib.usertext import TextRefused, clean_partner_text
from tending.listen.models import (
    MAX_TOPIC_LENGTH,
    MAX_TURNS,
    PIECE_LIMITS,
    RATING_MAX,
    RATING_MIN,
    TURN_TIMERS,
    ListeningSession,
    Mode,
    Role,
    SessionRating,
    Step,
    Turn,
    TurnKind,
)
from tending.listen.prompts import REBUTTAL_REMINDER, rebuttal_cues

# An open session nobody touched for this long is finished when a new one starts.
STALE_AFTER = timedelta(hours=6)

NEXT_STEP = {
    TurnKind.PIECE: Step.REFLECT,
    TurnKind.REFLECTION: Step.CHECK,
    TurnKind.CONFIRM: Step.SPEAK,
    TurnKind.CORRECT: Step.REFLECT,
}
ACCEPTED = {
    Step.SPEAK: {TurnKind.PIECE},
    Step.REFLECT: {TurnKind.REFLECTION},
    Step.CHECK: {TurnKind.CONFIRM, TurnKind.CORRECT},
}
SPEAKER_TURNS = {TurnKind.PIECE, TurnKind.CONFIRM, TurnKind.CORRECT}


def writer(user: Any) -> Membership:
    """The partner membership a write happens in: therapists 403, no couple 409."""
    membership = partner_membership(user)
    if membership is not None:
        return membership
    if Membership.objects.active().filter(user=user).exists():
        raise PermissionDenied
    raise CoupleActionRefused(_("Start or join a couple space first."), status=409)


def partner_of(membership: Membership) -> Any | None:
    other = (
        Membership.objects.partners()
        .filter(couple_id=membership.couple_id)
        .exclude(user_id=membership.user_id)
        .select_related("user")
        .first()
    )
    return other.user if other else None


def sessions_for(user: Any) -> QuerySet[ListeningSession]:
    return ListeningSession.objects.visible_to(user).select_related("speaker", "listener")


def one_session(user: Any, session_id: Any) -> ListeningSession:
    session = sessions_for(user).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def open_session(user: Any) -> ListeningSession | None:
    """The couple's session still going, if any (the newest)."""
    return sessions_for(user).exclude(step=Step.ENDED).order_by("-created").first()


def turns_of(user: Any, session: ListeningSession) -> QuerySet[Turn]:
    return Turn.objects.visible_to(user).filter(session=session).select_related("person")


def _clean(text: str | None, limit: int, required: bool) -> str:
    if not (text or "").strip():
        if required:
            raise CoupleActionRefused(_("Write a few words first."), status=400)
        return ""
    try:
        return clean_partner_text(text, limit)
    except TextRefused as refusal:
        raise CoupleActionRefused(str(refusal), status=400) from None


def _finish(session: ListeningSession, user: Any, now: datetime) -> None:
    seq = Turn.objects.filter(session=session).count() + 1
    Turn.objects.create(
        couple_id=session.couple_id,
        author=user,
        session=session,
        seq=seq,
        kind=TurnKind.END,
        role=Role.SPEAKER if user.pk == session.speaker_id else Role.LISTENER,
        person=user,
    )
    session.step = Step.ENDED
    session.ended_at = now
    session.step_started_at = now
    session.version = F("version") + 1
    session.save(update_fields=["step", "ended_at", "step_started_at", "version", "updated"])


def start(
    user: Any,
    topic: str = "",
    mode: str = Mode.TOGETHER,
    i_speak: bool = True,
    written: bool = False,
    piece_limit: int = 500,
    turn_seconds: int = 0,
) -> ListeningSession:
    membership = writer(user)
    partner = partner_of(membership)
    if partner is None:
        raise CoupleActionRefused(_("Listening takes two: invite your partner first."), status=409)
    if mode not in Mode.values:
        raise CoupleActionRefused(_("Choose one phone or two devices."), status=400)
    if piece_limit not in PIECE_LIMITS or turn_seconds not in TURN_TIMERS:
        raise CoupleActionRefused(_("Choose one of the lengths offered."), status=400)
    topic = _clean(topic, MAX_TOPIC_LENGTH, required=False)
    now = timezone.now()
    with transaction.atomic():
        # Two taps on "start" at once still make one session.
        Couple.objects.select_for_update().filter(pk=membership.couple_id).first()
        still_open = open_session(user)
        if still_open is not None:
            if now - still_open.updated < STALE_AFTER:
                raise CoupleActionRefused(
                    _("A listening session is still open: continue it, or end it first."),
                    status=409,
                )
            locked = ListeningSession.objects.select_for_update().get(pk=still_open.pk)
            _finish(locked, user, now)
        session = ListeningSession.objects.create(
            couple=membership.couple,
            author=user,
            topic=topic,
            mode=mode,
            speaker=user if i_speak else partner,
            listener=partner if i_speak else user,
            written=written,
            piece_limit=piece_limit,
            turn_seconds=turn_seconds,
            step_started_at=now,
        )
        if mode == Mode.APART:  # on one shared phone the partner is right there
            nudges.notify(
                partner,
                "listen_waiting",
                couple=membership.couple,
                key=f"listen:{session.pk}",
                url=reverse("listen:session", args=[session.pk]),
                context={"partner": str(user)},
                expires_at=now + STALE_AFTER,
            )
        return session


def _locked(user: Any, session_id: Any) -> ListeningSession:
    """The session, locked for a change by a partner; 404 first, then 403."""
    one_session(user, session_id)
    writer(user)
    return (
        ListeningSession.objects.select_for_update()
        .select_related("speaker", "listener")
        .get(pk=session_id)
    )


def _refuse_if_over(session: ListeningSession) -> None:
    if session.is_over:
        raise CoupleActionRefused(_("This session has ended: it takes no more turns."), 409)


def _wrong_step(session: ListeningSession) -> CoupleActionRefused:
    if session.step == Step.SPEAK:
        message = _("Now %(name)s shares a piece.") % {"name": session.speaker.display_name}
    elif session.step == Step.REFLECT:
        message = _("Now %(name)s says back what they heard.") % {
            "name": session.listener.display_name
        }
    else:
        message = _("Now %(name)s says whether that was it.") % {
            "name": session.speaker.display_name
        }
    return CoupleActionRefused(message, status=409)


@dataclass(frozen=True)
class TurnResult:
    turn: Turn
    session: ListeningSession
    reminder: str | None


def take_turn(user: Any, session_id: Any, kind: str, text: str | None = "") -> TurnResult:
    """One step of the exercise, in order. On two devices the person whose
    turn it is takes it; on one phone the phone's owner records both roles."""
    if kind not in ACCEPTED[Step.SPEAK] | ACCEPTED[Step.REFLECT] | ACCEPTED[Step.CHECK]:
        one_session(user, session_id)
        raise CoupleActionRefused(_("That is not a step of the exercise."), status=400)
    with transaction.atomic():
        session = _locked(user, session_id)
        _refuse_if_over(session)
        turn_kind = TurnKind(kind)
        role = Role.SPEAKER if turn_kind in SPEAKER_TURNS else Role.LISTENER
        person = session.speaker if role == Role.SPEAKER else session.listener
        if session.mode == Mode.APART and person.pk != user.pk:
            if role == Role.SPEAKER:
                refusal = _("Only the speaker, %(name)s, can do that.")
            else:
                refusal = _("Only the listener, %(name)s, can do that.")
            raise CoupleActionRefused(refusal % {"name": person.display_name}, status=403)
        if turn_kind not in ACCEPTED.get(Step(session.step), set()):
            raise _wrong_step(session)
        if turn_kind == TurnKind.CONFIRM:
            text = ""
        required = session.written and turn_kind in (TurnKind.PIECE, TurnKind.REFLECTION)
        text = _clean(text, session.piece_limit, required)
        seq = Turn.objects.filter(session=session).count() + 1
        if seq > MAX_TURNS:
            raise CoupleActionRefused(
                _("This session is very long: end it and start a fresh one."), status=409
            )
        try:
            with transaction.atomic():
                turn = Turn.objects.create(
                    couple_id=session.couple_id,
                    author=user,
                    session=session,
                    seq=seq,
                    kind=turn_kind,
                    role=role,
                    person=person,
                    text=text,
                )
        except IntegrityError:  # two taps at once: the other one counted
            raise CoupleActionRefused(_("That turn was already taken."), status=409) from None
        session.step = NEXT_STEP[turn_kind]
        session.step_started_at = timezone.now()
        session.version = F("version") + 1
        session.save(update_fields=["step", "step_started_at", "version", "updated"])
    session.refresh_from_db()
    reminder = None
    if turn_kind == TurnKind.REFLECTION and rebuttal_cues(text):
        reminder = str(REBUTTAL_REMINDER)
    return TurnResult(turn, session, reminder)


def swap_roles(user: Any, session_id: Any) -> ListeningSession:
    """The listener takes the floor: between pieces, on request of either."""
    with transaction.atomic():
        session = _locked(user, session_id)
        _refuse_if_over(session)
        if session.step != Step.SPEAK:
            raise CoupleActionRefused(
                _("Roles swap between pieces: finish this one first."), status=409
            )
        seq = Turn.objects.filter(session=session).count() + 1
        Turn.objects.create(
            couple_id=session.couple_id,
            author=user,
            session=session,
            seq=seq,
            kind=TurnKind.SWAP,
            role=Role.SPEAKER if user.pk == session.speaker_id else Role.LISTENER,
            person=user,
        )
        session.speaker, session.listener = session.listener, session.speaker
        session.step_started_at = timezone.now()
        session.version = F("version") + 1
        session.save(update_fields=["speaker", "listener", "step_started_at", "version", "updated"])
    session.refresh_from_db()
    return session


def end(user: Any, session_id: Any) -> ListeningSession:
    with transaction.atomic():
        session = _locked(user, session_id)
        _refuse_if_over(session)
        _finish(session, user, timezone.now())
    session.refresh_from_db()
    return session


def speakers_of(session: ListeningSession) -> list[Any]:
    """Who shared at least one piece, in the order they first spoke."""
    seen: dict[Any, Any] = {}
    for turn in Turn.objects.filter(session=session, kind=TurnKind.PIECE).select_related("person"):
        seen.setdefault(turn.person_id, turn.person)
    return list(seen.values())


def rate(
    user: Any,
    session_id: Any,
    understood: int,
    validated: int,
    cared_for: int,
    speaker_id: Any = None,
) -> SessionRating:
    """A speaker's three ratings after the session. On two devices each rates
    on their own; on one phone the phone's owner records either's."""
    with transaction.atomic():
        session = _locked(user, session_id)
        if not session.is_over:
            raise CoupleActionRefused(_("Ratings come at the end of the session."), 409)
        for value in (understood, validated, cared_for):
            if not isinstance(value, int) or not RATING_MIN <= value <= RATING_MAX:
                raise CoupleActionRefused(_("Each rating is a number from 1 to 5."), 400)
        speakers = {p.pk: p for p in speakers_of(session)}
        rater_id = user.pk if session.mode == Mode.APART or speaker_id is None else speaker_id
        if str(rater_id) not in {str(pk) for pk in speakers}:
            raise CoupleActionRefused(
                _("Ratings are for whoever spoke in this session."), status=409
            )
        rater = next(p for pk, p in speakers.items() if str(pk) == str(rater_id))
        rating, _created = SessionRating.objects.update_or_create(
            session=session,
            speaker=rater,
            defaults={
                "couple_id": session.couple_id,
                "author": user,
                "understood": understood,
                "validated": validated,
                "cared_for": cared_for,
            },
        )
        session.version = F("version") + 1
        session.save(update_fields=["version", "updated"])
    return rating


# --- History -----------------------------------------------------------------------

HISTORY_POINTS = 60


def understood_entries(user: Any, couple: Any, zone: Any) -> list[tuple[Any, float]]:
    """(local day, mean "felt understood") of the couple's latest rated
    sessions, oldest first: one query, however long the history."""
    rows = (
        SessionRating.objects.visible_to(user)
        .filter(couple=couple)
        .order_by("-session__created", "session_id")
        .values_list("session_id", "session__created", "understood")[: HISTORY_POINTS * 2]
    )
    by_session: dict[Any, list[Any]] = {}
    for session_id, created, understood in rows:
        entry = by_session.setdefault(session_id, [created, []])
        entry[1].append(understood)
    entries = [
        (created.astimezone(zone).date(), sum(values) / len(values))
        for created, values in by_session.values()
    ]
    entries.sort(key=lambda e: e[0])
    return entries[-HISTORY_POINTS:]
