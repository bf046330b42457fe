"""What can happen in Appreciate; shared by the pages and the API.

Reads go through `visible_to`, writes through `writable_by` (couple boundary);
a refusal is a `CoupleActionRefused`, which both pages and API turn into a
message a person can read.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tending import nudges
from tending.appreciate.models import (
    MAX_NOTE_LENGTH,
    Appreciation,
    AppreciationReaction,
    Break,
    BreakMinutes,
    Favourite,
    GoodNews,
    GoodNewsReply,
)
from tending.couples.access import partner_membership
from tending.couples.boundary import SHARED_WITH_PARTNER, Visibility
from tending.couples.models import Couple, Membership
from tending.couples.services import CoupleActionRefused
from tending.lib.timezones import get_zone
from tending.lib.usertext import TextRefused, clean_partner_text

# After a break ends, the "come back to the talk" prompt stays this long.
PROMPT_WINDOW = timedelta(hours=6)


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


def _text(text: str | None) -> str:
    try:
        return clean_partner_text(text, MAX_NOTE_LENGTH)
    except TextRefused as refusal:
        raise CoupleActionRefused(str(refusal), status=400) from None


def _shared(visibility: str) -> str:
    if visibility not in SHARED_WITH_PARTNER:
        raise CoupleActionRefused(
            _("This is written to your partner, so it is always shared with them."), status=400
        )
    return visibility


# --- Appreciations -------------------------------------------------------------


def _kept_by(user: Any) -> Exists:
    return Exists(
        Favourite.objects.visible_to(user).filter(appreciation=OuterRef("pk"), author=user)
    )


def appreciations_for(user: Any) -> QuerySet[Appreciation]:
    """Everything `user` may read, with what the page shows beside each note."""
    return (
        Appreciation.objects.visible_to(user)
        .select_related("author")
        .prefetch_related("reactions")
        .annotate(is_favourite=_kept_by(user))
        .order_by("-created", "-pk")
    )


def in_box(user: Any, box: str) -> QuerySet[Appreciation]:
    """The jar's compartments: received, sent, favourites (the receiver's own), all."""
    items = appreciations_for(user)
    if box == "received":
        return items.filter(recipient=user)
    if box == "sent":
        return items.filter(author=user)
    if box == "favourites":
        return items.filter(_kept_by(user), recipient=user)
    return items


def send_appreciation(
    membership: Membership, text: str | None, kind: str = "", visibility: str = Visibility.PARTNER
) -> Appreciation:
    partner = partner_of(membership)
    if partner is None:
        raise CoupleActionRefused(
            _("Appreciations go to your partner: invite them first."), status=409
        )
    appreciation = Appreciation.objects.create(
        couple=membership.couple,
        author=membership.user,
        recipient=partner,
        text=_text(text),
        kind=kind,
        visibility=_shared(visibility),
    )
    nudges.notify(
        partner,
        "appreciation_received",
        couple=membership.couple,
        key=f"appreciation:{appreciation.pk}",
        url=reverse("appreciate:jar"),
        context={"partner": str(membership.user)},
    )
    return appreciation


def received(user: Any, appreciation_id: Any) -> Appreciation:
    """An appreciation sent to `user` (not by them): 404 for anything else."""
    appreciation = (
        Appreciation.objects.visible_to(user).filter(pk=appreciation_id, recipient=user).first()
    )
    if appreciation is None:
        raise Http404
    return appreciation


def react(user: Any, appreciation_id: Any, reaction: str) -> AppreciationReaction:
    appreciation = received(user, appreciation_id)  # 404 first: existence is not revealed
    membership = writer(user)
    existing = (
        AppreciationReaction.objects.writable_by(user).filter(appreciation=appreciation).first()
    )
    if existing is not None:
        existing.reaction = reaction
        existing.save(update_fields=["reaction", "updated"])
        return existing
    try:
        with transaction.atomic():
            return AppreciationReaction.objects.create(
                couple=membership.couple,
                author=user,
                appreciation=appreciation,
                reaction=reaction,
                # The sender sees the reaction; the therapist sees it when they see the note.
                visibility=appreciation.visibility,
            )
    except IntegrityError:  # a double tap: the other request already reacted
        return AppreciationReaction.objects.writable_by(user).get(appreciation=appreciation)


def unreact(user: Any, appreciation_id: Any) -> None:
    appreciation = received(user, appreciation_id)
    writer(user)
    AppreciationReaction.objects.writable_by(user).filter(appreciation=appreciation).delete()


def set_favourite(user: Any, appreciation_id: Any, favourite: bool) -> bool:
    appreciation = received(user, appreciation_id)
    membership = writer(user)
    if not favourite:
        Favourite.objects.writable_by(user).filter(appreciation=appreciation).delete()
        return False
    if not Favourite.objects.writable_by(user).filter(appreciation=appreciation).exists():
        try:
            with transaction.atomic():
                Favourite.objects.create(
                    couple=membership.couple,
                    author=user,
                    appreciation=appreciation,
                    visibility=Visibility.PRIVATE,
                )
        except IntegrityError:
            pass
    return True


def random_received(user: Any) -> Appreciation | None:
    """One appreciation from the jar, chosen at random (two cheap queries,
    rather than ORDER BY RANDOM() over the whole history)."""
    jar = appreciations_for(user).filter(recipient=user).order_by("-created")
    count = jar.count()
    if not count:
        return None
    return jar[random.randrange(count)]  # noqa: S311 - a surprise, not a secret


def week_start(couple: Couple, now: datetime | None = None) -> datetime:
    """Monday 00:00 of the current week in the couple's own time zone."""
    local = (now or timezone.now()).astimezone(get_zone(couple.time_zone))
    monday = local.date() - timedelta(days=local.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=local.tzinfo)


