from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import Visibility
from tending.lib.usertext import TextRefused, clean_partner_text
from tending.share import deckfile
from tending.share.models import (
    MAX_ANSWER_LENGTH,
    MAX_DECK_DESCRIPTION_LENGTH,
    MAX_DECK_NAME_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_REPLY_LENGTH,
    ResponseKind,
    Theme,
    Tier,
)


class PartnerTextField(forms.CharField):
    """Free text written to the partner: the same rules as the API."""

    def __init__(self, max_length: int, rows: int = 4, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not self.required and not (value or "").strip():
            return ""
        try:
            return clean_partner_text(value, self.max_length or 0)
        except TextRefused as refusal:
            raise forms.ValidationError(str(refusal), code="text") from None


class AnswerForm(forms.Form):
    text = PartnerTextField(
        MAX_ANSWER_LENGTH,
        rows=5,
        label=_("Your answer"),
        help_text=_("Only you can read it until you have both answered."),
    )
    # The question the person saw: a swap by the partner meanwhile is caught.
    ref = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    text = PartnerTextField(MAX_REPLY_LENGTH, rows=3, label=_("Add to the conversation"))


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(choices=ResponseKind.choices)
    on = forms.BooleanField(required=False)


VISIBILITY_CHOICES = [
    (Visibility.PARTNER.value, _("Both of us")),
    (Visibility.PARTNER_THERAPIST.value, _("Both of us and our therapist")),
    (Visibility.PRIVATE.value, _("Only me, for now (a draft: not asked yet)")),
]


class DeckForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_DECK_NAME_LENGTH)
    description = forms.CharField(
        label=_("What is it about? (optional)"),
        max_length=MAX_DECK_DESCRIPTION_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=VISIBILITY_CHOICES,
        initial=Visibility.PARTNER,
        widget=forms.RadioSelect,
        help_text=_("Questions are asked from a deck once both of you can see it."),
    )


THEME_CHOICES = [("", _("No particular theme")), *Theme.choices]


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question"),
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tier = forms.ChoiceField(
        label=_("How deep"), choices=Tier.choices, initial=Tier.LIGHT, widget=forms.RadioSelect
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=THEME_CHOICES, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("A deck file (.json)"), required=False)
    pasted = forms.CharField(
        label=_("…or paste the deck's JSON here"),
        required=False,
        max_length=deckfile.MAX_FILE_BYTES,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=VISIBILITY_CHOICES,
        initial=Visibility.PARTNER,
        widget=forms.RadioSelect,
    )

    def deck(self) -> deckfile.DeckFile:
        """The checked deck, or a form error naming the problem."""
        upload = self.cleaned_data.get("file")
        pasted = self.cleaned_data.get("pasted") or ""
        try:
            if upload is not None:
                deckfile.check_size(upload.size or 0)
                return deckfile.parse_bytes(upload.read(deckfile.MAX_FILE_BYTES + 1))
            if pasted.strip():
                return deckfile.parse_text(pasted)
        except deckfile.DeckFileRefused as refusal:
            raise forms.ValidationError(refusal.message, code="deck") from None
        raise forms.ValidationError(_("Choose a deck file, or paste one."), code="missing")


class ChoicesForm(forms.Form):
    tiers = forms.MultipleChoiceField(
        label=_("How deep may the questions go?"),
        choices=Tier.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one depth of question.")},
    )
    decks = forms.MultipleChoiceField(
        label=_("Ask from these decks"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, deck_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decks: Any = self.fields["decks"]
        decks.choices = deck_choices
