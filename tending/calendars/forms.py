from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tending.calendars.models import PlanningHours

HOUR_CHOICES = [(h, f"{h:02d}:00") for h in range(25)]


class SubscriptionForm(forms.Form):
    name = forms.CharField(label=_("A name for it"), max_length=60, initial=_("Work"))
    url = forms.CharField(
        label=_("Secret address in iCal format"),
        max_length=2000,
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "In Google Calendar: Settings → your calendar → “Secret address in iCal "
            "format”. Apple, Outlook and Nextcloud call it a subscription or ICS link."
        ),
    )


class UploadForm(forms.Form):
    name = forms.CharField(label=_("A name for it"), max_length=60, initial=_("My calendar"))
    file = forms.FileField(
        label=_("Calendar file (.ics)"),
        help_text=_("Exported from your calendar app; up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )


class ReplaceForm(forms.Form):
    file = UploadForm.base_fields["file"]


class HoursForm(forms.ModelForm[PlanningHours]):
    class Meta:
        model = PlanningHours
        fields = ["weekday_from", "weekday_to", "weekend_from", "weekend_to", "min_minutes"]
        widgets = {
            "weekday_from": forms.Select(choices=HOUR_CHOICES[:24]),
            "weekday_to": forms.Select(choices=HOUR_CHOICES[1:]),
            "weekend_from": forms.Select(choices=HOUR_CHOICES[:24]),
            "weekend_to": forms.Select(choices=HOUR_CHOICES[1:]),
            "min_minutes": forms.Select(
                choices=[(m, _("%(n)d minutes") % {"n": m}) for m in (15, 30, 45, 60, 90, 120)]
            ),
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for part, label in (("weekday", _("weekdays")), ("weekend", _("weekends"))):
            start, end = data.get(f"{part}_from"), data.get(f"{part}_to")
            if isinstance(start, int) and isinstance(end, int) and start >= end:
                raise forms.ValidationError(
                    _("On %(days)s, the end must come after the start.") % {"days": label}
                )
        minutes = data.get("min_minutes")
        if isinstance(minutes, int) and not 15 <= minutes <= 480:
            raise forms.ValidationError(_("Pick a length from 15 minutes to 8 hours."))
        return data
