from django import forms
from django.utils.translation import gettext_lazy as _

from tending.accounts.forms import TimeZoneField
from tending.couples.models import CODE_LENGTH, Couple, normalise_code


class CoupleForm(forms.ModelForm[Couple]):
    time_zone = TimeZoneField(
        label=_("Our time zone"),
        help_text=_("Your weeks and days follow this zone, wherever each of you is."),
    )

    class Meta:
        model = Couple
        fields = ["name", "time_zone"]
        labels = {"name": _("A name for your space (optional)")}
        widgets = {"name": forms.TextInput(attrs={"placeholder": _("Sam & Alex")})}


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invite code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "placeholder": "ABCD-EFGH",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("An invite code has 8 letters and digits, like ABCD-EFGH.")
            )
        return code
