from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tending.listen.models import (
    DEFAULT_PIECE_LIMIT,
    MAX_TOPIC_LENGTH,
    PIECE_LIMITS,
    RATING_MAX,
    RATING_MIN,
    TURN_TIMERS,
    Mode,
    TurnKind,
)

TIMER_CHOICES = [(0, _("No timer"))] + [
    (seconds, _("%(minutes)d min a turn") % {"minutes": seconds // 60})
    for seconds in TURN_TIMERS
    if seconds
]
LIMIT_CHOICES = [(n, _("%(n)d characters") % {"n": n}) for n in PIECE_LIMITS]


class StartForm(forms.Form):
    """Every field has a default: one tap on "Start" is enough."""

    topic = forms.CharField(
        label=_("What would you like to talk about? (optional)"),
        max_length=MAX_TOPIC_LENGTH,
        required=False,
    )
    mode = forms.ChoiceField(
        label=_("How"),
        choices=Mode.choices,
        initial=Mode.TOGETHER,
        required=False,
        widget=forms.RadioSelect,
    )
    speaker = forms.ChoiceField(
        label=_("Who speaks first"),
        choices=[("me", _("Me")), ("partner", _("My partner"))],
        initial="me",
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_mode(self) -> str:
        return self.cleaned_data.get("mode") or Mode.TOGETHER

    def clean_speaker(self) -> str:
        return self.cleaned_data.get("speaker") or "me"

    written = forms.BooleanField(
        label=_("Write the turns down (otherwise you talk, and tap when a turn is done)"),
        required=False,
    )
    piece_limit = forms.TypedChoiceField(
        label=_("Longest piece, when writing"),
        choices=LIMIT_CHOICES,
        coerce=int,
        initial=DEFAULT_PIECE_LIMIT,
        required=False,
        empty_value=DEFAULT_PIECE_LIMIT,  # type: ignore[arg-type]
    )
    turn_seconds = forms.TypedChoiceField(
        label=_("A timer for each turn"),
        choices=TIMER_CHOICES,
        coerce=int,
        initial=0,
        required=False,
        empty_value=0,  # type: ignore[arg-type]
    )


TURN_CHOICES = [
    (kind.value, kind.label)
    for kind in (TurnKind.PIECE, TurnKind.REFLECTION, TurnKind.CONFIRM, TurnKind.CORRECT)
]


class TurnForm(forms.Form):
    kind = forms.ChoiceField(choices=TURN_CHOICES)
    # The length is the session's own limit, checked by services.take_turn with
    # the same message as every text box; a refusal gives the words back.
    text = forms.CharField(required=False, strip=True)


RATING_CHOICES = [(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)]


class RatingForm(forms.Form):
    speaker = forms.UUIDField(required=False, widget=forms.HiddenInput)
    understood = forms.TypedChoiceField(
        label=_("I felt understood"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    validated = forms.TypedChoiceField(
        label=_("My feelings made sense to them"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    cared_for = forms.TypedChoiceField(
        label=_("I felt cared for"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )


class _TextTurn(forms.Form):
    """The text box of one kind of turn; ids differ per kind, the name is always "text"."""

    label: Any = ""
    required_text = True

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: object, limit: int, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", f"{type(self).__name__.lower()}_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field: Any = self.fields["text"]
        field.label = self.label
        field.required = self.required_text
        field.max_length = limit
        field.widget.attrs["maxlength"] = str(limit)


class PieceForm(_TextTurn):
    label = _("What I want you to hear")


class ReflectionForm(_TextTurn):
    label = _("What I heard is…")


class CorrectionForm(_TextTurn):
    label = _("What I meant was… (optional)")
    required_text = False
