"""Unplug pages: commitments, the tech-free session and its timer, the weekly rating."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.couples.access import couple_required
from tending.couples.services import CoupleActionRefused
from tending.lib.http import AuthenticatedRequest
from tending.unplug import reading, services
from tending.unplug.forms import CheckForm, CommitmentForm, RatingForm, StartForm
from tending.unplug.models import Commitment, UnplugSession
from tending.unplug.services import partner_of

TREND_WEEKS = 12


def _back(request: AuthenticatedRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _refused(request: AuthenticatedRequest, refusal: CoupleActionRefused) -> None:
    messages.error(request, refusal.message)


@couple_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    couple, user = membership.couple, request.user
    now = timezone.now()
    weeks = services.weekly(user, couple, TREND_WEEKS, now)
    partner = partner_of(membership)
    this_week = weeks[-1]
    context = {
        "session": services.open_session(couple, user, now),
        "start_form": StartForm(),
        "commitments": reading.commitments_this_week(user, couple, now),
        "rating_form": RatingForm(
            initial={
                "week_start": this_week.week_start,
                "value": this_week.my_rating,
            }
        ),
        "this_week": this_week,
        "chart": reading.trend_chart(weeks, partner.display_name if partner else None),
        "recent": reading.recent_sessions(user, couple),
        "partner": partner,
    }
    return render(request, "unplug/home.html", context)


# --- Sessions -------------------------------------------------------------------


@couple_required
@require_POST
def start(request: AuthenticatedRequest) -> HttpResponse:
    form = StartForm(request.POST)
    planned = form.cleaned_data.get("planned_minutes") if form.is_valid() else None
    try:
        session = services.start_session(request.membership, planned)  # type: ignore[attr-defined]
    except CoupleActionRefused as refusal:
        _refused(request, refusal)
        return redirect("unplug:home")
    return redirect("unplug:session", unplug_session_id=session.pk)


def _session(request: AuthenticatedRequest, session_id: Any) -> UnplugSession:
    session = (
        UnplugSession.objects.visible_to(request.user)
        .filter(pk=session_id, couple=request.membership.couple)  # type: ignore[attr-defined]
        .select_related("author", "joined_by", "ended_by")
        .first()
    )
    if session is None:
        raise Http404
    return session


def _session_context(request: AuthenticatedRequest, session: UnplugSession) -> dict[str, Any]:
    user = request.user
    return {
        "session": session,
        "is_in": session.author_id == user.pk or session.joined_by_id == user.pk,
        "partner": partner_of(request.membership),  # type: ignore[attr-defined]
        "now": timezone.now(),
    }


@couple_required
@require_GET
def session_page(request: AuthenticatedRequest, unplug_session_id: Any) -> HttpResponse:
    session = _session(request, unplug_session_id)
    services.open_session(session.couple, request.user)  # ends one left on too long
    session.refresh_from_db()
    return render(request, "unplug/session.html", _session_context(request, session))


@couple_required
@require_GET
def session_status(request: AuthenticatedRequest, unplug_session_id: Any) -> HttpResponse:
    """The part of the timer page that changes: polled by htmx every few seconds."""
    session = _session(request, unplug_session_id)
    return render(request, "unplug/session.html#status", _session_context(request, session))


@couple_required
@require_POST
def join(request: AuthenticatedRequest, unplug_session_id: Any) -> HttpResponse:
    session = services.editable_session(request.user, unplug_session_id)
    try:
        services.join_session(session, request.user)
    except CoupleActionRefused as refusal:
        _refused(request, refusal)
    return redirect("unplug:session", unplug_session_id=session.pk)


@couple_required
@require_POST
def end(request: AuthenticatedRequest, unplug_session_id: Any) -> HttpResponse:
    session = services.editable_session(request.user, unplug_session_id)
    try:
        # The session page itself says how long it was.
        services.end_session(session, request.user)
    except CoupleActionRefused as refusal:
        _refused(request, refusal)
    return redirect("unplug:session", unplug_session_id=session.pk)


@couple_required
@require_POST
def session_check(request: AuthenticatedRequest, unplug_session_id: Any) -> HttpResponse:
    session = _session(request, unplug_session_id)
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether it was kept or not."))
    else:
        try:
            services.check_session(
                session, request.user, form.cleaned_data["kept"], form.visibility
            )
            messages.success(request, _("Noted. Thank you for saying."))
        except CoupleActionRefused as refusal:
            _refused(request, refusal)
    return redirect(_back(request, reverse("unplug:home")))


@couple_required
@require_GET
def now_card(request: AuthenticatedRequest) -> HttpResponse:
    """Whether a session is on: polled so the other partner sees it and can join."""
    membership = request.membership  # type: ignore[attr-defined]
    context = {"session": services.open_session(membership.couple, request.user)}
    return render(request, "unplug/_now.html", context)


# --- Commitments ------------------------------------------------------------------


@couple_required
@require_http_methods(["GET", "POST"])
def commitment_new(request: AuthenticatedRequest) -> HttpResponse:
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_commitment(
            request.membership,  # type: ignore[attr-defined]
            data["text"],
            data["starts"],
            data["ends"],
            data["days"],
        )
        messages.success(request, _("Agreed. It is on your Unplug page for both of you."))
        return redirect("unplug:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "unplug/commitment.html", {"form": form}, status=status)


@couple_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: AuthenticatedRequest, commitment_id: Any) -> HttpResponse:
    commitment = services.editable_commitment(request.user, commitment_id)
    initial = {
        "text": commitment.text,
        "starts": commitment.starts,
        "ends": commitment.ends,
        "days": commitment.days,
    }
    form = CommitmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.edit_commitment(
            commitment, data["text"], data["starts"], data["ends"], data["days"]
        )
        messages.success(request, _("Saved."))
        return redirect("unplug:home")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "commitment": commitment}
    return render(request, "unplug/commitment.html", context, status=status)


@couple_required
@require_POST
def commitment_stop(request: AuthenticatedRequest, commitment_id: Any) -> HttpResponse:
    commitment = services.editable_commitment(request.user, commitment_id)
    services.stop_commitment(commitment)
    messages.success(request, _("Stopped. The nights you already answered are kept."))
    return redirect("unplug:home")


@couple_required
@require_POST
def commitment_check(request: AuthenticatedRequest, commitment_id: Any) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    commitment = (
        Commitment.objects.visible_to(request.user)
        .filter(pk=commitment_id, couple=membership.couple)
        .select_related("couple")
        .first()
    )
    if commitment is None:
        raise Http404
    form = CheckForm(request.POST)
    if not form.is_valid() or form.cleaned_data.get("night") is None:
        messages.error(request, _("Say whether it was kept or not, and for which night."))
    else:
        try:
            services.check_night(
                commitment,
                request.user,
                form.cleaned_data["night"],
                form.cleaned_data["kept"],
                form.visibility,
            )
        except CoupleActionRefused as refusal:
            _refused(request, refusal)
    return redirect(_back(request, reverse("unplug:home")))


# --- The weekly rating --------------------------------------------------------------


@couple_required
@require_POST
def rate(request: AuthenticatedRequest) -> HttpResponse:
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a number from 0 (not at all) to 4 (a lot)."))
        return redirect("unplug:home")
    try:
        services.rate_week(
            request.membership,  # type: ignore[attr-defined]
            form.cleaned_data["week_start"],
            form.cleaned_data["value"],
            form.visibility,
        )
        messages.success(request, _("Thank you. It shows beside your unplugged minutes."))
    except CoupleActionRefused as refusal:
        _refused(request, refusal)
    return redirect("unplug:home")
