"""Today's question: which one it is, opening the day, swapping it, and the
couple's choices of tiers and decks (which change the plan).

Reading today's question writes nothing: it follows from the plan (plan.py)
or, once something happened today, from the day's row. The day's row is
written by the first action of the day (an answer, a swap), under a lock on
the couple, so two partners acting at once still get one row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _

from tending.couples.access import partner_membership
from tending.couples.boundary import SHARED_WITH_PARTNER
from tending.couples.models import Couple, Membership
from tending.couples.services import CoupleActionRefused
from tending.lib.timezones import get_zone
from tending.share import plan as plans
from tending.share.models import (
    Answer,
    DailyQuestion,
    LibraryDeck,
    LibraryQuestion,
    OwnDeck,
    OwnQuestion,
    ShareSettings,
    Theme,
    Tier,
)

LIBRARY, OWN = "q", "o"


def writer(user: Any) -> Membership:
    """The partner membership a write happens in: therapists 403, no couple 409."""
    membership = partner_membership(user)
    if membership is not None:
        return membership
    if Membership.objects.active().filter(user=user).exists():
        raise PermissionDenied
    raise CoupleActionRefused(_("Start or join a couple space first."), status=409)


def local_day(couple: Couple, now: datetime | None = None) -> date:
    """The couple's date right now: their midnight, wherever each partner is."""
    return (now or timezone.now()).astimezone(get_zone(couple.time_zone)).date()


def ref_of(kind: str, pk: Any) -> str:
    return f"{kind}:{pk.hex}"


# --- Settings and the pool --------------------------------------------------------


def _seed(couple: Couple) -> int:
    return int(couple.pk.int % (2**62))


def default_settings(couple: Couple) -> ShareSettings:
    """The couple's settings before anyone changed anything (not saved)."""
    return ShareSettings(
        couple=couple,
        plan_start=local_day(couple, couple.created),
        plan_refs=[],
        plan_pool=[],
        seed=_seed(couple),
    )


def settings_of(couple: Couple) -> tuple[ShareSettings, bool]:
    """(settings, whether they are saved)."""
    saved = ShareSettings.objects.filter(couple=couple).first()
    return (saved, True) if saved is not None else (default_settings(couple), False)


def pool_for(user: Any, couple: Couple, settings: ShareSettings) -> list[str]:
    """Every question the couple's choices allow, as refs, sorted."""
    tiers = settings.tiers
    off: list[Any] = [str(d) for d in settings.decks_off]
    library = (
        LibraryQuestion.objects.filter(retired=False, deck__retired=False, tier__in=tiers)
        .exclude(deck_id__in=off)
        .annotate(kind=Value(LIBRARY))
        .values_list("kind", "id")
        .order_by()
    )
    # Only decks both partners can see are asked from: a draft stays private.
    own = (
        OwnQuestion.objects.visible_to(user)
        .filter(couple=couple, visibility__in=SHARED_WITH_PARTNER, tier__in=tiers)
        .exclude(deck_id__in=off)
        .annotate(kind=Value(OWN))
        .values_list("kind", "id")
        .order_by()
    )
    # One query for both tables.
    return sorted(ref_of(kind, _uuid(pk)) for kind, pk in library.union(own, all=True).order_by())


def _uuid(value: Any) -> uuid.UUID:
    # A union's rows skip the field's conversion on SQLite: the id comes back as text.
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def all_decks(user: Any, couple: Couple) -> list[Any]:
    """The library's decks, then the couple's own that `user` can see."""
    library = list(LibraryDeck.objects.filter(retired=False))
    own = list(OwnDeck.objects.visible_to(user).filter(couple=couple).select_related("author"))
    return library + own


def plan_of(user: Any, couple: Couple, settings: ShareSettings, saved: bool) -> plans.Plan:
    if saved:
        return plans.Plan(
            start=settings.plan_start,
            refs=list(settings.plan_refs),
            pool=list(settings.plan_pool),
            seed=settings.seed,
        )
    return plans.fresh(settings.plan_start, pool_for(user, couple, settings), settings.seed)


