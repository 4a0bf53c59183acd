"""The cohort a lead asks about: a range of whole enrolment months and, optionally, one
clinician's members."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from backcare.accounts.models import User
from backcare.domain.outcomes import month_end, month_of
from backcare.outcomes.figures import outcomes_today
from backcare.outcomes.queries import Cohort

#: The default range: the last twelve months that are over.
DEFAULT_MONTHS = 12
MONTH = re.compile(r"\d{4}-\d{2}")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

#: The days a field asks for: a whole month (YYYY-MM) or one day (YYYY-MM-DD).
Asked = tuple[date, date]


class MonthDayInput(forms.DateInput):
    """A date picker (every browser has one); a month given as YYYY-MM shows as its first
    day, or its last for the end of the range."""

    input_type = "date"

    def __init__(self, end: bool = False) -> None:
        super().__init__(format="%Y-%m-%d")
        self.end = end

    def format_value(self, value: Any) -> str | None:
        text = super().format_value(value)
        if not (text and MONTH.fullmatch(text)):
            return text
        first = date.fromisoformat(f"{text}-01")
        return (month_end(first) if self.end else first).isoformat()


class MonthField(forms.Field):
    """A month as YYYY-MM, or a day as YYYY-MM-DD (widened to its month by the form)."""

    default_error_messages = {"invalid": "Enter a month as YYYY-MM (or a date as YYYY-MM-DD)."}

    def to_python(self, value: Any) -> Asked | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            if MONTH.fullmatch(text):
                first = date.fromisoformat(f"{text}-01")
                return first, month_end(first)
            if DAY.fullmatch(text):
                day = date.fromisoformat(text)
                return day, day
        except ValueError:
            pass
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class ClinicianChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"Members linked to {obj.name}"


class CohortForm(forms.Form):
    enrolled_from = MonthField(label="Enrolled from (its month)", widget=MonthDayInput())
    enrolled_to = MonthField(label="to (its month)", widget=MonthDayInput(end=True))
    clinician = ClinicianChoice(
        queryset=User.objects.filter(role=User.Role.CLINICIAN).order_by("display_name", "pk"),
        required=False,
        empty_label="All members",
        label="Cohort",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("enrolled_from"), cleaned.get("enrolled_to")
        if not (start and end):
            return cleaned
        last = last_month_over(self.today)
        if start[0] > end[1]:
            self.add_error("enrolled_to", "The end of the range must be on or after its start.")
        elif month_of(start[0]) > last:
            self.add_error(
                "enrolled_from",
                f"{start[0]:%B %Y} is not over yet: the latest month with figures is {last:%B %Y}.",
            )
        return cleaned

    def asked(self) -> Cohort:
        """The range as asked for, day by day."""
        data = self.cleaned_data
        return Cohort(data["enrolled_from"][0], data["enrolled_to"][1], data["clinician"])

    def cohort(self) -> Cohort:
        """The cohort the figures are for: whole months, up to the last one that is over."""
        return self.asked().whole_months(self.today)

    def notes(self) -> list[str]:
        """How the range answered differs from the one asked for, in words for the lead."""
        asked, cohort = self.asked(), self.cohort()
        notes = []
        start, end = asked.enrolled_from, asked.enrolled_to
        if start != month_of(start) or end != month_end(end):
            notes.append(
                "Figures are for whole calendar months: the range was widened to "
                f"{_day(cohort.enrolled_from)} to {_day(cohort.enrolled_to)}."
            )
        if cohort.enrolled_to < month_end(end):
            notes.append(
                f"The range ends with {cohort.enrolled_to:%B %Y}, the last month that is "
                "over: members still join the current month day by day."
            )
        return notes


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def last_month_over(today: date) -> date:
    """The first day of the last month that is over by ``today``."""
    return add_months(month_of(today), -1)


def cohort_form(params: Any, today: date | None = None) -> CohortForm:
    """A bound form; the range defaults to the last twelve months that are over."""
    today = today or outcomes_today()
    last = last_month_over(today)
    first = add_months(last, 1 - DEFAULT_MONTHS)
    data = {
        "enrolled_from": params.get("enrolled_from") or first.isoformat(),
        "enrolled_to": params.get("enrolled_to") or month_end(last).isoformat(),
        "clinician": params.get("clinician") or "",
    }
    return CohortForm(data, today=today)
