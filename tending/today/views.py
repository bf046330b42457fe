from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tending.appreciate.today import today_card as appreciate_card
from tending.couples.access import partner_membership, partners_of
from tending.couples.models import Invite
from tending.funlist.today import today_card as funlist_card
from tending.lib.pagecache import kept_page
from tending.pulse.today import today_card as pulse_card
from tending.share.today import today_card as share_card
from tending.today.practices import BY_SLUG
from tending.traditions.today import today_card as traditions_card
from tending.unplug.today import today_card as unplug_card

# Each practice may put a card on Today: a function (request, membership) that
# returns None or a context dict with a "template" to include.
TODAY_CARDS = (
    unplug_card,
    pulse_card,
    share_card,
    appreciate_card,
    funlist_card,
    traditions_card,
)


@kept_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    membership = partner_membership(request.user)
    context: dict[str, object] = {"membership": membership}
    if membership is not None:
        couple = membership.couple
        partners = partners_of(couple)
        context.update(
            couple=couple,
            partners=partners,
            partner=next((p for p in partners if p.pk != request.user.pk), None),
            pending_invite=Invite.objects.pending().filter(couple=couple).first()
            if len(partners) < 2
            else None,
            cards=[card for make in TODAY_CARDS if (card := make(request, membership))],
        )
    return render(request, "today/home.html", context)


@require_GET
def coming_soon(request: HttpRequest, slug: str) -> HttpResponse:
    practice = BY_SLUG.get(slug)
    if practice is None:
        raise Http404
    return render(request, "today/coming_soon.html", {"practice": practice})


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness plus one trivial query: the ceiling of this stack, in `make bench`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})
