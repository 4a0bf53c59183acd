"""Forms for making a share link and for deleting all of one's data."""

from __future__ import annotations

from typing import Any

from django import forms

from backcare.accounts.forms import DeleteAccountForm
from backcare.exchange.sharing import EXPIRY_DAYS


class ShareForm(forms.Form):
    label = forms.CharField(
        label="Who is it for? (optional, only you see this)",
        max_length=80,
        required=False,
        help_text="For example: my doctor, physio.",
    )
    days = forms.TypedChoiceField(
        label="The link stops working after",
        choices=[(d, f"{d} day{'s' if d > 1 else ''}") for d in EXPIRY_DAYS],
        coerce=int,
        initial=7,
    )
    identified = forms.BooleanField(
        label="Show my name on the report (otherwise a code is shown instead)", required=False
    )


class DeleteDataForm(DeleteAccountForm):
    """The same password check as deleting the account; the account itself stays."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = (
            "I understand that all my entries, questionnaires, assessments and plans will be "
            "deleted and cannot be recovered."
        )


class RestoreForm(forms.Form):
    file = forms.FileField(
        label="A backcare export",
        help_text="The JSON file or the CSV zip from 'Download all my data'. It can only be "
        "loaded into an account that holds no data yet.",
        error_messages={
            "required": "Choose a file first: the .json file or the -csv.zip file that "
            "'Download all my data' gave you.",
            "empty": "This file is empty: choose the .json file or the -csv.zip file that "
            "'Download all my data' gave you.",
        },
    )
