"""The form behind an e-mailed reset link: a new password, in the sign-up page's words."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import SetPasswordForm

from backcare.accounts.forms import NEW_PASSWORD_HELP, PASSWORD_AGAIN_HELP, check_new_password
from backcare.accounts.models import User


class ResetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's form with the sign-up and password-change pages' help under the fields, and
    the password rules said under the new password with what to try instead (Django lists
    its validators in its own words and puts what they refuse under the confirmation)."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP
        self.fields["new_password2"].help_text = PASSWORD_AGAIN_HELP

    def validate_password_for_user(self, user: Any, password_field_name: str = "") -> None:
        check_new_password(self, user, "new_password1")
