"""The calendar feed: the public-by-secret ICS address and the page that manages it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tending.couples.access import couple_required
from tending.lib.http import AuthenticatedRequest
from tending.lib.pagecache import remember
from tending.traditions import feed
from tending.traditions.forms import FeedDetailsForm
from tending.traditions.services import local_today


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The ICS file. Whoever holds the secret may read it: that is what a
    calendar subscription is. Without it — wrong, revoked, or its partner
    gone — it is the same bare 404 as any unknown address."""
    subscription = feed.feed_for_token(feed_token)
    if subscription is None:
        raise Http404
    now = timezone.now()
    # Calendar apps poll the address every few minutes; the file only changes
    # when the couple's rows do (the author's generation) or the day turns.
    day = local_today(subscription.couple, now)
    body = remember(
        subscription.author,
        f"ics:{subscription.pk}:{subscription.include_details}:{day.isoformat()}",
        lambda: feed.build_feed(subscription, now),
    )
    feed.note_fetch(subscription, now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tending.ics"'
    # The address is a secret: no shared cache may keep a copy of it.
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def _address(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", kwargs={"feed_token": token}))


@couple_required
@require_GET
def calendar_page(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    subscription = feed.live_feed(request.user, membership.couple)
    return render(request, "traditions/calendar.html", {"feed": subscription})


@couple_required
@require_POST
def calendar_new(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    had_one = feed.live_feed(request.user, membership.couple) is not None
    subscription, token = feed.issue_feed(membership)
    context = {"feed": subscription, "address": _address(request, token), "replaced": had_one}
    # Shown once, like an API token: only its digest is kept.
    return render(request, "traditions/calendar.html", context)


@couple_required
@require_POST
def calendar_revoke(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    subscription = feed.live_feed(request.user, membership.couple)
    if subscription is not None:
        feed.revoke_feed(subscription)
        messages.success(request, _("The address no longer works. Calendars using it go quiet."))
    return redirect("traditions:calendar")


@couple_required
@require_POST
def calendar_details(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    subscription = feed.live_feed(request.user, membership.couple)
    if subscription is None:
        raise Http404
    form = FeedDetailsForm(request.POST)
    form.is_valid()
    subscription.include_details = bool(form.cleaned_data.get("include_details"))
    subscription.save(update_fields=["include_details", "updated"])
    if subscription.include_details:
        messages.success(request, _("Your calendar will show descriptions too."))
    else:
        messages.success(request, _("Your calendar shows names and times only."))
    return redirect("traditions:calendar")
