"""Share pages about decks: the list, one deck, writing, importing, exporting,
and the couple's choice of depths and decks."""

from __future__ import annotations

from typing import Any, NoReturn

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.couples.access import couple_required
from tending.couples.services import CoupleActionRefused
from tending.lib.http import AuthenticatedRequest
from tending.share import daily, decks
from tending.share.forms import ChoicesForm, DeckForm, ImportForm, QuestionForm
from tending.share.models import TIER_HELP, OwnDeck, Tier


def _refused(refusal: CoupleActionRefused) -> NoReturn:
    """Turn a refusal that has no form to show it into an error page: 403
    for the partner who may read a deck but did not write it."""
    if refusal.status == 403:
        raise PermissionDenied(refusal.message)
    raise BadRequest(refusal.message)


@couple_required
@require_GET
def deck_list(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    context = {
        "decks": decks.deck_views(request.user, membership.couple),
        "form": DeckForm(),
        "tiers": Tier.choices,
        "current": "decks",
    }
    return render(request, "share/decks.html", context)


@couple_required
@require_POST
def deck_create(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    form = DeckForm(request.POST)
    if form.is_valid():
        try:
            deck = decks.create_deck(request.user, **form.cleaned_data)
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your deck is ready: add its first question."))
            return redirect("share:deck", deck_id=deck.pk)
    context = {
        "decks": decks.deck_views(request.user, membership.couple),
        "form": form,
        "tiers": Tier.choices,
        "current": "decks",
    }
    return render(request, "share/decks.html", context, status=400)


def _deck_page(
    request: AuthenticatedRequest, deck_id: Any, form: QuestionForm | None = None, status: int = 200
) -> HttpResponse:
    deck = decks.find_deck(request.user, deck_id)
    is_own = isinstance(deck, OwnDeck)
    context = {
        "deck": deck,
        "is_own": is_own,
        "is_mine": isinstance(deck, OwnDeck) and deck.author_id == request.user.pk,
        "questions": decks.questions_of(request.user, deck),
        "form": form or QuestionForm(),
        "current": "decks",
    }
    return render(request, "share/deck.html", context, status=status)


@couple_required
@require_GET
def deck_page(request: AuthenticatedRequest, deck_id: Any) -> HttpResponse:
    return _deck_page(request, deck_id)


@couple_required
@require_http_methods(["GET", "POST"])
def deck_edit(request: AuthenticatedRequest, deck_id: Any) -> HttpResponse:
    try:
        deck = decks.own_deck_for_writing(request.user, deck_id)
    except CoupleActionRefused as refusal:
        _refused(refusal)
    initial = {"name": deck.name, "description": deck.description, "visibility": deck.visibility}
    form = DeckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decks.update_deck(request.user, deck.pk, **form.cleaned_data)
        except CoupleActionRefused as refusal:
            if refusal.status == 403:
                _refused(refusal)
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("share:deck", deck_id=deck.pk)
    status = 400 if request.method == "POST" else 200
    context = {"deck": deck, "form": form, "current": "decks"}
    return render(request, "share/deck_form.html", context, status=status)


@couple_required
@require_POST
def deck_delete(request: AuthenticatedRequest, deck_id: Any) -> HttpResponse:
    try:
        decks.delete_deck(request.user, deck_id)
    except CoupleActionRefused as refusal:
        _refused(refusal)
    messages.success(
        request, _("The deck is deleted. Days that asked from it keep their question.")
    )
    return redirect("share:decks")


@couple_required
@require_GET
def deck_export(request: AuthenticatedRequest, deck_id: Any) -> HttpResponse:
    filename, text = decks.export_deck(request.user, deck_id)
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@couple_required
@require_POST
def question_add(request: AuthenticatedRequest, deck_id: Any) -> HttpResponse:
    decks.find_deck(request.user, deck_id)  # 404 before anything else
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            decks.add_question(request.user, deck_id, **form.cleaned_data)
        except CoupleActionRefused as refusal:
            if refusal.status == 403:
                _refused(refusal)
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Question added."))
            return redirect("share:deck", deck_id=deck_id)
    return _deck_page(request, deck_id, form=form, status=400)


@couple_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedRequest, question_id: Any) -> HttpResponse:
    try:
        question = decks.own_question_for_writing(request.user, question_id)
    except CoupleActionRefused as refusal:
        _refused(refusal)
    initial = {"text": question.text, "tier": question.tier, "theme": question.theme}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decks.update_question(request.user, question.pk, **form.cleaned_data)
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("share:deck", deck_id=question.deck_id)
    status = 400 if request.method == "POST" else 200
    context = {"question": question, "form": form, "current": "decks"}
    return render(request, "share/question_form.html", context, status=status)


@couple_required
@require_POST
def question_delete(request: AuthenticatedRequest, question_id: Any) -> HttpResponse:
    try:
        deck = decks.delete_question(request.user, question_id)
    except CoupleActionRefused as refusal:
        _refused(refusal)
    messages.success(request, _("Question deleted."))
    return redirect("share:deck", deck_id=deck.pk)


@couple_required
@require_http_methods(["GET", "POST"])
def deck_import(request: AuthenticatedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            parsed = form.deck()
            deck = decks.import_deck(
                request.user, parsed, visibility=form.cleaned_data["visibility"]
            )
        except forms.ValidationError as problem:
            form.add_error(None, problem)
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Imported “%(name)s” with %(count)d questions.")
                % {"name": deck.name, "count": deck.questions.count()},
            )
            return redirect("share:deck", deck_id=deck.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "current": "decks"}
    return render(request, "share/import.html", context, status=status)


@couple_required
@require_http_methods(["GET", "POST"])
def choices(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    couple = membership.couple
    settings, _saved = daily.settings_of(couple)
    all_decks = decks.deck_views(request.user, couple, settings)
    askable = [d for d in all_decks if d.is_shared]
    initial = {
        "tiers": settings.tiers,
        "decks": [str(d.id) for d in askable if d.in_rotation],
    }
    form = ChoicesForm(
        request.POST or None,
        initial=initial,
        deck_choices=[(str(d.id), d.name) for d in askable],
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["decks"])
        off = [str(d.id) for d in askable if str(d.id) not in chosen]
        try:
            daily.save_choices(request.user, form.cleaned_data["tiers"], off)
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("Saved. Today's question stays; your choices apply from tomorrow.")
            )
            return redirect("share:choices")
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "decks": {str(d.id): d for d in askable},
        "tier_help": TIER_HELP,
        "current": "choices",
    }
    return render(request, "share/choices.html", context, status=status)
