"""Decks: the library's and the couple's own; writing, importing and exporting them.

An own deck is written by one partner: only its author changes it (the
couple boundary's `writable_by`), both read it once it is shared. Any change
that alters which questions can be asked replans the days to come.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tending.couples.boundary import SHARED_WITH_PARTNER, Visibility
from tending.couples.models import Couple
from tending.couples.services import CoupleActionRefused
from tending.lib.usertext import TextRefused, clean_partner_text
from tending.share import daily, deckfile
from tending.share.models import (
    MAX_DECK_DESCRIPTION_LENGTH,
    MAX_DECK_NAME_LENGTH,
    MAX_QUESTION_LENGTH,
    LibraryDeck,
    LibraryQuestion,
    OwnDeck,
    OwnQuestion,
    Theme,
    Tier,
)

MAX_OWN_DECKS = 100


@dataclass
class DeckView:
    """A deck as the deck pages show it, whichever kind it is."""

    id: Any
    name: str
    description: str
    source: str
    is_own: bool
    is_mine: bool
    visibility: str
    author_name: str
    counts: dict[str, int]
    in_rotation: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def is_shared(self) -> bool:
        return not self.is_own or self.visibility in SHARED_WITH_PARTNER


def _counts(rows: Any, key: str) -> dict[Any, dict[str, int]]:
    counts: dict[Any, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row[key], dict.fromkeys(Tier.values, 0))[row["tier"]] = row["n"]
    return counts


def deck_views(user: Any, couple: Couple, settings: Any = None) -> list[DeckView]:
    """Every deck `user` can see: the library's first, then the couple's own.
    A fixed number of queries, whatever the number of decks."""
    if settings is None:
        settings, _saved = daily.settings_of(couple)
    off = {str(d) for d in settings.decks_off}
    library_counts = _counts(
        LibraryQuestion.objects.filter(retired=False)
        .values("deck_id", "tier")
        .annotate(n=Count("pk"))
        .order_by(),
        "deck_id",
    )
    own_decks = list(
        OwnDeck.objects.visible_to(user).filter(couple=couple).select_related("author")
    )
    own_counts = _counts(
        OwnQuestion.objects.visible_to(user)
        .filter(deck__in=[d.pk for d in own_decks])
        .values("deck_id", "tier")
        .annotate(n=Count("pk"))
        .order_by(),
        "deck_id",
    )
    views = [
        DeckView(
            id=deck.pk,
            name=deck.name,
            description=deck.description,
            source="Tending",
            is_own=False,
            is_mine=False,
            visibility=Visibility.PARTNER,
            author_name="",
            counts=library_counts.get(deck.pk, dict.fromkeys(Tier.values, 0)),
            in_rotation=str(deck.pk) not in off,
        )
        for deck in LibraryDeck.objects.filter(retired=False)
    ]
    for deck in own_decks:
        shared = deck.visibility in SHARED_WITH_PARTNER
        views.append(
            DeckView(
                id=deck.pk,
                name=deck.name,
                description=deck.description,
                source=deck.source,
                is_own=True,
                is_mine=deck.author_id == user.pk,
                visibility=deck.visibility,
                author_name=deck.author.display_name,
                counts=own_counts.get(deck.pk, dict.fromkeys(Tier.values, 0)),
                in_rotation=shared and str(deck.pk) not in off,
            )
        )
    return views


def find_deck(user: Any, deck_id: Any) -> LibraryDeck | OwnDeck:
    """A library deck (anyone's to read) or an own deck `user` may see; 404 otherwise."""
    own = OwnDeck.objects.visible_to(user).filter(pk=deck_id).select_related("author").first()
    if own is not None:
        return own
    library = LibraryDeck.objects.filter(pk=deck_id, retired=False).first()
    if library is None:
        raise Http404
    return library


def questions_of(user: Any, deck: LibraryDeck | OwnDeck) -> list[Any]:
    if isinstance(deck, OwnDeck):
        return list(OwnQuestion.objects.visible_to(user).filter(deck=deck))
    return list(LibraryQuestion.objects.filter(deck=deck, retired=False))


def own_deck_for_writing(user: Any, deck_id: Any) -> OwnDeck:
    """The author's own deck; 404 for anyone who cannot see it, 403 for the
    partner who can see it but did not write it."""
    deck = find_deck(user, deck_id)  # 404 first: existence is not revealed
    daily.writer(user)
    if not isinstance(deck, OwnDeck) or deck.author_id != user.pk:
        raise CoupleActionRefused(_("Only the partner who wrote this deck can change it."), 403)
    return OwnDeck.objects.writable_by(user).get(pk=deck.pk)


def _clean(value: str | None, max_length: int, what: str, required: bool = True) -> str:
    if not required and not (value or "").strip():
        return ""
    try:
        return clean_partner_text(value, max_length)
    except TextRefused as refusal:
        raise CoupleActionRefused(f"{what}: {refusal}", status=400) from None


def _visibility(value: str) -> str:
    if value not in Visibility.values:
        raise CoupleActionRefused(_("Choose who can see the deck."), status=400)
    return value


def _tier_theme(tier: str, theme: str) -> tuple[str, str]:
    if tier not in Tier.values:
        raise CoupleActionRefused(_("Choose the depth: light, personal or deep."), status=400)
    if theme and theme not in Theme.values:
        raise CoupleActionRefused(_("Choose one of the themes, or none."), status=400)
    return tier, theme


def _name_taken(user: Any, couple: Couple, name: str, but: Any = None) -> bool:
    taken = OwnDeck.objects.visible_to(user).filter(couple=couple, name__iexact=name)
    if but is not None:
        taken = taken.exclude(pk=but)
    return taken.exists() or LibraryDeck.objects.filter(name__iexact=name, retired=False).exists()


def create_deck(
    user: Any, name: str, description: str = "", visibility: str = Visibility.PARTNER
) -> OwnDeck:
    membership = daily.writer(user)
    couple = membership.couple
    name = _clean(name, MAX_DECK_NAME_LENGTH, _("Name"))
    description = _clean(description, MAX_DECK_DESCRIPTION_LENGTH, _("Description"), False)
    if _name_taken(user, couple, name):
        raise CoupleActionRefused(
            _("There is already a deck called %(name)s.") % {"name": name}, status=409
        )
    if OwnDeck.objects.visible_to(user).filter(couple=couple).count() >= MAX_OWN_DECKS:
        raise CoupleActionRefused(_("You have as many decks as fit; delete one first."), 409)
    return OwnDeck.objects.create(
        couple=couple,
        author=user,
        name=name,
        description=description,
        visibility=_visibility(visibility),
    )


def update_deck(user: Any, deck_id: Any, name: str, description: str, visibility: str) -> OwnDeck:
    deck = own_deck_for_writing(user, deck_id)
    name = _clean(name, MAX_DECK_NAME_LENGTH, _("Name"))
    description = _clean(description, MAX_DECK_DESCRIPTION_LENGTH, _("Description"), False)
    if _name_taken(user, deck.couple, name, but=deck.pk):
        raise CoupleActionRefused(
            _("There is already a deck called %(name)s.") % {"name": name}, status=409
        )
    visibility = _visibility(visibility)
    with transaction.atomic():
        changed_pool = visibility != deck.visibility
        deck.name, deck.description, deck.visibility = name, description, visibility
        deck.save()
        # A question is seen by whoever can see its deck.
        OwnQuestion.objects.writable_by(user).filter(deck=deck).update(visibility=visibility)
        if changed_pool:
            daily.replan_now(user, deck.couple)
    return deck


def delete_deck(user: Any, deck_id: Any) -> None:
    deck = own_deck_for_writing(user, deck_id)
    with transaction.atomic():
        deck.delete()
        daily.replan_now(user, deck.couple)


def add_question(user: Any, deck_id: Any, text: str, tier: str, theme: str = "") -> OwnQuestion:
    deck = own_deck_for_writing(user, deck_id)
    text = _clean(text, MAX_QUESTION_LENGTH, _("Question"))
    tier, theme = _tier_theme(tier, theme)
    existing = OwnQuestion.objects.writable_by(user).filter(deck=deck)
    if existing.count() >= deckfile.MAX_QUESTIONS:
        raise CoupleActionRefused(_("This deck is full (500 questions)."), status=409)
    if existing.filter(text__iexact=text).exists():
        raise CoupleActionRefused(_("This deck already has that question."), status=409)
    with transaction.atomic():
        last = existing.aggregate(last=Max("position"))["last"]
        question = OwnQuestion.objects.create(
            couple=deck.couple,
            author=user,
            deck=deck,
            text=text,
            tier=tier,
            theme=theme,
            position=(last or 0) + 1,
            visibility=deck.visibility,
        )
        if deck.visibility in SHARED_WITH_PARTNER:
            daily.replan_now(user, deck.couple)
    return question


def own_question_for_writing(user: Any, question_id: Any) -> OwnQuestion:
    question = OwnQuestion.objects.visible_to(user).filter(pk=question_id).first()
    if question is None:
        raise Http404
    daily.writer(user)
    if question.author_id != user.pk:
        raise CoupleActionRefused(_("Only the partner who wrote this deck can change it."), 403)
    return OwnQuestion.objects.writable_by(user).select_related("deck").get(pk=question.pk)


def update_question(
    user: Any, question_id: Any, text: str, tier: str, theme: str = ""
) -> OwnQuestion:
    question = own_question_for_writing(user, question_id)
    text = _clean(text, MAX_QUESTION_LENGTH, _("Question"))
    tier, theme = _tier_theme(tier, theme)
    clash = (
        OwnQuestion.objects.writable_by(user)
        .filter(deck=question.deck, text__iexact=text)
        .exclude(pk=question.pk)
    )
    if clash.exists():
        raise CoupleActionRefused(_("This deck already has that question."), status=409)
    with transaction.atomic():
        tier_changed = tier != question.tier
        question.text, question.tier, question.theme = text, tier, theme
        question.save()
        if tier_changed and question.visibility in SHARED_WITH_PARTNER:
            daily.replan_now(user, question.couple)
    return question


def delete_question(user: Any, question_id: Any) -> OwnDeck:
    question = own_question_for_writing(user, question_id)
    with transaction.atomic():
        question.delete()
        if question.visibility in SHARED_WITH_PARTNER:
            daily.replan_now(user, question.couple)
    return question.deck


# --- Import and export -------------------------------------------------------------


def import_deck(
    user: Any, deck: deckfile.DeckFile, visibility: str = Visibility.PARTNER
) -> OwnDeck:
    """Store a checked deck file as an own deck: all of it or nothing."""
    membership = daily.writer(user)
    couple = membership.couple
    if _name_taken(user, couple, deck.name):
        raise CoupleActionRefused(
            _(
                "There is already a deck called %(name)s: rename the deck in the file, "
                "or delete the one you have."
            )
            % {"name": deck.name},
            status=409,
        )
    if OwnDeck.objects.visible_to(user).filter(couple=couple).count() >= MAX_OWN_DECKS:
        raise CoupleActionRefused(_("You have as many decks as fit; delete one first."), 409)
    visibility = _visibility(visibility)
    with transaction.atomic():
        own = OwnDeck.objects.create(
            couple=couple,
            author=user,
            name=deck.name,
            description=deck.description,
            source=deck.source,
            visibility=visibility,
        )
        OwnQuestion.objects.bulk_create(
            OwnQuestion(
                couple=couple,
                author=user,
                deck=own,
                text=q.text,
                tier=q.tier,
                theme=q.theme,
                position=index,
                visibility=visibility,
            )
            for index, q in enumerate(deck.questions, start=1)
        )
        if visibility in SHARED_WITH_PARTNER:
            daily.replan_now(user, couple)
    return own


def export_deck(user: Any, deck_id: Any) -> tuple[str, str]:
    """(file name, JSON text) of any deck `user` can see."""
    deck = find_deck(user, deck_id)
    questions = questions_of(user, deck)
    is_library = isinstance(deck, LibraryDeck)
    data = deckfile.DeckFile(
        name=deck.name,
        description=deck.description,
        source=deck.source if isinstance(deck, OwnDeck) else "Tending",
        key=deck.key if isinstance(deck, LibraryDeck) else "",
        questions=[
            deckfile.DeckQuestion(
                text=q.text, tier=q.tier, theme=q.theme, key=q.key if is_library else ""
            )
            for q in questions
        ],
    )
    filename = f"{slugify(deck.name) or 'deck'}.tending-deck.json"
    return filename, deckfile.to_json(data)


def shared_own_decks(user: Any, couple: Couple) -> Any:
    return OwnDeck.objects.visible_to(user).filter(
        Q(couple=couple) & Q(visibility__in=SHARED_WITH_PARTNER)
    )
