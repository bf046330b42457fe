"""The check-in, the daily tap and the settings, as forms for the pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tending.couples.boundary import Visibility
from tending.pulse import questions as q
from tending.pulse.models import CheckIn, CheckInReflection
from tending.pulse.services import Answers
from tending.pulse.weeks import WEEKDAY_CHOICES

SHARE_NOTE_CHOICES = [
    (Visibility.PRIVATE.value, _("Just for me")),
    (Visibility.PARTNER.value, _("Share with my partner")),
    (Visibility.PARTNER_THERAPIST.value, _("Share with my partner and our therapist")),
]


def _scale(choices: list[tuple[int, Any]], label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose an answer.")},
    )


class CheckInForm(forms.Form):
    """One field per question. Rendered by hand in pulse/checkin.html so that each
    question is a fieldset with a legend and the circles are a picture."""

    closeness = forms.TypedChoiceField(
        label=_("How close did you feel to your partner this week?"),
        choices=[(c.value, c.label) for c in q.circles()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the picture that fits.")},
    )
    feelings = forms.MultipleChoiceField(
        label=_("Up to three words for your week (optional)"),
        choices=q.FEELINGS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("A note (optional)"),
        required=False,
        max_length=q.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note_visibility = forms.ChoiceField(
        label=_("Who sees your words and note"),
        choices=SHARE_NOTE_CHOICES,
        initial=Visibility.PRIVATE.value,
        widget=forms.RadioSelect,
    )
    share_with_therapist = forms.BooleanField(
        label=_("Our therapist may see my answers too (if we have invited one)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for sign in q.SIGNS:
            self.fields[sign.key] = _scale(q.SIGN_CHOICES, sign.question)
        for item in q.SATISFACTION_ITEMS:
            self.fields[item.key] = _scale(q.SATISFACTION_CHOICES, item.question)

    @classmethod
    def initial_from(cls, checkin: CheckIn | None, reflection: CheckInReflection | None) -> dict:
        if checkin is None:
            return {}
        initial: dict[str, Any] = {key: checkin.metric(key) for key in q.SIGN_KEYS}
        initial.update({key: getattr(checkin, key) for key in q.SATISFACTION_KEYS})
        initial["closeness"] = checkin.closeness
        initial["share_with_therapist"] = checkin.visibility == Visibility.PARTNER_THERAPIST
        if reflection is not None:
            initial.update(
                feelings=reflection.feeling_keys,
                note=reflection.note,
                note_visibility=reflection.visibility,
            )
        return initial

    def clean_feelings(self) -> list[str]:
        feelings = self.cleaned_data["feelings"]
        if len(feelings) > q.MAX_FEELINGS:
            raise forms.ValidationError(_("Choose up to three words."))
        return feelings

    def sign_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in q.SIGN_KEYS]

    def satisfaction_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in q.SATISFACTION_KEYS]

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            signs={key: data[key] for key in q.SIGN_KEYS},
            closeness=data["closeness"],
            satisfaction_items={key: data[key] for key in q.SATISFACTION_KEYS},
            visibility=(
                Visibility.PARTNER_THERAPIST if data["share_with_therapist"] else Visibility.PARTNER
            ),
            feelings=tuple(data["feelings"]),
            note=data["note"],
            reflection_visibility=data["note_visibility"],
        )


class TapForm(forms.Form):
    closeness = forms.TypedChoiceField(
        choices=[(c.value, c.label) for c in q.circles()], coerce=int
    )


class SettingsForm(forms.Form):
    checkin_weekday = forms.TypedChoiceField(
        label=_("Our check-in day"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        help_text=_(
            "Your week ends on this day, in your couple's time zone. You can still "
            "check in on any day of the week."
        ),
    )
    daily_tap = forms.BooleanField(
        label=_("Show me the daily “how close today?” on my Today page"),
        required=False,
        help_text=_("Only you see your daily taps; they add a line to your own chart."),
    )
