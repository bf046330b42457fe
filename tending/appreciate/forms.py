from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tending.appreciate.models import (
    MAX_NOTE_LENGTH,
    SHARED_CHOICES,
    AppreciationKind,
    BreakMinutes,
    Reaction,
)
from tending.couples.boundary import Visibility
from tending.lib.usertext import TextRefused, clean_partner_text


class PartnerTextField(forms.CharField):
    """A free-text box written to the partner: same rules as the API."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_NOTE_LENGTH)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        try:
            return clean_partner_text(value, MAX_NOTE_LENGTH)
        except TextRefused as refusal:
            raise forms.ValidationError(str(refusal), code="text") from None


class AppreciationForm(forms.Form):
    text = PartnerTextField(label=_("What did you appreciate?"))
    kind = forms.ChoiceField(
        label=_("It is mostly…"),
        choices=[("", _("Just a note")), *AppreciationKind.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=SHARED_CHOICES,
        initial=Visibility.PARTNER,
        required=False,
    )

    def clean_visibility(self) -> str:
        return self.cleaned_data.get("visibility") or Visibility.PARTNER


class ReactionForm(forms.Form):
    reaction = forms.ChoiceField(choices=[("", ""), *Reaction.choices], required=False)


class GoodNewsForm(forms.Form):
    text = PartnerTextField(label=_("What happened?"))
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=SHARED_CHOICES,
        initial=Visibility.PARTNER,
        required=False,
    )

    def clean_visibility(self) -> str:
        return self.cleaned_data.get("visibility") or Visibility.PARTNER


class ReplyForm(forms.Form):
    text = PartnerTextField(label=_("Your answer"))


class BreakForm(forms.Form):
    minutes = forms.TypedChoiceField(choices=BreakMinutes.choices, coerce=int)