def _store_plan(settings: ShareSettings, plan: plans.Plan) -> None:
    settings.plan_start = plan.start
    settings.plan_refs = list(plan.refs)
    settings.plan_pool = list(plan.pool)
    settings.save()


# --- Resolving refs -------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """A question as a day asks it."""

    ref: str
    text: str
    tier: str
    theme: str
    deck_name: str

    @property
    def tier_label(self) -> str:
        return str(Tier(self.tier).label) if self.tier in Tier.values else self.tier

    @property
    def theme_label(self) -> str:
        return str(Theme(self.theme).label) if self.theme in Theme.values else ""


def resolve(user: Any, couple: Couple, ref: str | None) -> Asked | None:
    """The question a ref names, or None when it no longer exists."""
    if not ref or ":" not in ref:
        return None
    kind, hex_id = ref.split(":", 1)
    if kind == LIBRARY:
        found: Any = LibraryQuestion.objects.select_related("deck").filter(pk=hex_id).first()
    elif kind == OWN:
        found = (
            OwnQuestion.objects.visible_to(user)
            .select_related("deck")
            .filter(pk=hex_id, couple=couple)
            .first()
        )
    else:
        return None
    if found is None:
        return None
    return Asked(ref, found.text, found.tier, found.theme, found.deck.name)


def _asked_from_day(day: DailyQuestion) -> Asked:
    return Asked(day.ref, day.text, day.tier, day.theme, day.deck_name)


# --- Today ----------------------------------------------------------------------


@dataclass
class Today:
    """Today's question for one partner: the row if the day has one, else
    the question the plan gives (nothing written)."""

    day: date
    asked: Asked | None
    row: DailyQuestion | None

    @classmethod
    def of_row(cls, row: DailyQuestion) -> Today:
        return cls(row.day, _asked_from_day(row), row)

    @property
    def can_swap(self) -> bool:
        return self.asked is not None and (self.row is None or not self.row.skipped_ref)


def today_for(user: Any, couple: Couple, now: datetime | None = None) -> Today:
    day = local_day(couple, now)
    row = DailyQuestion.objects.visible_to(user).filter(couple=couple, day=day).first()
    if row is not None:
        return Today(day, _asked_from_day(row), row)
    return planned(user, couple, day)


def planned(user: Any, couple: Couple, day: date) -> Today:
    """The plan's question for a day that has no row (nothing written)."""
    settings, saved = settings_of(couple)
    plan = plan_of(user, couple, settings, saved)
    return Today(day, resolve(user, couple, plan.ref_on(day)), None)


def _lock(couple: Couple) -> None:
    # PostgreSQL: a row lock serialises a couple's Share writes. SQLite: the
    # IMMEDIATE transaction already holds the database's write lock.
    Couple.objects.select_for_update().filter(pk=couple.pk).first()


def _saved_settings(user: Any, couple: Couple) -> ShareSettings:
    """The couple's settings row, written with the current plan if missing."""
    settings, saved = settings_of(couple)
    if not saved:
        _store_plan(settings, plan_of(user, couple, settings, saved=False))
    return settings


def open_today(user: Any, couple: Couple, now: datetime | None = None) -> DailyQuestion:
    """Today's row, written now if this is the day's first action. Inside a
    transaction that holds the couple's lock (the callers' job)."""
    day = local_day(couple, now)
    row = DailyQuestion.objects.visible_to(user).filter(couple=couple, day=day).first()
    if row is not None:
        return row
    settings = _saved_settings(user, couple)
    plan = plan_of(user, couple, settings, saved=True)
    asked = resolve(user, couple, plan.ref_on(day))
    if asked is None:
        raise CoupleActionRefused(
            _("There is no question for today: choose at least one deck with questions."),
            status=409,
        )
    try:
        with transaction.atomic():
            row = DailyQuestion.objects.create(
                couple=couple,
                day=day,
                ref=asked.ref,
                text=asked.text,
                tier=asked.tier,
                theme=asked.theme,
                deck_name=asked.deck_name,
            )
    except IntegrityError:  # a concurrent first action without the lock (never on our paths)
        return DailyQuestion.objects.visible_to(user).get(couple=couple, day=day)
    # New questions (a new deck, a reloaded library) join from tomorrow.
    pool = pool_for(user, couple, settings)
    if set(pool) != set(plan.pool):
        _store_plan(settings, plans.replan(plan, day, pool, asked.ref, today_is_kept=True))
    return row


