"""Notification list, reminders page, one-tap links, push subscriptions, service worker.

A notification, a push subscription and a person's reminder choices are
theirs alone: every query is scoped to `request.user`, so anyone else's id
is a 404, the partner's included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.accounts.models import User
from tending.lib.http import AuthenticatedRequest
from tending.nudges import kinds, preferences, subscriptions, timing, vapid
from tending.nudges.channels.inapp import mark_read, notifications_for, unread_count
from tending.nudges.forms import KindForm, SettingsForm
from tending.nudges.links import read_token
from tending.nudges.models import Notification, PushSubscription

PAGE_SIZE = 30
SERVICE_WORKER = Path(__file__).resolve().parent / "static" / "nudges" / "sw.js"


@require_GET
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "nudges/list.html", {"page": page})


@require_GET
def unread_badge(request: AuthenticatedRequest) -> HttpResponse:
    """The header's unread count, fetched by htmx after the page has loaded
    (and every minute): one indexed COUNT, and no query added to any page."""
    response = render(request, "nudges/badge.html", {"unread": unread_count(request.user)})
    response["Cache-Control"] = "no-store"
    return response


def _safe(url: str, request: HttpRequest) -> str:
    allowed = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
    return url if url and allowed else ""


@require_POST
def notification_read(request: AuthenticatedRequest, notification_id: Any) -> HttpResponse:
    """Mark one notification read; "open" also goes to what it is about."""
    notification = get_object_or_404(
        Notification.objects.visible_to(request.user), pk=notification_id
    )
    mark_read(request.user, notification.pk)
    target = _safe(notification.url, request) if request.POST.get("open") else ""
    return redirect(target or "nudges:list")


@require_POST
def notifications_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = mark_read(request.user)
    if count:
        messages.success(request, _("All caught up."))
    return redirect("nudges:list")


def _kind_forms(request: AuthenticatedRequest, data: Any = None) -> list[KindForm]:
    current = preferences.preferences_for(request.user)
    return [
        KindForm(data, kind=kinds.get(slug), current=effective)
        for slug, effective in current.items()
    ]


@require_http_methods(["GET", "POST"])
def reminders(request: AuthenticatedRequest) -> HttpResponse:
    """The reminders page: on or off, quiet hours, cap, each kind and its time."""
    settings_row = preferences.settings_for(request.user)
    data = request.POST if request.method == "POST" else None
    form = SettingsForm(data, instance=settings_row)
    kind_forms = _kind_forms(request, data)
    # Every form validated (not stopping at the first): all errors are shown.
    each_valid = [form.is_valid(), *(f.is_valid() for f in kind_forms)]
    valid = all(each_valid)
    if request.method == "POST" and valid:
        with transaction.atomic():
            saved = form.save()
            if not saved.enabled:
                preferences.forget_pending(request.user)
            for kind_form in kind_forms:
                values = dict(kind_form.cleaned_data)
                if values.get("enabled") and not kind_form.current.enabled:
                    values["snoozed_until"] = None
                changed = {
                    name: value
                    for name, value in values.items()
                    if value != getattr(kind_form.current, name, None)
                }
                if changed:
                    preferences.save_kind(request.user, kind_form.kind.slug, **changed)
        messages.success(request, _("Your reminders are saved."))
        return redirect("nudges:preferences")
    devices = list(PushSubscription.objects.filter(user=request.user))
    context = {
        "form": form,
        "kind_forms": kind_forms,
        "devices": devices,
        # For push.js: whether this browser's subscription is one of them, and
        # how to remove it. Only the person's own, on their own page.
        "push_devices": {
            device.endpoint: reverse("nudges:push_unsubscribe", args=[device.pk])
            for device in devices
        },
        "vapid_key": vapid.application_server_key(),
    }
    return render(
        request, "nudges/reminders.html", context, status=400 if request.method == "POST" else 200
    )


@login_not_required
@csrf_exempt  # the signed token is the credential: mail apps and our service worker POST it
@never_cache
@require_http_methods(["GET", "POST"])
def one_tap(request: HttpRequest, nudge_token: str) -> HttpResponse:
    """Pause or turn off one kind of nudge from an e-mail or a push, without
    logging in. GET shows one button (mail scanners open links, and must not
    change anything); POST — the button, RFC 8058 one-click, or the service
    worker's action — does it."""
    tap = read_token(nudge_token)
    user = User.objects.filter(pk=tap.user_id, is_active=True).first() if tap else None
    kind = kinds.KINDS.get(tap.kind) if tap else None
    if tap is None or user is None or kind is None:
        raise Http404
    done = request.method == "POST"
    until = timezone.now() + preferences.SNOOZE
    if done:
        if tap.action == "snooze":
            until = preferences.snooze(user, kind.slug)
        else:
            preferences.turn_off(user, kind.slug)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"detail": "ok" if done else "confirm", "action": tap.action})
    return render(
        request,
        "nudges/one_tap.html",
        {
            "tap": tap,
            "kind": kind,
            "done": done,
            # The day as the person counts it, not the server.
            "until": timing.local_date(until, user.time_zone),
            "token": nudge_token,
        },
    )


@require_POST
def push_subscribe(request: AuthenticatedRequest) -> HttpResponse:
    """The subscribe script posts the browser's PushSubscription as JSON."""
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponseBadRequest(_("That was not a push subscription."))
    try:
        subscription = subscriptions.subscribe(
            request.user, data, request.headers.get("User-Agent", "")
        )
    except subscriptions.SubscriptionRefused as refusal:
        return JsonResponse({"detail": str(refusal)}, status=400)
    return JsonResponse({"id": str(subscription.pk), "label": subscription.label}, status=201)


@require_POST
def push_unsubscribe(request: AuthenticatedRequest, subscription_id: Any) -> HttpResponse:
    subscription = get_object_or_404(
        PushSubscription.objects.filter(user=request.user), pk=subscription_id
    )
    subscription.delete()
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"detail": "removed"})
    messages.success(request, _("That device will get no more push notifications."))
    return redirect("nudges:preferences")


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the site's root so that its scope covers every page; a
    static file of ours (no inline script), never cached for long so that an
    update reaches browsers."""
    response = HttpResponse(
        SERVICE_WORKER.read_bytes(), content_type="application/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
