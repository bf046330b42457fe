from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tending.couples import services
from tending.couples.access import couple_required, partner_membership, partners_of
from tending.couples.forms import CoupleForm, JoinCodeForm
from tending.couples.models import Invite
from tending.lib.http import AuthenticatedRequest


@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedRequest) -> HttpResponse:
    if partner_membership(request.user) is not None:
        return redirect("couples:settings")
    form = CoupleForm(request.POST or None, initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        services.start_couple(request.user, **form.cleaned_data)
        messages.success(
            request, _("Your couple space is ready. Invite your partner when you like.")
        )
        return redirect("couples:settings")
    return render(
        request,
        "couples/start.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@couple_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    couple = membership.couple
    form = CoupleForm(request.POST or None, instance=couple)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("couples:settings")
    context = {
        "couple": couple,
        "form": form,
        "partners": partners_of(couple),
        "pending_invite": Invite.objects.pending().filter(couple=couple).first(),
    }
    return render(
        request, "couples/settings.html", context, status=400 if request.method == "POST" else 200
    )


@couple_required
@require_POST
def invite_create(request: HttpRequest) -> HttpResponse:
    try:
        invite, token, code = services.create_invite(request.membership)  # type: ignore[attr-defined]
    except services.CoupleActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("couples:settings")
    link = request.build_absolute_uri(f"/join/{token}/")
    return render(
        request, "couples/invite_created.html", {"invite": invite, "link": link, "code": code}
    )


@couple_required
@require_POST
def invite_revoke(request: HttpRequest, invite_id: str) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    invite = Invite.objects.filter(id=invite_id, couple=membership.couple).first()
    if invite is None:
        raise Http404
    try:
        services.revoke_invite(invite)
        messages.success(request, _("The invite no longer works."))
    except services.CoupleActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("couples:settings")


def _confirm_or_join(request: HttpRequest, invite: Invite | None, code: str = "") -> HttpResponse:
    try:
        invite = services.check_invite(invite, request.user)
        if request.POST.get("confirm") == "yes":
            services.join(request.user, invite)
            messages.success(request, _("You have joined your couple space. Welcome."))
            return redirect("today:home")
    except services.CoupleActionRefused as refusal:
        return render(
            request,
            "couples/join_refused.html",
            {"message": refusal.message},
            status=refusal.status,
        )
    return render(request, "couples/join_confirm.html", {"invite": invite, "code": code})


@require_http_methods(["GET", "POST"])
def join_link(request: HttpRequest, token: str) -> HttpResponse:
    return _confirm_or_join(request, Invite.objects.by_token(token))


# A code has 40 random bits; a per-person limit on wrong guesses keeps
# guessing hopeless even before the 7-day expiry.
CODE_GUESSES_ALLOWED = 10
CODE_GUESS_WINDOW_SECONDS = 15 * 60


@require_http_methods(["GET", "POST"])
def join_code(request: HttpRequest) -> HttpResponse:
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST":
        guesses_key = f"join-code-misses:{request.user.pk}"
        if cache.get(guesses_key, 0) >= CODE_GUESSES_ALLOWED:
            message = _("Too many wrong codes. Please wait a few minutes and try again.")
            return render(request, "couples/join_refused.html", {"message": message}, status=429)
        if form.is_valid():
            code = form.cleaned_data["code"]
            invite = Invite.objects.by_code(code)
            if invite is None:
                cache.add(guesses_key, 0, CODE_GUESS_WINDOW_SECONDS)
                cache.incr(guesses_key)
            return _confirm_or_join(request, invite, code)
        return render(request, "couples/join_code.html", {"form": form}, status=400)
    return render(request, "couples/join_code.html", {"form": form})


@couple_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.leave(membership)
        messages.success(request, _("You have left the couple space."))
        return redirect("today:home")
    return render(request, "couples/leave.html", {"couple": membership.couple})