def swap_today(user: Any, now: datetime | None = None) -> DailyQuestion:
    """Either partner may swap today's question for another, once, before
    either has answered it."""
    membership = writer(user)
    couple = membership.couple
    with transaction.atomic():
        _lock(couple)
        day = local_day(couple, now)
        row = DailyQuestion.objects.visible_to(user).filter(couple=couple, day=day).first()
        if row is not None and row.skipped_ref:
            raise CoupleActionRefused(
                _("Today's question has already been swapped once."), status=409
            )
        if row is not None and Answer.objects.visible_to(user).filter(day=row).exists():
            raise CoupleActionRefused(
                _("One of you has already answered today's question, so it stays."), status=409
            )
        settings = _saved_settings(user, couple)
        plan = plan_of(user, couple, settings, saved=True)
        current = row.ref if row is not None else plan.ref_on(day)
        pool = pool_for(user, couple, settings)
        found = None
        swapped = plans.swap(plan, day, pool, current or "")
        while swapped is not None:
            instead, new_plan = swapped
            found = resolve(user, couple, instead)
            if found is not None:
                break
            # A ref that no longer resolves is dropped from the pool and we try again.
            pool = [r for r in pool if r != instead]
            swapped = plans.swap(plan, day, pool, current or "")
        if found is None or swapped is None:
            raise CoupleActionRefused(
                _("There is no other question to swap to with your current choices."), status=409
            )
        fields = {
            "ref": found.ref,
            "text": found.text,
            "tier": found.tier,
            "theme": found.theme,
            "deck_name": found.deck_name,
            "skipped_ref": current or "",
            "skipped_by": user,
        }
        if row is None:
            row = DailyQuestion.objects.create(couple=couple, day=day, **fields)
        else:
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()
        _store_plan(settings, new_plan)
    return row


def replan_now(user: Any, couple: Couple, now: datetime | None = None) -> None:
    """After the pool changed (choices, decks, questions): the rest of this
    round without what was asked, plus what is new. Today's question stays."""
    with transaction.atomic():
        _lock(couple)
        day = local_day(couple, now)
        settings, saved = settings_of(couple)
        plan = plan_of(user, couple, settings, saved)
        row = DailyQuestion.objects.visible_to(user).filter(couple=couple, day=day).first()
        pool = pool_for(user, couple, settings)
        if row is not None:
            new_plan = plans.replan(plan, day, pool, row.ref, today_is_kept=True)
        else:
            current = plan.ref_on(day)
            if resolve(user, couple, current) is None:
                current = None
            new_plan = plans.replan(plan, day, pool, current, today_is_kept=False)
        _store_plan(settings, new_plan)


def save_choices(
    user: Any, tiers: list[str], decks_off: list[str], now: datetime | None = None
) -> ShareSettings:
    """The couple's choice of tiers and decks; the plan follows from tomorrow
    (today's question stays as it is)."""
    membership = writer(user)
    couple = membership.couple
    chosen = [t for t in Tier.values if t in tiers]
    if not chosen:
        raise CoupleActionRefused(_("Choose at least one depth of question."), status=400)
    known = {str(d.pk) for d in all_decks(user, couple)}
    unknown = [d for d in decks_off if str(d) not in known]
    if unknown:
        raise CoupleActionRefused(_("One of the decks chosen does not exist."), status=400)
    with transaction.atomic():
        _lock(couple)
        settings = _saved_settings(user, couple)
        settings.ask_light = Tier.LIGHT in chosen
        settings.ask_personal = Tier.PERSONAL in chosen
        settings.ask_deep = Tier.DEEP in chosen
        settings.decks_off = sorted(set(decks_off))
        if not pool_for(user, couple, settings):
            raise CoupleActionRefused(
                _(
                    "No question matches these choices: choose at least one deck that has "
                    "questions of the depths you chose."
                ),
                status=400,
            )
        settings.save()
        replan_now(user, couple, now)
    settings.refresh_from_db()
    return settings
