"""The cohort a lead asks about: an enrolment date range and, optionally, one clinician."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from backcare.accounts.models import User
from backcare.outcomes.queries import Cohort

#: The default range: members enrolled in the last year.
DEFAULT_DAYS = 365


class ClinicianChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"Members linked to {obj.name}"


class CohortForm(forms.Form):
    enrolled_from = forms.DateField(
        label="Enrolled from",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    enrolled_to = forms.DateField(
        label="to", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    clinician = ClinicianChoice(
        queryset=User.objects.filter(role=User.Role.CLINICIAN).order_by("display_name", "pk"),
        required=False,
        empty_label="All members",
        label="Cohort",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("enrolled_from"), cleaned.get("enrolled_to")
        if start and end and start > end:
            self.add_error("enrolled_to", "The end of the range must be on or after its start.")
        return cleaned

    def cohort(self) -> Cohort:
        data = self.cleaned_data
        return Cohort(data["enrolled_from"], data["enrolled_to"], data["clinician"])


def cohort_form(params: Any) -> CohortForm:
    """A bound form; the range defaults to the last year when the request names none."""
    today: date = timezone.now().date()
    data = {
        "enrolled_from": params.get("enrolled_from") or today - timedelta(days=DEFAULT_DAYS),
        "enrolled_to": params.get("enrolled_to") or today,
        "clinician": params.get("clinician") or "",
    }
    return CohortForm(data)
