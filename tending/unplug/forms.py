"""The Unplug forms: a commitment, a kept-or-not answer, the weekly rating, a start."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import Visibility
from tending.lib.usertext import TextRefused, clean_partner_text
from tending.lib.weekdays import WEEKDAY_SHORT as _SHORT
from tending.unplug.models import MAX_TEXT_LENGTH

WEEKDAY_CHOICES = _SHORT
RATING_CHOICES = [
    (0, _("0 · not at all")),
    (1, _("1 · a little")),
    (2, _("2 · somewhat")),
    (3, _("3 · quite a lot")),
    (4, _("4 · a lot")),
]
PLANNED_CHOICES = [
    ("", _("Open-ended")),
    (30, _("30 minutes")),
    (60, _("1 hour")),
    (90, _("1½ hours")),
    (120, _("2 hours")),
]


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("What do you agree on?"),
        max_length=MAX_TEXT_LENGTH,
        help_text=_("For example: phones out of the bedroom, or no phones at dinner."),
    )
    starts = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("An end before the start runs past midnight (22:00 until 07:00)."),
    )
    days = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        initial=list(range(7)),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day of the week.")},
    )

    def clean_text(self) -> str:
        try:
            return clean_partner_text(self.cleaned_data.get("text"), MAX_TEXT_LENGTH)
        except TextRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") is not None and data.get("starts") == data.get("ends"):
            self.add_error("ends", _("The window needs an end different from its start."))
        return data


class CheckForm(forms.Form):
    kept = forms.TypedChoiceField(
        choices=[("yes", _("Kept")), ("no", _("Not this time"))],
        coerce=lambda value: value == "yes",
    )
    night = forms.DateField(required=False)
    share = forms.BooleanField(required=False)

    @property
    def visibility(self) -> str:
        return Visibility.PARTNER if self.cleaned_data.get("share") else Visibility.PRIVATE


class RatingForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("How much did phones get in the way of us this week?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    week_start = forms.DateField(widget=forms.HiddenInput)
    share = forms.BooleanField(label=_("Let my partner see my answer"), required=False)

    @property
    def visibility(self) -> str:
        return Visibility.PARTNER if self.cleaned_data.get("share") else Visibility.PRIVATE


class StartForm(forms.Form):
    planned_minutes = forms.TypedChoiceField(
        label=_("For how long?"),
        choices=PLANNED_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )
