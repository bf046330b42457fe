"""Listen pages: start a session in one tap, hold it on one phone or two
devices (the other device polls every second), rate it, look back."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tending.couples.access import couple_required
from tending.couples.services import CoupleActionRefused
from tending.lib.gentle import MAX_TEXT_LENGTH
from tending.lib.http import AuthenticatedRequest
from tending.lib.timezones import get_zone
from tending.listen import charts, services
from tending.listen.forms import (
    CorrectionForm,
    PieceForm,
    RatingForm,
    ReflectionForm,
    StartForm,
    TurnForm,
)
from tending.listen.models import (
    ListeningSession,
    Mode,
    SessionRating,
    Step,
    TurnKind,
)
from tending.listen.prompts import (
    LISTENER_PROMPTS,
    LISTENER_TIPS,
    REBUTTAL_REMINDER,
    SPEAKER_TIPS,
    rebuttal_pattern,
)

HISTORY_PAGE_SIZE = 10
POLL_SECONDS = 1  # the other device sees a change within about a second


def _panel_context(
    request: AuthenticatedRequest,
    session: ListeningSession,
    problem: str = "",
    reminder: str = "",
    text: str = "",
) -> dict[str, Any]:
    user = request.user
    turns = list(services.turns_of(user, session))
    speakers: dict[Any, Any] = {}
    for turn in turns:
        if turn.kind == TurnKind.PIECE:
            speakers.setdefault(turn.person_id, turn.person)
    ratings = list(
        SessionRating.objects.visible_to(user).filter(session=session).select_related("speaker")
    )
    rated = {r.speaker_id for r in ratings}
    together = session.mode == Mode.TOGETHER
    to_rate = [p for p in speakers.values() if p.pk not in rated and (together or p.pk == user.pk)]
    said = [t for t in turns if t.kind in (TurnKind.PIECE, TurnKind.CORRECT) and t.text]
    heard = [t for t in turns if t.kind == TurnKind.REFLECTION and t.text]
    holder = session.listener if session.step == Step.REFLECT else session.speaker
    limit = session.piece_limit
    remaining = 0
    if session.turn_seconds:
        elapsed = (timezone.now() - session.step_started_at).total_seconds()
        remaining = max(0, int(session.turn_seconds - elapsed))
    return {
        "piece_form": PieceForm(initial={"text": text}, limit=limit),
        "reflection_form": ReflectionForm(initial={"text": text}, limit=limit),
        "correction_form": CorrectionForm(initial={"text": text}, limit=limit),
        "remaining": remaining,
        "session": session,
        "turns": turns,
        "written_turns": [t for t in turns if t.text],
        "holder": holder,
        "my_turn": not session.is_over and (together or holder.pk == user.pk),
        "am_speaker": session.speaker_id == user.pk,
        "together": together,
        # On two devices the panel listens for the partner: while the session
        # runs, and after it until every speaker's ratings are in.
        "polling": not together and (not session.is_over or bool(speakers.keys() - rated)),
        "last_said": said[-1] if said else None,
        "last_heard": heard[-1] if heard else None,
        "ratings": ratings,
        "to_rate": [(person, RatingForm(initial={"speaker": person.pk})) for person in to_rate],
        "listener_prompts": LISTENER_PROMPTS,
        "listener_tips": LISTENER_TIPS,
        "speaker_tips": SPEAKER_TIPS,
        "reminder_text": REBUTTAL_REMINDER,
        "rebuttal_pattern": rebuttal_pattern(),
        "poll_seconds": POLL_SECONDS,
        "problem": problem,
        "reminder": reminder,
        "text": text,
        "max_gentle": MAX_TEXT_LENGTH,
        "Step": Step,
    }


def _panel(
    request: AuthenticatedRequest, session: ListeningSession, status: int = 200, **extra: Any
) -> HttpResponse:
    """After an action: the panel alone for htmx, else the whole page again."""
    template = "listen/_panel.html#panel" if request.htmx else "listen/session.html"  # type: ignore[attr-defined]
    return render(request, template, _panel_context(request, session, **extra), status=status)


@couple_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    return _home(request, StartForm())


def _home(request: AuthenticatedRequest, form: StartForm, status: int = 200) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    recent = list(
        services.sessions_for(request.user)
        .prefetch_related("ratings")
        .filter(step=Step.ENDED)
        .order_by("-created")[:3]
    )
    context = {
        "form": form,
        "partner": services.partner_of(membership),
        "still_open": services.open_session(request.user),
        "recent": recent,
        "current": "home",
    }
    return render(request, "listen/home.html", context, status=status)


@couple_required
@require_POST
def start(request: AuthenticatedRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            session = services.start(
                request.user,
                topic=data["topic"],
                mode=data["mode"],
                i_speak=data["speaker"] == "me",
                written=data["written"],
                piece_limit=data["piece_limit"],
                turn_seconds=data["turn_seconds"],
            )
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
            return _home(request, form, status=refusal.status)
        return redirect("listen:session", session_id=session.pk)
    return _home(request, form, status=400)


@couple_required
@require_GET
def session_page(request: AuthenticatedRequest, session_id: Any) -> HttpResponse:
    session = services.one_session(request.user, session_id)
    return render(request, "listen/session.html", _panel_context(request, session))


@couple_required
@require_GET
def live(request: AuthenticatedRequest, session_id: Any) -> HttpResponse:
    """Polled by the panel: nothing (204) while the session is as the page
    shows it, the new panel as soon as it changed."""
    session = services.one_session(request.user, session_id)
    if request.GET.get("v") == str(session.version):
        return HttpResponse(status=204)
    return render(request, "listen/_panel.html#panel", _panel_context(request, session))


def _refused(
    request: AuthenticatedRequest, session_id: Any, refusal: CoupleActionRefused, text: str = ""
) -> HttpResponse:
    """The session again with the refusal's status and message, and what the
    person wrote back in the box (with htmx or without): nothing is lost."""
    session = services.one_session(request.user, session_id)
    return _panel(request, session, status=refusal.status, problem=refusal.message, text=text)


@couple_required
@require_POST
def turn(request: AuthenticatedRequest, session_id: Any) -> HttpResponse:
    services.one_session(request.user, session_id)  # 404 before the form is read
    form = TurnForm(request.POST)
    if not form.is_valid():
        refusal = CoupleActionRefused(_("That is not a step of the exercise."), status=400)
        return _refused(request, session_id, refusal, text=request.POST.get("text", ""))
    text = form.cleaned_data["text"]
    try:
        result = services.take_turn(request.user, session_id, form.cleaned_data["kind"], text)
    except CoupleActionRefused as refusal:
        return _refused(request, session_id, refusal, text=text)
    if not request.htmx:  # type: ignore[attr-defined]
        if result.reminder:
            messages.info(request, result.reminder)
        return redirect("listen:session", session_id=session_id)
    return _panel(request, result.session, reminder=result.reminder or "")


@couple_required
@require_POST
def swap(request: AuthenticatedRequest, session_id: Any) -> HttpResponse:
    try:
        session = services.swap_roles(request.user, session_id)
    except CoupleActionRefused as refusal:
        return _refused(request, session_id, refusal)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("listen:session", session_id=session_id)
    return _panel(request, session)


@couple_required
@require_POST
def end(request: AuthenticatedRequest, session_id: Any) -> HttpResponse:
    try:
        session = services.end(request.user, session_id)
    except CoupleActionRefused as refusal:
        return _refused(request, session_id, refusal)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("listen:session", session_id=session_id)
    return _panel(request, session)


@couple_required
@require_POST
def rate(request: AuthenticatedRequest, session_id: Any) -> HttpResponse:
    services.one_session(request.user, session_id)
    form = RatingForm(request.POST)
    if not form.is_valid():
        refusal = CoupleActionRefused(_("Choose a number from 1 to 5 for each."), status=400)
        return _refused(request, session_id, refusal)
    data = form.cleaned_data
    try:
        services.rate(
            request.user,
            session_id,
            data["understood"],
            data["validated"],
            data["cared_for"],
            speaker_id=data["speaker"],
        )
    except CoupleActionRefused as refusal:
        return _refused(request, session_id, refusal)
    session = services.one_session(request.user, session_id)
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, _("Thank you. Your ratings are saved."))
        return redirect("listen:session", session_id=session_id)
    return _panel(request, session)


@couple_required
@require_GET
def history(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    sessions = (
        services.sessions_for(request.user)
        .filter(step=Step.ENDED)
        .prefetch_related("ratings__speaker")
        .order_by("-created")
    )
    page = Paginator(sessions, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    zone = get_zone(membership.couple.time_zone)
    chart = charts.understood_trend(
        services.understood_entries(request.user, membership.couple, zone)
    )
    context = {"page": page, "chart": chart, "current": "history"}
    return render(request, "listen/history.html", context)
