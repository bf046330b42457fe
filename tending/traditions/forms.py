"""The Traditions forms: a tradition and its schedule, a mark, a meaning."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import Visibility
from tending.couples.models import Couple
from tending.couples.services import CoupleActionRefused
from tending.lib.usertext import TextRefused, clean_partner_text
from tending.lib.weekdays import WEEKDAY_NAMES as _NAMES
from tending.lib.weekdays import WEEKDAY_SHORT as _SHORT
from tending.traditions import recurrence, services
from tending.traditions.models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_DURATION_MINUTES,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    SHARED_CHOICES,
    Schedule,
)

REPEAT_CHOICES = [
    ("once", _("Just once")),
    ("daily", _("Every day (or every few days)")),
    ("weekly", _("Every week, on chosen days")),
    ("monthly_date", _("Every month, on the same date")),
    ("monthly_weekday", _("Every month, on a weekday (like the second Sunday)")),
    ("yearly", _("Every year")),
    ("custom", _("My own rule (RRULE)")),
]
WEEKDAY_CHOICES = _SHORT
WEEKDAY_NAMES = _NAMES
ORDINAL_CHOICES = [
    (1, _("first")),
    (2, _("second")),
    (3, _("third")),
    (4, _("fourth")),
    (-1, _("last")),
]


class PlainTextField(forms.CharField):
    """Free text with the same rules as the API (no markup, no control characters)."""

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        try:
            return clean_partner_text(value, self.max_length or MAX_DESCRIPTION_LENGTH)
        except TextRefused as refusal:
            raise forms.ValidationError(str(refusal), code="text") from None


class TraditionForm(forms.Form):
    name = PlainTextField(label=_("Name"), max_length=MAX_NAME_LENGTH)
    description = PlainTextField(
        label=_("What you do, and why it is yours (optional)"),
        max_length=MAX_DESCRIPTION_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    repeat = forms.ChoiceField(label=_("How often"), choices=REPEAT_CHOICES, initial="weekly")
    interval = forms.IntegerField(
        label=_("Every how many (days, weeks, months or years)"),
        min_value=1,
        max_value=recurrence.MAX_INTERVAL,
        initial=1,
        required=False,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On which days"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Left empty, they mean "as on the first day" (None), never "" in a rule.
    ordinal = forms.TypedChoiceField(
        label=_("Which one in the month"),
        choices=ORDINAL_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=WEEKDAY_NAMES, coerce=int, required=False, empty_value=None
    )
    first_day = forms.DateField(
        label=_("Starting on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    time_of_day = forms.TimeField(
        label=_("At (optional: leave empty for the whole day)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("For how many minutes (optional)"),
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        required=False,
    )
    rule = forms.CharField(
        label=_("Repeat rule (RFC 5545 RRULE)"),
        max_length=recurrence.MAX_RULE_LENGTH,
        required=False,
        help_text=_("Only for “My own rule”, for example FREQ=MONTHLY;BYDAY=-1FR."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=SHARED_CHOICES, initial=Visibility.PARTNER
    )

    def __init__(self, *args: Any, couple: Couple, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.couple = couple
        self.schedule: services.ScheduleInput | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first_day: date | None = data.get("first_day")
        repeat = data.get("repeat")
        if first_day is None or repeat is None:
            return data
        if repeat == "custom":
            text = data.get("rule") or ""
            if not text.strip():
                self.add_error("rule", _("Write the rule, or choose one of the simple repeats."))
                return data
        else:
            text = recurrence.build_rule(
                repeat,
                first_day,
                interval=data.get("interval") or 1,
                weekdays=data.get("weekdays") or None,
                ordinal=data.get("ordinal"),
                weekday=data.get("weekday"),
            )
        given = services.ScheduleInput(
            text, first_day, data.get("time_of_day"), data.get("duration_minutes")
        )
        try:
            services.check_schedule(given, self.couple)
        except CoupleActionRefused as refusal:
            self.add_error("rule" if repeat == "custom" else "repeat", refusal.message)
            return data
        self.schedule = given
        return data

    @classmethod
    def initial_for(cls, tradition: Any, schedule: Schedule) -> dict[str, Any]:
        friendly = recurrence.read_rule(schedule.rule)
        rule = schedule.rule
        if schedule.last_day is not None:
            # The simple choices have no end date: show the whole rule instead.
            friendly = None
            rule += f";UNTIL={schedule.last_day:%Y%m%d}"
        initial: dict[str, Any] = {
            "name": tradition.name,
            "description": tradition.description,
            "visibility": tradition.visibility,
            "first_day": schedule.first_day,
            "time_of_day": schedule.time_of_day,
            "duration_minutes": schedule.duration_minutes,
            "rule": rule,
        }
        if friendly is None:
            initial["repeat"] = "custom"
        else:
            initial.update(
                repeat=friendly.repeat,
                interval=friendly.interval,
                weekdays=list(friendly.weekdays),
                ordinal=friendly.ordinal,
                weekday=friendly.weekday,
            )
        return initial


class MarkForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("done", _("Done")), ("skipped", _("Skipped")), ("", _("Not marked"))],
        required=False,
    )
    note = PlainTextField(
        label=_("A note (optional)"),
        max_length=MAX_NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MeaningForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("How much does this mean to you?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    visibility = forms.ChoiceField(
        label=_("Who can see your answer"), choices=Visibility.choices, initial=Visibility.PARTNER
    )


class FeedDetailsForm(forms.Form):
    include_details = forms.BooleanField(required=False)