def week_count(user: Any, couple: Couple) -> int:
    """Appreciations the two of them sent each other this week: one shared number."""
    return (
        Appreciation.objects.visible_to(user)
        .filter(couple=couple, created__gte=week_start(couple))
        .count()
    )


# --- Good news -----------------------------------------------------------------


def good_news_for(user: Any) -> QuerySet[GoodNews]:
    return GoodNews.objects.visible_to(user).select_related("author").order_by("-created", "-pk")


def one_good_news(user: Any, goodnews_id: Any) -> GoodNews:
    news = good_news_for(user).filter(pk=goodnews_id).first()
    if news is None:
        raise Http404
    return news


def replies_to(user: Any, news: GoodNews) -> QuerySet[GoodNewsReply]:
    return GoodNewsReply.objects.visible_to(user).filter(good_news=news).select_related("author")


def share_good_news(
    membership: Membership, text: str | None, visibility: str = Visibility.PARTNER
) -> GoodNews:
    news = GoodNews.objects.create(
        couple=membership.couple,
        author=membership.user,
        text=_text(text),
        visibility=_shared(visibility),
    )
    nudges.notify_partner(
        membership.user,
        "good_news_received",
        couple=membership.couple,
        key=f"goodnews:{news.pk}",
        url=reverse("appreciate:good_news_detail", args=[news.pk]),
    )
    return news


def reply_to_good_news(user: Any, goodnews_id: Any, text: str | None) -> GoodNewsReply:
    news = one_good_news(user, goodnews_id)  # 404 first: existence is not revealed
    membership = writer(user)
    return GoodNewsReply.objects.create(
        couple=membership.couple,
        author=user,
        good_news=news,
        text=_text(text),
        visibility=news.visibility,
    )


def mark_felt_good(user: Any, goodnews_id: Any, felt_good: bool) -> GoodNews:
    """Only the sharer can say how the answers felt."""
    one_good_news(user, goodnews_id)  # 404 before 403: existence is not revealed
    writer(user)
    news = GoodNews.objects.writable_by(user).filter(pk=goodnews_id).first()
    if news is None:
        raise PermissionDenied
    news.felt_good_at = timezone.now() if felt_good else None
    news.save(update_fields=["felt_good_at", "updated"])
    return news


# --- Breaks --------------------------------------------------------------------


def current_break(user: Any, now: datetime | None = None) -> Break | None:
    """The couple's break that is on, or that ended within the prompt window."""
    now = now or timezone.now()
    return (
        Break.objects.visible_to(user)
        .filter(ends_at__gt=now - PROMPT_WINDOW)
        .select_related("author")
        .order_by("-ends_at")
        .first()
    )


def start_break(user: Any, minutes: int) -> tuple[Break, bool]:
    """Call a break; returns it and whether it is new. While one is already on,
    that one stands: the pause is for both, whoever asked first."""
    membership = writer(user)
    if minutes not in BreakMinutes.values:
        raise CoupleActionRefused(_("A break lasts 20, 30 or 60 minutes."), status=400)
    now = timezone.now()
    with transaction.atomic():
        # Lock the couple row (PostgreSQL) so that two taps make one break.
        Couple.objects.select_for_update().filter(pk=membership.couple_id).first()
        on = Break.objects.visible_to(user).filter(ends_at__gt=now).order_by("-ends_at").first()
        if on is not None:
            return on, False
        created = Break.objects.create(
            couple=membership.couple,
            author=user,
            minutes=minutes,
            ends_at=now + timedelta(minutes=minutes),
            visibility=Visibility.PARTNER,
        )
        nudges.notify_partner(
            user,
            "break_called",
            couple=membership.couple,
            key=f"break:{created.pk}",
            url=reverse("appreciate:break"),
            context={"minutes": minutes},
            expires_at=created.ends_at,
        )
    return created, True


def breaks_per_month(user: Any, couple: Couple, months: int = 6) -> list[tuple[date, int]]:
    """How many breaks the couple took in each of the last `months` months of
    its own calendar, oldest first, months without any included (as 0)."""
    zone = get_zone(couple.time_zone)
    local = timezone.now().astimezone(zone)
    firsts = []
    year, month = local.year, local.month
    for _step in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    since = datetime(firsts[0].year, firsts[0].month, 1, tzinfo=zone)
    # Counted in Python over one small query: TruncMonth in a zone differs
    # between SQLite and PostgreSQL around DST, a plain filter does not.
    taken = Break.objects.visible_to(user).filter(couple=couple, created__gte=since)
    counts = dict.fromkeys(firsts, 0)
    for created in taken.values_list("created", flat=True):
        local_created = created.astimezone(zone)
        counts[date(local_created.year, local_created.month, 1)] += 1
    return list(counts.items())
