from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tending.funlist.models import (
    MAX_DESCRIPTION,
    MAX_DURATION,
    MAX_NOTE,
    MAX_TITLE,
    MIN_DURATION,
    Answer,
    Cost,
    Energy,
    Season,
    Where,
    cost_label,
)
from tending.funlist.picker import WINDOW_CHOICES
from tending.funlist.services import IdeaFields


def cost_choices() -> list[tuple[int, str]]:
    return [(value, cost_label(value)) for value in Cost.values]


def budget_choices() -> list[tuple[str, Any]]:
    symbol = settings.CURRENCY_SYMBOL
    return [
        ("", _("Any budget")),
        ("0", _("Free only")),
        ("1", _("Up to %(cost)s") % {"cost": symbol}),
        ("2", _("Up to %(cost)s") % {"cost": symbol * 2}),
    ]


DURATION_CHOICES = [
    (15, _("15 minutes")),
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1½ hours")),
    (120, _("2 hours")),
    (180, _("3 hours")),
    (240, _("4 hours")),
    (360, _("6 hours")),
    (480, _("a day out")),
    (1440, _("a day and a night")),
    (2880, _("a weekend")),
]


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("The idea"), max_length=MAX_TITLE)
    description = forms.CharField(
        label=_("A few words more (optional)"),
        max_length=MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    link = forms.URLField(
        label=_("A link (optional)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("A page about it: a place, a recipe, tickets."),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("About how long"), choices=DURATION_CHOICES, coerce=int, initial=120
    )
    cost = forms.TypedChoiceField(
        label=_("Cost"), choices=cost_choices, coerce=int, initial=0, widget=forms.RadioSelect
    )
    energy = forms.ChoiceField(
        label=_("Energy"), choices=Energy.choices, initial=Energy.EASY, widget=forms.RadioSelect
    )
    where = forms.ChoiceField(
        label=_("Where"), choices=Where.choices, initial=Where.OUT, widget=forms.RadioSelect
    )
    season = forms.ChoiceField(label=_("Best in"), choices=Season.choices, initial=Season.ANY)
    tags = forms.CharField(
        label=_("Tags (optional)"),
        required=False,
        max_length=300,
        help_text=_("A few words separated by commas, such as “outdoors, food”."),
    )

    def fields_for_service(self) -> IdeaFields:
        data = self.cleaned_data
        return IdeaFields(
            title=data["title"],
            description=data["description"],
            link=data["link"],
            duration_minutes=data["duration_minutes"],
            cost=data["cost"],
            energy=data["energy"],
            where=data["where"],
            season=data["season"],
            tags=data["tags"].split(","),
        )

    @classmethod
    def for_idea(cls, idea: Any) -> IdeaForm:
        choices = dict(DURATION_CHOICES)
        form = cls(
            initial={
                "title": idea.title,
                "description": idea.description,
                "link": idea.link,
                "duration_minutes": idea.duration_minutes,
                "cost": idea.cost,
                "energy": idea.energy,
                "where": idea.where,
                "season": idea.season,
                "tags": ", ".join(t.name for t in idea.tags.all()),
            }
        )
        if idea.duration_minutes not in choices:
            # A duration set through the API keeps its own value here.
            field = form.fields["duration_minutes"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [
                *DURATION_CHOICES,
                (idea.duration_minutes, f"{idea.duration_minutes}′"),
            ]
        return form

    def clean_duration_minutes(self) -> int:
        value = self.cleaned_data["duration_minutes"]
        if not MIN_DURATION <= value <= MAX_DURATION:
            raise forms.ValidationError(_("Pick one of the lengths offered."))
        return value


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Answer.choices)


class PickForm(forms.Form):
    window = forms.ChoiceField(
        label=_("When"),
        choices=[*WINDOW_CHOICES, ("slot", _("A free window"))],
        required=False,
        widget=forms.RadioSelect,
    )
    budget = forms.ChoiceField(label=_("Budget"), choices=budget_choices, required=False)
    energy = forms.ChoiceField(
        label=_("Energy"),
        choices=[("", _("Any energy")), *Energy.choices],
        required=False,
    )
    start = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    end = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class PlanForm(forms.Form):
    idea = forms.UUIDField()
    start = forms.DateTimeField()


class MemoryForm(forms.Form):
    day = forms.DateField(
        label=_("When did you do it?"), widget=forms.DateInput(attrs={"type": "date"})
    )
    rating = forms.TypedChoiceField(
        label=_("How was it? (optional)"),
        choices=[("", "—"), *((n, "★" * n) for n in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = forms.CharField(
        label=_("A few words to remember it by (optional)"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label=_("A photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB. Location and camera details are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class NoteForm(forms.Form):
    rating = MemoryForm.base_fields["rating"]
    text = forms.CharField(
        label=_("Your note"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Add a photo"),
        help_text=MemoryForm.base_fields["photo"].help_text,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
