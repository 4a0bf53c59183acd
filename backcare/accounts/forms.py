"""Account forms: each field error says what to fix."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import UserCreationForm

from backcare.accounts.models import TIME_ZONES, User


class SignupForm(UserCreationForm):  # type: ignore[type-arg]
    email = forms.EmailField(label="E-mail address", help_text="Used only to reset your password.")

    class Meta:
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail address already exists; log in or reset your password."
            )
        return email


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    time_zone = forms.ChoiceField(
        choices=[(tz, tz) for tz in TIME_ZONES],
        help_text="Reminders and your diary days follow this time zone.",
    )

    class Meta:
        model = User
        fields = ("display_name", "email", "year_of_birth", "sex", "time_zone", "units")
        labels = {"display_name": "Name to show", "year_of_birth": "Year of birth"}
        help_texts = {"year_of_birth": "Optional. Age changes which warning signs matter."}

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another account uses this e-mail address.")
        return email


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand that all my data will be deleted and cannot be recovered."
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


def validate_new_password(password: str, user: User | None = None) -> None:
    password_validation.validate_password(password, user)
