"""The Balance forms: a quick log, a timer, an entry, the aim."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tending.balance.models import MAX_CATEGORY_LENGTH, MAX_DAY_MINUTES, Kind

QUICK_MINUTES = (15, 30, 45, 60, 90, 120)


class LogForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Whose time"), choices=Kind.choices, initial=Kind.SELF, widget=forms.RadioSelect
    )
    category = forms.CharField(
        label=_("What"),
        max_length=MAX_CATEGORY_LENGTH,
        widget=forms.TextInput(attrs={"list": "balance-categories", "autocomplete": "off"}),
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=MAX_DAY_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    on = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))


class EntryForm(forms.Form):
    category = forms.CharField(label=_("What"), max_length=MAX_CATEGORY_LENGTH)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=MAX_DAY_MINUTES)
    on = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))


class TimerForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.SELF, widget=forms.RadioSelect)
    category = forms.CharField(max_length=MAX_CATEGORY_LENGTH)


class AimForm(forms.Form):
    self_hours = forms.DecimalField(
        label=_("For me: about how many hours a week?"),
        min_value=0,
        max_value=168,
        decimal_places=1,
        max_digits=4,
    )
    couple_hours = forms.DecimalField(
        label=_("With us: about how many hours a week?"),
        min_value=0,
        max_value=168,
        decimal_places=1,
        max_digits=4,
    )

    def minutes(self) -> dict[str, Any]:
        return {
            "self_minutes": int(self.cleaned_data["self_hours"] * 60),
            "couple_minutes": int(self.cleaned_data["couple_hours"] * 60),
        }
