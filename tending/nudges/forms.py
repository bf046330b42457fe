from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tending.lib.weekdays import WEEKDAY_NAMES as _NAMES
from tending.nudges.kinds import Kind
from tending.nudges.models import NudgeSettings
from tending.nudges.preferences import Effective

WEEKDAYS = _NAMES
LEAD_CHOICES = [
    (0, _("at the time")),
    (15, _("15 minutes before")),
    (30, _("30 minutes before")),
    (60, _("an hour before")),
    (120, _("two hours before")),
    (24 * 60, _("the day before")),
]


class SettingsForm(forms.ModelForm[NudgeSettings]):
    class Meta:
        model = NudgeSettings
        fields = ["enabled", "email", "push", "quiet_start", "quiet_end", "daily_cap"]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "daily_cap": forms.NumberInput(attrs={"min": 1, "max": 20}),
        }
        help_texts = {
            "quiet_start": _(
                "Nothing arrives during your quiet hours: it waits until they end, or comes "
                "just before them if it would be too late by then."
            ),
            "daily_cap": _(
                "Reminders only: what your partner sends you and the weekly digest "
                "always come through."
            ),
        }

    def clean_daily_cap(self) -> int:
        cap = self.cleaned_data["daily_cap"]
        if not 1 <= cap <= 20:
            raise forms.ValidationError(_("Choose between 1 and 20 a day."))
        return int(cap)


class KindForm(forms.Form):
    """One kind of nudge, for one partner: on or off, and its time."""

    enabled = forms.BooleanField(required=False)
    at = forms.TimeField(
        required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, required=False)
    lead_minutes = forms.TypedChoiceField(choices=LEAD_CHOICES, coerce=int, required=False)

    def __init__(self, *args: Any, kind: Kind, current: Effective, **kwargs: Any) -> None:
        initial = {
            "enabled": current.enabled,
            "at": current.at,
            "weekday": current.weekday,
            "lead_minutes": current.lead_minutes,
        }
        kwargs.update(prefix=kind.slug, initial=initial)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.current = current
        if not kind.has_time:
            del self.fields["at"]
        if kind.schedule != "weekly" or kind.slug == "pulse_open":
            # The Pulse comes on the couple's own check-in day.
            del self.fields["weekday"]
        if kind.schedule != "at":
            del self.fields["lead_minutes"]
        for name, field in self.fields.items():
            field.label = {  # type: ignore[assignment]
                "enabled": kind.label,
                "at": _("at"),
                "weekday": _("on"),
                "lead_minutes": _("when"),
            }[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "at" in self.fields and cleaned.get("at") is None:
            cleaned["at"] = self.current.at
        if "weekday" in self.fields and cleaned.get("weekday") in (None, ""):
            cleaned["weekday"] = self.current.weekday
        if "lead_minutes" in self.fields and cleaned.get("lead_minutes") in (None, ""):
            cleaned["lead_minutes"] = self.current.lead_minutes
        return cleaned
