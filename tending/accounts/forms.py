from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tending.accounts.models import ApiToken, User
from tending.lib.timezones import zone_choices


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=zone_choices, **kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")


class SignupForm(forms.ModelForm[User]):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. A few random words make a good one."),
    )
    time_zone = TimeZoneField(label=_("Your time zone"), initial="UTC")

    class Meta:
        model = User
        fields = ["email", "display_name", "time_zone"]
        labels = {"display_name": _("Your name, as your partner knows you")}
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
        }

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail already exists. Log in, or reset your password."),
                code="duplicate_email",
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            # Compare the password with what the person just typed about themself.
            applicant = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password, applicant)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That e-mail and password do not match an account."),
    }


class ProfileForm(forms.ModelForm[User]):
    time_zone = TimeZoneField(label=_("Your time zone"))

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "gentle_helper"]


class ApiTokenForm(forms.ModelForm[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": _("What is this token for?")}
